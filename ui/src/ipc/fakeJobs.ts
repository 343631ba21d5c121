// The fake backend's jobs engine: guards first (all servers or none), a row per
// server, progress on the channel after the command has answered, cancel and
// retry, as src-tauri/crates/core/src/jobs.rs does.
import type {
  Action,
  AppError,
  JobCounts,
  JobDetail,
  JobEvent,
  JobKind,
  JobLogLine,
  JobRecord,
  JobRequest,
  JobServer,
  JobServerState,
  JobState,
  OrderTask,
  Refusal,
  ServerSummary,
} from "./bindings";
import type { NewAudit } from "./fakeAudit";
import { checkTasks, taskLabel } from "./fakeOrders";
import { buildResult, buildSteps } from "./fakeProfiles";

/** A job as the fake stores it; the counts are worked out from the rows when asked. */
export interface FakeJob {
  record: Omit<JobRecord, "counts">;
  servers: JobServer[];
  log: JobLogLine[];
}

export interface JobContext {
  now: () => string;
  servers: () => ServerSummary[];
  actor: () => { name: string; role: string };
  /** The guard's answer for this server, already audited when it refuses. */
  guard: (server: ServerSummary, action: Action, auditName: string, params: unknown) => Refusal | null;
  audit: (entry: NewAudit) => void;
  /** Awaited before a server's part ends, so a test can look at a job part-way. */
  gate: (serverId: string) => Promise<void>;
  failure: (serverId: string) => AppError | undefined;
  /** Does one task of a maintenance job or an order to a server: its result, or
   *  it throws the task's AppError. */
  runTask: (server: ServerSummary, task: OrderTask) => string;
  /** Runs the deletion pipeline on the server's open pass, reporting each step as
   *  it starts: its result, or it rejects with the failed step's AppError. */
  runDeletion: (server: ServerSummary, jobId: string, report: (step: string) => void) => Promise<string>;
  concurrency: () => number;
  fail: (code: AppError["code"], message: string) => never;
}

export interface ProgressSender {
  send: (event: JobEvent) => void;
  end: () => void;
}

const powerActions: Record<Extract<JobKind, { kind: "power" }>["op"], Action> = {
  on: "power_on",
  off: "force_off",
  shutdown: "graceful_shutdown",
  restart: "graceful_restart",
  power_cycle: "power_cycle",
  reset: "force_restart",
};

const resetTypes: Record<Extract<JobKind, { kind: "power" }>["op"], string> = {
  on: "On",
  off: "ForceOff",
  shutdown: "GracefulShutdown",
  restart: "GracefulRestart",
  power_cycle: "PowerCycle",
  reset: "ForceRestart",
};

const taskActions: Record<OrderTask["kind"], Action> = {
  reboot: "graceful_restart",
  powerCycle: "power_cycle",
  firmware: "firmware_update",
  firmwareFile: "firmware_update",
  bios: "bios_settings",
  bmcReset: "bmc_reset",
  wait: "view",
};

/** Every action the guard is asked for before the job starts: a maintenance
 *  job's tasks each ask for their own, as JobKind::actions does. */
export function actionsOf(kind: JobKind): Action[] {
  if (kind.kind === "build") return ["build_profile"];
  if (kind.kind === "order") return ["schedule_order"];
  if (kind.kind === "maintenance") return [...new Set(kind.tasks.map((task) => taskActions[task.kind]))];
  if (kind.kind === "delete") return ["erase"];
  return [kind.kind === "power" ? powerActions[kind.op] : "locate"];
}

export function jobKindName(kind: JobKind): string {
  if (kind.kind === "build") return "build";
  if (kind.kind === "order") return "order_run";
  if (kind.kind === "maintenance") return "maintenance";
  if (kind.kind === "delete") return "delete";
  return kind.kind === "power" ? powerActions[kind.op] : `locate_${kind.on ? "on" : "off"}`;
}

/** The steps a server's part goes through, each reported as it starts. */
function stepsOf(kind: JobKind): string[] {
  if (kind.kind === "build") return buildSteps(kind.profile);
  if (kind.kind === "order" || kind.kind === "maintenance") {
    const first = kind.kind === "order" ? "checking the stage" : "starting";
    return [first, ...kind.tasks.map((task, i) => `task ${String(i + 1)} of ${String(kind.tasks.length)}: ${taskLabel(task)}`)];
  }
  if (kind.kind === "delete") return ["starting the deletion pipeline"];
  return [kind.kind === "power" ? `sending ${resetTypes[kind.op]}` : `turning the locator LED ${kind.on ? "on" : "off"}`];
}

export function countsOf(servers: readonly JobServer[]): JobCounts {
  const count = (state: JobServerState) => servers.filter((s) => s.state === state).length;
  return {
    total: servers.length,
    pending: count("pending"),
    running: count("running"),
    succeeded: count("succeeded"),
    failed: count("failed"),
    cancelled: count("cancelled"),
    interrupted: count("interrupted"),
    notStarted: count("not_started"),
  };
}

export function recordOf(job: FakeJob): JobRecord {
  return { ...job.record, counts: countsOf(job.servers) };
}

function overall(counts: JobCounts, cancelled: boolean): JobState {
  if (cancelled) return "cancelled";
  if (counts.failed === 0 && counts.succeeded === counts.total) return "succeeded";
  return counts.succeeded === 0 ? "failed" : "partial";
}

function later(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export function createJobs(ctx: JobContext, jobs: FakeJob[]) {
  let made = jobs.length;
  const cancels = new Map<string, { cancelled: boolean }>();

  const find = (id: string) => jobs.find((j) => j.record.id === id) ?? ctx.fail("not_found", `no job ${id}`);

  /** What the hardware did, in the backend's words; throws a task's AppError. */
  const outcome = async (kind: JobKind, serverId: string, jobId: string, report: (step: string) => void): Promise<string> => {
    const server = ctx.servers().find((s) => s.id === serverId) ?? ctx.fail("not_found", `no server ${serverId}`);
    switch (kind.kind) {
      case "delete":
        return ctx.runDeletion(server, jobId, report);
      case "build":
        return buildResult(kind.profile);
      case "order":
      case "maintenance":
        // In turn, stopping at the first task that fails.
        return kind.tasks.map((task) => ctx.runTask(server, task)).join("; ");
      case "locate":
        return `locator ${kind.on ? "on" : "off"}`;
      case "power": {
        const settles = kind.op === "off" || kind.op === "shutdown" ? "Off" : "On";
        server.powerState = settles;
        return `power ${settles}`;
      }
    }
  };

  const runOne = async (job: FakeJob, row: JobServer, kind: JobKind, progress: ProgressSender) => {
    const id = job.record.id;
    const report = (step: string) => {
      Object.assign(row, { state: "running", step });
      progress.send({
        event: "server",
        jobId: id,
        serverId: row.serverId,
        name: row.serverName,
        state: "running",
        step,
        error: null,
        errorCode: null,
        result: null,
      });
    };
    row.startedAt = ctx.now();
    for (const [i, step] of stepsOf(kind).entries()) {
      if (i > 0) await later();
      report(step);
    }
    await ctx.gate(row.serverId);
    // The pipeline reaches the BMC itself, so a BMC that does not answer fails a
    // step of the pass (with its reason) rather than only the job.
    let failure = kind.kind === "delete" ? undefined : ctx.failure(row.serverId);
    let result: string | null = null;
    if (!failure) {
      try {
        result = await outcome(kind, row.serverId, id, report);
      } catch (error) {
        failure = error as AppError;
      }
    }
    Object.assign(row, {
      state: failure ? "failed" : "succeeded",
      step: null,
      error: failure?.message ?? null,
      errorCode: failure?.code ?? null,
      result,
      finishedAt: ctx.now(),
    });
    ctx.audit({
      actor: job.record.actor,
      role: job.record.role,
      action: job.record.kind,
      target: row.serverName,
      params: { jobId: id, serverId: row.serverId, params: kind, result },
      outcome: row.state,
      detail: row.error,
    });
    progress.send({
      event: "server",
      jobId: id,
      serverId: row.serverId,
      name: row.serverName,
      state: row.state,
      step: null,
      error: row.error,
      errorCode: row.errorCode,
      result,
    });
  };

  const run = async (job: FakeJob, kind: JobKind, progress: ProgressSender) => {
    const switches = { cancelled: false };
    cancels.set(job.record.id, switches);
    const queue = [...job.servers];
    const worker = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        await later();
        if (switches.cancelled) return;
        await runOne(job, row, kind, progress);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, ctx.concurrency()) }, worker));
    for (const row of job.servers) if (row.state === "pending") row.state = "not_started";
    const counts = countsOf(job.servers);
    Object.assign(job.record, { state: overall(counts, switches.cancelled), finishedAt: ctx.now() });
    cancels.delete(job.record.id);
    ctx.audit({
      actor: job.record.actor,
      role: job.record.role,
      action: "job_finished",
      target: job.record.id,
      params: counts,
      outcome: job.record.state,
      detail: null,
    });
    progress.send({ event: "finished", job: recordOf(job) });
    progress.end();
  };

  const start = (request: JobRequest, progress: ProgressSender, retryOf: string | null): JobRecord => {
    if (request.servers.length === 0) ctx.fail("invalid_input", "a job needs at least one server");
    const servers: ServerSummary[] = [];
    for (const key of request.servers) {
      const server =
        ctx.servers().find((s) => s.id === key || s.name === key) ?? ctx.fail("not_found", `no server ${key}`);
      if (!servers.includes(server)) servers.push(server);
    }
    if (request.kind.kind === "maintenance" || request.kind.kind === "order") checkTasks(request.kind.tasks, ctx.fail);
    const name = jobKindName(request.kind);
    // Every server is checked (and each refusal audited), so one answer names them all.
    const refused: Refusal[] = [];
    for (const server of servers) {
      for (const action of actionsOf(request.kind)) {
        const refusal = ctx.guard(server, action, name, request.kind);
        if (refusal) {
          refused.push(refusal);
          break;
        }
      }
    }
    const [first] = refused;
    if (first) ctx.fail(first.code, refused.map((r) => r.message).join("; "));
    const actor = ctx.actor();
    const job: FakeJob = {
      record: {
        id: `job-${String(++made)}`,
        kind: name,
        params: JSON.stringify(request.kind),
        actor: actor.name,
        role: actor.role,
        state: "running",
        createdAt: ctx.now(),
        finishedAt: null,
        retryOf,
        recoveredAt: null,
      },
      servers: servers.map((s) => ({
        serverId: s.id,
        serverName: s.name,
        state: "pending",
        step: null,
        error: null,
        errorCode: null,
        result: null,
        startedAt: null,
        finishedAt: null,
      })),
      log: [],
    };
    jobs.unshift(job);
    ctx.audit({
      actor: actor.name,
      role: actor.role,
      action: "job_started",
      target: job.record.id,
      params: { kind: name, params: job.record.params, servers: servers.map((s) => s.name), retryOf },
      outcome: "started",
      detail: null,
    });
    void run(job, request.kind, progress);
    return recordOf(job);
  };

  return {
    start: (request: JobRequest, progress: ProgressSender) => start(request, progress, null),
    retry: (id: string, progress: ProgressSender): JobRecord => {
      const job = find(id);
      const kind = JSON.parse(job.record.params) as JobKind;
      const servers = job.servers.filter((s) => s.state !== "succeeded").map((s) => s.serverId);
      if (servers.length === 0) ctx.fail("invalid_input", `every server of job ${id} succeeded; nothing to retry`);
      return start({ kind, servers }, progress, id);
    },
    cancel: (id: string): null => {
      const switches = cancels.get(id) ?? ctx.fail("not_found", `job ${id} is not running in this window`);
      switches.cancelled = true;
      return null;
    },
    list: (limit: number): JobRecord[] => jobs.slice(0, limit).map(recordOf),
    detail: (id: string): JobDetail => {
      const job = find(id);
      return { job: recordOf(job), servers: job.servers.map((s) => ({ ...s })), log: [...job.log] };
    },
  };
}
