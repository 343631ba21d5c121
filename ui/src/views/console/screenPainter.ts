import type { FrameMessage } from "./frameWire";

/** Applies parsed screen changes to the canvas. A rectangle outside the canvas
 *  or a browser that refuses one must not throw into React: the next full
 *  update repaints it anyway, so a failure only stops this batch. */
export function paintMessages(canvas: HTMLCanvasElement, messages: readonly FrameMessage[]): boolean {
  const context = canvas.getContext("2d");
  try {
    for (const message of messages) paintOne(canvas, context, message);
    return true;
  } catch {
    return false;
  }
}

function paintOne(canvas: HTMLCanvasElement, context: CanvasRenderingContext2D | null, message: FrameMessage) {
  switch (message.kind) {
    case "resize":
      // Setting the size clears the canvas, as a new desktop size should.
      canvas.width = message.width;
      canvas.height = message.height;
      canvas.dataset.width = String(message.width);
      canvas.dataset.height = String(message.height);
      return;
    case "pixels":
      if (message.width === 0 || message.height === 0) return;
      context?.putImageData(new ImageData(message.rgba, message.width, message.height), message.x, message.y);
      return;
    case "copy": {
      const { x, y, width, height, srcX, srcY } = message;
      if (width === 0 || height === 0) return;
      context?.drawImage(canvas, srcX, srcY, width, height, x, y, width, height);
      return;
    }
  }
}
