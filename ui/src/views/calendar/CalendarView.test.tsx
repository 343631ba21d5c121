import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { commands, type OccurrenceState, type RunView } from "../../ipc";
import { fakeOrderDraft } from "../../ipc/fakeOrders";
import { fakeJob, fakeServer, installFakeBackend } from "../../ipc/testing";
import { renderApp } from "../../test/render";
import { userTimeZone, wallClockIn } from "./wallClock";

const zone = userTimeZone();

/** So many days from today, at this time on this computer's clock. */
function local(days: number, time: string): string {
  return `${wallClockIn(new Date(Date.now() + days * 86_400_000), zone).slice(0, 10)}T${time}`;
}

/** A run of the occurrence at this local time, as a runner records it. */
function run(orderId: string, start: string, state: OccurrenceState, jobId: string | null, note: string | null = null): RunView {
  // A date and time without an offset is this computer's local time.
  const at = new Date(start).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    orderId,
    occurrence: at,
    state,
    runner: "alice@console",
    jobId,
    startedAt: at,
    finishedAt: state === "running" ? null : at,
    note,
  };
}

function lab() {
  return [fakeServer("a", "maintenance_customer"), fakeServer("b", "maintenance_customer")];
}

async function calendar() {
  return screen.findByRole("region", { name: "Order calendar" });
}

async function upcoming() {
  return screen.findByRole("table", { name: "Upcoming orders" });
}

describe("the Calendar page", () => {
  it("shows each occurrence with its state in words, explains the colours, and lists the coming days", async () => {
    window.location.hash = "#/calendar";
    const job = fakeJob("job-run", { kind: "order_run", state: "running", finishedAt: null }, [["a", "running"]]);
    const backend = installFakeBackend({ servers: lab(), jobs: [job] });
    const start = local(0, "12:00");
    const order = await commands.saveOrder({
      id: null,
      draft: fakeOrderDraft("Nightly reboot", ["a", "b"], start, { timeZone: zone, rrule: "FREQ=DAILY" }),
    });
    backend.orders.runs.push(run(order.id, start, "running", "job-run"));
    const user = userEvent.setup();
    renderApp();

    const grid = await calendar();
    expect(await within(grid).findByText("Nightly reboot (Running, repeats)")).toBeInTheDocument();
    const legend = screen.getByRole("list", { name: "Order states" });
    expect(within(legend).getAllByRole("listitem").map((li) => li.textContent.trim())).toEqual([
      "Planned",
      "Running",
      "Done",
      "Failed",
      "Missed",
    ]);
    expect(backend.calls.some((c) => c.cmd === "order_calendar")).toBe(true);

    // The same orders for keyboard and screen reader users: today and the next 13 days.
    const rows = within(await upcoming()).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(14);
    const today = rows[0];
    if (!today) throw new Error("no orders listed");
    expect(within(today).getByRole("button", { name: "Nightly reboot" })).toBeInTheDocument();
    expect(today).toHaveTextContent(/Nightly reboot\s*Running\s*2\s*Repeating$/);
    expect(rows[1]).toHaveTextContent(/Planned/);

    // Every occurrence of a repeating order is shown, in the month view too.
    await user.click(within(grid).getByRole("button", { name: "Month" }));
    expect((await within(grid).findAllByText("Nightly reboot (Planned, repeats)")).length).toBeGreaterThan(0);

    // A run ends on its own; the page asks again every 10 s, so it shows without a reload.
    const recorded = backend.orders.runs[0];
    if (recorded) recorded.state = "done";
    await waitFor(
      () => {
        expect(today).toHaveTextContent(/Nightly reboot\s*Done/);
        expect(within(grid).getByText("Nightly reboot (Done, repeats)")).toBeInTheDocument();
      },
      { timeout: 15_000 },
    );
  });

  it("opens an order clicked on the calendar: its tasks, servers, schedule and runs, and each server's result", async () => {
    window.location.hash = "#/calendar";
    const job = fakeJob("job-fw", { kind: "order_run", state: "partial" }, [
      ["a", "succeeded"],
      ["b", "failed"],
    ]);
    const backend = installFakeBackend({ servers: lab(), jobs: [job] });
    // Midnight: already past, so a one-off order has no run left.
    const start = local(0, "00:00");
    const order = await commands.saveOrder({
      id: null,
      draft: fakeOrderDraft("Firmware night", ["a", "b"], start, {
        timeZone: zone,
        tasks: [
          { kind: "firmware", imageUrl: "http://files.lab/bios-2.19.bin" },
          { kind: "wait", condition: "bmc_ready", timeoutMinutes: 20 },
        ],
        windowMinutes: 120,
        graceMinutes: 30,
        allowStageMove: true,
      }),
    });
    backend.orders.runs.push(run(order.id, start, "failed", "job-fw", "1 of 2 servers failed"));
    const user = userEvent.setup();
    renderApp();

    await user.click(await within(await calendar()).findByText("Firmware night (Failed)"));
    const dialog = await screen.findByRole("dialog", { name: "Order Firmware night" });
    expect(await within(dialog).findByText(/^Once, at .+ \(.+\)$/)).toHaveTextContent(`(${zone})`);
    expect(within(within(dialog).getByRole("list", { name: "Tasks" })).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Firmware update from http://files.lab/bios-2.19.bin",
      "Wait for BMC ready (up to 20 min)",
    ]);
    expect(within(within(dialog).getByRole("list", { name: "Servers" })).getAllByRole("link").map((a) => a.textContent)).toEqual([
      "a",
      "b",
    ]);
    expect(dialog).toHaveTextContent("Maintenance window (minutes)120 min");
    expect(dialog).toHaveTextContent("Grace period (minutes)30 min");
    expect(dialog).toHaveTextContent("Servers In service are moved to Maintenance for the run, and back after it");
    expect(dialog).toHaveTextContent("Next runNone left");

    const runs = within(dialog).getByRole("table", { name: "Runs" });
    const [runRow] = within(runs).getAllByRole("row").slice(1);
    if (!runRow) throw new Error("no runs listed");
    expect(runRow).toHaveTextContent(/Failed.*1 of 2 servers failed/);
    // The occurrence clicked ran as a job: its servers are shown at once.
    const servers = await within(dialog).findByRole("table", { name: "Servers in this job" });
    expect(within(servers).getByRole("row", { name: /^b/ })).toHaveTextContent(
      /^bFailed—The BMC did not answer in time\. GET https:\/\/10\.0\.0\.9\/redfish\/v1: no answer within 30 s—/,
    );
    expect(within(servers).getByRole("row", { name: /^a/ })).toHaveTextContent("aSucceeded——power On");
    expect(within(dialog).getByRole("link", { name: "Open on the Jobs page" })).toHaveAttribute("href", "#/jobs/job-fw");

    const show = within(runRow).getByRole("button", { name: "Show servers" });
    expect(show).toHaveAttribute("aria-pressed", "true");
    await user.click(show);
    expect(within(dialog).queryByRole("table", { name: "Servers in this job" })).not.toBeInTheDocument();
    await user.click(show);
    expect(await within(dialog).findByRole("table", { name: "Servers in this job" })).toBeInTheDocument();

    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("says which way each firmware task of the next run goes when BMCs may apply it themselves", async () => {
    window.location.hash = "#/calendar";
    installFakeBackend({ servers: [fakeServer("a", "maintenance_customer"), fakeServer("b", "in_service")] });
    await commands.saveOrder({
      id: null,
      draft: fakeOrderDraft("BIOS in the window", ["a", "b"], local(1, "22:00"), {
        timeZone: zone,
        tasks: [{ kind: "firmware", imageUrl: "http://files.lab/bios.bin" }, { kind: "reboot" }],
        handToBmc: true,
      }),
    });
    const user = userEvent.setup();
    renderApp();

    await user.click(await within(await upcoming()).findByRole("button", { name: "BIOS in the window" }));
    const dialog = await screen.findByRole("dialog", { name: "Order BIOS in the window" });
    const routes = within(dialog).getByRole("list", { name: "How the next run's tasks go" });
    const items = within(routes).getAllByRole("listitem").map((li) => li.textContent);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatch(/^Task 1 on a: by the BMC in its window \(staged on the BMC/);
    expect(items[1]).toMatch(/^Task 1 on b: by Racksmith at the time \(not handed to the BMC/);

    // Edited, the choice is kept.
    await user.click(within(dialog).getByRole("button", { name: "Edit" }));
    const edit = await screen.findByRole("dialog", { name: "Edit order BIOS in the window" });
    expect(
      within(edit).getByRole("checkbox", { name: /^Let BMCs apply firmware in the window on their own/ }),
    ).toBeChecked();
  });

  it("edits an order in the same dialog it was made in, and saves it under its own id", async () => {
    window.location.hash = "#/calendar";
    const backend = installFakeBackend({ servers: lab() });
    const order = await commands.saveOrder({
      id: null,
      draft: fakeOrderDraft("BMC resets", ["a"], local(1, "22:00"), {
        timeZone: zone,
        rrule: "FREQ=WEEKLY;BYDAY=MO,TH",
        tasks: [{ kind: "bmcReset" }, { kind: "bios", attributes: { BootMode: "Uefi", PxeRetryCount: 2 } }],
      }),
    });
    const user = userEvent.setup();
    renderApp();

    const list = await upcoming();
    await user.click(within(list).getAllByRole("button", { name: "BMC resets" })[0] ?? list);
    const detail = await screen.findByRole("dialog", { name: "Order BMC resets" });
    expect(await within(detail).findByText(/^Every week on Monday, Thursday at 22:00, from .+ \(.+\)$/)).toBeInTheDocument();
    await user.click(within(detail).getByRole("button", { name: "Edit" }));

    const dialog = await screen.findByRole("dialog", { name: "Edit order BMC resets" });
    expect(within(dialog).getByRole("textbox", { name: "Name" })).toHaveValue("BMC resets");
    expect(within(dialog).getByLabelText("Start")).toHaveValue(local(1, "22:00"));
    expect(within(dialog).getByRole("radio", { name: "Every week on chosen days" })).toBeChecked();
    const days = within(dialog).getByRole("group", { name: "Days of the week" });
    expect(within(days).getByRole("checkbox", { name: "Monday" })).toBeChecked();
    expect(within(days).getByRole("checkbox", { name: "Thursday" })).toBeChecked();
    expect(within(days).getByRole("checkbox", { name: "Friday" })).not.toBeChecked();
    const task2 = within(dialog).getByRole("group", { name: "Task 2" });
    expect(within(task2).getByRole("combobox", { name: "Action" })).toHaveValue("bios");
    expect(within(task2).getByRole("textbox", { name: "BIOS values" })).toHaveValue("BootMode=Uefi\nPxeRetryCount=2");
    expect(within(dialog).getByRole("checkbox", { name: /^a — / })).toBeChecked();

    await user.click(within(days).getByRole("checkbox", { name: "Thursday" }));
    const windowField = within(dialog).getByRole("spinbutton", { name: "Maintenance window (minutes)" });
    await user.clear(windowField);
    await user.type(windowField, "90");
    await user.click(within(dialog).getByRole("button", { name: "Save order" }));

    expect(await screen.findByText("Order BMC resets saved.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(backend.orders.orders).toHaveLength(1);
    expect(backend.orders.orders[0]).toMatchObject({
      id: order.id,
      body: {
        rrule: "FREQ=WEEKLY;BYDAY=MO",
        windowMinutes: 90,
        tasks: [{ kind: "bmcReset" }, { kind: "bios", attributes: { BootMode: "Uefi", PxeRetryCount: 2 } }],
      },
    });
    expect(backend.audit.at(-1)).toMatchObject({ action: "order_update", outcome: "ok" });
  });

  it("deletes an order only once asked, and says why a running one cannot be", async () => {
    window.location.hash = "#/calendar";
    const backend = installFakeBackend({ servers: lab() });
    const start = local(0, "10:00");
    const order = await commands.saveOrder({ id: null, draft: fakeOrderDraft("Power cycle a", ["a"], start, { timeZone: zone }) });
    backend.orders.runs.push(run(order.id, start, "running", null));
    const user = userEvent.setup();
    renderApp();

    const openDelete = async () => {
      await user.click(within(await upcoming()).getByRole("button", { name: "Power cycle a" }));
      const detail = await screen.findByRole("dialog", { name: "Order Power cycle a" });
      await user.click(await within(detail).findByRole("button", { name: "Delete" }));
      return screen.findByRole("dialog", { name: "Delete order Power cycle a?" });
    };

    let confirm = await openDelete();
    expect(confirm).toHaveTextContent("Jobs it ran stay on the Jobs page");
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(backend.calls.some((c) => c.cmd === "delete_order")).toBe(false);

    confirm = await openDelete();
    await user.click(within(confirm).getByRole("button", { name: "Delete order" }));
    const alert = await within(confirm).findByRole("alert");
    expect(alert).toHaveTextContent("The order was not deleted");
    expect(alert).toHaveTextContent(`conflict: order ${order.id} is running; it can be deleted when the run ends`);
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));

    const [running] = backend.orders.runs;
    if (running) running.state = "done";
    confirm = await openDelete();
    await user.click(within(confirm).getByRole("button", { name: "Delete order" }));
    expect(await screen.findByText("Order Power cycle a deleted.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(await screen.findByText("No orders today or in the coming days.")).toBeInTheDocument();
    expect(backend.orders.orders).toHaveLength(0);
    expect(backend.audit.at(-1)).toMatchObject({ action: "order_delete", params: JSON.stringify({ orderId: order.id }) });
  });

  it("speaks Japanese, FullCalendar's own buttons included", async () => {
    window.location.hash = "#/calendar";
    installFakeBackend({ servers: lab(), settings: { language: "ja", theme: "system" } });
    await commands.saveOrder({
      id: null,
      draft: fakeOrderDraft("夜間再起動", ["a"], local(0, "12:00"), { timeZone: zone, rrule: "FREQ=DAILY" }),
    });
    renderApp();
    const grid = await screen.findByRole("region", { name: "予約オーダーのカレンダー" });
    expect((await within(grid).findAllByText("夜間再起動（計画済み・繰り返し）")).length).toBeGreaterThan(0);
    for (const name of ["今日", "月", "週", "日"]) expect(within(grid).getByRole("button", { name })).toBeInTheDocument();
    expect(within(grid).getByRole("button", { name: "前の週" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "新しい予約オーダー" })).toBeEnabled();
    expect(within(screen.getByRole("list", { name: "予約オーダーの状態" })).getAllByRole("listitem").map((li) => li.textContent.trim())).toEqual(
      ["計画済み", "実行中", "完了", "失敗", "見逃し"],
    );
    expect(await screen.findByRole("table", { name: "今後の予約オーダー" })).toBeInTheDocument();
  });
});
