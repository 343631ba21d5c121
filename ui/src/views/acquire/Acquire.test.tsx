import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { ServerQuery, ServerSummary } from "../../ipc";
import { fakeFacts, fakeServer, installFakeBackend, type FakeBackend } from "../../ipc/testing";
import { renderApp } from "../../test/render";

function lastQuery(backend: FakeBackend): ServerQuery | undefined {
  return backend.calls
    .filter((c) => c.cmd === "query_servers")
    .map((c) => (c.args as { query: ServerQuery }).query)
    .at(-1);
}

function names() {
  const table = screen.getByRole("table", { name: "Servers on this tab" });
  return within(table)
    .getAllByRole("rowheader")
    .map((c) => c.textContent);
}

async function select(user: UserEvent, picked: readonly string[]) {
  const table = await screen.findByRole("table", { name: "Servers on this tab" });
  for (const name of picked) await user.click(within(table).getByRole("checkbox", { name: `Select ${name}` }));
}

function stock(name: string, change: Partial<ServerSummary> = {}): ServerSummary {
  return { ...fakeServer(name, "inventory"), ...change };
}

describe("acquiring servers from Inventory", () => {
  it("sends the hardware filters in the query and lists only the servers that match", async () => {
    const big = fakeFacts();
    big.hardware.cpuCount = 4;
    big.hardware.memoryGib = 1024;
    big.hardware.drives = [...big.hardware.drives, ...big.hardware.drives];
    const backend = installFakeBackend({
      servers: [
        stock("big-1", { model: "R750" }),
        stock("big-2", { model: "R750", location: { site: "DC2", room: null, rack: "R09", rackUnit: 3 } }),
        stock("small-1", { model: "R750" }),
        stock("other-1", { model: "R650" }),
      ],
      facts: { "id-big-1": big, "id-big-2": big, "id-small-1": fakeFacts(), "id-other-1": big },
    });
    const user = userEvent.setup();
    renderApp();
    const filters = await screen.findByRole("group", { name: "Filter by hardware" });
    await user.type(within(filters).getByRole("textbox", { name: "Model" }), "r750");
    await user.type(within(filters).getByRole("textbox", { name: "Location (site, room or rack)" }), "dc1");
    await user.type(within(filters).getByRole("spinbutton", { name: "Minimum CPUs" }), "4");
    await user.type(within(filters).getByRole("spinbutton", { name: "Minimum memory (GiB)" }), "512");
    await user.type(within(filters).getByRole("spinbutton", { name: "Minimum drives" }), "2");
    await waitFor(() => {
      expect(lastQuery(backend)).toEqual({
        tab: "inventory",
        stage: null,
        text: null,
        eoslWithinDays: null,
        warrantyWithinDays: null,
        model: "r750",
        location: "dc1",
        minCpus: 4,
        minMemoryGib: 512,
        minDrives: 2,
        offset: 0,
        limit: 200,
      });
    });
    await waitFor(() => {
      expect(names()).toEqual(["big-1"]);
    });

    // Export takes the same filters.
    await user.click(screen.getByRole("button", { name: "Export CSV" }));
    const exported = backend.calls.find((c) => c.cmd === "export_inventory")?.args as { query: ServerQuery };
    expect(exported.query).toMatchObject({ model: "r750", minCpus: 4, minDrives: 2 });
  });

  it("moves the selected servers to Building after saying nothing is sent to the BMC, and names a refusal", async () => {
    const backend = installFakeBackend({
      servers: [stock("inv-1"), stock("inv-2"), stock("old-1", { stage: "retired" }), stock("inv-3")],
    });
    const user = userEvent.setup();
    renderApp();
    await select(user, ["inv-1", "inv-2", "old-1"]);
    await user.click(screen.getByRole("button", { name: "Move to Building" }));
    const confirm = screen.getByRole("dialog", { name: "Move 3 servers to Building?" });
    expect(confirm).toHaveTextContent("Nothing is sent to the BMC.");
    expect(confirm).toHaveTextContent("The power is not changed and the server is not rebooted.");
    expect(within(confirm).getByRole("list", { name: "The servers selected" })).toHaveTextContent("inv-1inv-2old-1");
    expect(backend.calls.some((c) => c.cmd === "move_stage")).toBe(false);

    await user.click(within(confirm).getByRole("button", { name: "Move 3 servers to Building" }));
    const refused = await within(confirm).findByRole("alert");
    expect(refused).toHaveTextContent("Moved 2 of 3 servers to Building.");
    expect(within(refused).getByRole("list", { name: "Servers not moved" })).toHaveTextContent(
      "old-1: The server's stage does not allow this. old-1 cannot move from Retired to Building",
    );
    expect(backend.servers.map((s) => `${s.name}:${s.stage}`)).toEqual([
      "inv-1:building",
      "inv-2:building",
      "old-1:retired",
      "inv-3:inventory",
    ]);
    await user.click(within(confirm).getByRole("button", { name: "Close" }));
    expect(screen.getByText("Moved 2 of 3 servers to Building.")).toBeInTheDocument();
    await waitFor(() => {
      expect(names()).toEqual(["inv-3", "old-1"]);
    });
  });

  it("moves one server with the same question as its own page, and says so once done", async () => {
    const backend = installFakeBackend({ servers: [stock("inv-1"), stock("inv-2")] });
    const user = userEvent.setup();
    renderApp();
    await select(user, ["inv-1"]);
    await user.click(screen.getByRole("button", { name: "Move to Building" }));
    const confirm = screen.getByRole("dialog", { name: "Move inv-1 to Building?" });
    await user.click(within(confirm).getByRole("button", { name: "Move to Building" }));
    expect(await screen.findByText("Moved inv-1 to Building.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(backend.audit.map((e) => `${e.action}:${e.target ?? ""}:${e.outcome}`)).toEqual(["stage_move:inv-1:ok"]);
  });
});
