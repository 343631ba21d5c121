// An order starts at a local wall-clock time (`YYYY-MM-DDTHH:MM`) in an IANA time
// zone; the calendar works in instants. These turn one into the other without a
// time zone library: Intl knows every zone's rules.

const minute = 60_000;

/** The time zone this computer is set to, as an IANA name such as Asia/Tokyo. */
export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const wallClockPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A wall-clock time as milliseconds on a clock that has no zone (UTC arithmetic),
 *  so days and minutes can be added to it; null when it is not one. */
export function naiveMs(text: string): number | null {
  const m = wallClockPattern.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, min, sec] = m.slice(1).map((p: string | undefined) => Number(p ?? "0")) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || min > 59 || sec > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, min, sec);
  const back = new Date(ms);
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? ms : null;
}

/** Zone-less milliseconds as `YYYY-MM-DDTHH:MM`. */
export function naiveText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

/** `YYYY-MM-DDTHH:MM`, seconds dropped when they are zero (what a time input shows). */
export function minutePrecision(text: string): string {
  const ms = naiveMs(text);
  return ms !== null && ms % minute === 0 ? naiveText(ms) : text;
}

/** What a clock in this zone shows at this instant, as `YYYY-MM-DDTHH:MM`. */
export function wallClockIn(date: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}`;
}

/** How far a wall clock in this zone moved between two instants, in minutes: a
 *  drag across a daylight-saving change still moves "22:00" to "22:00". */
export function wallClockMinutesBetween(from: Date, to: Date, zone: string): number {
  const a = naiveMs(wallClockIn(from, zone));
  const b = naiveMs(wallClockIn(to, zone));
  return a === null || b === null ? Math.round((to.getTime() - from.getTime()) / minute) : Math.round((b - a) / minute);
}

/** A wall-clock time moved by so many minutes; null when it is not one. */
export function shiftWallClock(text: string, minutes: number): string | null {
  const ms = naiveMs(text);
  return ms === null ? null : naiveText(ms + minutes * minute);
}

/** The weekday of a wall-clock date, 0 for Monday. */
export function weekdayIndex(text: string): number | null {
  const ms = naiveMs(text);
  return ms === null ? null : (new Date(ms).getUTCDay() + 6) % 7;
}
