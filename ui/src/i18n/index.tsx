import { createContext, useContext, useMemo, type ReactNode } from "react";

import type { ErrorCode, LanguagePref } from "../ipc";
import { en, type MessageKey, type Messages } from "./en";
import { ja } from "./ja";

export type Language = "en" | "ja";
export type { MessageKey };

const catalogs: Record<Language, Messages> = { en, ja };

/** The language to show: the user's choice, else the OS language, else English. */
export function resolveLanguage(pref: LanguagePref | undefined, osLocale: string | null | undefined): Language {
  if (pref === "en" || pref === "ja") return pref;
  const locale = osLocale ?? (typeof navigator === "undefined" ? "en" : navigator.language);
  return locale.toLowerCase().startsWith("ja") ? "ja" : "en";
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const messages = catalogs[language];
  return (key, values) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values?.[name];
      return value === undefined ? whole : String(value);
    });
}

export function errorMessageKey(code: ErrorCode): MessageKey {
  return `error.${code}`;
}

interface I18n {
  language: Language;
  t: Translate;
}

const I18nContext = createContext<I18n>({ language: "en", t: translator("en") });

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  const value = useMemo(() => ({ language, t: translator(language) }), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
