// Choosing a slot and dragging an occurrence are pointer gestures FullCalendar works
// out from the layout, which jsdom does not have. Here FullCalendar is stood in for
// by a component that keeps the options the page gives it, so the test can call the
// page's own select and drop handlers as FullCalendar would; everything after that
// (the dialog, the backend, the list) is the real thing.
import type { CalendarOptions, DateSelectArg, DatesSetArg, EventDropArg, EventInput } from "@fullcalendar/core";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { commands } from "../../ipc";
import { fakeOrderDraft } from "../../ipc/fakeOrders";
import { fakeServer, installFakeBackend } from "../../ipc/testing";
import { renderApp } from "../../test/render";
import { userTimeZone, wallClockIn } from "./wallClock";

const shown = vi.hoisted(() => ({ options: null as CalendarOptions | null }));

vi.mock("@fullcalendar/react", async () => {
  const { useEffect, useRef } = await import("react");
  function StandInCalendar(options: CalendarOptions) {
    shown.options = options;
    const told = useRef(false);
    // As FullCalendar does when it first shows a range: a week or so each side of now.
    useEffect(() => {
      if (told.current) return;
      told.current = true;
      const start = new Date(Date.now() - 7 * 86_400_000);
      const end = new Date(Date.now() + 21 * 86_400_000);
      options.datesSet?.({ start, end } as DatesSetArg);
    });
    const events = (options.events ?? []) as EventInput[];
    return (
      <ul aria-label="Occurrences">
        {events.map((e) => (
          <li key={e.id}>{e.title}</li>
        ))}
      </ul>
    );
  }
  return { default: StandInCalendar };
});

const zone = userTimeZone();
const hour = 3_600_000;

/** So many days from today, at this time on this computer's clock. */
function local(days: number, time: string): string {
  return `${wallClockIn(new Date(Date.now() + days * 86_400_000), zone).slice(0, 10)}T${time}`;
}

function options(): CalendarOptions {
  if (!shown.options) throw new Error("the calendar was not shown");
  return shown.options;
}

/** The first occurrence FullCalendar was given with this title. */
async function occurrence(title: string): Promise<EventInput> {
  await screen.findAllByText(title);
  const found = ((options().events ?? []) as EventInput[]).find((e) => e.title === title);
  if (!found) throw new Error(`no occurrence ${title}`);
  return found;
}

/** Drops an occurrence at a new start, as FullCalendar reports a drag. */
function drop(event: EventInput, to: Date) {
  const revert = vi.fn();
  const from = new Date(event.start as string);
  act(() => {
    options().eventDrop?.({ event: { id: event.id, start: to }, oldEvent: { start: from }, revert } as unknown as EventDropArg);
  });
  return revert;
}

describe("the calendar's gestures", () => {
  it("opens the new order dialog at a slot chosen on the calendar, with its start and length", async () => {
    window.location.hash = "#/calendar";
    installFakeBackend({ servers: [fakeServer("a", "maintenance_customer")] });
    renderApp();
    await screen.findByRole("list", { name: "Occurrences" });
    const start = new Date(local(2, "21:30"));
    const unselect = vi.fn();
    act(() => {
      options().select?.({
        start,
        end: new Date(start.getTime() + 1.5 * hour),
        allDay: false,
        view: { calendar: { unselect } },
      } as unknown as DateSelectArg);
    });
    const dialog = await screen.findByRole("dialog", { name: "New order" });
    expect(unselect).toHaveBeenCalled();
    expect(within(dialog).getByLabelText("Start")).toHaveValue(local(2, "21:30"));
    expect(within(dialog).getByRole("spinbutton", { name: "Maintenance window (minutes)" })).toHaveValue(90);
    expect(within(dialog).getByRole("spinbutton", { name: "Grace period (minutes)" })).toHaveValue(15);
  });

  it("moves a one-off order dragged to another time, and puts it back when the move is refused", async () => {
    window.location.hash = "#/calendar";
    const backend = installFakeBackend({ servers: [fakeServer("a", "maintenance_customer")] });
    const order = await commands.saveOrder({
      id: null,
      draft: fakeOrderDraft("Reboot a", ["a"], local(1, "09:00"), { timeZone: zone }),
    });
    renderApp();
    const list = await screen.findByRole("table", { name: "Upcoming orders" });
    const before = within(list).getByRole("row", { name: /Reboot a/ }).textContent;

    const to = new Date(local(2, "14:30"));
    const revert = drop(await occurrence("Reboot a (Planned)"), to);
    expect(await screen.findByText(/^Order Reboot a moved: it now starts /)).toBeInTheDocument();
    expect(revert).not.toHaveBeenCalled();
    expect(backend.calls.find((c) => c.cmd === "move_order")?.args).toEqual({
      request: { orderId: order.id, start: local(2, "14:30"), timeZone: zone },
    });
    expect(backend.orders.orders[0]?.body.start).toBe(local(2, "14:30"));
    await waitFor(() => {
      expect(within(list).getByRole("row", { name: /Reboot a/ }).textContent).not.toBe(before);
    });
    expect(within(list).getByRole("row", { name: /Reboot a/ })).toHaveTextContent(
      new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" }).format(to),
    );

    backend.failOnce = { move_order: { code: "read_only_snapshot", message: "this is a snapshot opened for review" } };
    const refused = drop(await occurrence("Reboot a (Planned)"), new Date(local(3, "08:00")));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The order was not moved");
    expect(alert).toHaveTextContent("read_only_snapshot: this is a snapshot opened for review");
    expect(refused).toHaveBeenCalled();
    expect(backend.orders.orders[0]?.body.start).toBe(local(2, "14:30"));
  });

  it("asks before a drag moves every occurrence of a repeating order, and moves the series by as much", async () => {
    window.location.hash = "#/calendar";
    const backend = installFakeBackend({ servers: [fakeServer("a", "maintenance_customer")] });
    const first = local(-3, "22:00");
    await commands.saveOrder({
      id: null,
      draft: fakeOrderDraft("Daily reboot", ["a"], first, { timeZone: zone, rrule: "FREQ=DAILY" }),
    });
    const user = userEvent.setup();
    renderApp();
    const one = await occurrence("Daily reboot (Planned, repeats)");

    // Cancelled: the occurrence goes back and nothing is moved.
    const later = new Date(new Date(one.start as string).getTime() + 1.5 * hour);
    const putBack = drop(one, later);
    let confirm = await screen.findByRole("dialog", { name: "Move every occurrence of Daily reboot?" });
    expect(confirm).toHaveTextContent("Dragging one occurrence moves the start of the whole series");
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(putBack).toHaveBeenCalled();
    expect(backend.calls.some((c) => c.cmd === "move_order")).toBe(false);

    const kept = drop(one, later);
    confirm = await screen.findByRole("dialog", { name: "Move every occurrence of Daily reboot?" });
    await user.click(within(confirm).getByRole("button", { name: "Move all occurrences" }));
    expect(await screen.findByText(/^Order Daily reboot moved: it now starts /)).toBeInTheDocument();
    expect(kept).not.toHaveBeenCalled();
    // The first start moves by as much as the occurrence did; the rule stays.
    expect(backend.orders.orders[0]?.body).toMatchObject({ start: local(-3, "23:30"), rrule: "FREQ=DAILY", timeZone: zone });
  });
});
