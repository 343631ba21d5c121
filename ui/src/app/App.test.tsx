import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { LabEnrolReport } from "../ipc";
import { fakeServer, installFakeBackend } from "../ipc/testing";
import { renderApp } from "../test/render";

function menu() {
  return screen.getByRole("navigation");
}

describe("the app shell", () => {
  it("offers the five lifecycle tabs and the operations pages", async () => {
    installFakeBackend();
    renderApp();
    const lifecycle = await screen.findByRole("list", { name: "Lifecycle management" });
    const tabs = within(lifecycle).getAllByRole("link").map((l) => l.textContent);
    expect(tabs).toEqual(["Inventory", "Building", "In service", "Maintenance", "Deletion"]);
    const operations = screen.getByRole("list", { name: "Operations" });
    expect(within(operations).getAllByRole("link").map((l) => l.textContent)).toEqual([
      "Calendar",
      "Jobs",
      "Build profiles",
      "Audit log",
      "Settings",
    ]);
    expect(screen.getByRole("heading", { level: 1, name: "Inventory" })).toBeInTheDocument();
    expect(within(menu()).getByRole("link", { name: "Inventory" })).toHaveAttribute("aria-current", "page");
  });

  it("lists each tab's servers from the backend and explains an empty tab", async () => {
    const backend = installFakeBackend({
      servers: [fakeServer("bld-02", "building"), fakeServer("bld-01", "building"), fakeServer("op-1", "maintenance_operator")],
    });
    const user = userEvent.setup();
    renderApp();
    expect(await screen.findByText(/No servers in stock/)).toBeInTheDocument();

    await user.click(within(menu()).getByRole("link", { name: /Building/ }));
    const table = await screen.findByRole("table", { name: "Servers on this tab" });
    // The backend pages and orders a tab (by name); the table keeps its order.
    const names = within(table).getAllByRole("rowheader").map((c) => c.textContent);
    expect(names).toEqual(["bld-01", "bld-02"]);
    expect(backend.calls).toContainEqual({
      cmd: "query_servers",
      args: {
        query: { tab: "building", stage: null, text: null, eoslWithinDays: null, warrantyWithinDays: null, offset: 0, limit: 200 },
      },
    });

    await user.click(within(menu()).getByRole("link", { name: /Maintenance/ }));
    expect(await screen.findByRole("cell", { name: "Maintenance (operator hold)" })).toBeInTheDocument();
    // The menu shows how many servers each tab holds.
    expect(within(menu()).getByTitle("2 servers")).toHaveTextContent("2");
  });

  it("moves focus to the new view's heading so keyboard users land on it", async () => {
    installFakeBackend();
    const user = userEvent.setup();
    renderApp();
    await screen.findByRole("heading", { level: 1, name: "Inventory" });
    await user.tab();
    expect(screen.getByRole("link", { name: "Skip to content" })).toHaveFocus();
    await user.tab();
    expect(within(menu()).getByRole("link", { name: "Inventory" })).toHaveFocus();
    await user.tab();
    const building = within(menu()).getByRole("link", { name: "Building" });
    expect(building).toHaveFocus();
    await user.keyboard("{Enter}");
    await waitFor(() => {
      expect(screen.getByRole("heading", { level: 1, name: "Building" })).toHaveFocus();
    });
  });

  it("opens the calendar of scheduled orders from the menu", async () => {
    installFakeBackend();
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByRole("link", { name: "Calendar" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Calendar" })).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Order calendar" })).toBeInTheDocument();
    expect(await screen.findByText("No orders today or in the coming days.")).toBeInTheDocument();
    expect(within(menu()).getByRole("link", { name: "Calendar" })).toHaveAttribute("aria-current", "page");
  });
});

describe("the demo lab", () => {
  it("says it is starting, then shows the fleet it enrolled", async () => {
    let ready: (report: LabEnrolReport | null) => void = () => undefined;
    const backend = installFakeBackend({
      demoLab: new Promise((resolve) => {
        ready = resolve;
      }),
    });
    renderApp();
    expect(await screen.findByText(/No servers in stock/)).toBeInTheDocument();
    expect(screen.getByText("Starting the demo lab…")).toBeInTheDocument();

    backend.servers.push(fakeServer("lab-0001", "inventory"), fakeServer("lab-0002", "inventory"));
    ready({ enrolled: 2, followed: 0, enrolledByHand: 0 });
    expect(await screen.findByRole("rowheader", { name: "lab-0002" })).toBeInTheDocument();
    expect(screen.queryByText("Starting the demo lab…")).not.toBeInTheDocument();
    expect(within(menu()).getByTitle("2 servers")).toHaveTextContent("2");
    expect(backend.calls.filter((c) => c.cmd === "demo_lab_ready")).toHaveLength(1);
  });

  it("explains a lab that could not start, with a retry", async () => {
    installFakeBackend({ failOnce: { demo_lab_ready: { code: "bmc_unreachable", message: "lab port in use" } } });
    const user = userEvent.setup();
    renderApp();
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The demo lab could not start" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("bmc_unreachable: lab port in use");
    await user.click(within(alert).getByRole("button", { name: "Retry" }));
    await waitFor(() => {
      expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    });
  });
});

describe("errors", () => {
  it("explains a profile that cannot be opened, in the user's terms and the backend's", async () => {
    installFakeBackend({
      startupError: { code: "database_too_new", message: "schema 7 > 1" },
    });
    renderApp();
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "Racksmith could not open its profile" })).toBeInTheDocument();
    expect(alert).toHaveTextContent(/written by a newer version of Racksmith/);
    expect(alert).toHaveTextContent("database_too_new: schema 7 > 1");
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
  });

  it("shows a failed list with a retry that works", async () => {
    installFakeBackend({
      servers: [fakeServer("stock-1", "inventory")],
      failOnce: { query_servers: { code: "database", message: "disk I/O error" } },
    });
    const user = userEvent.setup();
    renderApp();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("could not be read or written");
    await user.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(await screen.findByRole("rowheader", { name: "stock-1" })).toBeInTheDocument();
  });

  it("treats Tauri's own string failures as internal errors, not crashes", async () => {
    installFakeBackend({ failOnce: { query_servers: "invalid args `query` for command `query_servers`" } });
    renderApp();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("An unexpected error occurred in Racksmith.");
    expect(alert).toHaveTextContent("internal: invalid args `query` for command `query_servers`");
  });
});
