import { useEffect } from "react";

import type { ThemePref } from "../ipc";
import type { Language } from "../i18n";

/** Puts the chosen theme and language on the document root; "system" themes are
 *  left to the CSS prefers-color-scheme query so they follow the OS live. */
export function useDocumentPreferences(theme: ThemePref, language: Language) {
  useEffect(() => {
    const root = document.documentElement;
    if (theme === "system") delete root.dataset.theme;
    else root.dataset.theme = theme;
    root.lang = language;
  }, [theme, language]);
}
