// An order in words: its tasks, when it runs, and the servers it clashes on.
import type { OrderConflict, OrderServer, OrderTask, OrderView } from "../../ipc";
import type { Language, Translate } from "../../i18n";
import type { Format } from "../../i18n/format";
import { biosValueText } from "../profiles/profileForm";
import { repeatOf, weekdays, type Weekday } from "./orderForm";
import { naiveMs } from "./wallClock";

export function taskText(task: OrderTask, t: Translate): string {
  switch (task.kind) {
    case "firmware":
      return t("order.taskText.firmware", { url: task.imageUrl });
    case "firmwareFile":
      return t("order.taskText.firmwareFile", { path: task.path });
    case "bios":
      return t("order.taskText.bios", {
        values: Object.entries(task.attributes)
          .map(([name, value]) => `${name}=${biosValueText(value)}`)
          .join(", "),
      });
    case "wait":
      return t("order.taskText.wait", {
        condition: t(`order.wait.${task.condition}`),
        minutes: task.timeoutMinutes,
      });
    default:
      return t(`order.task.${task.kind}`);
  }
}

/** A weekday's name in the language shown (2024-01-01 was a Monday). */
export function weekdayName(day: Weekday, language: Language, width: "long" | "short" = "long"): string {
  const index = weekdays.indexOf(day);
  return new Intl.DateTimeFormat(language, { weekday: width, timeZone: "UTC" }).format(Date.UTC(2024, 0, 1 + index));
}

/** A wall-clock time as written, in the language shown: no zone is applied to it. */
export function wallClockText(text: string, language: Language, part: "dateTime" | "date" | "time" = "dateTime"): string {
  const ms = naiveMs(text);
  if (ms === null) return text;
  const options: Intl.DateTimeFormatOptions =
    part === "date"
      ? { dateStyle: "medium" }
      : part === "time"
        ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
        : { dateStyle: "medium", timeStyle: "short", hourCycle: "h23" };
  return new Intl.DateTimeFormat(language, { ...options, timeZone: "UTC" }).format(ms);
}

/** "Every week on Wednesday at 22:00, from 25 Nov 2026 (Asia/Tokyo)" and the like. */
export function scheduleText(order: Pick<OrderView, "start" | "rrule" | "timeZone">, t: Translate, language: Language): string {
  const repeat = repeatOf(order.rrule, order.start);
  const values = {
    start: wallClockText(order.start, language),
    date: wallClockText(order.start, language, "date"),
    time: wallClockText(order.start, language, "time"),
    zone: order.timeZone,
  };
  switch (repeat.repeat) {
    case "none":
      return t("order.schedule.once", values);
    case "daily":
      return t("order.schedule.daily", values);
    case "weekly":
      return t("order.schedule.weekly", {
        ...values,
        days: repeat.days.map((d) => weekdayName(d, language)).join(t("order.listSeparator")),
      });
    case "custom":
      return t("order.schedule.custom", { ...values, rule: repeat.rrule });
  }
}

export function minutesText(minutes: number, t: Translate, format: Format): string {
  return t("order.minutes", { count: format.number(minutes) });
}

/** A clash as a sentence, its servers named as the order names them. */
export function conflictText(conflict: OrderConflict, servers: readonly OrderServer[], t: Translate, format: Format): string {
  const names = conflict.servers.map((id) => servers.find((s) => s.id === id)?.name ?? id);
  return t("order.conflict", {
    name: conflict.name,
    servers: names.join(t("order.listSeparator")),
    at: format.dateTime(conflict.at),
  });
}
