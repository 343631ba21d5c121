import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

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
  it("keeps the backend's order, by name, with no sorting of its own", async () => {
    installFakeBackend({ servers: [server("node-9"), server("node-10"), server("node-2")] });
    renderApp();
    const servers = await table();
    // A page is a slice of the backend's order; sorting it alone would mislead.
    expect(names(servers)).toEqual(["node-10", "node-2", "node-9"]);
    expect(within(servers).queryByRole("button")).not.toBeInTheDocument();
  });

  it("says how old each server's facts are, and marks the ones whose BMC did not answer", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-24T13:00:00Z"));
    try {
      installFakeBackend({
        servers: [
          server("fresh", { refreshedAt: "2026-11-24T12:58:00Z" }),
          server("old", {
            refreshedAt: "2026-11-24T10:00:00Z",
            refreshError: "https://10.0.0.2: connection refused",
            refreshErrorCode: "bmc_unreachable",
            unreachable: true,
          }),
          server("rude", { refreshError: "HTTP 500", refreshErrorCode: "bmc_error" }),
          server("never", { refreshedAt: null }),
        ],
      });
      renderApp();
      const servers = await table();
      const age = (name: string) => within(rowOf(servers, name)).getAllByRole("cell")[8];
      expect(age("fresh")).toHaveTextContent(/^2m ago$/);
      expect(age("old")).toHaveTextContent(/^Unreachable3h ago$/);
      expect(within(rowOf(servers, "old")).getByRole("time")).toHaveAttribute("datetime", "2026-11-24T10:00:00Z");
      // A BMC that answered with an error was reached: its failure is shown, but not as unreachable.
      expect(age("rude")).not.toHaveTextContent("Unreachable");
      expect(rowOf(servers, "rude")).toHaveTextContent("Last refresh failed: HTTP 500");
      expect(age("never")).toHaveTextContent(/^Never$/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("selects every shown server at once, and only those", async () => {
    installFakeBackend({ servers: [server("web-1"), server("web-2"), server("db-1")] });
    const user = userEvent.setup();
    renderApp();
    const servers = await table();
    const refreshSelected = screen.getByRole("button", { name: /Refresh selected/ });
    expect(refreshSelected).toBeDisabled();

    await user.type(screen.getByRole("searchbox", { name: "Search servers" }), "web");
    await waitFor(() => {
      expect(names(servers)).toEqual(["web-1", "web-2"]);
    });
    await user.click(within(servers).getByRole("checkbox", { name: "Select all shown servers" }));
    expect(within(servers).getByRole("checkbox", { name: "Select web-1" })).toBeChecked();
    expect(within(servers).getByRole("checkbox", { name: "Select web-2" })).toBeChecked();
    expect(screen.getByRole("button", { name: "Refresh selected (2)" })).toBeEnabled();

    await user.clear(screen.getByRole("searchbox", { name: "Search servers" }));
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

  it("keeps a page of servers to the rows in view, and brings in others on scroll", async () => {
    const many = Array.from({ length: 5000 }, (_, i) => server(`srv-${String(i).padStart(5, "0")}`));
    installFakeBackend({ servers: many });
    const user = userEvent.setup();
    renderApp();
    const servers = await table();
    // The row count is of every server matching, so assistive technology knows where a page stands.
    expect(servers).toHaveAttribute("aria-rowcount", "5001");
    const shown = within(servers).getAllByRole("rowheader");
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(100);
    expect(rowOf(servers, "srv-00000")).toHaveAttribute("aria-rowindex", "2");

    const scroller = servers.parentElement;
    if (!scroller) throw new Error("no scroll box");
    scroller.scrollTop = 40 * 150;
    fireEvent.scroll(scroller);
    expect(await within(servers).findByRole("rowheader", { name: "srv-00150" })).toBeInTheDocument();
    expect(rowOf(servers, "srv-00150")).toHaveAttribute("aria-rowindex", "152");
    expect(within(servers).queryByRole("rowheader", { name: "srv-00000" })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Next page" }));
    await waitFor(() => {
      expect(scroller.scrollTop).toBe(0);
    });
    // A browser reports the move back to the top as a scroll; jsdom does not.
    fireEvent.scroll(scroller);
    await within(servers).findByRole("rowheader", { name: "srv-00200" });
    expect(rowOf(servers, "srv-00200")).toHaveAttribute("aria-rowindex", "202");
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
