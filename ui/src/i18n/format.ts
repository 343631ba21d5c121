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
  /** How long ago, roughly: "3h ago"; a time in the future (a skewed clock) is "now". */
  ago: (iso: string, now?: number) => string;
}

const ageUnits = [
  [365 * 86_400, "year"],
  [30 * 86_400, "month"],
  [86_400, "day"],
  [3600, "hour"],
  [60, "minute"],
] as const;

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
  const relative = new Intl.RelativeTimeFormat(language, { numeric: "auto", style: "narrow" });
  return {
    ago: (iso, now = Date.now()) => {
      const then = Date.parse(iso);
      if (Number.isNaN(then)) return iso;
      const seconds = Math.max(0, (now - then) / 1000);
      const [size, unit] = ageUnits.find(([size]) => seconds >= size) ?? [1, "second"];
      return relative.format(size === 1 ? 0 : -Math.floor(seconds / size), unit);
    },
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
