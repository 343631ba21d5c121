// The console's binary screen batches, as the console crate's `wire` module
// writes them: messages back to back, a kind byte then little-endian u16 numbers.

const RESIZE = 1;
const PIXELS = 2;
const COPY = 3;

export type FrameMessage =
  | { kind: "resize"; width: number; height: number }
  | { kind: "pixels"; x: number; y: number; width: number; height: number; rgba: Uint8ClampedArray<ArrayBuffer> }
  | { kind: "copy"; x: number; y: number; width: number; height: number; srcX: number; srcY: number };

export interface ParsedBatch {
  messages: FrameMessage[];
  /** Why the batch stopped early; the messages before the fault are still good. */
  malformed: string | null;
}

/** The batch's bytes, whatever shape the channel delivered them in. A view over
 *  a shared or offset buffer is copied, since ImageData wants its own ArrayBuffer. */
export function batchBytes(data: unknown): Uint8Array<ArrayBuffer> | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (data instanceof Uint8Array) return new Uint8Array(data);
  if (Array.isArray(data) && data.every((n) => typeof n === "number")) return Uint8Array.from(data);
  return null;
}

class Reader {
  offset = 0;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array<ArrayBuffer>) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.offset >= this.bytes.byteLength;
  }

  has(count: number): boolean {
    return this.offset + count <= this.bytes.byteLength;
  }

  kind(): number {
    return this.view.getUint8(this.offset++);
  }

  /** `count` numbers, or null when the batch ends before them. */
  numbers(count: number): number[] | null {
    if (!this.has(count * 2)) return null;
    const values = Array.from({ length: count }, (_, i) => this.view.getUint16(this.offset + i * 2, true));
    this.offset += count * 2;
    return values;
  }

  rgba(length: number): Uint8ClampedArray<ArrayBuffer> | null {
    if (!this.has(length)) return null;
    const start = this.bytes.byteOffset + this.offset;
    this.offset += length;
    return new Uint8ClampedArray(this.bytes.buffer, start, length);
  }
}

function readMessage(reader: Reader): FrameMessage | string {
  const at = reader.offset;
  const kind = reader.kind();
  const truncated = `message ${String(kind)} at byte ${String(at)} is cut short`;
  switch (kind) {
    case RESIZE: {
      const numbers = reader.numbers(2);
      if (!numbers) return truncated;
      const [width = 0, height = 0] = numbers;
      return { kind: "resize", width, height };
    }
    case PIXELS: {
      const numbers = reader.numbers(4);
      if (!numbers) return truncated;
      const [x = 0, y = 0, width = 0, height = 0] = numbers;
      const rgba = reader.rgba(width * height * 4);
      return rgba ? { kind: "pixels", x, y, width, height, rgba } : truncated;
    }
    case COPY: {
      const numbers = reader.numbers(6);
      if (!numbers) return truncated;
      const [x = 0, y = 0, width = 0, height = 0, srcX = 0, srcY = 0] = numbers;
      return { kind: "copy", x, y, width, height, srcX, srcY };
    }
    default:
      return `unknown message kind ${String(kind)} at byte ${String(at)}`;
  }
}

/** Every message in one batch, in order, up to the first that does not parse. */
export function parseBatch(data: unknown): ParsedBatch {
  const bytes = batchBytes(data);
  if (!bytes) return { messages: [], malformed: "the batch is not binary data" };
  const reader = new Reader(bytes);
  const messages: FrameMessage[] = [];
  while (!reader.done) {
    const message = readMessage(reader);
    if (typeof message === "string") return { messages, malformed: message };
    messages.push(message);
  }
  return { messages, malformed: null };
}
