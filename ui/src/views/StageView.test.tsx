import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { ServerQuery, ServerSummary } from "../ipc";
import { fakeServer, installFakeBackend, type FakeBackend } from "../ipc/testing";
import { renderApp } from "../test/render";

function server(name: string, change: Partial<ServerSummary> = {}): ServerSummary {
  return { ...fakeServer(name, "inventory"), ...change };
}

function many(count: number): ServerSummary[] {
  return Array.from({ length: count }, (_, i) => server(`srv-${String(i).padStart(5, "0")}`));
}

function queries(backend: FakeBackend): ServerQuery[] {
  return backend.calls.filter((c) => c.cmd === "query_servers").map((c) => (c.args as { query: ServerQuery }).query);
}

function lastQuery(backend: FakeBackend): ServerQuery | undefined {
  return queries(backend).at(-1);
}

const firstPage: ServerQuery = {
  tab: "inventory",
  stage: null,
  text: null,
  eoslWithinDays: null,
  warrantyWithinDays: null,
  offset: 0,
  limit: 200,
};

function names() {
  const table = screen.getByRole("table", { name: "Servers on this tab" });
  return within(table)
    .getAllByRole("rowheader")
    .map((c) => c.textContent);
}

function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe("a stage tab", () => {
  it("asks the backend for one page at a time and pages through the rest", async () => {
    const backend = installFakeBackend({ servers: many(450) });
    const user = userEvent.setup();
    renderApp();
    expect(await screen.findByText("Showing 1–200 of 450")).toBeInTheDocument();
    expect(lastQuery(backend)).toEqual(firstPage);
    const previous = screen.getByRole("button", { name: "Previous page" });
    const next = screen.getByRole("button", { name: "Next page" });
    expect(previous).toBeDisabled();

    await user.click(next);
    expect(await screen.findByText("Showing 201–400 of 450")).toBeInTheDocument();
    expect(lastQuery(backend)).toEqual({ ...firstPage, offset: 200 });
    await user.click(next);
    expect(await screen.findByText("Showing 401–450 of 450")).toBeInTheDocument();
    expect(next).toBeDisabled();
    await user.click(previous);
    expect(await screen.findByText("Showing 201–400 of 450")).toBeInTheDocument();
    // The backend was never asked for the whole tab.
    expect(queries(backend).every((q) => q.limit === 200)).toBe(true);
  });

  it("goes back to the last page there is when the servers on the one shown left the tab", async () => {
    // With no BMCs, Refresh all has nothing to ask and only reads the lists again.
    const backend = installFakeBackend({ servers: many(210).map((s) => ({ ...s, bmcId: null })) });
    const user = userEvent.setup();
    renderApp();
    await screen.findByText("Showing 1–200 of 210");
    await user.click(screen.getByRole("button", { name: "Next page" }));
    await screen.findByText("Showing 201–210 of 210");
    // Moved to Building elsewhere (rackctl, or another window), then the lists are read again.
    for (const s of backend.servers.slice(200)) s.stage = "building";
    await user.click(screen.getByRole("button", { name: "Refresh all" }));
    expect(await screen.findByText("Showing 1–200 of 200")).toBeInTheDocument();
    expect(lastQuery(backend)).toEqual(firstPage);
  });

  it("searches through the backend once typing pauses, from the first page", async () => {
    const backend = installFakeBackend({
      servers: [...many(450), server("web-1", { model: "R750" }), server("web-2"), server("db-1", { assetTag: "WEB-TAG" })],
    });
    const user = userEvent.setup();
    renderApp();
    await screen.findByText("Showing 1–200 of 453");
    await user.click(screen.getByRole("button", { name: "Next page" }));
    await screen.findByText("Showing 201–400 of 453");

    await user.type(screen.getByRole("searchbox", { name: "Search servers" }), "web");
    expect(await screen.findByText("Showing 1–3 of 3")).toBeInTheDocument();
    expect(names()).toEqual(["db-1", "web-1", "web-2"]);
    expect(lastQuery(backend)).toEqual({ ...firstPage, text: "web" });
    // The keys of one word typed quickly are one question, not one per key.
    expect(queries(backend).some((q) => q.text === "w" || q.text === "we")).toBe(false);

    await user.type(screen.getByRole("searchbox", { name: "Search servers" }), "-9");
    expect(await screen.findByText("No servers on this tab match the search and filter.")).toBeInTheDocument();
    expect(screen.queryByRole("table", { name: "Servers on this tab" })).not.toBeInTheDocument();
    expect(screen.getByRole("searchbox", { name: "Search servers" })).toHaveValue("web-9");
  });

  it("narrows to servers whose end of support is near or past", async () => {
    const backend = installFakeBackend({
      servers: [
        server("past", { dates: { receivedOn: null, warrantyEnd: null, eoslOn: daysFromNow(-30) } }),
        server("soon", { dates: { receivedOn: null, warrantyEnd: null, eoslOn: daysFromNow(60) } }),
        server("later", { dates: { receivedOn: null, warrantyEnd: null, eoslOn: daysFromNow(300) } }),
        server("unknown"),
      ],
    });
    const user = userEvent.setup();
    renderApp();
    await screen.findByText("Showing 1–4 of 4");
    await user.selectOptions(screen.getByRole("combobox", { name: "End of support (EOSL) within" }), "180 days (or past)");
    expect(await screen.findByText("Showing 1–2 of 2")).toBeInTheDocument();
    expect(names()).toEqual(["past", "soon"]);
    expect(lastQuery(backend)).toEqual({ ...firstPage, eoslWithinDays: 180 });
  });

  it("exports every server the search matches, not only the page, and says where it went", async () => {
    const backend = installFakeBackend({ servers: [...many(250), server("web-1"), server("web-2")] });
    const user = userEvent.setup();
    renderApp();
    await screen.findByText("Showing 1–200 of 252");
    await user.click(screen.getByRole("button", { name: "Export JSON" }));
    expect(await screen.findByText(/^Saved 252 servers to \/home\/alice\/Downloads\/racksmith-inventory-.*\.json$/)).toBeInTheDocument();

    await user.type(screen.getByRole("searchbox", { name: "Search servers" }), "web");
    await screen.findByText("Showing 1–2 of 2");
    await user.click(screen.getByRole("button", { name: "Export CSV" }));
    expect(await screen.findByText(/^Saved 2 servers to .*\.csv$/)).toBeInTheDocument();
    const exported = backend.calls.filter((c) => c.cmd === "export_inventory").map((c) => c.args);
    expect(exported.at(-1)).toEqual({ query: { ...firstPage, text: "web", offset: 0, limit: null }, format: "csv" });
    expect(backend.audit.at(-1)).toMatchObject({ action: "export", outcome: "ok", detail: "2 servers" });
  });

  it("explains a failed export", async () => {
    installFakeBackend({
      servers: [server("a")],
      failOnce: { export_inventory: { code: "database", message: "disk full" } },
    });
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByRole("button", { name: "Export CSV" }));
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The export failed" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("database: disk full");
    await waitFor(() => {
      expect(screen.getByRole("button", { name: "Export CSV" })).toBeEnabled();
    });
  });
});
