// The fake backend's deletion, as src-tauri/crates/core/src/deletion.rs (the typed
// confirmation, the move to Deletion and the job, all or nothing; resuming),
// deletion_pipeline.rs and deletion_erase.rs (the steps, each recorded on the
// pass; drives erased once per pass) and certificates.rs (issued with the return
// to stock, read back, exported) answer it. Steps advance a tick apart, so a test
// sees the end at once, or holds a pass at a step with stepGate.
import type {
  AppError,
  CertificateFile,
  CertificateFormat,
  Deletion,
  DeletionRequest,
  DeletionStep,
  DeletionView,
  Erasure,
  ErasureCertificate,
  FirmwareView,
  JobRecord,
  JobRequest,
  Language,
  SelArchive,
  ServerSummary,
  Stage,
} from "./bindings";
import type { FakeCommands } from "./fakeBios";
import type { NewAudit } from "./fakeAudit";
import type { ProgressSender } from "./fakeJobs";
import { checkMove, type Role } from "./fakeRules";

/** The steps of the pipeline, in order; every one runs on every pass. */
export const deletionPipeline = [
  "power_off",
  "eject_media",
  "bmc_accounts",
  "bmc_settings",
  "raid_volumes",
  "erase_drives",
  "bios_reset",
  "firmware_check",
  "sel_archive",
  "verify",
] as const;

export type DeletionStepName = (typeof deletionPipeline)[number];

/** Each step as the job list shows it (deletion_pipeline.rs's step_label). */
const stepLabels: Record<DeletionStepName, string> = {
  power_off: "powering off",
  eject_media: "ejecting virtual media",
  bmc_accounts: "removing customer BMC accounts",
  bmc_settings: "restoring the BMC baseline",
  raid_volumes: "deleting RAID volumes",
  erase_drives: "erasing drives",
  bios_reset: "resetting the BIOS to defaults",
  firmware_check: "checking firmware against the baseline",
  sel_archive: "archiving and clearing the event log",
  verify: "verifying clean",
};

/** A drive as the BMC offers it for erasing: the sanitization types it supports. */
export interface FakeDrive {
  id: string;
  path: string;
  model: string | null;
  serial: string | null;
  capacityBytes: number | null;
  methods: string[];
}

/** One pass as the store keeps it. */
export interface FakeDeletionPass {
  deletion: Deletion;
  steps: DeletionStep[];
  erasures: Erasure[];
}

export interface FakeDeletions {
  passes: FakeDeletionPass[];
  /** Issued certificates, newest first. */
  certificates: ErasureCertificate[];
  /** The drives each server's BMC offers for erasing, by server id; fakeDrives(server) when absent. */
  drives: Record<string, FakeDrive[]>;
  /** By server id, then drive id: that drive's next erase fails with this message.
   *  Once only, as a drive that failed for a passing reason: a retry erases it. */
  eraseFailures: Record<string, Record<string, string>>;
  /** Awaited before each step of a pass starts, so a test can hold a pass at a step. */
  stepGate?: (serverId: string, step: DeletionStepName) => Promise<void>;
}

export function fakeDeletions(change: Partial<FakeDeletions> = {}): FakeDeletions {
  return { passes: [], certificates: [], drives: {}, eraseFailures: {}, ...change };
}

/** An NVMe SSD that offers every method and a disk that can only be overwritten. */
export function fakeDrives(server: ServerSummary): FakeDrive[] {
  const path = (id: string) => `/redfish/v1/Systems/1/Storage/RAID.Integrated.1/Drives/${id}`;
  return [
    {
      id: "Disk.Bay.0",
      path: path("Disk.Bay.0"),
      model: "PM1733",
      serial: `S-${server.name}-0`,
      capacityBytes: 1_920_000_000_000,
      methods: ["CryptographicErase", "BlockErase", "Overwrite"],
    },
    {
      id: "Disk.Bay.1",
      path: path("Disk.Bay.1"),
      model: "ST4000NM000A",
      serial: `S-${server.name}-1`,
      capacityBytes: 4_000_000_000_000,
      methods: ["Overwrite"],
    },
  ];
}

/** A certificate as the pipeline issues one for this server, to seed the fake with:
 *  two drives erased, BIOS drifting from the baseline, 12 SEL entries archived. */
export function fakeErasureCertificate(server: ServerSummary, change: Partial<ErasureCertificate> = {}): ErasureCertificate {
  const step = (name: DeletionStepName, detail: string) => ({
    step: name,
    startedAt: "2026-11-20T09:00:00Z",
    endedAt: "2026-11-20T09:05:00Z",
    detail,
  });
  return {
    certificateId: `cert-${server.name}`,
    deletionId: `deletion-${server.name}`,
    issuedAt: "2026-11-20T10:00:00Z",
    issuer: "Racksmith 9.8.7",
    server: {
      id: server.id,
      name: server.name,
      manufacturer: "Dell Inc.",
      model: server.model,
      serial: server.serial,
      assetTag: "AT-0042",
      bmcAddress: server.bmcAddress,
    },
    startedBy: "alice",
    role: "customer",
    reason: "contract ended",
    startedAt: "2026-11-20T09:00:00Z",
    endedAt: "2026-11-20T10:00:00Z",
    result: "verified",
    drives: [
      {
        id: "Disk.Bay.0",
        model: "PM1733",
        serial: `S-${server.name}-0`,
        capacityBytes: 1_900_000_000_000,
        method: "CryptographicErase",
        startedAt: "2026-11-20T09:10:00Z",
        endedAt: "2026-11-20T09:11:00Z",
        result: "completed",
        task: "/redfish/v1/TaskService/Tasks/erase-1",
      },
      {
        id: "Disk.Bay.1",
        model: "ST4000NM000A",
        serial: `S-${server.name}-1`,
        capacityBytes: 4_000_000_000_000,
        method: "Overwrite",
        startedAt: "2026-11-20T09:10:00Z",
        endedAt: "2026-11-20T09:50:00Z",
        result: "completed",
        task: "/redfish/v1/TaskService/Tasks/erase-2",
      },
    ],
    firmware: {
      baselineFound: true,
      components: [
        { id: "BIOS", name: "System BIOS", version: "2.19.2", baseline: "2.30.1", drift: true },
        { id: "BMC", name: "BMC firmware", version: "7.4.29", baseline: "7.4.29", drift: false },
      ],
    },
    steps: [
      step("power_off", "was On; forced off"),
      step("erase_drives", "2 drives erased"),
      step("verify", "power off, no media, no volumes, 2 drives sanitized, no customer accounts"),
    ],
    selArchive: {
      file: `/profiles/test/sel-archive/${server.name}-deletion-${server.name}.json`,
      entries: 12,
      sha256: "9f".repeat(32),
    },
    ...change,
  };
}

// Strongest first, as racksmith_redfish::erase picks one.
const methodStrength = ["CryptographicErase", "BlockErase", "Overwrite"];

function strongest(methods: readonly string[]): string | null {
  return methodStrength.find((m) => methods.includes(m)) ?? null;
}

/** What the pipeline does to the rest of the fake server: each answers what it did. */
export interface FakeDeletionHardware {
  /** Ejects every inserted image: "image from slot" for each. */
  ejectMedia: (server: ServerSummary) => string[];
  /** Removes the customer's BMC accounts: their user names. */
  removeCustomerAccounts: (server: ServerSummary) => string[];
  /** Deletes every RAID volume: "name (RAID1)" for each. */
  deleteVolumes: (server: ServerSummary) => string[];
  firmware: (server: ServerSummary) => FirmwareView;
  /** How many entries the system event log holds. */
  selEntries: (server: ServerSummary) => number;
}

type Fail = (code: AppError["code"], message: string) => never;

export interface FakeDeletionContext {
  state: () => FakeDeletions;
  serverOf: (key: string) => ServerSummary;
  now: () => string;
  actor: () => { name: string; role: Role };
  snapshot: () => boolean;
  audit: (entry: NewAudit) => void;
  /** Changes the stage and the history, as the store's move_in does: not audited. */
  recordMove: (server: ServerSummary, to: Stage, reason: string) => void;
  startJob: (request: JobRequest, progress: ProgressSender) => JobRecord;
  jobRunning: (jobId: string) => boolean;
  progress: (argument: unknown) => ProgressSender;
  /** The BMC does not answer: the pass fails at its first step with this. */
  reachFailure: (serverId: string) => AppError | undefined;
  hardware: FakeDeletionHardware;
  profileDir: () => string;
  downloads: () => string;
  fail: Fail;
}

/** What the steps found, for the certificate issued at the end. */
interface Findings {
  firmware: FirmwareView | null;
  sel: SelArchive | null;
}

function later(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** 64 hex digits that change with the text: a stand-in for SHA-256, not a hash to trust. */
function fakeDigest(text: string): string {
  return Array.from({ length: 8 }, (_, round) => {
    let h = (0x811c9dc5 ^ round) >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(16).padStart(8, "0");
  }).join("");
}

function firmwareDetail(view: FirmwareView): string {
  if (!view.baselineFound) {
    return `no baseline names ${view.model ?? "this model"}; ${String(view.components.length)} components recorded as found`;
  }
  const drift = view.components
    .filter((c) => c.drift)
    .map((c) => `${c.id} ${c.version ?? "?"} (baseline ${c.baseline ?? "?"})`);
  return drift.length === 0 ? "every component matches the baseline" : `drift recorded: ${drift.join(", ")}`;
}

/** What the typed confirmation must be: the name for one server, the count for several. */
export function expectedConfirmation(servers: readonly ServerSummary[]): string {
  const [only] = servers;
  return servers.length === 1 && only ? only.name : String(servers.length);
}

export function createDeletion(ctx: FakeDeletionContext) {
  const { state, fail } = ctx;
  let passesMade = state().passes.length;
  let certificatesMade = state().certificates.length;
  let tasksMade = 0;

  const openPass = (serverId: string) =>
    state().passes.find((p) => p.deletion.serverId === serverId && p.deletion.state !== "verified");

  const unique = (keys: readonly string[]) => {
    const servers: ServerSummary[] = [];
    for (const key of keys) {
      const server = ctx.serverOf(key);
      if (!servers.includes(server)) servers.push(server);
    }
    return servers;
  };

  const viewOf = (pass: FakeDeletionPass): DeletionView => ({
    deletion: { ...pass.deletion },
    steps: pass.steps.map((s) => ({ ...s })),
    erasures: pass.erasures.map((e) => ({ ...e })),
    pipeline: [...deletionPipeline],
    certificateId: state().certificates.find((c) => c.deletionId === pass.deletion.id)?.certificateId ?? null,
  });

  /** The confirmation and every server's move are checked first; nothing changes if any is refused. */
  const begin = (request: DeletionRequest): string[] => {
    if (ctx.snapshot()) fail("read_only_snapshot", "this is a snapshot opened for review; nothing in it can be changed");
    if (request.servers.length === 0) fail("invalid_input", "a deletion needs at least one server");
    const servers = unique(request.servers);
    const expected = expectedConfirmation(servers);
    const names = servers.map((s) => s.name);
    const actor = ctx.actor();
    const audit = (outcome: string, detail: string | null) => {
      ctx.audit({
        actor: actor.name,
        role: actor.role,
        action: "delete",
        target: names.join(", "),
        params: { servers: servers.map((s) => s.id), names, confirm: request.confirm, reason: request.reason },
        outcome,
        detail,
      });
    };
    if (request.confirm.trim() !== expected) {
      const message =
        servers.length === 1
          ? `the confirmation must be the server's name, ${expected}; nothing was deleted`
          : `the confirmation must be the number of servers, ${expected}; nothing was deleted`;
      audit("refused", message);
      return fail("confirmation_mismatch", message);
    }
    const reason = request.reason?.trim() || "deletion confirmed by typing";
    const entering: ServerSummary[] = [];
    const refused: string[] = [];
    for (const server of servers) {
      if (server.stage === "deletion") {
        // Already in Deletion: its open pass is resumed in the same job.
        if (!openPass(server.id)) refused.push(`${server.name} is in Deletion with no pass open; it was verified clean already`);
        continue;
      }
      const refusal = checkMove(server, { to: "deletion", reason, holdUntil: null }, actor.role, ctx.snapshot());
      if (refusal) refused.push(refusal.message);
      else entering.push(server);
    }
    if (refused.length > 0) {
      const message = `${refused.join("; ")}; nothing was deleted`;
      audit("refused", message);
      return fail("stage_forbids", message);
    }
    for (const server of entering) {
      ctx.recordMove(server, "deletion", reason);
      state().passes.push({
        deletion: {
          id: `deletion-${String(++passesMade)}`,
          serverId: server.id,
          serverName: server.name,
          startedBy: actor.name,
          role: actor.role,
          reason,
          startedAt: ctx.now(),
          endedAt: null,
          state: "running",
          step: null,
          error: null,
          errorCode: null,
          jobId: null,
        },
        steps: [],
        erasures: [],
      });
    }
    audit("ok", null);
    return servers.map((s) => s.id);
  };

  /** Starts the job and names it on the passes at once, so none looks stranded meanwhile. */
  const runPipeline = (serverIds: string[], progress: unknown): JobRecord => {
    const job = ctx.startJob({ kind: { kind: "delete" }, servers: serverIds }, ctx.progress(progress));
    for (const id of serverIds) {
      const pass = openPass(id);
      if (pass) pass.deletion.jobId = job.id;
    }
    return job;
  };

  const resume = (keys: readonly string[], progress: unknown): JobRecord => {
    const servers = unique(keys);
    for (const server of servers) {
      const pass = openPass(server.id) ?? fail("invalid_input", `${server.name} has no deletion to resume`);
      const { state: passState, jobId } = pass.deletion;
      if (passState === "running" && jobId !== null && ctx.jobRunning(jobId)) {
        fail("conflict", `the deletion of ${server.name} is running now`);
      }
    }
    return runPipeline(
      servers.map((s) => s.id),
      progress,
    );
  };

  const startStep = (pass: FakeDeletionPass, step: DeletionStepName) => {
    const row: DeletionStep = { step, state: "running", startedAt: ctx.now(), endedAt: null, detail: null };
    const at = pass.steps.findIndex((s) => s.step === step);
    if (at >= 0) pass.steps[at] = row;
    else pass.steps.push(row);
    pass.deletion.step = step;
  };

  const endStep = (pass: FakeDeletionPass, step: string, detail: string) => {
    const row = pass.steps.find((s) => s.step === step);
    if (row) Object.assign(row, { state: "done", endedAt: ctx.now(), detail });
  };

  /** The step failed: the pass stays open, failed, with the reason. */
  const failStep = (pass: FakeDeletionPass, step: string, error: AppError) => {
    const row = pass.steps.find((s) => s.step === step);
    if (row) Object.assign(row, { state: "failed", endedAt: ctx.now(), detail: error.message });
    Object.assign(pass.deletion, { state: "failed", step, error: error.message, errorCode: error.code });
  };

  const eraseDrives = async (pass: FakeDeletionPass, server: ServerSummary): Promise<string> => {
    const drives = state().drives[server.id] ?? fakeDrives(server);
    if (drives.length === 0) return "the server reports no drives";
    let erased = 0;
    let kept = 0;
    const failed: string[] = [];
    for (const drive of drives) {
      const earlier = pass.erasures.find((e) => e.driveId === drive.id);
      if (earlier?.state === "completed") {
        kept++;
        continue;
      }
      const method = strongest(drive.methods);
      if (method === null) {
        const offers = drive.methods.length === 0 ? "none" : drive.methods.join(", ");
        failed.push(`drive ${drive.id}: drive ${drive.id} offers no erase method Racksmith trusts (it offers: ${offers})`);
        continue;
      }
      const erasure: Erasure = {
        driveId: drive.id,
        drivePath: drive.path,
        model: drive.model,
        serial: drive.serial,
        capacityBytes: drive.capacityBytes,
        method,
        task: `/redfish/v1/TaskService/Tasks/erase-${String(++tasksMade)}`,
        startedAt: ctx.now(),
        endedAt: null,
        state: "running",
        message: null,
      };
      pass.erasures = [...pass.erasures.filter((e) => e.driveId !== drive.id), erasure];
      await later();
      const { [drive.id]: why, ...otherFailures } = state().eraseFailures[server.id] ?? {};
      if (why === undefined) {
        Object.assign(erasure, { state: "completed", endedAt: ctx.now() });
        erased++;
      } else {
        state().eraseFailures[server.id] = otherFailures;
        Object.assign(erasure, { state: "failed", endedAt: ctx.now(), message: why });
        failed.push(`drive ${drive.id} (serial ${drive.serial ?? "unknown"}) failed its erase: ${why}`);
      }
    }
    if (failed.length > 0) fail("erase_failed", failed.join("; "));
    return kept === 0
      ? `${String(erased)} drives erased`
      : `${String(erased)} drives erased, ${String(kept)} erased earlier on this pass`;
  };

  const listed = (done: string[], none: string, verb: string) => (done.length === 0 ? none : `${verb} ${done.join(", ")}`);

  const runStep = async (
    step: DeletionStepName,
    pass: FakeDeletionPass,
    server: ServerSummary,
    findings: Findings,
  ): Promise<string> => {
    const { hardware } = ctx;
    switch (step) {
      case "power_off": {
        const was = server.powerState;
        server.powerState = "Off";
        return was === "Off" ? "already off" : `was ${was ?? "in an unknown state"}; forced off`;
      }
      case "eject_media":
        return listed(hardware.ejectMedia(server), "nothing inserted", "ejected");
      case "bmc_accounts":
        return listed(hardware.removeCustomerAccounts(server), "no customer accounts", "removed");
      case "bmc_settings":
        return `baseline restored: host name ${server.name}, IPMI off, SSH off, KVM on`;
      case "raid_volumes":
        return listed(hardware.deleteVolumes(server), "no volumes", "deleted");
      case "erase_drives":
        return eraseDrives(pass, server);
      case "bios_reset":
        return "every attribute was at its default already";
      case "firmware_check": {
        const view = hardware.firmware(server);
        findings.firmware = view;
        return firmwareDetail(view);
      }
      case "sel_archive": {
        const entries = hardware.selEntries(server);
        const file = `${ctx.profileDir()}/sel-archive/${server.name}-${pass.deletion.id}.json`;
        const archive = { file, entries, sha256: fakeDigest(`${file}:${String(entries)}`) };
        findings.sel = archive;
        return `${String(entries)} entries archived to ${file} (SHA-256 ${archive.sha256}), then cleared`;
      }
      case "verify": {
        const drives = (state().drives[server.id] ?? fakeDrives(server)).length;
        return `power off, no media, no volumes, ${String(drives)} drives sanitized, no customer accounts`;
      }
    }
  };

  /** Writes the certificate of a verified pass and returns the server to stock. */
  const issueCertificate = (pass: FakeDeletionPass, server: ServerSummary, findings: Findings): string => {
    const at = ctx.now();
    const actor = ctx.actor();
    const firmware = findings.firmware;
    const certificate: ErasureCertificate = {
      certificateId: `cert-${String(++certificatesMade)}`,
      deletionId: pass.deletion.id,
      issuedAt: at,
      issuer: "Racksmith 9.8.7",
      server: {
        id: server.id,
        name: server.name,
        manufacturer: "Dell Inc.",
        model: server.model,
        serial: server.serial,
        assetTag: server.assetTag,
        bmcAddress: server.bmcAddress,
      },
      startedBy: pass.deletion.startedBy,
      role: pass.deletion.role,
      reason: pass.deletion.reason,
      startedAt: pass.deletion.startedAt,
      endedAt: at,
      result: "verified",
      drives: pass.erasures
        .filter((e) => e.state === "completed")
        .map((e) => ({
          id: e.driveId,
          model: e.model,
          serial: e.serial,
          capacityBytes: e.capacityBytes,
          method: e.method,
          startedAt: e.startedAt,
          endedAt: e.endedAt ?? at,
          result: "completed",
          task: e.task,
        })),
      firmware: {
        baselineFound: firmware?.baselineFound ?? false,
        components: (firmware?.components ?? []).map(({ id, name, version, baseline, drift }) => ({
          id,
          name,
          version,
          baseline,
          drift,
        })),
      },
      steps: pass.steps.map(({ step, startedAt, endedAt, detail }) => ({ step, startedAt, endedAt, detail })),
      selArchive: findings.sel,
    };
    Object.assign(pass.deletion, { state: "verified", endedAt: at, step: null, error: null, errorCode: null });
    state().certificates.unshift(certificate);
    server.cleanedAt = at;
    ctx.recordMove(server, "inventory", `verified clean; erasure certificate ${certificate.certificateId}`);
    ctx.audit({
      actor: actor.name,
      role: actor.role,
      action: "deletion_verified",
      target: server.name,
      params: {
        serverId: server.id,
        deletionId: pass.deletion.id,
        certificateId: certificate.certificateId,
        drives: certificate.drives.length,
      },
      outcome: "ok",
      detail: null,
    });
    return certificate.certificateId;
  };

  /** The job's part for one server: its open pass, every step in order. */
  const runDeletion = async (server: ServerSummary, jobId: string, report: (step: string) => void): Promise<string> => {
    const pass = openPass(server.id) ?? fail("deletion_unfinished", `${server.name} has no deletion open`);
    Object.assign(pass.deletion, { state: "running", jobId, error: null, errorCode: null });
    const unreachable = ctx.reachFailure(server.id);
    if (unreachable) {
      failStep(pass, deletionPipeline[0], unreachable);
      return fail(unreachable.code, unreachable.message);
    }
    const findings: Findings = { firmware: null, sel: null };
    for (const step of deletionPipeline) {
      await later();
      await state().stepGate?.(server.id, step);
      startStep(pass, step);
      report(stepLabels[step]);
      try {
        endStep(pass, step, await runStep(step, pass, server, findings));
      } catch (error) {
        failStep(pass, step, error as AppError);
        throw error;
      }
    }
    const certificate = issueCertificate(pass, server, findings);
    return `verified clean and back in Inventory; certificate ${certificate}`;
  };

  /** Open passes first (oldest first), then the newest verified ones. */
  const list = (limit: number): DeletionView[] => {
    const passes = state().passes;
    const open = passes.filter((p) => p.deletion.state !== "verified");
    const verified = passes
      .filter((p) => p.deletion.state === "verified")
      .sort((a, b) => (b.deletion.endedAt ?? "").localeCompare(a.deletion.endedAt ?? ""));
    return [...open, ...verified].slice(0, limit).map(viewOf);
  };

  /** The server's open pass, else its last one. */
  const ofServer = (key: string): DeletionView | null => {
    const server = ctx.serverOf(key);
    const pass = openPass(server.id) ?? state().passes.findLast((p) => p.deletion.serverId === server.id);
    return pass ? viewOf(pass) : null;
  };

  const certificatesOf = (key: string): ErasureCertificate[] => {
    const server = ctx.serverOf(key);
    return state().certificates.filter((c) => c.server.id === server.id);
  };

  /** A certificate by its id, or the newest of a server (by id or name). */
  const certificate = (key: string): ErasureCertificate => {
    const byId = state().certificates.find((c) => c.certificateId === key);
    if (byId) return byId;
    const server = trying(() => ctx.serverOf(key));
    if (!server) return fail("not_found", `no certificate ${key}`);
    return certificatesOf(server.id)[0] ?? fail("not_found", `${server.name} has no erasure certificate`);
  };

  const exportCertificate = (key: string, format: CertificateFormat, language: Language): CertificateFile => {
    const found = certificate(key);
    const suffix = format === "pdf" ? `-${language}` : "";
    const stamp = ctx.now().replace(/:/g, "");
    const path = `${ctx.downloads()}/erasure-certificate-${found.server.name}${suffix}-${stamp}.${format}`;
    return { path, format, language };
  };

  const commands: FakeCommands = {
    start_deletion: (payload) => runPipeline(begin(payload.request as DeletionRequest), payload.progress),
    resume_deletion: (payload) => resume(payload.servers as string[], payload.progress),
    deletions: (payload) => list(payload.limit as number),
    server_deletion: (payload) => ofServer(payload.serverId as string),
    certificates: (payload) => certificatesOf(payload.serverId as string),
    certificate: (payload) => certificate(payload.certificateId as string),
    export_certificate: (payload) =>
      exportCertificate(payload.certificateId as string, payload.format as CertificateFormat, payload.language as Language),
  };

  return { commands, runDeletion };
}

/** The value, or null where it throws (as a lookup that finds nothing does). */
function trying<T>(run: () => T): T | null {
  try {
    return run();
  } catch {
    return null;
  }
}
