// The fake backend's OpenStack Ironic backends, as src-tauri/crates/core/src/backends.rs
// (added once the API answers, synced node by node) and inventory's backends.rs
// (a node new, moved to another stage, changed, or the same) answer them. A node
// here carries the stage its provision state means already: the mapping is the
// lifecycle crate's, and tested there. A Keystone in front of an Ironic signs
// users in as the ironic crate's keystone.rs asks it to.
import type {
  AppError,
  BackendRecord,
  IronicNodeLink,
  IronicRequest,
  IronicSignIn,
  ServerSummary,
  Stage,
  SyncCounts,
  SyncReport,
} from "./bindings";
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

/** A Keystone the fake network answers for: who may sign in, and with what. */
export interface FakeKeystone {
  /** Password by user name (in any domain, with any project or system scope). */
  users: Record<string, string>;
  /** Secret by application credential id. */
  applicationCredentials: Record<string, string>;
}

export const fakeKeystoneUser = { user: "racksmith", password: "right-password" } as const;
export const fakeApplicationCredential = { id: "3f2a9c71d4e84b0f9a6b5c2d1e0f7a8b", secret: "right-secret" } as const;

/** A Keystone that knows the fake user and application credential above. */
export function fakeKeystone(change: Partial<FakeKeystone> = {}): FakeKeystone {
  return {
    users: { [fakeKeystoneUser.user]: fakeKeystoneUser.password },
    applicationCredentials: { [fakeApplicationCredential.id]: fakeApplicationCredential.secret },
    ...change,
  };
}

export interface FakeBackends {
  /** As the store keeps them, oldest first. */
  records: BackendRecord[];
  /** What answers at each URL (no trailing slash); any other URL refuses connections. */
  network: Record<string, FakeIronic>;
  /** What answers at each Keystone URL, as the user writes it (with or without /v3);
   *  any other refuses connections. */
  keystones: Record<string, FakeKeystone>;
  /** The OS keyring: each backend's Keystone secret by account (ironic/<id>), never in its record. */
  keyring: Record<string, string>;
  /** The server each synced node became, by backend id, then node uuid. */
  synced: Record<string, Record<string, string>>;
  /** Awaited before a sync reads the nodes, so a test can look at a sync running. */
  syncGate?: (backendId: string) => Promise<void>;
}

export function fakeBackends(change: Partial<FakeBackends> = {}): FakeBackends {
  return { records: [], network: {}, keystones: {}, keyring: {}, synced: {}, ...change };
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
/** What a move asks of Ironic, as lifecycle's ironic_route.rs `requests` says. */
export function ironicRequests(from: Stage, to: Stage): IronicRequest[] {
  if (to === "maintenance_operator") return ["maintenance_on"];
  if (from === "maintenance_operator") return ["maintenance_off"];
  if (from === "inventory" && to === "building") return ["manage"];
  if (from === "building" && to === "in_service") return ["provide", "deploy"];
  if (from === "inventory" && to === "retired") return ["retire"];
  return [];
}

/** The Ironic node a synced server is, as server_detail names it. */
export function ironicLinkOf(backends: FakeBackends, serverId: string): IronicNodeLink | null {
  for (const [backendId, links] of Object.entries(backends.synced)) {
    const node = Object.entries(links).find(([, id]) => id === serverId)?.[0];
    const record = backends.records.find((r) => r.id === backendId);
    if (node !== undefined && record) return { backendId, url: record.url, node };
  }
  return null;
}

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
    caBundle: null,
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

  // The Keystone behind a URL, which may be written with or without /v3 (as keystone.rs
  // builds its tokens URL), and a token from it or Keystone's refusal.
  const signInTo = (stored: StoredSignIn, secret: string | null) => {
    if (stored.kind === "none") return;
    const url = tokensUrl(stored.authUrl);
    const found = Object.entries(state().keystones).find(([at]) => tokensUrl(at) === url);
    const keystone = found?.[1] ?? fail("bmc_unreachable", `${url}: Keystone did not answer (connection refused)`);
    const expected = stored.kind === "password" ? keystone.users[stored.user] : keystone.applicationCredentials[stored.id];
    if (expected === undefined || expected !== secret) {
      fail("login_refused", `${url}: Keystone refused the sign-in (HTTP 401): The request you have made requires authentication.`);
    }
  };

  const addIronic = (given: string, signIn: IronicSignIn | undefined): BackendRecord => {
    refuseInSnapshot();
    const url = given.trim().replace(/\/+$/, "");
    if (!/^https?:\/\//.test(url)) fail("invalid_input", `${url} is not an http:// or https:// URL`);
    const [stored, secret] = split(signIn ?? fail("invalid_input", "the sign-in is missing"), fail);
    signInTo(stored, secret);
    const ironic = answering(url);
    if (state().records.some((r) => r.url === url)) fail("conflict", `a backend at ${url} is added already`);
    const id = `backend-${String(state().records.length + 1)}`;
    // The secret goes to the keyring; the record keeps only where to find it.
    let secretRef: string | null = null;
    if (secret !== null) {
      state().keyring[`ironic/${id}`] = secret;
      secretRef = `keyring:ironic/${id}`;
    }
    const record: BackendRecord = {
      ...fakeBackendRecord(url),
      id,
      auth: JSON.stringify(stored),
      secretRef,
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
      params: { kind: "ironic", auth: auditNames[stored.kind], apiVersion: ironic.apiVersion },
      outcome: "ok",
      detail: null,
    });
    return { ...record };
  };

  // As Core::ironic signs in before each sync: the stored half and the keyring's secret.
  const signInFor = (record: BackendRecord) => {
    const stored = (() => {
      try {
        return JSON.parse(record.auth) as StoredSignIn;
      } catch (error) {
        return fail("database", `the sign-in of the Ironic at ${record.url} cannot be read: ${String(error)}`);
      }
    })();
    const account = record.secretRef?.replace(/^keyring:/, "");
    const secret = account === undefined ? null : (state().keyring[account] ?? fail("secret_missing", "the Keystone secret is missing"));
    signInTo(stored, secret);
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
    signInFor(record);
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
      add_ironic_backend: (payload) => addIronic(payload.url as string, payload.signIn as IronicSignIn | undefined),
      sync_backend: (payload) => sync(payload.backendId as string),
    },
  };
}

/** The non-secret half of a sign-in, as the backend stores it in BackendRecord.auth. */
type StoredSignIn =
  | { kind: "none" }
  | { kind: "password"; authUrl: string; user: string; userDomain: string; project: string | null; projectDomain: string }
  | { kind: "applicationCredential"; authUrl: string; id: string };

const auditNames: Record<StoredSignIn["kind"], string> = {
  none: "none",
  password: "password",
  applicationCredential: "application_credential",
};

function tokensUrl(authUrl: string): string {
  const base = authUrl.trim().replace(/\/+$/, "");
  return base.endsWith("/v3") ? `${base}/auth/tokens` : `${base}/v3/auth/tokens`;
}

/** The stored half and the secret, checked as IronicSignIn::split checks them. */
function split(signIn: IronicSignIn, fail: FakeBackendsContext["fail"]): [StoredSignIn, string | null] {
  const domain = (d: string | null) => (d === null || d.trim() === "" ? "Default" : d.trim());
  if (signIn.kind === "none") return [{ kind: "none" }, null];
  if (!/^https?:\/\//.test(signIn.authUrl.trim())) fail("invalid_input", "the Keystone URL must start with http:// or https://");
  const authUrl = signIn.authUrl.trim();
  if (signIn.kind === "password") {
    if (signIn.user.trim() === "" || signIn.password === "") fail("invalid_input", "Keystone needs a user name and a password");
    const project = signIn.project?.trim() ?? "";
    return [
      {
        kind: "password",
        authUrl,
        user: signIn.user.trim(),
        userDomain: domain(signIn.userDomain),
        project: project === "" ? null : project,
        projectDomain: domain(signIn.projectDomain),
      },
      signIn.password,
    ];
  }
  if (signIn.id.trim() === "" || signIn.secret === "") fail("invalid_input", "an application credential needs its id and its secret");
  return [{ kind: "applicationCredential", authUrl, id: signIn.id.trim() }, signIn.secret];
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
