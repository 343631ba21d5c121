import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { formatFor } from "../../i18n/format";
import { fakeBackendRecord, fakeBackends, fakeIronicNodes, type FakeBackends } from "../../ipc/fakeBackends";
import { installFakeBackend } from "../../ipc/testing";
import { renderAppAndChooseLanguage } from "../../test/render";
import { openAddDialog, openSection } from "./backendsTesting";

const url = "http://127.0.0.1:6385";

function withBackends(change: Partial<FakeBackends>, snapshot = false) {
  const backend = installFakeBackend({ backends: fakeBackends(change) });
  if (snapshot) backend.info.snapshot = { label: "inv.json", exportedAt: "2026-11-24T10:00:00Z", exportedBy: "bob", servers: 0 };
  return backend;
}

/** A gate the fake's sync waits at until the test opens it. */
function gate() {
  let open = () => {};
  const closed = new Promise<void>((resolve) => {
    open = resolve;
  });
  // The executor has run by now, so open is the promise's resolve.
  return { wait: () => closed, open };
}

describe("backends in Settings", () => {
  it("says servers are reached through their BMCs while there is no backend", async () => {
    withBackends({});
    const section = await openSection();
    expect(await within(section).findByText("No backends. Servers are reached through their BMCs directly.")).toBeInTheDocument();
    expect(within(section).queryByRole("table")).not.toBeInTheDocument();
  });

  it("lists each backend with its API version, sign-in and last sync", async () => {
    const syncedAt = "2026-11-24T10:00:00Z";
    withBackends({
      records: [fakeBackendRecord(url, { syncedAt }), fakeBackendRecord("https://ironic.dc2.example:6385", { apiVersion: "1.99" })],
    });
    const section = await openSection();
    const table = await within(section).findByRole("table", { name: "Connected backends" });
    const [first, second] = within(table).getAllByRole("row").slice(1);
    if (!first || !second) throw new Error("expected two backend rows");

    expect(within(first).getByRole("rowheader")).toHaveTextContent(url);
    expect(within(first).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "OpenStack Ironic",
      "1.115",
      "None",
      formatFor("en").dateTime(syncedAt),
      "Sync now",
    ]);
    expect(within(second).getByRole("rowheader")).toHaveTextContent("https://ironic.dc2.example:6385");
    expect(within(second).getByRole("cell", { name: "1.99" })).toBeInTheDocument();
    expect(within(second).getByRole("cell", { name: "Never" })).toBeInTheDocument();
    expect(within(second).getByRole("button", { name: "Sync now" })).toBeEnabled();
  });

  it("refuses a URL without http:// or https:// before asking the backend", async () => {
    const backend = withBackends({ network: { [url]: { apiVersion: "1.115", nodes: [] } } });
    const user = userEvent.setup();
    const dialog = await openAddDialog(user, await openSection());
    const field = within(dialog).getByLabelText("Ironic API URL");
    expect(field).toHaveAttribute("placeholder", url);
    expect(within(dialog).getByRole("radio", { name: "No authentication (standalone Ironic)" })).toBeChecked();

    await user.type(field, "127.0.0.1:6385");
    await user.click(within(dialog).getByRole("button", { name: "Add" }));
    expect(within(dialog).getByRole("alert")).toHaveTextContent(
      "Write the URL starting with http:// or https://, for example http://127.0.0.1:6385.",
    );
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(backend.calls.some((c) => c.cmd === "add_ironic_backend")).toBe(false);

    // Fixing it takes the complaint away at once.
    await user.clear(field);
    await user.type(field, url);
    expect(within(dialog).queryByRole("alert")).not.toBeInTheDocument();
    expect(field).toHaveAttribute("aria-invalid", "false");
  });

  it("shows why the backend refused the Ironic, in its own words, and stays open", async () => {
    const backend = withBackends({});
    const user = userEvent.setup();
    const dialog = await openAddDialog(user, await openSection());
    await user.type(within(dialog).getByLabelText("Ironic API URL"), "http://10.9.9.9:6385{Enter}");

    const alert = await within(dialog).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "The Ironic could not be added" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("http://10.9.9.9:6385: Ironic did not answer (connection refused)");
    expect(alert).toHaveTextContent("bmc_unreachable");
    expect(backend.calls.filter((c) => c.cmd === "add_ironic_backend").map((c) => c.args)).toEqual([
      { url: "http://10.9.9.9:6385", signIn: { kind: "none" } },
    ]);
    expect(screen.getByRole("dialog", { name: "Add an OpenStack Ironic" })).toBeInTheDocument();
    expect(backend.backends.records).toEqual([]);
  });

  it("adds a standalone Ironic and lists it, never synced", async () => {
    const backend = withBackends({ network: { [url]: { apiVersion: "1.115", nodes: [] } } });
    const user = userEvent.setup();
    const section = await openSection();
    await within(section).findByText(/No backends/);
    const dialog = await openAddDialog(user, section);
    await user.type(within(dialog).getByLabelText("Ironic API URL"), `${url}/`);
    await user.click(within(dialog).getByRole("button", { name: "Add" }));

    await waitFor(() => {
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    });
    expect(within(section).getByRole("status")).toHaveTextContent(`Added ${url} (API 1.115).`);
    const row = await within(section).findByRole("row", { name: new RegExp(url) });
    expect(within(row).getByRole("cell", { name: "Never" })).toBeInTheDocument();
    expect(backend.backends.records.map((r) => r.url)).toEqual([url]);
    expect(backend.audit.at(-1)).toMatchObject({ action: "backend_add", target: url, outcome: "ok" });
  });

  it("syncs a backend: the button waits, then the counts, and the tabs count the new servers", async () => {
    const sync = gate();
    const nodes = fakeIronicNodes(997);
    const backend = withBackends({
      records: [fakeBackendRecord(url)],
      network: { [url]: { apiVersion: "1.115", nodes } },
      syncGate: sync.wait,
    });
    const user = userEvent.setup();
    const section = await openSection();
    const row = await within(section).findByRole("row", { name: new RegExp(url) });

    await user.click(within(row).getByRole("button", { name: "Sync now" }));
    const running = within(row).getByRole("button", { name: "Syncing…" });
    expect(running).toBeDisabled();
    expect(within(row).getByRole("cell", { name: "Never" })).toBeInTheDocument();
    sync.open();

    const status = within(section).getByRole("status");
    await waitFor(() => {
      expect(status).toHaveTextContent(`Synced ${url} — 997 nodes: 997 added, 0 updated, 0 moved, 0 unchanged (API 1.115).`);
    });
    expect(within(row).getByRole("button", { name: "Sync now" })).toBeEnabled();
    expect(within(row).queryByRole("cell", { name: "Never" })).not.toBeInTheDocument();
    const nav = screen.getByRole("navigation");
    await waitFor(() => {
      expect(within(nav).getByRole("link", { name: /^Inventory/ })).toHaveTextContent("997");
    });

    // Ironic moves one node to Building, powers two on and enrols three more.
    const [moved, on1, on2] = nodes;
    if (!moved || !on1 || !on2) throw new Error("expected nodes");
    moved.stage = "building";
    on1.powerState = "On";
    on2.powerState = "On";
    nodes.push(...fakeIronicNodes(1000).slice(997));
    await user.click(within(row).getByRole("button", { name: "Sync now" }));
    await waitFor(() => {
      expect(status).toHaveTextContent("1,000 nodes: 3 added, 2 updated, 1 moved, 994 unchanged (API 1.115)");
    });
    await waitFor(() => {
      expect(within(nav).getByRole("link", { name: /^Building/ })).toHaveTextContent("1");
    });
    expect(backend.calls.filter((c) => c.cmd === "sync_backend").map((c) => c.args)).toEqual([
      { backendId: fakeBackendRecord(url).id },
      { backendId: fakeBackendRecord(url).id },
    ]);
  });

  it("shows a failed sync in the backend's words", async () => {
    withBackends({ records: [fakeBackendRecord(url)] });
    const user = userEvent.setup();
    const section = await openSection();
    const row = await within(section).findByRole("row", { name: new RegExp(url) });
    await user.click(within(row).getByRole("button", { name: "Sync now" }));
    const alert = await within(section).findByRole("alert");
    expect(within(alert).getByRole("heading", { name: `${url} could not be synced` })).toBeInTheDocument();
    expect(alert).toHaveTextContent(`${url}: Ironic did not answer (connection refused)`);
    expect(within(row).getByRole("button", { name: "Sync now" })).toBeEnabled();
  });

  it("adds and syncs nothing while a snapshot is under review", async () => {
    withBackends({ records: [fakeBackendRecord(url)] }, true);
    const section = await openSection();
    const row = await within(section).findByRole("row", { name: new RegExp(url) });
    expect(within(row).getByRole("button", { name: "Sync now" })).toBeDisabled();
    expect(within(section).getByRole("button", { name: "Add Ironic…" })).toBeDisabled();
  });

  it("speaks Japanese", async () => {
    withBackends({ records: [fakeBackendRecord(url)] });
    const user = userEvent.setup();
    await renderAppAndChooseLanguage(user, "ja");
    const section = await screen.findByRole("region", { name: "バックエンド" });
    const row = await within(section).findByRole("row", { name: new RegExp(url) });
    expect(within(row).getByRole("cell", { name: "認証なし" })).toBeInTheDocument();
    expect(within(row).getByRole("cell", { name: "未同期" })).toBeInTheDocument();
    expect(within(row).getByRole("button", { name: "今すぐ同期" })).toBeInTheDocument();
    await user.click(within(section).getByRole("button", { name: "Ironic を追加…" }));
    const dialog = screen.getByRole("dialog", { name: "OpenStack Ironic の追加" });
    await user.type(within(dialog).getByLabelText("Ironic API の URL"), "ironic:6385");
    await user.click(within(dialog).getByRole("button", { name: "追加" }));
    expect(within(dialog).getByRole("alert")).toHaveTextContent("URL は http:// または https:// で始めてください");
  });
});
