import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { AuditEntry, AuditFilter } from "../ipc";
import { appendAudit } from "../ipc/fakeAudit";
import { installFakeBackend, type FakeBackend } from "../ipc/testing";
import { renderApp } from "../test/render";

function seeded(): AuditEntry[] {
  const log: AuditEntry[] = [];
  const move = { serverId: "id-web-1", from: "in_service", to: "maintenance_customer", reason: null };
  const ok = { outcome: "ok", detail: null };
  appendAudit(log, { actor: "alice", role: "customer", action: "stage_move", target: "web-1", params: move, ...ok }, "2026-11-20T09:00:00Z");
  appendAudit(
    log,
    {
      actor: "bob",
      role: "customer",
      action: "power_cycle",
      target: "web-2",
      params: { kind: "power", op: "power_cycle" },
      outcome: "refused",
      detail: "reboot_needs_maintenance: web-2 is in service and power_cycle may reboot it",
    },
    "2026-11-22T10:00:00Z",
  );
  appendAudit(log, { actor: "bob", role: "operator", action: "stage_move", target: "db-1", params: {}, ...ok }, "2026-11-24T08:00:00Z");
  return log;
}

function auditFilters(backend: FakeBackend): AuditFilter[] {
  return backend.calls.filter((c) => c.cmd === "audit").map((c) => (c.args as { filter: AuditFilter }).filter);
}

async function entries() {
  return screen.findByRole("table", { name: "Audit log entries, newest first" });
}

function seqs(table: HTMLElement) {
  return within(table)
    .getAllByRole("rowheader")
    .map((c) => c.textContent);
}

describe("the Audit log page", () => {
  it("lists entries newest first, parameters folded away", async () => {
    window.location.hash = "#/audit";
    installFakeBackend({ audit: seeded() });
    const user = userEvent.setup();
    renderApp();
    const table = await entries();
    expect(seqs(table)).toEqual(["3", "2", "1"]);
    const refused = within(table).getAllByRole("row")[2];
    if (!refused) throw new Error("no row 2");
    expect(refused).toHaveTextContent("bobcustomerpower_cycleweb-2Refusedreboot_needs_maintenance: web-2 is in service");
    const params = within(refused).getByText(/"op": "power_cycle"/);
    expect(params).not.toBeVisible();
    await user.click(within(refused).getByText("Show"));
    expect(params).toBeVisible();
    expect(screen.getByText("3 entries")).toBeInTheDocument();
  });

  it("asks the backend with the filters given, dates as whole local days", async () => {
    window.location.hash = "#/audit";
    const backend = installFakeBackend({ audit: seeded() });
    const user = userEvent.setup();
    renderApp();
    await entries();
    const form = screen.getByRole("form", { name: "Filter the audit log" });
    await user.type(within(form).getByRole("textbox", { name: "Actor" }), "bob");
    await user.selectOptions(within(form).getByRole("combobox", { name: "Outcome" }), "Refused");
    await user.type(within(form).getByLabelText("From (date)"), "2026-11-21");
    await user.type(within(form).getByLabelText("To (date)"), "2026-11-23");
    await user.click(within(form).getByRole("button", { name: "Apply filters" }));

    const expected: AuditFilter = {
      actor: "bob",
      action: null,
      target: null,
      outcome: "refused",
      since: new Date("2026-11-21T00:00:00").toISOString().replace(".000Z", "Z"),
      until: new Date("2026-11-23T23:59:59").toISOString().replace(".000Z", "Z"),
      limit: 500,
      beforeSeq: null,
    };
    await waitFor(() => {
      expect(auditFilters(backend).at(-1)).toEqual(expected);
    });
    await waitFor(async () => {
      expect(seqs(await entries())).toEqual(["2"]);
    });

    await user.clear(within(form).getByRole("textbox", { name: "Actor" }));
    await user.type(within(form).getByRole("textbox", { name: "Actor" }), "nobody");
    await user.click(within(form).getByRole("button", { name: "Apply filters" }));
    expect(await screen.findByText("No entries match these filters.")).toBeInTheDocument();

    await user.click(within(form).getByRole("button", { name: "Clear filters" }));
    await waitFor(async () => {
      expect(seqs(await entries())).toEqual(["3", "2", "1"]);
    });
    expect(within(form).getByRole("textbox", { name: "Actor" })).toHaveValue("");
  });

  it("verifies the chain: intact, then broken where an entry was changed", async () => {
    window.location.hash = "#/audit";
    const backend = installFakeBackend({ audit: seeded() });
    const user = userEvent.setup();
    renderApp();
    const integrity = await screen.findByRole("region", { name: "Integrity" });
    await user.click(within(integrity).getByRole("button", { name: "Verify chain" }));
    expect(await within(integrity).findByText("The chain is intact: 3 entries verified.")).toBeInTheDocument();

    // Someone edits the database by hand to hide a refusal.
    const forged = backend.audit[1];
    if (forged) forged.outcome = "ok";
    await user.click(within(integrity).getByRole("button", { name: "Verify chain" }));
    const alert = await within(integrity).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The chain is broken at entry 2" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("entry 2 was changed after it was written");
    expect(within(integrity).queryByText(/The chain is intact/)).not.toBeInTheDocument();
  });

  it("copies the entries shown as JSON or CSV", async () => {
    window.location.hash = "#/audit";
    installFakeBackend({ audit: seeded() });
    const user = userEvent.setup();
    renderApp();
    await entries();
    await user.click(screen.getByRole("button", { name: "Copy as JSON" }));
    expect(await screen.findByText("Copied 3 entries as JSON.")).toBeInTheDocument();
    const copied = JSON.parse(await navigator.clipboard.readText()) as AuditEntry[];
    expect(copied.map((e) => e.seq)).toEqual([3, 2, 1]);

    await user.click(screen.getByRole("button", { name: "Copy as CSV" }));
    expect(await screen.findByText("Copied 3 entries as CSV.")).toBeInTheDocument();
    const lines = (await navigator.clipboard.readText()).trim().split("\r\n");
    expect(lines[0]).toBe("seq,at,actor,role,action,target,outcome,detail,params,prevHash,hash");
    expect(lines[2]).toMatch(/^2,2026-11-22T10:00:00Z,bob,customer,power_cycle,web-2,refused,reboot_needs_maintenance: /);
    // Parameters are JSON, quoted the CSV way.
    expect(lines[2]).toContain(',"{""kind"":""power"",""op"":""power_cycle""}",');
  });

  it("says when nothing is recorded yet, and looks again on Apply", async () => {
    window.location.hash = "#/audit";
    const backend = installFakeBackend();
    const user = userEvent.setup();
    renderApp();
    expect(await screen.findByText(/Nothing has been recorded yet/)).toBeInTheDocument();
    backend.audit = seeded();
    await user.click(screen.getByRole("button", { name: "Apply filters" }));
    expect(seqs(await entries())).toEqual(["3", "2", "1"]);
  });
});
