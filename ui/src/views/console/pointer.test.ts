import { describe, expect, it } from "vitest";

import { buttonBit, toFramebuffer } from "./pointer";

describe("the console's pointer", () => {
  it("maps a point on a scaled canvas to framebuffer pixels", () => {
    // A 1024×768 screen shown at half size.
    const box = { left: 100, top: 50, width: 512, height: 384 };
    expect(toFramebuffer(100, 50, box, 1024, 768)).toEqual({ x: 0, y: 0 });
    expect(toFramebuffer(356, 242, box, 1024, 768)).toEqual({ x: 512, y: 384 });
    expect(toFramebuffer(612, 434, box, 1024, 768)).toEqual({ x: 1023, y: 767 });
  });

  it("allows for the bars object-fit: contain leaves, clamping points on them", () => {
    // An 800×600 screen in a 1000×600 box: 100 px bars left and right.
    const box = { left: 0, top: 0, width: 1000, height: 600 };
    expect(toFramebuffer(100, 0, box, 800, 600)).toEqual({ x: 0, y: 0 });
    expect(toFramebuffer(500, 300, box, 800, 600)).toEqual({ x: 400, y: 300 });
    expect(toFramebuffer(20, 300, box, 800, 600)).toEqual({ x: 0, y: 300 });
    expect(toFramebuffer(990, 700, box, 800, 600)).toEqual({ x: 799, y: 599 });
    expect(toFramebuffer(5, 5, box, 0, 0)).toBeNull();
  });

  it("uses RFB's button bits", () => {
    expect([0, 1, 2, 3].map(buttonBit)).toEqual([1, 2, 4, 0]);
  });
});
