import { screen, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { commands } from "../../ipc";
import { fakeOrderDraft } from "../../ipc/fakeOrders";
import { fakeServer, installFakeBackend } from "../../ipc/testing";
import { formatFor } from "../../i18n/format";
import { renderApp } from "../../test/render";
import { nextHourSlot } from "./orderForm";
import { userTimeZone } from "./wallClock";

const zone = userTimeZone();

function lab() {
  return [fakeServer("web-1", "in_service"), fakeServer("web-2", "maintenance_customer")];
}

async function newOrder(user: UserEvent) {
  await user.click(await screen.findByRole("button", { name: "New order" }));
  return screen.findByRole("dialog", { name: "New order" });
}

describe("the order dialog", () => {
  it("makes an order: tasks added, moved and removed, a weekly repeat, servers with their stage", async () => {
    window.location.hash = "#/calendar";
    const backend = installFakeBackend({ servers: lab() });
    const user = userEvent.setup();
    renderApp();
    const dialog = await newOrder(user);

    // Without a slot chosen on the calendar, an order starts at the next full hour, for an hour.
    const { start } = nextHourSlot(new Date(), zone);
    expect(within(dialog).getByLabelText("Start")).toHaveValue(start);
    expect(within(dialog).getByText(`Local time in ${zone}.`)).toBeInTheDocument();
    expect(within(dialog).getByRole("textbox", { name: "Time zone" })).toHaveValue(zone);
    expect(within(dialog).getByRole("spinbutton", { name: "Maintenance window (minutes)" })).toHaveValue(60);
    expect(within(dialog).getByRole("spinbutton", { name: "Grace period (minutes)" })).toHaveValue(15);
    expect(within(dialog).getByRole("radio", { name: "Does not repeat" })).toBeChecked();

    await user.type(within(dialog).getByRole("textbox", { name: "Name" }), "Patch night");
    const task1 = within(dialog).getByRole("group", { name: "Task 1" });
    expect(within(task1).getByRole("combobox", { name: "Action" })).toHaveValue("reboot");
    await user.selectOptions(within(task1).getByRole("combobox", { name: "Action" }), "firmware");
    await user.type(within(task1).getByRole("textbox", { name: "Image URL" }), "https://files.lab/bios-2.19.bin");

    await user.click(within(dialog).getByRole("button", { name: "Add task" }));
    const task2 = within(dialog).getByRole("group", { name: "Task 2" });
    await user.selectOptions(within(task2).getByRole("combobox", { name: "Action" }), "bios");
    await user.type(within(task2).getByRole("textbox", { name: "BIOS values" }), "ProcVirtualization=Enabled{Enter}PxeRetryCount=2");

    await user.click(within(dialog).getByRole("button", { name: "Add task" }));
    let task3 = within(dialog).getByRole("group", { name: "Task 3" });
    await user.selectOptions(within(task3).getByRole("combobox", { name: "Action" }), "wait");
    await user.selectOptions(within(task3).getByRole("combobox", { name: "Wait for" }), "bmc_ready");
    const timeout = within(task3).getByRole("spinbutton", { name: "Timeout (minutes)" });
    await user.clear(timeout);
    await user.type(timeout, "20");
    // The wait goes before the BIOS values.
    await user.click(within(task3).getByRole("button", { name: "Move up" }));
    expect(within(within(dialog).getByRole("group", { name: "Task 2" })).getByRole("combobox", { name: "Action" })).toHaveValue(
      "wait",
    );
    expect(within(within(dialog).getByRole("group", { name: "Task 1" })).getByRole("button", { name: "Move up" })).toBeDisabled();

    await user.click(within(dialog).getByRole("button", { name: "Add task" }));
    const task4 = within(dialog).getByRole("group", { name: "Task 4" });
    await user.click(within(task4).getByRole("button", { name: "Remove" }));
    expect(within(dialog).queryByRole("group", { name: "Task 4" })).not.toBeInTheDocument();
    task3 = within(dialog).getByRole("group", { name: "Task 3" });
    expect(within(task3).getByRole("combobox", { name: "Action" })).toHaveValue("bios");

    await user.click(within(dialog).getByRole("radio", { name: "Every week on chosen days" }));
    const days = within(dialog).getByRole("group", { name: "Days of the week" });
    for (const day of within(days).getAllByRole("checkbox")) {
      if ((day as HTMLInputElement).checked) await user.click(day);
    }
    await user.click(within(days).getByRole("checkbox", { name: "Wednesday" }));
    await user.click(within(days).getByRole("checkbox", { name: "Saturday" }));

    const servers = within(dialog).getByRole("group", { name: "Servers" });
    await user.click(await within(servers).findByRole("checkbox", { name: "web-1 — In service" }));
    expect(within(servers).getByRole("checkbox", { name: "web-2 — Maintenance (customer)" })).not.toBeChecked();
    expect(within(servers).getByText("1 chosen.")).toBeInTheDocument();
    expect(within(dialog).getByRole("note")).toHaveTextContent("1 of the chosen servers are In service");
    await user.click(
      within(dialog).getByRole("checkbox", { name: "May move servers from In service to Maintenance and back" }),
    );
    expect(within(dialog).queryByRole("note")).not.toBeInTheDocument();
    const parallel = within(dialog).getByRole("spinbutton", { name: "Servers at once" });
    await user.clear(parallel);
    await user.type(parallel, "4");

    await user.click(within(dialog).getByRole("button", { name: "Save order" }));
    expect(await screen.findByText("Order Patch night saved.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(backend.orders.orders).toHaveLength(1);
    expect(backend.orders.orders[0]).toMatchObject({
      name: "Patch night",
      createdBy: "alice",
      body: {
        servers: ["id-web-1"],
        tasks: [
          { kind: "firmware", imageUrl: "https://files.lab/bios-2.19.bin" },
          { kind: "wait", condition: "bmc_ready", timeoutMinutes: 20 },
          { kind: "bios", attributes: { ProcVirtualization: "Enabled", PxeRetryCount: 2 } },
        ],
        start,
        timeZone: zone,
        rrule: "FREQ=WEEKLY;BYDAY=WE,SA",
        windowMinutes: 60,
        graceMinutes: 15,
        allowStageMove: true,
        parallel: 4,
      },
    });
    expect(backend.audit.at(-1)).toMatchObject({ action: "order_add", outcome: "ok" });
    // A week or two ahead holds a Wednesday and a Saturday at least.
    const list = await screen.findByRole("table", { name: "Upcoming orders" });
    expect((await within(list).findAllByRole("button", { name: "Patch night" })).length).toBeGreaterThanOrEqual(2);
  });

  it("shows why an order was refused and keeps everything typed, until it is right", async () => {
    window.location.hash = "#/calendar";
    const backend = installFakeBackend({ servers: lab() });
    const user = userEvent.setup();
    renderApp();
    const dialog = await newOrder(user);
    const name = within(dialog).getByRole("textbox", { name: "Name" });
    await user.type(name, "Reboot web-2");
    const save = within(dialog).getByRole("button", { name: "Save order" });

    // The backend refuses an order with no server, and says so.
    await user.click(save);
    let alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("The order was not saved");
    expect(alert).toHaveTextContent("Fix this and save again: an order needs at least one server");
    expect(name).toHaveValue("Reboot web-2");
    expect(backend.orders.orders).toHaveLength(0);

    await user.click(await within(dialog).findByRole("checkbox", { name: "web-2 — Maintenance (customer)" }));
    const windowField = within(dialog).getByRole("spinbutton", { name: "Maintenance window (minutes)" });
    await user.clear(windowField);
    await user.type(windowField, "10");
    await user.click(save);
    alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("the grace period cannot be longer than the maintenance window");
    expect(windowField).toHaveValue(10);
    expect(within(dialog).getByRole("checkbox", { name: "web-2 — Maintenance (customer)" })).toBeChecked();

    // What cannot be sent at all is named before anything is sent.
    const calls = backend.calls.filter((c) => c.cmd === "save_order").length;
    const task1 = within(dialog).getByRole("group", { name: "Task 1" });
    await user.selectOptions(within(task1).getByRole("combobox", { name: "Action" }), "bios");
    await user.type(within(task1).getByRole("textbox", { name: "BIOS values" }), "NoEquals");
    await user.click(save);
    alert = await within(dialog).findByRole("alert");
    expect(within(alert).getByRole("list", { name: "Problems to fix" })).toHaveTextContent(
      'Task 1: "NoEquals" is not NAME=VALUE.',
    );
    expect(backend.calls.filter((c) => c.cmd === "save_order")).toHaveLength(calls);

    await user.selectOptions(within(task1).getByRole("combobox", { name: "Action" }), "powerCycle");
    await user.clear(windowField);
    await user.type(windowField, "30");
    await user.click(save);
    expect(await screen.findByText("Order Reboot web-2 saved.")).toBeInTheDocument();
    expect(backend.orders.orders[0]?.body).toMatchObject({ servers: ["id-web-2"], tasks: [{ kind: "powerCycle" }], windowMinutes: 30 });
  });

  it("saves an order that overlaps another on a shared server, and flags the overlap", async () => {
    window.location.hash = "#/calendar";
    const backend = installFakeBackend({ servers: lab() });
    const { start } = nextHourSlot(new Date(), zone);
    await commands.saveOrder({
      id: null,
      draft: fakeOrderDraft("Firmware night", ["web-2"], start, { timeZone: zone, windowMinutes: 120 }),
    });
    const user = userEvent.setup();
    renderApp();
    const dialog = await newOrder(user);
    await user.type(within(dialog).getByRole("textbox", { name: "Name" }), "Reboot web-2");
    await user.click(await within(dialog).findByRole("checkbox", { name: "web-2 — Maintenance (customer)" }));
    await user.click(within(dialog).getByRole("button", { name: "Save order" }));

    expect(await screen.findByText("Order Reboot web-2 saved.")).toBeInTheDocument();
    expect(backend.orders.orders).toHaveLength(2);
    const warning = screen.getByRole("alert");
    expect(within(warning).getByRole("heading", { name: "Order Reboot web-2 overlaps other orders" })).toBeInTheDocument();
    const at = formatFor("en").dateTime(new Date(start).toISOString());
    expect(within(within(warning).getByRole("list", { name: "Overlaps with other orders" })).getByRole("listitem")).toHaveTextContent(
      `Overlaps with order Firmware night on servers web-2 at ${at}.`,
    );
  });
});
