import { describe, expect, it } from "vitest";

import { parseBatch } from "./frameWire";

/** A batch as the console crate writes it: kind bytes, little-endian u16s, raw bytes. */
function batch(...parts: ({ kind: number; numbers: number[] } | number[])[]): ArrayBuffer {
  const bytes: number[] = [];
  for (const part of parts) {
    if (Array.isArray(part)) {
      bytes.push(...part);
      continue;
    }
    bytes.push(part.kind);
    for (const n of part.numbers) bytes.push(n & 0xff, n >> 8);
  }
  return Uint8Array.from(bytes).buffer;
}

const resize = (width: number, height: number) => ({ kind: 1, numbers: [width, height] });
const pixels = (x: number, y: number, width: number, height: number) => ({ kind: 2, numbers: [x, y, width, height] });
const copy = (x: number, y: number, width: number, height: number, srcX: number, srcY: number) => ({
  kind: 3,
  numbers: [x, y, width, height, srcX, srcY],
});

describe("the console's frame batches", () => {
  it("read a resize, a rectangle of pixels and a copy back to back", () => {
    const rgba = [1, 2, 3, 255, 4, 5, 6, 255];
    const { messages, malformed } = parseBatch(batch(resize(1024, 768), pixels(300, 2, 2, 1), rgba, copy(10, 20, 30, 40, 50, 600)));
    expect(malformed).toBeNull();
    expect(messages).toHaveLength(3);
    expect(messages[0]).toEqual({ kind: "resize", width: 1024, height: 768 });
    const [, rect, copied] = messages;
    expect(rect).toMatchObject({ kind: "pixels", x: 300, y: 2, width: 2, height: 1 });
    expect(rect?.kind === "pixels" && Array.from(rect.rgba)).toEqual(rgba);
    expect(copied).toEqual({ kind: "copy", x: 10, y: 20, width: 30, height: 40, srcX: 50, srcY: 600 });
  });

  it("read numbers as little-endian u16 up to 65535", () => {
    expect(parseBatch(batch(resize(65535, 256))).messages).toEqual([{ kind: "resize", width: 65535, height: 256 }]);
  });

  it("take the pixels at an odd offset without losing a byte", () => {
    const rgba = [9, 8, 7, 255];
    const { messages } = parseBatch(batch(pixels(0, 0, 1, 1), rgba, pixels(1, 0, 1, 1), [10, 11, 12, 255]));
    expect(messages.map((m) => (m.kind === "pixels" ? Array.from(m.rgba) : null))).toEqual([rgba, [10, 11, 12, 255]]);
  });

  it("accept a Uint8Array view or a plain array of bytes as well", () => {
    const bytes = new Uint8Array(batch(resize(8, 4)));
    const offset = new Uint8Array(bytes.length + 3);
    offset.set(bytes, 3);
    expect(parseBatch(offset.subarray(3)).messages).toEqual([{ kind: "resize", width: 8, height: 4 }]);
    expect(parseBatch(Array.from(bytes)).messages).toEqual([{ kind: "resize", width: 8, height: 4 }]);
  });

  it("stop at a message cut short, keeping the ones before it", () => {
    const cutPixels = parseBatch(batch(resize(8, 4), pixels(0, 0, 2, 2), [1, 2, 3, 255]));
    expect(cutPixels.messages).toEqual([{ kind: "resize", width: 8, height: 4 }]);
    expect(cutPixels.malformed).toBe("message 2 at byte 5 is cut short");

    expect(parseBatch(batch([1, 8, 0, 4])).malformed).toBe("message 1 at byte 0 is cut short");
    expect(parseBatch(batch(resize(8, 4), [3, 1, 0])).malformed).toBe("message 3 at byte 5 is cut short");
  });

  it("stop at a kind it does not know, and refuse what is not binary", () => {
    expect(parseBatch(batch(resize(8, 4), [7, 0, 0])).malformed).toBe("unknown message kind 7 at byte 5");
    expect(parseBatch({ frames: [] })).toEqual({ messages: [], malformed: "the batch is not binary data" });
    expect(parseBatch(new ArrayBuffer(0))).toEqual({ messages: [], malformed: null });
  });
});
