import { useEffect, useRef, type RefObject } from "react";

import type { Input } from "../../ipc";
import { buttonBit, toFramebuffer, wheelDown, wheelUp } from "./pointer";

type Send = (inputs: Input[]) => Promise<void>;

/** The chord that moves focus off the screen: every other key goes to the server,
 *  Tab included, so keyboard users need a way out (WCAG 2.1.2). */
export function isLeaveChord(event: KeyboardEvent): boolean {
  return event.code === "Tab" && event.ctrlKey && event.shiftKey;
}

/** Keyboard and mouse on the canvas, sent to the server at once, each event its
 *  own call, so typing is never held back waiting for an earlier answer. Native
 *  listeners, because the wheel must be non-passive to keep the page still and
 *  a button released outside the canvas must still be let go on the server. */
export function useScreenInput(canvas: RefObject<HTMLCanvasElement | null>, send: Send, onLeave: () => void) {
  const latest = useRef({ send, onLeave });
  useEffect(() => {
    latest.current = { send, onLeave };
  });

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    // Lost input is reported by the session's status (dropped, reconnecting), not per key.
    const fire = (inputs: Input[]) => void latest.current.send(inputs).catch(() => undefined);
    const held = new Map<string, string>();
    let buttons = 0;
    let last = { x: 0, y: 0 };
    let frame = 0;

    const at = (event: MouseEvent) => {
      const point = toFramebuffer(event.clientX, event.clientY, element.getBoundingClientRect(), element.width, element.height);
      if (point) last = point;
      return point;
    };
    const pointer = (extra = 0): Input => ({ kind: "pointer", x: last.x, y: last.y, buttons: buttons | extra });

    const key = (down: boolean) => (event: KeyboardEvent) => {
      event.preventDefault();
      if (down && isLeaveChord(event)) {
        latest.current.onLeave();
        return;
      }
      if (down) held.set(event.code, event.key);
      else held.delete(event.code);
      fire([{ kind: "key", code: event.code, key: event.key, shift: event.shiftKey, down }]);
    };
    // A key or button still down when focus goes would stay down on the server.
    const releaseAll = () => {
      const inputs: Input[] = [...held].map(([code, k]) => ({ kind: "key", code, key: k, shift: false, down: false }));
      held.clear();
      if (buttons !== 0) {
        buttons = 0;
        inputs.push(pointer());
      }
      if (inputs.length > 0) fire(inputs);
    };
    const move = (event: MouseEvent) => {
      if (!at(event) || frame !== 0) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        fire([pointer()]);
      });
    };
    const press = (event: MouseEvent) => {
      event.preventDefault();
      element.focus();
      if (!at(event)) return;
      buttons |= buttonBit(event.button);
      fire([pointer()]);
    };
    const release = (event: MouseEvent) => {
      const bit = buttonBit(event.button);
      if ((buttons & bit) === 0) return;
      at(event);
      buttons &= ~bit;
      fire([pointer()]);
    };
    const wheel = (event: WheelEvent) => {
      event.preventDefault();
      if (event.deltaY === 0 || !at(event)) return;
      fire([pointer(event.deltaY < 0 ? wheelUp : wheelDown), pointer()]);
    };
    const menu = (event: Event) => {
      event.preventDefault();
    };

    const keyDown = key(true);
    const keyUp = key(false);
    element.addEventListener("keydown", keyDown);
    element.addEventListener("keyup", keyUp);
    element.addEventListener("blur", releaseAll);
    element.addEventListener("mousemove", move);
    element.addEventListener("mousedown", press);
    window.addEventListener("mouseup", release);
    element.addEventListener("wheel", wheel, { passive: false });
    element.addEventListener("contextmenu", menu);
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener("keydown", keyDown);
      element.removeEventListener("keyup", keyUp);
      element.removeEventListener("blur", releaseAll);
      element.removeEventListener("mousemove", move);
      element.removeEventListener("mousedown", press);
      window.removeEventListener("mouseup", release);
      element.removeEventListener("wheel", wheel);
      element.removeEventListener("contextmenu", menu);
    };
  }, [canvas]);
}
