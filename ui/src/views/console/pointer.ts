// The mouse on the scaled canvas, in the server's terms: framebuffer pixels and
// the RFB button mask.

/** RFB's mask bits by DOM MouseEvent.button (0 left, 1 middle, 2 right). */
const buttonBits: Readonly<Record<number, number>> = { 0: 1, 1: 2, 2: 4 };
export const wheelUp = 8;
export const wheelDown = 16;

export function buttonBit(domButton: number): number {
  return buttonBits[domButton] ?? 0;
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where a point on the canvas element falls on the framebuffer. The canvas is
 *  drawn with object-fit: contain, so the picture is centred in the element's
 *  box with bars on two sides; a point on a bar is clamped to the nearest edge. */
export function toFramebuffer(
  clientX: number,
  clientY: number,
  box: Box,
  width: number,
  height: number,
): { x: number; y: number } | null {
  if (width <= 0 || height <= 0 || box.width <= 0 || box.height <= 0) return null;
  const scale = Math.min(box.width / width, box.height / height);
  const left = box.left + (box.width - width * scale) / 2;
  const top = box.top + (box.height - height * scale) / 2;
  const clamp = (value: number, size: number) => Math.min(size - 1, Math.max(0, Math.floor(value)));
  return { x: clamp((clientX - left) / scale, width), y: clamp((clientY - top) / scale, height) };
}
