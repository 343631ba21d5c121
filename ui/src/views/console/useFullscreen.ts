import { useCallback, useEffect, useState, type RefObject } from "react";

/** Full screen for one element through the Fullscreen API; the browser leaves
 *  it on Escape, so the state follows the document rather than the button. */
export function useFullscreen(element: RefObject<HTMLElement | null>) {
  const [active, setActive] = useState(false);
  const [unavailable, setUnavailable] = useState(false);
  useEffect(() => {
    const changed = () => {
      setActive(document.fullscreenElement !== null && document.fullscreenElement === element.current);
    };
    document.addEventListener("fullscreenchange", changed);
    return () => {
      document.removeEventListener("fullscreenchange", changed);
    };
  }, [element]);

  const toggle = useCallback(() => {
    const target = element.current;
    if (!target) return;
    // Not every webview implements the API (jsdom does not either).
    const leave = typeof document.exitFullscreen === "function" ? document.exitFullscreen.bind(document) : null;
    const enter = typeof target.requestFullscreen === "function" ? target.requestFullscreen.bind(target) : null;
    const change = document.fullscreenElement ? leave : enter;
    if (!change) {
      setUnavailable(true);
      return;
    }
    change().then(
      () => {
        setUnavailable(false);
      },
      () => {
        setUnavailable(true);
      },
    );
  }, [element]);

  return { active, unavailable, toggle };
}
