// The fake backend's OpenStack Ironic backends, as src-tauri/crates/core/src/backends.rs
// (added once the API answers, synced node by node) and inventory's backends.rs
// (a node new, moved to another stage, changed, or the same) answer them. A node
// here carries the stage its provision state means already: the mapping is the
// lifecycle crate's, and tested there.
import type { AppError, BackendRecord, ServerSummary, Stage, SyncCounts, SyncReport } from "./bindings";
import type { NewAudit } from "./fakeAudit";
import type { FakeCommands } from "./fakeBios";
import type { Role } from "./fakeRules";

/** A node as a sync reads it. */
export interface FakeIronicNode {
  uuid: string;
  name: string;
  stage: Stage;
  powerState: string | null;
  model: string | null;
  serial: string | null;
}

/** An Ironic the fake network answers for: the microversion it agrees, and its nodes. */
export interface FakeIronic {
  apiVersion: string;
  nodes: FakeIronicNode[];
}

export interface FakeBackends {
  /** As the store keeps them, oldest first. */
  records: BackendRecord[];
  /** What answers at each URL (no trailing slash); any other URL refuses connections. */
  network: Record<string, FakeIronic>;
  /** The server each synced node became, by backend id, then node uuid. */
  synced: Record<string, Record<string, string>>;
  /** Awaited before a sync reads the nodes, so a test can look at a sync running. */
  syncGate?: (backendId: string) => Promise<void>;
}

export function fakeBackends(change: Partial<FakeBackends> = {}): FakeBackends {
  return { records: [], network: {}, synced: {}, ...change };
}

/** `count` powered-off nodes named node-0001…, all in the stage given. */
export function fakeIronicNodes(count: number, stage: Stage = "inventory"): FakeIronicNode[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, "0");
    return {
      uuid: `00000000-0000-4000-8000-00000000${n}`,
      name: `node-${n}`,
      stage,
      powerState: "Off",
      model: "fake-hardware",
      serial: `FAKE-${n}`,
    };
  });
}

/** A standalone Ironic as add_ironic_backend stores it, to seed the fake with. */
export function fakeBackendRecord(url: string, change: Partial<BackendRecord> = {}): BackendRecord {
  return {
    id: `backend-${url.replace(/\W+/g, "-")}`,
    kind: "ironic",
    url,
    auth: JSON.stringify({ kind: "none" }),
    secretRef: null,
    apiVersion: "1.115",
    createdAt: "2026-11-20T09:00:00Z",
    syncedAt: null,
    ...change,
  };
}

export interface FakeBackendsContext {
  state: () => FakeBackends;
  servers: () => ServerSummary[];
  now: () => string;
  actor: () => { name: string; role: Role };
  snapshot: () => boolean;
  audit: (entry: NewAudit) => void;
  fail: (code: AppError["code"], message: string) => never;
}

function later(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export function createBackends(context: FakeBackendsContext): { commands: FakeCommands } {
  const { state, fail } = context;

  const refuseInSnapshot = () => {
    if (context.snapshot()) fail("read_only_snapshot", "this is a snapshot opened for review; nothing in it can be changed");
  };

  const answering = (url: string): FakeIronic =>
    state().network[url] ?? fail("bmc_unreachable", `${url}: Ironic did not answer (connection refused)`);

  const addIronic = (given: string): BackendRecord => {
    refuseInSnapshot();
    const url = given.trim().replace(/\/+$/, "");
    if (!/^https?:\/\//.test(url)) fail("invalid_input", `${url} is not an http:// or https:// URL`);
    const ironic = answering(url);
    if (state().records.some((r) => r.url === url)) fail("conflict", `a backend at ${url} is added already`);
    const record: BackendRecord = {
      ...fakeBackendRecord(url),
      id: `backend-${String(state().records.length + 1)}`,
      apiVersion: ironic.apiVersion,
      createdAt: context.now(),
    };
    state().records.push(record);
    const { name, role } = context.actor();
    context.audit({
      actor: name,
      role,
      action: "backend_add",
      target: url,
      params: { kind: "ironic", auth: "none", apiVersion: ironic.apiVersion },
      outcome: "ok",
      detail: null,
    });
    return { ...record };
  };

  // Counted as store.sync_nodes counts: a stage change is a move whatever else changed.
  const syncNode = (backendId: string, node: FakeIronicNode, counts: SyncCounts, at: string) => {
    const links = (state().synced[backendId] ??= {});
    const known = context.servers().find((s) => s.id === links[node.uuid]);
    if (!known) {
      const id = `ironic-${node.uuid}`;
      links[node.uuid] = id;
      context.servers().push(syncedServer(id, node, at));
      counts.added += 1;
      return;
    }
    if (known.stage !== node.stage) {
      Object.assign(known, { stage: node.stage, stageSince: at, powerState: node.powerState, updatedAt: at });
      counts.moved += 1;
    } else if (known.powerState !== node.powerState) {
      Object.assign(known, { powerState: node.powerState, updatedAt: at });
      counts.updated += 1;
    } else {
      counts.unchanged += 1;
    }
  };

  const sync = async (key: string): Promise<SyncReport> => {
    refuseInSnapshot();
    const record = state().records.find((r) => r.id === key || r.url === key) ?? fail("not_found", `there is no backend "${key}"`);
    const ironic = answering(record.url);
    await (state().syncGate?.(record.id) ?? later());
    const at = context.now();
    const counts: SyncCounts = { added: 0, updated: 0, moved: 0, unchanged: 0 };
    for (const node of ironic.nodes) syncNode(record.id, node, counts, at);
    Object.assign(record, { apiVersion: ironic.apiVersion, syncedAt: at });
    const { name, role } = context.actor();
    context.audit({ actor: name, role, action: "backend_sync", target: record.url, params: counts, outcome: "ok", detail: null });
    return { backend: { ...record }, apiVersion: ironic.apiVersion, nodes: ironic.nodes.length, counts };
  };

  return {
    commands: {
      backends: () => state().records.map((r) => ({ ...r })),
      add_ironic_backend: (payload) => addIronic(payload.url as string),
      sync_backend: (payload) => sync(payload.backendId as string),
    },
  };
}

function syncedServer(id: string, node: FakeIronicNode, at: string): ServerSummary {
  return {
    id,
    name: node.name,
    stage: node.stage,
    model: node.model,
    serial: node.serial,
    // Reached through Ironic, not a BMC of its own.
    bmcId: null,
    bmcAddress: null,
    powerState: node.powerState,
    health: null,
    location: { site: null, room: null, rack: null, rackUnit: null },
    assetTag: null,
    refreshedAt: null,
    refreshError: null,
    refreshErrorCode: null,
    unreachable: false,
    updatedAt: at,
    stageSince: at,
    hold: null,
    cleanedAt: null,
    dates: { receivedOn: null, warrantyEnd: null, eoslOn: null },
  };
}
