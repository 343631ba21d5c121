import { describe, expect, it } from "vitest";

import type { AppError, CalendarEvent, OrderDraft, OrderView } from "./bindings";
import { createOrders, fakeOrderDraft, fakeOrders } from "./fakeOrders";
import { fakeServer } from "./testing";

class Refused extends Error {
  constructor(readonly refusal: AppError) {
    super(refusal.message);
  }
}

function orders(now = "2026-10-01T00:00:00Z") {
  const state = fakeOrders();
  const fake = createOrders({
    state: () => state,
    now: () => now,
    actor: () => ({ name: "alice", role: "customer" }),
    snapshot: () => false,
    audit: () => undefined,
    servers: () => [fakeServer("a", "maintenance_customer"), fakeServer("b", "maintenance_customer")],
    fail: (code, message) => {
      throw new Refused({ code, message });
    },
  });
  const handle = (cmd: string, payload: Record<string, unknown>) => fake.handle(cmd, payload);
  return {
    state,
    save: (draft: OrderDraft) => handle("save_order", { request: { id: null, draft } }) as OrderView,
    calendar: (from: string, to: string) => handle("order_calendar", { range: { from, to } }) as CalendarEvent[],
  };
}

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
  throw new Error("not refused");
}

// As src-tauri/crates/lifecycle/src/schedule.rs and core/src/orders.rs answer.
describe("the fake orders", () => {
  it("keep a weekly order at its local time across a daylight-saving change", () => {
    const { save, calendar } = orders();
    save(fakeOrderDraft("Wednesdays", ["a"], "2026-10-14T22:00", { timeZone: "Europe/Berlin", rrule: "FREQ=WEEKLY;BYDAY=WE" }));
    expect(calendar("2026-10-01T00:00:00Z", "2026-11-05T00:00:00Z").map((e) => e.start)).toEqual([
      "2026-10-14T20:00:00Z",
      "2026-10-21T20:00:00Z",
      "2026-10-28T21:00:00Z",
      "2026-11-04T21:00:00Z",
    ]);
  });

  it("move a start in the spring gap forward, and run a one-off order once", () => {
    const { save, calendar } = orders("2026-03-01T00:00:00Z");
    const order = save(fakeOrderDraft("Gap", ["a"], "2026-03-08T02:30", { timeZone: "America/New_York" }));
    expect(order.nextRun).toBe("2026-03-08T07:00:00Z");
    expect(calendar("2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z").map((e) => [e.start, e.end])).toEqual([
      ["2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z"],
    ]);
  });

  it("flag an overlap in time on a shared server, not a shared server at another time", () => {
    const { save } = orders();
    save(fakeOrderDraft("First", ["a"], "2026-10-02T22:00", { windowMinutes: 120 }));
    save(fakeOrderDraft("Earlier", ["b"], "2026-10-02T21:00"));
    save(fakeOrderDraft("Next week", ["b"], "2026-10-09T23:00"));
    const second = save(fakeOrderDraft("Second", ["b", "a"], "2026-10-02T23:00"));
    expect(second.conflicts).toEqual([{ orderId: "order-1", name: "First", servers: ["id-a"], at: "2026-10-02T23:00:00Z" }]);
  });

  it("refuse drafts as the backend does", () => {
    const { save, state } = orders();
    const draft = fakeOrderDraft("Bad", ["a"], "2026-10-02T22:00");
    expect(refusal(() => save({ ...draft, name: " " }))).toEqual({
      code: "invalid_input",
      message: "an order needs a name of 1 to 120 characters",
    });
    expect(refusal(() => save({ ...draft, tasks: [] })).message).toBe("an order needs at least one task");
    expect(refusal(() => save({ ...draft, tasks: [{ kind: "firmware", imageUrl: "file:///etc/passwd" }] })).message).toBe(
      '"file:///etc/passwd": BMCs fetch firmware over http or https',
    );
    expect(refusal(() => save({ ...draft, windowMinutes: 0 })).message).toBe("the maintenance window lasts 1 minute to 7 days");
    expect(refusal(() => save({ ...draft, windowMinutes: 10_081 })).message).toBe("the maintenance window lasts 1 minute to 7 days");
    expect(refusal(() => save({ ...draft, graceMinutes: 61 })).message).toBe(
      "the grace period cannot be longer than the maintenance window",
    );
    expect(refusal(() => save({ ...draft, parallel: 17 })).message).toBe("servers at once must be 1 to 16");
    expect(refusal(() => save({ ...draft, servers: [] })).message).toBe("an order needs at least one server");
    expect(refusal(() => save({ ...draft, servers: ["zz"] }))).toEqual({ code: "not_found", message: "no server zz" });
    expect(refusal(() => save({ ...draft, timeZone: "Nowhere/City" })).message).toBe(
      '"Nowhere/City" is not a time zone name such as Asia/Tokyo',
    );
    expect(refusal(() => save({ ...draft, start: "tomorrow" })).code).toBe("invalid_input");
    expect(state.orders).toHaveLength(0);
  });
});
