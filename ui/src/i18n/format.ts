import { useMemo } from "react";

import { useI18n, type Language } from "./index";

// Drive makers state capacity in powers of ten, so the UI does too.
const byteUnits = [
  [1e15, "petabyte"],
  [1e12, "terabyte"],
  [1e9, "gigabyte"],
  [1e6, "megabyte"],
  [1e3, "kilobyte"],
] as const;

export interface Format {
  dateTime: (iso: string) => string;
  /** For table cells, where every character counts. */
  shortDateTime: (iso: string) => string;
  bytes: (bytes: number) => string;
  /** A link speed given in Mbit/s. */
  speed: (mbps: number) => string;
  number: (value: number) => string;
}

export function formatFor(language: Language): Format {
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });
  // A 24-hour clock: shorter, and what a data centre's logs use anyway.
  const shortDateTime = new Intl.DateTimeFormat(language, { dateStyle: "short", timeStyle: "short", hourCycle: "h23" });
  const when = (format: Intl.DateTimeFormat) => (iso: string) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : format.format(date);
  };
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const unit = (name: string, value: number) =>
    new Intl.NumberFormat(language, { style: "unit", unit: name, maximumFractionDigits: 2 }).format(value);
  return {
    dateTime: when(dateTime),
    shortDateTime: when(shortDateTime),
    bytes: (bytes) => {
      const [size, name] = byteUnits.find(([size]) => bytes >= size) ?? [1, "byte"];
      return unit(name, bytes / size);
    },
    speed: (mbps) => (mbps >= 1000 ? unit("gigabit-per-second", mbps / 1000) : unit("megabit-per-second", mbps)),
    number: (value) => number.format(value),
  };
}

export function useFormat(): Format {
  const { language } = useI18n();
  return useMemo(() => formatFor(language), [language]);
}
