// The order dialog's form: every field as typed, turned into the OrderDraft the
// backend checks (and back, to edit a saved order). Only what cannot be sent at
// all (a number that is not one, a BIOS line without "=") is refused here; the
// rest is the backend's to check, in its own words.
import type { OrderDraft, OrderTask, OrderView, WaitCondition } from "../../ipc";
import type { Translate } from "../../i18n";
import { biosValueText, parseBiosValue } from "../profiles/profileForm";
import { minutePrecision, naiveMs, wallClockIn, weekdayIndex } from "./wallClock";

export type TaskKind = OrderTask["kind"];
// A record, so the compiler notices a task kind added to the bindings and not here;
// the offer's order is the record's.
const offered: Record<TaskKind, true> = {
  reboot: true,
  powerCycle: true,
  firmware: true,
  firmwareFile: true,
  bios: true,
  bmcReset: true,
  wait: true,
};
export const taskKinds = Object.keys(offered) as TaskKind[];
export const waitConditions: readonly WaitCondition[] = ["power_on", "power_off", "bmc_ready"];

export const repeatChoices = ["none", "daily", "weekly", "custom"] as const;
export type RepeatChoice = (typeof repeatChoices)[number];
/** iCalendar's weekday codes, Monday first. */
export const weekdays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type Weekday = (typeof weekdays)[number];

/** The servers an order may work on at once unless told otherwise (the backend's default). */
export const defaultParallel = 8;
/** The longest maintenance window the backend takes: a week. */
export const maxWindowMinutes = 7 * 24 * 60;

export interface TaskRow {
  /** Stable across edits and moves, for React's keys. */
  id: number;
  kind: TaskKind;
  imageUrl: string;
  /** A firmware image on the computer that runs the order. */
  path: string;
  /** NAME=VALUE, one a line. */
  bios: string;
  condition: WaitCondition;
  timeout: string;
}

export interface OrderForm {
  name: string;
  /** Local wall-clock `YYYY-MM-DDTHH:MM` in timeZone. */
  start: string;
  timeZone: string;
  repeat: RepeatChoice;
  days: Weekday[];
  rrule: string;
  window: string;
  grace: string;
  parallel: string;
  allowStageMove: boolean;
  /** Stage firmware on BMCs that can apply it in the window on their own. */
  handToBmc: boolean;
  /** Server ids, in the order they were chosen. */
  servers: string[];
  tasks: TaskRow[];
}

let nextRow = 0;
export function taskRow(kind: TaskKind = "reboot"): TaskRow {
  return { id: ++nextRow, kind, imageUrl: "", path: "", bios: "", condition: "power_on", timeout: "30" };
}

/** Where a new order starts: a slot chosen on the calendar, or the next full hour. */
export interface Slot {
  start: string;
  windowMinutes: number;
}

export function weekdayOf(start: string): Weekday {
  return weekdays[weekdayIndex(start) ?? 0] ?? "MO";
}

/** A new order at a slot: one reboot, nothing repeated, nothing moved between stages. */
export function newOrderForm(slot: Slot, timeZone: string): OrderForm {
  const window = Math.min(Math.max(1, slot.windowMinutes), maxWindowMinutes);
  return {
    name: "",
    start: slot.start,
    timeZone,
    repeat: "none",
    days: [weekdayOf(slot.start)],
    rrule: "",
    window: String(window),
    grace: String(Math.min(15, window)),
    parallel: String(defaultParallel),
    allowStageMove: false,
    handToBmc: false,
    servers: [],
    tasks: [taskRow()],
  };
}

function rowOf(task: OrderTask): TaskRow {
  const row = taskRow(task.kind);
  switch (task.kind) {
    case "firmware":
      return { ...row, imageUrl: task.imageUrl };
    case "firmwareFile":
      return { ...row, path: task.path };
    case "bios":
      return {
        ...row,
        bios: Object.entries(task.attributes)
          .map(([name, value]) => `${name}=${biosValueText(value)}`)
          .join("\n"),
      };
    case "wait":
      return { ...row, condition: task.condition, timeout: String(task.timeoutMinutes) };
    default:
      return row;
  }
}

/** How a saved rule shows in the form: the simple ones as choices, the rest as text. */
export function repeatOf(rrule: string | null, start: string): Pick<OrderForm, "repeat" | "days" | "rrule"> {
  const text = rrule?.trim() ?? "";
  const startDay = weekdayOf(start);
  if (text === "") return { repeat: "none", days: [startDay], rrule: "" };
  const rule = text.replace(/^RRULE:/i, "").toUpperCase();
  if (rule === "FREQ=DAILY") return { repeat: "daily", days: [startDay], rrule: "" };
  const weekly = /^FREQ=WEEKLY(?:;BYDAY=((?:MO|TU|WE|TH|FR|SA|SU)(?:,(?:MO|TU|WE|TH|FR|SA|SU))*))?$/.exec(rule);
  if (weekly) {
    const named = weekly[1]?.split(",") ?? [startDay];
    return { repeat: "weekly", days: weekdays.filter((d) => named.includes(d)), rrule: "" };
  }
  return { repeat: "custom", days: [startDay], rrule: text };
}

export function formOfOrder(order: OrderView): OrderForm {
  const start = minutePrecision(order.start);
  return {
    name: order.name,
    start,
    timeZone: order.timeZone,
    ...repeatOf(order.rrule, start),
    window: String(order.windowMinutes),
    grace: String(order.graceMinutes),
    parallel: String(order.parallel),
    allowStageMove: order.allowStageMove,
    handToBmc: order.handToBmc,
    servers: order.servers.map((s) => s.id),
    tasks: order.tasks.map(rowOf),
  };
}

/** The rule the repeat choice stands for; null for none. */
export function rruleOf(form: Pick<OrderForm, "repeat" | "days" | "rrule">): string | null {
  switch (form.repeat) {
    case "none":
      return null;
    case "daily":
      return "FREQ=DAILY";
    case "weekly":
      return `FREQ=WEEKLY;BYDAY=${weekdays.filter((d) => form.days.includes(d)).join(",")}`;
    case "custom":
      return form.rrule.trim();
  }
}

function wholeNumber(text: string): number | null {
  const value = text.trim();
  return /^\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : null;
}

/** The draft to send, or what must be fixed before it can be. */
export function draftOf(form: OrderForm, t: Translate): { draft: OrderDraft | null; problems: string[] } {
  const problems: string[] = [];
  const number = (text: string, field: string) => {
    const value = wholeNumber(text);
    if (value === null) problems.push(t("order.problem.whole", { field }));
    return value ?? 0;
  };
  if (naiveMs(form.start) === null) problems.push(t("order.problem.start"));
  if (form.repeat === "weekly" && form.days.length === 0) problems.push(t("order.problem.days"));
  if (form.repeat === "custom" && form.rrule.trim() === "") problems.push(t("order.problem.rule"));
  const windowMinutes = number(form.window, t("order.window"));
  const graceMinutes = number(form.grace, t("order.grace"));
  const parallel = number(form.parallel, t("order.parallel"));
  const tasks = form.tasks.map((row, i) => taskOf(row, i + 1, t, problems));
  if (problems.length > 0) return { draft: null, problems };
  return {
    draft: {
      name: form.name,
      servers: [...form.servers],
      tasks,
      start: form.start.trim(),
      timeZone: form.timeZone.trim(),
      rrule: rruleOf(form),
      windowMinutes,
      graceMinutes,
      allowStageMove: form.allowStageMove,
      parallel,
      handToBmc: form.handToBmc,
    },
    problems,
  };
}

function taskOf(row: TaskRow, n: number, t: Translate, problems: string[]): OrderTask {
  switch (row.kind) {
    case "firmware":
      return { kind: "firmware", imageUrl: row.imageUrl.trim() };
    case "firmwareFile":
      return { kind: "firmwareFile", path: row.path.trim() };
    case "bios": {
      const attributes: Record<string, unknown> = {};
      for (const line of row.bios.split("\n").map((l) => l.trim())) {
        if (line === "") continue;
        const eq = line.indexOf("=");
        const name = eq < 0 ? "" : line.slice(0, eq).trim();
        if (name === "") {
          problems.push(t("order.problem.biosLine", { n, line }));
          continue;
        }
        if (Object.hasOwn(attributes, name)) problems.push(t("order.problem.biosTwice", { n, name }));
        attributes[name] = parseBiosValue(line.slice(eq + 1));
      }
      return { kind: "bios", attributes };
    }
    case "wait": {
      const timeout = wholeNumber(row.timeout);
      if (timeout === null) problems.push(t("order.problem.timeout", { n }));
      return { kind: "wait", condition: row.condition, timeoutMinutes: timeout ?? 0 };
    }
    case "reboot":
    case "powerCycle":
    case "bmcReset":
      return { kind: row.kind };
  }
}

const minute = 60_000;

/** A slot chosen on the calendar as where a new order starts, in the zone given:
 *  its start on that zone's clock and its length as the window (at most a week). */
export function slotOf(start: Date, end: Date, zone: string): Slot {
  const minutes = Math.round((end.getTime() - start.getTime()) / minute);
  return { start: wallClockIn(start, zone), windowMinutes: Math.min(Math.max(1, minutes), maxWindowMinutes) };
}

/** The slot a new order gets when none was chosen: the next full hour, for an hour. */
export function nextHourSlot(now: Date, zone: string): Slot {
  const hour = 60 * minute;
  const next = new Date(Math.floor(now.getTime() / hour) * hour + hour);
  return { start: wallClockIn(next, zone), windowMinutes: 60 };
}
