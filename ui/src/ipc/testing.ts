// A fake backend behind Tauri's own IPC mock, for UI tests: the generated bindings
// and this folder's error handling run for real; only the Rust side is replaced.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";

import type {
  AddBmcRequest,
  AppError,
  AppInfo,
  AuditEntry,
  AuditFilter,
  BmcView,
  CertificateView,
  ExportFormat,
  ImportReport,
  ImportRequest,
  ImportRowReport,
  JobEvent,
  JobRequest,
  JobServer,
  LabEnrolReport,
  LifecycleDates,
  MoveRequest,
  RaidApply,
  RaidRequest,
  RefreshEvent,
  RefreshOutcome,
  ServerDetail,
  ServerPage,
  ServerQuery,
  ServerSummary,
  Settings,
  Stage,
  StageChange,
  StorageView,
  SystemFacts,
  Tab,
  TabSummary,
} from "./bindings";
import { appendAudit, auditEntries, verifyAudit, type NewAudit } from "./fakeAudit";
import { createBackends, fakeBackends, ironicLinkOf, ironicRequests, type FakeBackends } from "./fakeBackends";
import { fakeBiosCommands, type FakeBios, type FakeSettingsContext } from "./fakeBios";
import { fakeBmcSettings, fakeBmcSettingsCommands, type FakeBmcSettings } from "./fakeBmcSettings";
import { channelSender } from "./fakeChannel";
import { fakeConsoleCommands, fakeConsoles, type FakeConsoles } from "./fakeConsole";
import { createDeletion, fakeDeletions, type FakeDeletions } from "./fakeDeletion";
import { createFirmware, fakeFirmware, type FakeFirmware } from "./fakeFirmware";
import { createJobs, type FakeJob } from "./fakeJobs";
import { createOrders, fakeOrders, type FakeOrders } from "./fakeOrders";
import { acquireMatches, createProfiles, fakeProfiles, type FakeProfiles } from "./fakeProfiles";
import { createRaid } from "./fakeRaid";
import {
  allowedActions,
  allowedMoves,
  checkMove,
  guard,
  plainMoveRefusal,
  unreachableCodes,
  type Role,
} from "./fakeRules";

export type { FakeJob } from "./fakeJobs";

const tabOf: Record<ServerSummary["stage"], Tab> = {
  inventory: "inventory",
  retired: "inventory",
  building: "building",
  in_service: "in_service",
  maintenance_customer: "maintenance",
  maintenance_operator: "maintenance",
  deletion: "deletion",
};

/** A BMC the fake network answers for: the certificate it presents, the systems
 *  it manages and, when set, the only password it accepts. */
export interface FakeNetworkBmc {
  certificate: CertificateView;
  systems: string[];
  password?: string;
}

export interface FakeBackend {
  info: AppInfo;
  settings: Settings;
  servers: ServerSummary[];
  /** Enrolled BMCs, with the certificate each is trusted by. */
  bmcs: BmcView[];
  /** What answers at each BMC address; an address not here refuses connections. */
  network: Record<string, FakeNetworkBmc>;
  /** Facts by server id, as server_detail returns them. */
  facts: Record<string, SystemFacts>;
  /** Refreshing these servers fails with this error. */
  refreshFailures: Record<string, AppError>;
  /** Awaited before each server's refresh ends, so a test can look at progress part-way. */
  refreshGate?: (serverId: string) => Promise<void>;
  /** What demo_lab_ready answers; a pending promise keeps the lab "starting". */
  demoLab: Promise<LabEnrolReport | null> | LabEnrolReport | null;
  /** When set, this command rejects once, then answers normally: with an AppError
   *  as our commands do, or with a string as Tauri does for its own failures. */
  failOnce: Partial<Record<string, AppError | string>>;
  /** When set, startup rejects with this error every time (a profile that cannot open). */
  startupError?: AppError;
  /** The OS user the backend acts as; the role comes from Settings' operator mode. */
  user: string;
  /** Each server's stage changes, newest first. */
  stageChanges: Record<string, StageChange[]>;
  /** Newest first, as the jobs command lists them. */
  jobs: FakeJob[];
  /** A job's part on these servers fails with this error. */
  jobFailures: Record<string, AppError>;
  /** Awaited before each server's part of a job ends. */
  jobGate?: (serverId: string) => Promise<void>;
  /** How many servers a job works on at once. */
  jobConcurrency: number;
  /** Build profiles, and what preflight answers per server. */
  profiles: FakeProfiles;
  /** Each server's BIOS and BMC settings, by server id; a server not here gets the
   *  fake's defaults (fakeBios, fakeBmcSettings) when first asked for. */
  bios?: Record<string, FakeBios>;
  bmcSettings?: Record<string, FakeBmcSettings>;
  /** The hash-chained log, oldest first; tests may forge an entry. */
  audit: AuditEntry[];
  /** The profile's servers, put aside while a snapshot is shown instead. */
  profileServers: ServerSummary[] | null;
  /** The KVM console, virtual media and BMC access: sessions, inputs received, media per server. */
  consoles: FakeConsoles;
  /** Storage controllers by server id, as the storage command reads them; changed by apply_raid. */
  storage: Record<string, StorageView[]>;
  /** Scheduled orders and the runs their occurrences have had. */
  orders: FakeOrders;
  /** Each server's firmware, the baseline file and the firmware file picker's answer;
   *  maintenance jobs' firmware tasks change the versions. */
  firmware: FakeFirmware;
  /** Deletion passes and certificates, the drives each BMC offers for erasing, and
   *  a drive's erase made to fail; start_deletion and resume_deletion run the pipeline. */
  deletion: FakeDeletions;
  /** OpenStack Ironic backends, what answers at each URL, and the nodes each has synced. */
  backends: FakeBackends;
  calls: { cmd: string; args: unknown }[];
}

export function fakeServer(name: string, stage: ServerSummary["stage"]): ServerSummary {
  return {
    id: `id-${name}`,
    name,
    stage,
    model: "R650",
    serial: `SN-${name}`,
    bmcId: `bmc-${name}`,
    bmcAddress: "127.0.0.1:8443",
    powerState: "On",
    health: "OK",
    location: { site: "DC1", room: null, rack: "R01", rackUnit: 1 },
    assetTag: null,
    stageSince: null,
    hold: null,
    cleanedAt: null,
    dates: { receivedOn: null, warrantyEnd: null, eoslOn: null },
    refreshedAt: "2026-11-24T10:00:00Z",
    refreshError: null,
    refreshErrorCode: null,
    unreachable: false,
    updatedAt: "2026-11-24T10:00:00Z",
  };
}

/** A fingerprint in the backend's `AB:CD:…` form, every byte `byte`. */
export function fakeSha256(byte: string): string {
  return Array.from({ length: 32 }, () => byte).join(":");
}

export function fakeCertificate(address: string, sha256: string): CertificateView {
  return {
    address,
    sha256,
    subject: `CN=${address.split(":")[0] ?? address}`,
    issuer: `CN=${address.split(":")[0] ?? address}`,
    notBefore: "2026-01-01T00:00:00Z",
    notAfter: "2036-01-01T00:00:00Z",
    selfSigned: true,
    pinnedSha256: null,
  };
}

export function fakeBmc(id: string, address: string, sha256: string): BmcView {
  return {
    id,
    address,
    username: "root",
    credential: `keyring:${id}`,
    trust: { kind: "pinned", sha256 },
    fromLab: false,
    vendor: "Dell",
    lastContactAt: "2026-11-24T10:00:00Z",
  };
}

export function fakeFacts(readAt = "2026-11-24T10:00:00Z"): SystemFacts {
  return {
    hardware: {
      systemPath: "/redfish/v1/Systems/1",
      manufacturer: "Dell Inc.",
      model: "PowerEdge R650",
      serial: "SN-0001",
      uuid: "4c4c4544-0031-3210-8052-b4c04f315032",
      sku: "7XK1R3",
      hostName: "node-1",
      powerState: "On",
      health: "OK",
      biosVersion: "1.13.2",
      cpuCount: 2,
      cpuModel: "Intel Xeon Gold 6338",
      memoryGib: 512,
      drives: [
        {
          id: "Disk.Bay.0",
          model: "PM1733",
          serial: "S4X1",
          capacityBytes: 3_840_000_000_000,
          mediaType: "SSD",
          protocol: "NVMe",
          health: "OK",
        },
      ],
      nics: [{ id: "NIC.1", mac: "B4:96:91:00:00:01", speedMbps: 25_000, linkStatus: "LinkUp", ipv4: ["10.0.0.11"] }],
      readAt,
    },
    bmc: {
      managerPath: "/redfish/v1/Managers/1",
      vendor: "Dell",
      model: "iDRAC9",
      firmwareVersion: "7.00.00.00",
      nics: [{ id: "BMC.1", mac: "B4:96:91:00:00:FF", speedMbps: 1000, linkStatus: "LinkUp", ipv4: ["10.1.0.11"] }],
      readAt,
    },
    firmware: { items: [{ id: "BIOS", name: "BIOS", version: "1.13.2", updateable: true }], readAt },
    sensors: {
      readings: [{ name: "Inlet Temp", kind: "temperature", reading: 22, units: "Cel", health: "OK" }],
      readAt,
    },
    eventLog: {
      entries: [
        { id: "2", created: "2026-11-24T09:00:00Z", severity: "Warning", message: "Fan 3 speed low" },
        { id: "1", created: "2026-11-20T09:00:00Z", severity: "OK", message: "System powered on" },
      ],
      readAt,
    },
  };
}

/** A finished job to seed the fake with: one row per server name, each in the state given. */
export function fakeJob(
  id: string,
  record: Partial<FakeJob["record"]>,
  rows: [name: string, state: JobServer["state"]][],
): FakeJob {
  return {
    record: {
      id,
      kind: "power_cycle",
      params: JSON.stringify({ kind: "power", op: "power_cycle" }),
      actor: "alice",
      role: "customer",
      state: "partial",
      createdAt: "2026-11-24T09:00:00Z",
      finishedAt: "2026-11-24T09:01:00Z",
      retryOf: null,
      recoveredAt: null,
      ...record,
    },
    servers: rows.map(([name, state]) => ({
      serverId: `id-${name}`,
      serverName: name,
      state,
      step: null,
      error: state === "failed" ? "GET https://10.0.0.9/redfish/v1: no answer within 30 s" : null,
      errorCode: state === "failed" ? "bmc_timeout" : null,
      result: state === "succeeded" ? "power On" : null,
      startedAt: state === "not_started" ? null : "2026-11-24T09:00:01Z",
      finishedAt: state === "not_started" ? null : "2026-11-24T09:00:30Z",
    })),
    log: [],
  };
}

// Tauri rejects with plain values, not Error objects; the fake must do the same.
function rejectWith(value: unknown): never {
  throw value;
}

function fail(code: AppError["code"], message: string): never {
  return rejectWith({ code, message } satisfies AppError);
}

/** The progress channel of a refresh or a job. */
function progressSender<T>(argument: unknown) {
  return channelSender<T>(argument, () => fail("invalid_input", "progress is not a channel"));
}

function later(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export function installFakeBackend(overrides: Partial<FakeBackend> = {}): FakeBackend {
  const backend: FakeBackend = {
    info: {
      version: "9.8.7",
      schemaVersion: 1,
      profileDir: "/profiles/test",
      databasePath: "/profiles/test/racksmith.sqlite3",
      logDir: "/profiles/test/logs",
      osLocale: "en-US",
      snapshot: null,
    },
    settings: { language: "system", theme: "system" },
    servers: [],
    bmcs: [],
    network: {},
    facts: {},
    refreshFailures: {},
    demoLab: null,
    failOnce: {},
    user: "alice",
    stageChanges: {},
    jobs: [],
    jobFailures: {},
    jobConcurrency: 16,
    profiles: fakeProfiles(),
    audit: [],
    profileServers: null,
    storage: {},
    orders: fakeOrders(),
    consoles: fakeConsoles(),
    firmware: fakeFirmware(),
    deletion: fakeDeletions(),
    backends: fakeBackends(),
    calls: [],
    ...overrides,
  };

  const presented = (address: string): FakeNetworkBmc =>
    backend.network[address] ?? fail("bmc_unreachable", `https://${address}: connection refused`);

  const pinOf = (address: string): string | null => {
    const trust = backend.bmcs.find((b) => b.address === address)?.trust;
    return trust?.kind === "pinned" ? trust.sha256 : null;
  };

  const enrol = (address: string, username: string, sha256: string, extra: Partial<ServerSummary>) => {
    const bmcId = `bmc-${String(backend.bmcs.length + 1)}`;
    backend.bmcs.push({ ...fakeBmc(bmcId, address, sha256), username, credential: `keyring:racksmith/${address}` });
    const added = presented(address).systems.map((name) => ({
      ...fakeServer(name, "inventory"),
      bmcId,
      bmcAddress: address,
      powerState: null,
      health: null,
      location: { site: null, room: null, rack: null, rackUnit: null },
      refreshedAt: null,
      ...extra,
    }));
    backend.servers.push(...added);
    return { bmcId, servers: added };
  };

  const addBmc = (request: AddBmcRequest) => {
    const bmc = presented(request.address);
    if (backend.bmcs.some((b) => b.address === request.address)) fail("conflict", `${request.address} is enrolled already`);
    if (request.trust.kind !== "pinned" || request.trust.sha256 !== bmc.certificate.sha256) {
      fail("certificate_changed", `${request.address} presents another certificate`);
    }
    if (bmc.password !== undefined && bmc.password !== request.password) {
      fail("login_refused", `https://${request.address}: the BMC did not accept the user name and password`);
    }
    return enrol(request.address, request.username, request.trust.sha256, {
      ...(request.location && { location: request.location }),
      assetTag: request.assetTag ?? null,
    });
  };

  const importCsv = ({ csv, dryRun, accepted = [] }: ImportRequest): ImportReport => {
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    if (!header?.startsWith("address")) fail("invalid_input", "line 1: the header must start with address");
    const rows = lines.map((text, i): ImportRowReport & { user: string } => {
      const [address = "", user = "", secret = ""] = text.split(",").map((c) => c.trim());
      const line = i + 2;
      const row = { line, address, user, ok: false, certificate: null, systems: 0 };
      if (!/^(keyring|lab):./.test(secret)) {
        return { ...row, error: { code: "invalid_input", message: `line ${line}: secret must be keyring:<name> or lab:<server id>` } };
      }
      const bmc = backend.network[address];
      if (!bmc) return { ...row, error: { code: "bmc_unreachable", message: `https://${address}: connection refused` } };
      const certificate = { ...bmc.certificate, pinnedSha256: pinOf(address) };
      if (!dryRun && accepted.find((a) => a.line === line)?.sha256 !== certificate.sha256) {
        return { ...row, certificate, error: { code: "certificate_untrusted", message: `line ${line}: certificate not accepted` } };
      }
      return { ...row, ok: true, error: null, certificate, systems: bmc.systems.length };
    });
    const good = rows.every((r) => r.ok);
    let serversAdded = 0;
    if (!dryRun && good) {
      for (const row of rows) {
        serversAdded += enrol(row.address, row.user, row.certificate?.sha256 ?? "", {}).servers.length;
      }
    }
    return {
      dryRun,
      imported: !dryRun && good,
      serversAdded,
      rows: rows.map(({ line, address, ok, error, certificate, systems }) => ({ line, address, ok, error, certificate, systems })),
    };
  };

  const refreshOne = (server: ServerSummary): RefreshOutcome => {
    const bmc = backend.bmcs.find((b) => b.id === server.bmcId);
    const answering = bmc && backend.network[bmc.address];
    const pinned = bmc?.trust.kind === "pinned" ? bmc.trust.sha256 : null;
    const error: AppError | null =
      backend.refreshFailures[server.id] ??
      (answering && pinned !== null && answering.certificate.sha256 !== pinned
        ? {
            code: "certificate_changed",
            message: `https://${answering.certificate.address}: the BMC presented a different certificate (SHA-256 ${answering.certificate.sha256}) from the one trusted (${pinned}); refusing to talk to it until the new certificate is trusted`,
          }
        : null);
    const refreshedAt = error ? null : "2026-11-25T08:30:00Z";
    Object.assign(
      server,
      error
        ? { refreshError: error.message, refreshErrorCode: error.code, unreachable: unreachableCodes.includes(error.code) }
        : { refreshError: null, refreshErrorCode: null, unreachable: false, refreshedAt },
    );
    return { serverId: server.id, name: server.name, ok: !error, error, refreshedAt };
  };

  const refreshServers = async (serverIds: string[] | null, progress: unknown): Promise<RefreshOutcome[]> => {
    const channel = progressSender<RefreshEvent>(progress);
    const targets = backend.servers.filter((s) => s.bmcId !== null && (serverIds === null || serverIds.includes(s.id)));
    await later();
    channel.send({ event: "started", total: targets.length });
    const outcomes: RefreshOutcome[] = [];
    for (const server of targets) {
      await (backend.refreshGate?.(server.id) ?? later());
      const outcome = refreshOne(server);
      outcomes.push(outcome);
      channel.send({ event: "server", outcome });
    }
    const ok = outcomes.filter((o) => o.ok).length;
    channel.send({ event: "finished", ok, failed: outcomes.length - ok });
    channel.end();
    return outcomes;
  };

  const detailOf = (serverId: string): ServerDetail => {
    const server = backend.servers.find((s) => s.id === serverId) ?? fail("not_found", `no server ${serverId}`);
    return {
      server: { ...server },
      bmc: backend.bmcs.find((b) => b.id === server.bmcId) ?? null,
      facts: backend.facts[serverId] ?? null,
      ironic: ironicLinkOf(backend.backends, serverId),
    };
  };

  const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const role = (): Role => (backend.settings.operatorMode ? "operator" : "customer");
  const snapshot = () => backend.info.snapshot !== null;
  const audit = (entry: NewAudit) => appendAudit(backend.audit, entry, now());
  const serverOf = (key: string) =>
    backend.servers.find((s) => s.id === key || s.name === key) ?? fail("not_found", `no server ${key}`);

  const raid = createRaid({
    storage: () => backend.storage,
    serverOf,
    guard: (server) => guard(server, "raid_build", role(), snapshot()),
    actor: () => ({ name: backend.user, role: role() }),
    audit,
    fail,
  });

  const profiles = createProfiles({
    state: () => backend.profiles,
    now,
    actor: () => ({ name: backend.user, role: role() }),
    snapshot,
    audit,
    serverOf,
    fail,
  });

  const orders = createOrders({
    state: () => backend.orders,
    now,
    actor: () => ({ name: backend.user, role: role() }),
    snapshot,
    audit,
    servers: () => backend.servers,
    fail,
  });

  const firmware = createFirmware({
    state: () => backend.firmware,
    serverOf,
    snapshot,
    profileDir: () => backend.info.profileDir,
    fail,
  });

  // A stage change as the store's move_in records it; the caller audits it.
  const recordMove = (server: ServerSummary, to: Stage, reason: string | null, holdUntil: string | null = null) => {
    const at = now();
    const from = server.stage;
    Object.assign(server, {
      stage: to,
      stageSince: at,
      updatedAt: at,
      hold: to === "maintenance_operator" ? { by: backend.user, reason: reason ?? "", until: holdUntil ?? "", heldFrom: from } : null,
      cleanedAt: to === "deletion" ? null : server.cleanedAt,
    });
    const change: StageChange = { at, actor: backend.user, role: role(), from, to, reason };
    backend.stageChanges[server.id] = [change, ...(backend.stageChanges[server.id] ?? [])];
  };

  const deletion = createDeletion({
    state: () => backend.deletion,
    serverOf,
    now,
    actor: () => ({ name: backend.user, role: role() }),
    snapshot,
    audit,
    recordMove,
    startJob: (request, progress) => jobs.start(request, progress),
    jobRunning: (jobId) => backend.jobs.some((j) => j.record.id === jobId && j.record.state === "running"),
    progress: (argument) => progressSender<JobEvent>(argument),
    reachFailure: (serverId) => backend.jobFailures[serverId],
    hardware: {
      ejectMedia: (server) =>
        (backend.consoles.media[server.id]?.slots ?? [])
          .filter((slot) => slot.inserted)
          .map((slot) => {
            const ejected = `${slot.image ?? "media"} from ${slot.name}`;
            Object.assign(slot, { inserted: false, image: null });
            return ejected;
          }),
      removeCustomerAccounts: (server) => {
        const bmc = backend.bmcSettings?.[server.id];
        if (!bmc) return [];
        const removed = bmc.accounts.filter((a) => a.customer).map((a) => a.username);
        bmc.accounts = bmc.accounts.filter((a) => !a.customer);
        return removed;
      },
      deleteVolumes: (server) =>
        (backend.storage[server.id] ?? []).flatMap((storage) => {
          const deleted = storage.volumes.map((v) => `${v.name ?? v.id} (${v.raidType ?? "?"})`);
          storage.volumes = [];
          return deleted;
        }),
      firmware: (server) => firmware.view(server.id),
      selEntries: (server) => backend.facts[server.id]?.eventLog?.entries.length ?? 0,
    },
    profileDir: () => backend.info.profileDir,
    downloads: () => `/home/${backend.user}/Downloads`,
    fail,
  });

  const ironic = createBackends({
    state: () => backend.backends,
    servers: () => backend.servers,
    now,
    actor: () => ({ name: backend.user, role: role() }),
    snapshot,
    audit,
    fail,
  });

  const settingsContext: FakeSettingsContext = { serverOf, role, snapshot, user: () => backend.user, audit, now, fail };
  const settingsCommands = {
    ...fakeBiosCommands(() => (backend.bios ??= {}), settingsContext),
    ...fakeBmcSettingsCommands(() => (backend.bmcSettings ??= {}), settingsContext),
    ...fakeConsoleCommands({
      ...settingsContext,
      state: () => backend.consoles,
      customerAccounts: (server) =>
        (backend.bmcSettings?.[server.id] ?? fakeBmcSettings()).accounts.filter((a) => a.customer).map((a) => a.username),
    }),
    ...firmware.commands,
    ...deletion.commands,
    ...ironic.commands,
  };

  const jobs = createJobs(
    {
      now,
      servers: () => backend.servers,
      actor: () => ({ name: backend.user, role: role() }),
      guard: (server, action, auditName, params) => {
        const refused = guard(server, action, role(), snapshot());
        if (refused) {
          audit({
            actor: backend.user,
            role: role(),
            action: auditName,
            target: server.name,
            params,
            outcome: "refused",
            detail: `${refused.code}: ${refused.message}`,
          });
        }
        return refused;
      },
      audit,
      gate: (serverId) => backend.jobGate?.(serverId) ?? later(),
      failure: (serverId) => backend.jobFailures[serverId],
      runTask: firmware.runTask,
      runDeletion: deletion.runDeletion,
      concurrency: () => backend.jobConcurrency,
      fail,
    },
    backend.jobs,
  );

  const matching = (query: ServerQuery): ServerSummary[] => {
    const text = query.text?.trim().toLowerCase() ?? "";
    const within = (date: string | null, days: number | null) => {
      if (days === null) return true;
      const limit = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
      return date !== null && date <= limit;
    };
    const searched = (s: ServerSummary) =>
      [s.name, s.model, s.serial, s.assetTag, s.bmcAddress, s.location.site, s.location.room, s.location.rack];
    return backend.servers
      .filter((s) => (query.stage ? s.stage === query.stage : query.tab === null || tabOf[s.stage] === query.tab))
      .filter((s) => text === "" || searched(s).some((v) => v?.toLowerCase().includes(text)))
      .filter((s) => within(s.dates.eoslOn, query.eoslWithinDays))
      .filter((s) => within(s.dates.warrantyEnd, query.warrantyWithinDays))
      .filter((s) => !query.unreachableOnly || s.unreachable)
      .filter((s) => acquireMatches(query, s, backend.facts[s.id]))
      // SQLite's default collation: plain code-unit order.
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  };

  const queryServers = (query: ServerQuery): ServerPage => {
    const all = matching(query);
    const offset = query.offset ?? 0;
    const servers = all.slice(offset, query.limit === null ? undefined : offset + query.limit);
    return { total: all.length, offset, servers };
  };

  const moveStage = (serverId: string, request: MoveRequest): ServerSummary => {
    const server = serverOf(serverId);
    const refused = checkMove(server, request, role(), snapshot()) ?? plainMoveRefusal(server, request);
    if (refused) {
      audit({
        actor: backend.user,
        role: role(),
        action: "stage_move",
        target: server.name,
        params: { serverId: server.id, from: server.stage, to: request.to, reason: request.reason },
        outcome: "refused",
        detail: `${refused.code}: ${refused.message}`,
      });
      fail(refused.code, refused.message);
    }
    const from = server.stage;
    const reason = request.reason?.trim() ?? null;
    recordMove(server, request.to, reason, request.holdUntil);
    audit({
      actor: backend.user,
      role: role(),
      action: "stage_move",
      target: server.name,
      params: { serverId: server.id, from, to: request.to, reason, holdUntil: request.holdUntil },
      outcome: "ok",
      detail: null,
    });
    return { ...server };
  };

  const setServerDates = (serverId: string, dates: LifecycleDates): ServerSummary => {
    if (snapshot()) fail("read_only_snapshot", "this is a snapshot opened for review; nothing in it can be changed");
    for (const [what, value] of Object.entries<string | null>(dates)) {
      if (value !== null && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        fail("invalid_input", `${what} "${value}" is not a date like 2027-03-31`);
      }
    }
    const server = serverOf(serverId);
    server.dates = { ...dates };
    audit({
      actor: backend.user,
      role: role(),
      action: "set_dates",
      target: server.name,
      params: dates,
      outcome: "ok",
      detail: null,
    });
    return { ...server };
  };

  const exportInventory = (query: ServerQuery, format: ExportFormat) => {
    const servers = matching({ ...query, offset: 0, limit: null }).length;
    const path = `/home/${backend.user}/Downloads/racksmith-inventory-${now().replace(/:/g, "")}.${format}`;
    audit({
      actor: backend.user,
      role: role(),
      action: "export",
      target: null,
      params: { format, path, query },
      outcome: "ok",
      detail: `${String(servers)} servers`,
    });
    return { path, format, count: servers };
  };

  const exportAudit = (filter: AuditFilter, format: ExportFormat) => {
    // Every entry that matches, as the backend writes it: the page size is no limit here.
    const everything = { ...filter, limit: 4_294_967_295 };
    const count = auditEntries(backend.audit, everything).length;
    const path = `/home/${backend.user}/Downloads/racksmith-audit-${now().replace(/:/g, "")}.${format}`;
    audit({
      actor: backend.user,
      role: role(),
      action: "audit_export",
      target: null,
      params: { format, path, filter: everything },
      outcome: "ok",
      detail: `${String(count)} entries`,
    });
    return { path, format, count };
  };

  const openSnapshot = (text: string, label: string) => {
    const invalid = (why: string) => fail("invalid_input", `${label} is not a Racksmith inventory export: ${why}`);
    let parsed: { format?: unknown; exportedAt?: unknown; exportedBy?: unknown; servers?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch (error) {
      return invalid(String(error));
    }
    if (parsed.format !== "racksmith-inventory") return invalid(`its format is ${JSON.stringify(parsed.format)}`);
    const servers = Array.isArray(parsed.servers) ? (parsed.servers as ServerSummary[]) : [];
    backend.profileServers ??= backend.servers;
    backend.servers = servers;
    backend.info = {
      ...backend.info,
      snapshot: {
        label,
        exportedAt: String(parsed.exportedAt),
        exportedBy: String(parsed.exportedBy),
        servers: servers.length,
      },
    };
    return backend.info.snapshot;
  };

  const closeSnapshot = () => {
    if (backend.profileServers) backend.servers = backend.profileServers;
    backend.profileServers = null;
    backend.info = { ...backend.info, snapshot: null };
    return null;
  };

  clearMocks();
  mockIPC(async (cmd, args) => {
    backend.calls.push({ cmd, args });
    const { [cmd]: failure, ...rest } = backend.failOnce;
    if (failure !== undefined) {
      backend.failOnce = rest;
      rejectWith(failure);
    }
    const payload = (args ?? {}) as Record<string, unknown>;
    const settingsCommand = settingsCommands[cmd];
    if (settingsCommand) return settingsCommand(payload);
    switch (cmd) {
      case "startup":
        if (backend.startupError) rejectWith(backend.startupError);
        return backend.info;
      case "settings":
        return backend.settings;
      case "save_settings":
        backend.settings = payload.settings as Settings;
        return backend.settings;
      case "tab_summaries": {
        const tabs: Tab[] = ["inventory", "building", "in_service", "maintenance", "deletion"];
        return tabs.map<TabSummary>((tab) => ({
          tab,
          serverCount: backend.servers.filter((s) => tabOf[s.stage] === tab).length,
        }));
      }
      case "demo_lab_ready":
        return await backend.demoLab;
      case "server_detail":
        return detailOf(payload.serverId as string);
      case "inspect_certificate": {
        const address = payload.address as string;
        return { ...presented(address).certificate, pinnedSha256: pinOf(address) };
      }
      case "add_bmc":
        return addBmc(payload.request as AddBmcRequest);
      case "trust_certificate": {
        const bmc = backend.bmcs.find((b) => b.id === payload.bmcId) ?? fail("not_found", "no such BMC");
        const now = presented(bmc.address).certificate.sha256;
        if (payload.sha256 !== now) fail("certificate_changed", `${bmc.address} now presents ${now}`);
        bmc.trust = { kind: "pinned", sha256: now };
        return null;
      }
      case "import_csv":
        return importCsv(payload.request as ImportRequest);
      case "refresh_servers":
        return refreshServers(payload.serverIds as string[] | null, payload.progress);
      case "query_servers":
        return queryServers(payload.query as ServerQuery);
      case "server_actions": {
        const server = serverOf(payload.serverId as string);
        const synced = ironicLinkOf(backend.backends, server.id) !== null;
        return {
          serverId: server.id,
          actions: allowedActions(server, role(), snapshot(), synced ? "ironic" : "direct"),
          moves: allowedMoves(server, role(), snapshot()).map((rule) =>
            synced ? { ...rule, ironic: ironicRequests(server.stage, rule.to) } : rule,
          ),
          history: backend.stageChanges[server.id] ?? [],
        };
      }
      case "move_stage":
        return moveStage(payload.serverId as string, payload.request as MoveRequest);
      case "set_server_dates":
        return setServerDates(payload.serverId as string, payload.dates as LifecycleDates);
      case "start_job":
        return jobs.start(payload.request as JobRequest, progressSender<JobEvent>(payload.progress));
      case "retry_job":
        return jobs.retry(payload.jobId as string, progressSender<JobEvent>(payload.progress));
      case "cancel_job":
        return jobs.cancel(payload.jobId as string);
      case "jobs":
        return jobs.list(payload.limit as number);
      case "job":
        return jobs.detail(payload.jobId as string);
      case "audit":
        return auditEntries(backend.audit, payload.filter as AuditFilter);
      case "verify_audit":
        return verifyAudit(backend.audit);
      case "export_inventory":
        return exportInventory(payload.query as ServerQuery, payload.format as ExportFormat);
      case "export_audit":
        return exportAudit(payload.filter as AuditFilter, payload.format as ExportFormat);
      case "open_snapshot":
        return openSnapshot(payload.text as string, payload.label as string);
      case "close_snapshot":
        return closeSnapshot();
      case "build_profiles":
      case "save_build_profile":
      case "delete_build_profile":
      case "export_build_profile":
      case "import_build_profile":
      case "preflight_build":
        return profiles.handle(cmd, payload);
      case "orders":
      case "order":
      case "save_order":
      case "move_order":
      case "delete_order":
      case "order_calendar":
        return orders.handle(cmd, payload);
      case "storage":
        return raid.storage(payload.serverId as string);
      case "plan_raid":
        return raid.plan(payload.request as RaidRequest);
      case "review_raid":
        return raid.review(payload.serverId as string, payload.apply as RaidApply);
      case "apply_raid":
        return raid.apply(payload.serverId as string, payload.apply as RaidApply);
      default:
        // What Tauri itself answers for a command it does not know: a plain string.
        return rejectWith(`command ${cmd} not found`);
    }
  });
  return backend;
}
