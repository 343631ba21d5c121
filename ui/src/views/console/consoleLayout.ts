import { useState } from "react";

import type { Layout } from "../../ipc";
import type { Language } from "../../i18n";

export const layouts: readonly Layout[] = ["us", "jis"];

const storageKey = "racksmith.console.layout";

function storedLayout(): Layout | null {
  try {
    const value = window.localStorage.getItem(storageKey);
    return layouts.find((l) => l === value) ?? null;
  } catch {
    // Storage may be off (private mode, a locked-down profile); the default is fine.
    return null;
  }
}

/** The keyboard layout the server is typed on: the user's last choice, else the
 *  one a user of this language most likely has (worked out at each render, since
 *  the language is only known once the settings have loaded). */
export function useConsoleLayout(language: Language): [Layout, (layout: Layout) => void] {
  const [chosen, setChosen] = useState<Layout | null>(storedLayout);
  const choose = (next: Layout) => {
    setChosen(next);
    try {
      window.localStorage.setItem(storageKey, next);
    } catch {
      // Not remembered, but still used for this session.
    }
  };
  return [chosen ?? (language === "ja" ? "jis" : "us"), choose];
}
