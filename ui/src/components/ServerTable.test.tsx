import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { ServerSummary } from "../ipc";
import { fakeServer, installFakeBackend } from "../ipc/testing";
import { renderApp } from "../test/render";

function server(name: string, change: Partial<ServerSummary> = {}): ServerSummary {
  return { ...fakeServer(name, "inventory"), ...change };
}

async function table() {
  return screen.findByRole("table", { name: "Servers on this tab" });
}

function names(of: HTMLElement) {
  return within(of)
    .getAllByRole("rowheader")
    .map((c) => c.textContent);
}

function rowOf(of: HTMLElement, name: string) {
  const row = within(of)
    .getAllByRole("row")
    .find((r) => within(r).queryByRole("rowheader", { name }));
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

describe("the server table", () => {
  it("filters on every word typed, across the columns", async () => {
    installFakeBackend({
      servers: [
        server("node-10", { model: "R650", location: { site: "DC2", room: null, rack: "R4", rackUnit: 10 } }),
        server("node-9", { model: "R750" }),
        server("node-2", { model: "R650" }),
        server("db-1", { model: "R650" }),
      ],
    });
    const user = userEvent.setup();
    renderApp();
    const servers = await table();
    await user.type(screen.getByRole("searchbox", { name: "Filter servers" }), "node r650");
    await waitFor(() => {
      expect(names(servers)).toEqual(["node-10", "node-2"]);
    });
    expect(screen.getByText("2 of 4 servers shown")).toBeInTheDocument();
    await user.clear(screen.getByRole("searchbox", { name: "Filter servers" }));
    await user.type(screen.getByRole("searchbox", { name: "Filter servers" }), "dc2");
    await waitFor(() => {
      expect(names(servers)).toEqual(["node-10"]);
    });
    await user.type(screen.getByRole("searchbox", { name: "Filter servers" }), "x");
    expect(await screen.findByText("No servers match the filter.")).toBeInTheDocument();
  });

  it("sorts by a column, numbers in names as numbers, and the other way on a second click", async () => {
    installFakeBackend({
      servers: [
        server("node-10", { refreshedAt: "2026-11-20T00:00:00Z" }),
        server("node-9", { refreshedAt: null }),
        server("node-2", { refreshedAt: "2026-11-24T00:00:00Z" }),
      ],
    });
    const user = userEvent.setup();
    renderApp();
    const servers = await table();
    // Until asked, the backend's order stands.
    expect(names(servers)).toEqual(["node-10", "node-9", "node-2"]);
    expect(within(servers).getByRole("columnheader", { name: "Name" })).not.toHaveAttribute("aria-sort");

    await user.click(within(servers).getByRole("button", { name: "Name" }));
    expect(names(servers)).toEqual(["node-2", "node-9", "node-10"]);
    expect(within(servers).getByRole("columnheader", { name: "Name" })).toHaveAttribute("aria-sort", "ascending");

    await user.click(within(servers).getByRole("button", { name: "Name" }));
    expect(names(servers)).toEqual(["node-10", "node-9", "node-2"]);
    expect(within(servers).getByRole("columnheader", { name: "Name" })).toHaveAttribute("aria-sort", "descending");

    // Never-refreshed servers go last whichever way.
    await user.click(within(servers).getByRole("button", { name: "Last refreshed" }));
    expect(names(servers)).toEqual(["node-10", "node-2", "node-9"]);
    await user.click(within(servers).getByRole("button", { name: "Last refreshed" }));
    expect(names(servers)).toEqual(["node-2", "node-10", "node-9"]);
    expect(within(servers).getByRole("columnheader", { name: "Name" })).not.toHaveAttribute("aria-sort");
  });

  it("selects every shown server at once, and only those", async () => {
    installFakeBackend({ servers: [server("web-1"), server("web-2"), server("db-1")] });
    const user = userEvent.setup();
    renderApp();
    const servers = await table();
    const refreshSelected = screen.getByRole("button", { name: /Refresh selected/ });
    expect(refreshSelected).toBeDisabled();

    await user.type(screen.getByRole("searchbox", { name: "Filter servers" }), "web");
    await waitFor(() => {
      expect(names(servers)).toEqual(["web-1", "web-2"]);
    });
    await user.click(within(servers).getByRole("checkbox", { name: "Select all shown servers" }));
    expect(within(servers).getByRole("checkbox", { name: "Select web-1" })).toBeChecked();
    expect(within(servers).getByRole("checkbox", { name: "Select web-2" })).toBeChecked();
    expect(screen.getByRole("button", { name: "Refresh selected (2)" })).toBeEnabled();

    await user.clear(screen.getByRole("searchbox", { name: "Filter servers" }));
    await waitFor(() => {
      expect(names(servers)).toHaveLength(3);
    });
    expect(within(servers).getByRole("checkbox", { name: "Select db-1" })).not.toBeChecked();
    expect(within(servers).getByRole("checkbox", { name: "Select all shown servers" })).toBePartiallyChecked();

    await user.click(within(servers).getByRole("checkbox", { name: "Select web-1" }));
    expect(screen.getByRole("button", { name: "Refresh selected (1)" })).toBeEnabled();
  });

  it("shows a refresh's progress and each server's result as the backend reports it", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const backend = installFakeBackend({
      servers: [server("a"), server("b"), server("c"), server("d")],
      refreshFailures: { "id-b": { code: "bmc_timeout", message: "GET https://10.0.0.2/redfish/v1: no answer within 30 s" } },
      refreshGate: (id) => (id === "id-d" ? held : Promise.resolve()),
    });
    const user = userEvent.setup();
    renderApp();
    const servers = await table();
    await user.click(within(servers).getByRole("checkbox", { name: "Select a" }));
    await user.click(within(servers).getByRole("checkbox", { name: "Select b" }));
    await user.click(within(servers).getByRole("checkbox", { name: "Select d" }));
    await user.click(screen.getByRole("button", { name: "Refresh selected (3)" }));

    expect(await screen.findByText("Refreshed 2 of 3")).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Refresh progress" })).toHaveAttribute("value", "2");
    expect(within(rowOf(servers, "a")).getByRole("cell", { name: "Refreshed" })).toBeInTheDocument();
    expect(rowOf(servers, "b")).toHaveTextContent(
      "The BMC did not answer in time. GET https://10.0.0.2/redfish/v1: no answer within 30 s",
    );
    expect(within(rowOf(servers, "d")).getByRole("cell", { name: "Waiting…" })).toBeInTheDocument();
    // c was not asked for.
    expect(within(rowOf(servers, "c")).queryByText(/Refreshed|Waiting/)).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Refresh all" })).toBeDisabled();

    release();
    expect(await screen.findByText("Refresh finished: 2 OK, 1 failed.")).toBeInTheDocument();
    expect(within(rowOf(servers, "d")).getByRole("cell", { name: "Refreshed" })).toBeInTheDocument();
    await user.click(screen.getByText("1 failed: show which and why"));
    const failures = screen.getByRole("list", { name: "Servers whose refresh failed" });
    expect(within(failures).getByRole("listitem")).toHaveTextContent(/^b: The BMC did not answer in time/);
    expect(within(failures).getByRole("link", { name: "b" })).toHaveAttribute("href", "#/servers/id-b");
    const call = backend.calls.find((c) => c.cmd === "refresh_servers");
    expect((call?.args as { serverIds: unknown }).serverIds).toEqual(["id-a", "id-b", "id-d"]);
  });

  it("refreshes every server with Refresh all", async () => {
    const backend = installFakeBackend({ servers: [server("a"), server("b")] });
    const user = userEvent.setup();
    renderApp();
    await table();
    await user.click(screen.getByRole("button", { name: "Refresh all" }));
    expect(await screen.findByText("Refresh finished: 2 OK, 0 failed.")).toBeInTheDocument();
    const call = backend.calls.find((c) => c.cmd === "refresh_servers");
    expect((call?.args as { serverIds: unknown }).serverIds).toBeNull();
  });

  it("shows why a server's last refresh failed", async () => {
    installFakeBackend({ servers: [server("a", { refreshError: "https://10.0.0.1: connection refused" })] });
    renderApp();
    const servers = await table();
    expect(rowOf(servers, "a")).toHaveTextContent("Last refresh failed: https://10.0.0.1: connection refused");
  });

  it("keeps thousands of servers to the rows in view, and brings in others on scroll", async () => {
    const many = Array.from({ length: 5000 }, (_, i) => server(`srv-${String(i).padStart(5, "0")}`));
    installFakeBackend({ servers: many });
    renderApp();
    const servers = await table();
    expect(servers).toHaveAttribute("aria-rowcount", "5001");
    const shown = within(servers).getAllByRole("rowheader");
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(100);
    expect(rowOf(servers, "srv-00000")).toHaveAttribute("aria-rowindex", "2");

    const scroller = servers.parentElement;
    if (!scroller) throw new Error("no scroll box");
    scroller.scrollTop = 40 * 2500;
    fireEvent.scroll(scroller);
    expect(await within(servers).findByRole("rowheader", { name: "srv-02500" })).toBeInTheDocument();
    expect(rowOf(servers, "srv-02500")).toHaveAttribute("aria-rowindex", "2502");
    expect(within(servers).queryByRole("rowheader", { name: "srv-00000" })).not.toBeInTheDocument();
  });

  it("opens a server's detail from its name", async () => {
    installFakeBackend({ servers: [server("a")] });
    const user = userEvent.setup();
    renderApp();
    const servers = await table();
    await user.click(within(servers).getByRole("link", { name: "a" }));
    expect(await screen.findByRole("heading", { level: 1, name: "a" })).toBeInTheDocument();
    expect(window.location.hash).toBe("#/servers/id-a");
  });
});
