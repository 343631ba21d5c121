// The fake backend's scheduled orders: drafts checked as src-tauri/crates/core/src/orders.rs
// checks them, saved, moved, deleted and audited; occurrences of one-off, daily and
// weekly orders kept at their local wall-clock time in the order's time zone (as
// racksmith_lifecycle::schedule does); overlaps on a shared server flagged, not
// refused; and the calendar of occurrences with each run's state.
import type {
  AppError,
  CalendarEvent,
  CalendarRange,
  OrderConflict,
  OrderDraft,
  OrderMove,
  OrderTask,
  OrderView,
  TaskRoute,
  RunView,
  SaveOrder,
  ServerSummary,
} from "./bindings";
import type { NewAudit } from "./fakeAudit";

/** What is stored of an order: the draft with its servers resolved to ids. */
export interface FakeOrder {
  id: string;
  name: string;
  body: Omit<OrderDraft, "name">;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/** The orders the fake keeps and their runs (one per occurrence a runner took or missed). */
export interface FakeOrders {
  orders: FakeOrder[];
  runs: RunView[];
}

export function fakeOrders(orders: FakeOrder[] = [], runs: RunView[] = []): FakeOrders {
  return { orders, runs };
}

export interface OrderContext {
  state: () => FakeOrders;
  now: () => string;
  actor: () => { name: string; role: string };
  snapshot: () => boolean;
  audit: (entry: NewAudit) => void;
  servers: () => ServerSummary[];
  fail: (code: AppError["code"], message: string) => never;
}

const minute = 60_000;
const day = 24 * 60 * minute;
const maxWindowMinutes = 7 * 24 * 60;
const maxParallel = 16;
const overlapHorizonDays = 90;
const maxSteps = 20_000;
const weekdayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

/** UTC in the one shape the store compares as text. */
function utcText(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A local `YYYY-MM-DDTHH:MM[:SS]` as milliseconds on a clock with no zone. */
function naiveMs(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const [year, month, date, hour, min, sec] = m.slice(1).map((p: string | undefined) => Number(p ?? "0")) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, date, hour, min, sec);
  const back = new Date(ms);
  const same =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === date &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === min;
  return same ? ms : null;
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.trim() !== "";
  } catch {
    return false;
  }
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's wall clock is ahead of UTC at this instant. */
function offsetMs(zone: string, at: number): number {
  let clock = clocks.get(zone);
  if (!clock) {
    clock = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    clocks.set(zone, clock);
  }
  const parts = clock.formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? "0");
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return wall - Math.floor(at / 1000) * 1000;
}

/** The earliest instant that shows this wall-clock time in the zone; a time in a
 *  daylight-saving gap moves forward a minute at a time to the first that exists. */
function localInstant(zone: string, naive: number): number {
  for (let probe = naive, i = 0; i < 24 * 60; i++, probe += minute) {
    const offsets = new Set([offsetMs(zone, probe - day), offsetMs(zone, probe + day), offsetMs(zone, probe)]);
    const found = [...offsets].map((o) => probe - o).filter((t) => t + offsetMs(zone, t) === probe);
    if (found.length > 0) return Math.min(...found);
  }
  return naive;
}

interface Rule {
  freq: "DAILY" | "WEEKLY";
  interval: number;
  /** Weekdays, 0 for Monday. */
  byDay: number[] | null;
  count: number | null;
}

function parseRule(text: string, fail: OrderContext["fail"]): Rule {
  if (text.includes("DTSTART") || text.includes("\n")) {
    fail("invalid_input", "give the rule without DTSTART; the start is set apart");
  }
  const refuse = (why: string): never => fail("invalid_input", `"${text}" is not a recurrence rule: ${why}`);
  const rule: Rule = { freq: "DAILY", interval: 1, byDay: null, count: null };
  let freq: string | null = null;
  for (const part of text.split(";")) {
    const [key = "", value = ""] = part.split("=");
    switch (key.toUpperCase()) {
      case "FREQ":
        freq = value.toUpperCase();
        break;
      case "INTERVAL":
      case "COUNT": {
        const n = Number(value);
        if (!/^\d+$/.test(value) || n < 1) refuse(`${key} must be a whole number from 1`);
        if (key.toUpperCase() === "INTERVAL") rule.interval = n;
        else rule.count = n;
        break;
      }
      case "BYDAY":
        rule.byDay = value.split(",").map((code) => {
          const i = weekdayCodes.findIndex((c) => c === code.toUpperCase());
          return i < 0 ? refuse(`${code} is not a weekday`) : i;
        });
        break;
      default:
        refuse(`the fake backend does not know ${key || part}`);
    }
  }
  if (freq !== "DAILY" && freq !== "WEEKLY") return refuse("FREQ must be DAILY or WEEKLY here");
  rule.freq = freq;
  return rule;
}

interface Schedule {
  start: number;
  zone: string;
  rule: Rule | null;
}

function scheduleOf(body: FakeOrder["body"], fail: OrderContext["fail"]): Schedule {
  const start = naiveMs(body.start);
  if (start === null) fail("invalid_input", `"${body.start}" is not a local date and time (YYYY-MM-DDTHH:MM)`);
  if (!validZone(body.timeZone)) fail("invalid_input", `"${body.timeZone}" is not a time zone name such as Asia/Tokyo`);
  const text = body.rrule?.trim().replace(/^RRULE:/, "") ?? "";
  return { start, zone: body.timeZone.trim(), rule: text === "" ? null : parseRule(text, fail) };
}

/** Each occurrence's instant, in order, at most maxSteps of them. */
function* occurrences({ start, zone, rule }: Schedule): Generator<number> {
  if (!rule) {
    yield localInstant(zone, start);
    return;
  }
  const weekday = (naive: number) => (new Date(naive).getUTCDay() + 6) % 7;
  const timeOfDay = start % day;
  let made = 0;
  for (let step = 0; step < maxSteps; step++) {
    let candidates: number[];
    if (rule.freq === "DAILY") {
      const naive = start + step * rule.interval * day;
      candidates = rule.byDay === null || rule.byDay.includes(weekday(naive)) ? [naive] : [];
    } else {
      const monday = start - timeOfDay - weekday(start) * day + step * rule.interval * 7 * day;
      const days = [...(rule.byDay ?? [weekday(start)])].sort((a, b) => a - b);
      candidates = days.map((d) => monday + d * day + timeOfDay).filter((naive) => naive >= start);
    }
    for (const naive of candidates) {
      if (rule.count !== null && made >= rule.count) return;
      made++;
      yield localInstant(zone, naive);
    }
  }
}

function between(schedule: Schedule, from: number, to: number): number[] {
  const found: number[] = [];
  for (const at of occurrences(schedule)) {
    if (at > to) break;
    if (at >= from) found.push(at);
  }
  return found;
}

function nextFrom(schedule: Schedule, from: number): number | null {
  for (const at of occurrences(schedule)) if (at >= from) return at;
  return null;
}

function overlaps(a: number, aMinutes: number, b: number, bMinutes: number): boolean {
  return a < b + Math.max(1, bMinutes) * minute && b < a + Math.max(1, aMinutes) * minute;
}

/** check_tasks: what refuses a list of tasks (an order's, a maintenance job's) before anything starts. */
export function checkTasks(tasks: readonly OrderTask[], fail: OrderContext["fail"]) {
  if (tasks.length === 0) fail("invalid_input", "an order needs at least one task");
  for (const task of tasks) {
    if (task.kind === "firmware") {
      let url: URL;
      try {
        url = new URL(task.imageUrl.trim());
      } catch {
        return fail("invalid_input", `"${task.imageUrl}" is not an image URL: relative URL without a base`);
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        fail("invalid_input", `"${task.imageUrl}": BMCs fetch firmware over http or https`);
      }
    }
    if (task.kind === "firmwareFile" && task.path.trim() === "") {
      fail("invalid_input", `cannot read the image ${task.path}: No such file or directory (os error 2)`);
    }
    if (task.kind === "bios" && Object.keys(task.attributes).length === 0) {
      fail("invalid_input", "a BIOS task needs at least one attribute");
    }
    if (task.kind === "wait" && (task.timeoutMinutes === 0 || task.timeoutMinutes > 24 * 60)) {
      fail("invalid_input", "a wait lasts 1 minute to 24 hours");
    }
  }
}

/** What a task is called in steps and errors, as OrderTask::label says it. */
export function taskLabel(task: OrderTask): string {
  switch (task.kind) {
    case "reboot":
      return "reboot";
    case "powerCycle":
      return "power cycle";
    case "firmware":
      return `firmware from ${task.imageUrl}`;
    case "firmwareFile":
      return `firmware file ${task.path}`;
    case "bios":
      return `${String(Object.keys(task.attributes).length)} BIOS values`;
    case "bmcReset":
      return "BMC reset";
    case "wait":
      return `wait for ${task.condition} (up to ${String(task.timeoutMinutes)} min)`;
  }
}

export function createOrders(ctx: OrderContext) {
  const { fail } = ctx;
  let made = ctx.state().orders.length;

  const find = (id: string) => ctx.state().orders.find((o) => o.id === id) ?? fail("not_found", `no order ${id}`);
  const parseUtc = (text: string) => {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? fail("invalid_input", `"${text}" is not an RFC 3339 time`) : ms;
  };
  const refuseInSnapshot = () => {
    if (ctx.snapshot()) fail("read_only_snapshot", "this is a snapshot opened for review; nothing in it can be changed");
  };

  /** Checks a draft as the backend does, in the same order, and resolves its servers. */
  const bodyOf = (draft: OrderDraft): FakeOrder["body"] => {
    if (draft.name.trim() === "" || draft.name.length > 120) {
      fail("invalid_input", "an order needs a name of 1 to 120 characters");
    }
    checkTasks(draft.tasks, fail);
    if (draft.windowMinutes === 0 || draft.windowMinutes > maxWindowMinutes) {
      fail("invalid_input", "the maintenance window lasts 1 minute to 7 days");
    }
    if (draft.graceMinutes > draft.windowMinutes) {
      fail("invalid_input", "the grace period cannot be longer than the maintenance window");
    }
    if (draft.parallel === 0 || draft.parallel > maxParallel) {
      fail("invalid_input", `servers at once must be 1 to ${String(maxParallel)}`);
    }
    if (draft.servers.length === 0) fail("invalid_input", "an order needs at least one server");
    const servers: string[] = [];
    for (const key of draft.servers) {
      const server = ctx.servers().find((s) => s.id === key || s.name === key) ?? fail("not_found", `no server ${key}`);
      if (!servers.includes(server.id)) servers.push(server.id);
    }
    const body = {
      servers,
      tasks: draft.tasks,
      start: draft.start.trim(),
      timeZone: draft.timeZone.trim(),
      rrule: draft.rrule?.trim() ? draft.rrule : null,
      windowMinutes: draft.windowMinutes,
      graceMinutes: draft.graceMinutes,
      allowStageMove: draft.allowStageMove,
      parallel: draft.parallel,
      handToBmc: draft.handToBmc,
    };
    scheduleOf(body, fail);
    return body;
  };

  const conflictsOf = (order: FakeOrder, now: number): OrderConflict[] => {
    const schedule = scheduleOf(order.body, fail);
    const horizon = now + overlapHorizonDays * day;
    const mine = between(schedule, now - day, horizon);
    const found: OrderConflict[] = [];
    for (const other of ctx.state().orders) {
      if (other.id === order.id) continue;
      const shared = order.body.servers.filter((s) => other.body.servers.includes(s));
      if (shared.length === 0) continue;
      const theirs = between(scheduleOf(other.body, fail), now - day, horizon);
      const clash = mine.find((a) =>
        theirs.some((b) => overlaps(a, order.body.windowMinutes, b, other.body.windowMinutes)),
      );
      if (clash !== undefined) found.push({ orderId: other.id, name: other.name, servers: shared, at: utcText(clash) });
    }
    return found;
  };

  // As the backend decides at save time: firmware goes to the BMC of a server
  // whose stage allows updating it now, and is run by Racksmith elsewhere.
  const routesOf = (order: FakeOrder, next: number | null): TaskRoute[] => {
    if (!order.body.handToBmc || next === null) return [];
    const occurrence = utcText(next);
    return order.body.servers.flatMap((serverId) => {
      const server = ctx.servers().find((s) => s.id === serverId);
      const staged = server?.stage === "maintenance_customer" || server?.stage === "building";
      return order.body.tasks.flatMap((task, taskIndex): TaskRoute[] =>
        task.kind === "firmware" || task.kind === "firmwareFile"
          ? [
              {
                occurrence,
                serverId,
                serverName: server?.name ?? serverId,
                taskIndex,
                via: staged ? "bmc" : "racksmith",
                detail: staged ? `staged on the BMC to apply at ${occurrence}` : "not handed to the BMC: the stage forbids it now",
              },
            ]
          : [],
      );
    });
  };

  const viewOf = (order: FakeOrder, withRuns: boolean): OrderView => {
    const now = Date.parse(ctx.now());
    const next = nextFrom(scheduleOf(order.body, fail), now);
    return {
      id: order.id,
      name: order.name,
      servers: order.body.servers.map((id) => ({
        id,
        name: ctx.servers().find((s) => s.id === id)?.name ?? `${id} (removed)`,
      })),
      tasks: order.body.tasks,
      start: order.body.start,
      timeZone: order.body.timeZone,
      rrule: order.body.rrule,
      windowMinutes: order.body.windowMinutes,
      graceMinutes: order.body.graceMinutes,
      allowStageMove: order.body.allowStageMove,
      parallel: order.body.parallel,
      handToBmc: order.body.handToBmc,
      createdAt: order.createdAt,
      createdBy: order.createdBy,
      updatedAt: order.updatedAt,
      nextRun: next === null ? null : utcText(next),
      conflicts: conflictsOf(order, now),
      routes: routesOf(order, next),
      runs: withRuns
        ? ctx
            .state()
            .runs.filter((r) => r.orderId === order.id)
            .sort((a, b) => a.occurrence.localeCompare(b.occurrence))
            .map((r) => ({ ...r }))
        : [],
    };
  };

  const save = ({ id, draft }: SaveOrder): OrderView => {
    refuseInSnapshot();
    const body = bodyOf(draft);
    const now = ctx.now();
    const existing = id === null ? null : find(id);
    const actor = ctx.actor();
    const order: FakeOrder = {
      id: existing?.id ?? `order-${String(++made)}`,
      name: draft.name.trim(),
      body,
      createdAt: existing?.createdAt ?? now,
      createdBy: existing?.createdBy ?? actor.name,
      updatedAt: now,
    };
    const orders = ctx.state().orders;
    if (existing) orders.splice(orders.indexOf(existing), 1, order);
    else orders.push(order);
    ctx.audit({
      actor: actor.name,
      role: actor.role,
      action: existing ? "order_update" : "order_add",
      target: null,
      params: {
        orderId: order.id,
        name: order.name,
        servers: body.servers,
        start: body.start,
        timeZone: body.timeZone,
        rrule: body.rrule,
        tasks: body.tasks.map(taskLabel),
      },
      outcome: "ok",
      detail: null,
    });
    return viewOf(order, true);
  };

  const move = (request: OrderMove): OrderView => {
    const current = find(request.orderId);
    return save({
      id: current.id,
      draft: { ...current.body, name: current.name, start: request.start, timeZone: request.timeZone },
    });
  };

  const remove = (id: string): null => {
    refuseInSnapshot();
    const state = ctx.state();
    if (state.runs.some((r) => r.orderId === id && r.state === "running")) {
      fail("conflict", `order ${id} is running; it can be deleted when the run ends`);
    }
    const order = find(id);
    state.orders.splice(state.orders.indexOf(order), 1);
    state.runs = state.runs.filter((r) => r.orderId !== id);
    const actor = ctx.actor();
    ctx.audit({
      actor: actor.name,
      role: actor.role,
      action: "order_delete",
      target: null,
      params: { orderId: id },
      outcome: "ok",
      detail: null,
    });
    return null;
  };

  const calendar = (range: CalendarRange): CalendarEvent[] => {
    const from = parseUtc(range.from);
    const to = parseUtc(range.to);
    if (to < from || to - from > 400 * day) fail("invalid_input", "a calendar range is 0 to 400 days long");
    const events: CalendarEvent[] = [];
    for (const order of ctx.state().orders) {
      const window = order.body.windowMinutes * minute;
      const event = (at: number, run: RunView | null): CalendarEvent => ({
        orderId: order.id,
        name: order.name,
        start: utcText(at),
        end: utcText(at + window),
        state: run?.state ?? "planned",
        jobId: run?.jobId ?? null,
        serverCount: order.body.servers.length,
        recurring: order.body.rrule !== null,
      });
      const seen = new Set<string>();
      // Runs keep their own time even if the order was moved since.
      for (const run of ctx.state().runs.filter((r) => r.orderId === order.id)) {
        const at = Date.parse(run.occurrence);
        if (at + window >= from && at <= to) {
          seen.add(utcText(at));
          events.push(event(at, run));
        }
      }
      for (const at of between(scheduleOf(order.body, fail), from - window, to)) {
        if (!seen.has(utcText(at))) events.push(event(at, null));
      }
    }
    return events.sort((a, b) => a.start.localeCompare(b.start));
  };

  return {
    handle(cmd: string, payload: Record<string, unknown>): unknown {
      switch (cmd) {
        case "orders":
          return ctx.state().orders.map((o) => viewOf(o, false));
        case "order":
          return viewOf(find(payload.orderId as string), true);
        case "save_order":
          return save(payload.request as SaveOrder);
        case "move_order":
          return move(payload.request as OrderMove);
        case "delete_order":
          return remove(payload.orderId as string);
        case "order_calendar":
          return calendar(payload.range as CalendarRange);
        default:
          return fail("internal", `the fake's orders do not answer ${cmd}`);
      }
    },
  };
}

/** A draft to seed the fake with, through save_order as the UI would: one reboot on
 *  the servers named, once, at a local start in UTC unless told otherwise. */
export function fakeOrderDraft(name: string, servers: string[], start: string, draft: Partial<OrderDraft> = {}): OrderDraft {
  return {
    name,
    servers,
    tasks: [{ kind: "reboot" }],
    start,
    timeZone: "UTC",
    rrule: null,
    windowMinutes: 60,
    graceMinutes: 15,
    allowStageMove: false,
    parallel: 8,
    handToBmc: false,
    ...draft,
  };
}
