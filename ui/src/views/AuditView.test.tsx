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
      since: new Date("2026-11-21T00:00:00").toISOString(),
      // The day's last millisecond: the backend compares times, and entries carry fractions.
      until: new Date("2026-11-23T23:59:59.999").toISOString(),
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

  it("takes in the whole of the last day, to the fraction of its last second, and nothing after", async () => {
    window.location.hash = "#/audit";
    const log = seeded();
    const ok = { role: "customer", params: {}, outcome: "ok", detail: null };
    // The backend writes nanoseconds; only the first three digits count when it compares.
    const lastMoment = new Date("2026-11-23T23:59:59.999").toISOString().replace("Z", "876543Z");
    appendAudit(log, { actor: "carol", action: "set_dates", target: "web-1", ...ok }, lastMoment);
    const nextDay = new Date(2026, 10, 24).toISOString();
    appendAudit(log, { actor: "carol", action: "set_dates", target: "web-2", ...ok }, nextDay);
    installFakeBackend({ audit: log });
    const user = userEvent.setup();
    renderApp();
    await entries();
    const form = screen.getByRole("form", { name: "Filter the audit log" });
    await user.type(within(form).getByRole("textbox", { name: "Actor" }), "carol");
    await user.type(within(form).getByLabelText("To (date)"), "2026-11-23");
    await user.click(within(form).getByRole("button", { name: "Apply filters" }));
    await waitFor(async () => {
      expect(seqs(await entries())).toEqual(["4"]);
    });
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

  it("exports every entry the filters match to a file, and says where it went", async () => {
    window.location.hash = "#/audit";
    const backend = installFakeBackend({ audit: seeded() });
    const user = userEvent.setup();
    renderApp();
    await entries();
    const form = screen.getByRole("form", { name: "Filter the audit log" });
    await user.type(within(form).getByRole("textbox", { name: "Actor" }), "bob");
    await user.click(within(form).getByRole("button", { name: "Apply filters" }));
    await waitFor(async () => {
      expect(seqs(await entries())).toEqual(["3", "2"]);
    });

    const group = screen.getByRole("group", { name: /^Export every entry matching these filters/ });
    await user.click(within(group).getByRole("button", { name: "Export CSV" }));
    const saved = /^Saved 2 entries to \/home\/alice\/Downloads\/racksmith-audit-.*\.csv$/;
    expect(await screen.findByText(saved)).toBeInTheDocument();
    const exported = backend.calls.filter((c) => c.cmd === "export_audit").map((c) => c.args);
    const filter: AuditFilter = {
      actor: "bob",
      action: null,
      target: null,
      outcome: null,
      since: null,
      until: null,
      limit: 500,
      beforeSeq: null,
    };
    expect(exported).toEqual([{ filter, format: "csv" }]);
    expect(backend.audit.at(-1)).toMatchObject({ seq: 4, actor: "alice", action: "audit_export", detail: "2 entries" });
  });

  it("explains a failed export", async () => {
    window.location.hash = "#/audit";
    installFakeBackend({ audit: seeded(), failOnce: { export_audit: { code: "database", message: "disk full" } } });
    const user = userEvent.setup();
    renderApp();
    await entries();
    await user.click(screen.getByRole("button", { name: "Export JSON" }));
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The export failed" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("database: disk full");
  });

  it("loads older entries a page at a time, under the ones shown, going back from the oldest", async () => {
    window.location.hash = "#/audit";
    const log = seeded();
    const refresh = { actor: "alice", role: "customer", action: "refresh", outcome: "ok", detail: null };
    for (let i = 4; i <= 520; i++) {
      const target = `srv-${String(i)}`;
      appendAudit(log, { ...refresh, target, params: { serverId: `id-${target}` } }, "2026-11-25T08:00:00Z");
    }
    const backend = installFakeBackend({ audit: log });
    const user = userEvent.setup();
    renderApp();
    const table = await entries();
    let shown = seqs(table);
    expect(shown).toHaveLength(500);
    expect([shown[0], shown.at(-1)]).toEqual(["520", "21"]);
    const status = "The newest 500 entries, No. 520 back to No. 21; older ones load below.";
    expect(screen.getByText(status)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Older entries" }));
    await waitFor(() => {
      expect(seqs(table)).toHaveLength(520);
    });
    expect(auditFilters(backend).map((f) => f.beforeSeq)).toEqual([null, 21]);
    shown = seqs(table);
    expect(shown.slice(498, 502)).toEqual(["22", "21", "20", "19"]);
    expect(shown.at(-1)).toBe("1");
    // The second page was not full: there is nothing older.
    expect(screen.queryByRole("button", { name: "Older entries" })).not.toBeInTheDocument();
    expect(screen.getByText("520 entries")).toBeInTheDocument();

    // An export is written to the log; reading it again keeps both pages, one after the other.
    await user.click(screen.getByRole("button", { name: "Export JSON" }));
    expect(await screen.findByText(/^Saved 520 entries to .*\.json$/)).toBeInTheDocument();
    await waitFor(() => {
      expect(seqs(table)[0]).toBe("521");
    });
    shown = seqs(table);
    expect(shown).toHaveLength(521);
    expect(new Set(shown).size).toBe(521);
    expect(shown.at(-1)).toBe("1");
    expect(auditFilters(backend).slice(2).map((f) => f.beforeSeq)).toEqual([null, 22]);
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
