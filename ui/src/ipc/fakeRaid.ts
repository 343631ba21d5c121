// The fake backend's storage: controllers with their bay maps, the RAID planner's
// arithmetic and refusals, the review on the drives as they are, and applying a
// layout (volumes in the way deleted only when confirmed), as
// src-tauri/crates/build/src/raid.rs and src-tauri/crates/core/src/raid.rs do.
import type {
  AppError,
  BayDrive,
  PlanDrive,
  RaidApplied,
  RaidApply,
  RaidLevel,
  RaidPlan,
  RaidRequest,
  RaidReview,
  RaidWarning,
  Refusal,
  ServerSummary,
  StorageView,
  VolumeView,
} from "./bindings";
import type { NewAudit } from "./fakeAudit";
import { isSpanned, levelLabel, redfishType } from "./raidLevels";

export interface RaidContext {
  /** Controllers by server id; a server not listed has none. */
  storage: () => Record<string, StorageView[]>;
  serverOf: (key: string) => ServerSummary;
  /** The guard's answer for raid_build (audited by the caller when it refuses). */
  guard: (server: ServerSummary) => Refusal | null;
  actor: () => { name: string; role: string };
  audit: (entry: NewAudit) => void;
  fail: (code: AppError["code"], message: string) => never;
}

/** Drives per span given to parity or mirroring, and the smallest span. */
const redundancy: Record<RaidLevel, number> = { raid0: 0, raid1: 1, raid5: 1, raid50: 1, raid6: 2, raid60: 2, raid10: 1 };
const minSpan: Record<RaidLevel, number> = { raid0: 1, raid1: 2, raid10: 2, raid5: 3, raid50: 3, raid6: 4, raid60: 4 };

const units = [
  ["PB", 1e15],
  ["TB", 1e12],
  ["GB", 1e9],
  ["MB", 1e6],
] as const;

/** Bytes as the backend writes them in messages: "1.92 TB", "960 GB". */
export function formatBytes(bytes: number): string {
  const [unit, scale] = units.find(([, scale]) => bytes >= scale) ?? ["B", 1];
  const text = (bytes / scale).toFixed(2).replace(/\.?0+$/, "");
  return `${text} ${unit}`;
}

/** Why a layout cannot be built, as the planner's RaidRefusal says it. */
export class LayoutRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function refuse(code: string, message: string): never {
  throw new LayoutRefusal(code, message);
}

function spansFor(level: RaidLevel, n: number, asked: number | null): number {
  const least = minSpan[level];
  if (!isSpanned(level)) {
    if (asked !== null && asked !== 1) refuse("uneven_spans", `${levelLabel(level)} has no spans; ${asked} were asked for`);
    return 1;
  }
  const spans = asked ?? (level === "raid10" ? Math.floor(n / 2) : 2);
  if (n < 2 * least) {
    refuse(
      "too_few_drives",
      `${levelLabel(level)} needs at least ${2 * least} drives (2 spans of ${least}); ${n} were given`,
    );
  }
  if (level === "raid10" && n % 2 !== 0) {
    refuse("uneven_spans", `${levelLabel(level)} mirrors pairs of drives, so it needs an even number; ${n} were given`);
  }
  const perSpan = spans > 0 ? Math.floor(n / spans) : 0;
  if (spans < 2 || n % spans !== 0 || perSpan < least || (level === "raid10" && perSpan % 2 !== 0)) {
    refuse(
      "uneven_spans",
      `${levelLabel(level)} splits its drives into equal spans of at least ${least}; ${n} drives do not split into ${spans}`,
    );
  }
  return spans;
}

/** The planner: checks a layout and works out what it gives; throws LayoutRefusal. */
export function planLayout(request: RaidRequest): RaidPlan {
  const { level, drives } = request;
  const spares = request.hot_spares ?? [];
  const n = drives.length;
  const name = (d: PlanDrive, i: number, what = "drive") => d.id ?? `${what} ${i + 1}`;
  if (n === 0) refuse("no_drives", `${levelLabel(level)} needs drives; none were chosen`);
  drives.forEach((d, i) => {
    if (d.failed) refuse("failed_drive", `${name(d, i)} has failed and cannot join a volume; replace it or leave it out`);
  });
  if (level === "raid1" && n !== 2) {
    refuse("exact_drive_count", `RAID 1 mirrors exactly 2 drives; ${n} were given (RAID 10 mirrors more)`);
  }
  if ((level === "raid5" || level === "raid6") && n < minSpan[level]) {
    refuse("too_few_drives", `${levelLabel(level)} needs at least ${minSpan[level]} drives; ${n} were given`);
  }
  const spans = spansFor(level, n, request.spans);
  const sizes = drives.map((d) => d.capacity_bytes);
  const member = Math.min(...sizes);
  const largest = Math.max(...sizes);
  const perSpan = n / spans;
  const dataPerSpan = level === "raid10" ? perSpan / 2 : perSpan - redundancy[level];
  const tolerance: Record<RaidLevel, [number, number]> = {
    raid0: [0, 0],
    raid1: [1, 1],
    raid5: [1, 1],
    raid6: [2, 2],
    raid10: [1, spans * (perSpan / 2)],
    raid50: [1, spans],
    raid60: [2, 2 * spans],
  };
  spares.forEach((spare, i) => {
    const spareName = name(spare, i, "hot spare");
    if (spare.failed) refuse("failed_spare", `${spareName} has failed and cannot stand by`);
    if (spare.capacity_bytes < member) {
      refuse(
        "spare_too_small",
        `${spareName} (${formatBytes(spare.capacity_bytes)}) is smaller than the members (${formatBytes(member)}) it would replace`,
      );
    }
  });
  const warnings: RaidWarning[] = [];
  if (largest > member) {
    const wasted = sizes.reduce((sum, size) => sum + size - member, 0);
    warnings.push({
      code: "mixed_sizes",
      message: `the drives differ in size: each is used as ${formatBytes(member)} and ${formatBytes(wasted)} go unused`,
    });
  }
  const media = [...drives, ...spares].flatMap((d) => (d.media ? [d.media] : []));
  if (media.some((m) => m !== media[0])) {
    warnings.push({
      code: "mixed_media",
      message: "HDDs and SSDs are mixed: the volume runs at the speed of the slowest drive",
    });
  }
  if (level === "raid0" && n > 1) {
    warnings.push({
      code: "no_redundancy",
      message: `RAID 0 survives no drive failure: losing any of the ${n} drives loses the volume`,
    });
  }
  const [faultTolerance, best] = tolerance[level];
  return {
    level,
    drives: n,
    spans,
    member_bytes: member,
    raw_bytes: sizes.reduce((sum, size) => sum + size, 0),
    usable_bytes: spans * dataPerSpan * member,
    fault_tolerance: faultTolerance,
    fault_tolerance_best: best,
    hot_spares: spares.length,
    warnings,
  };
}

/** A drive in a bay, free and healthy unless told otherwise. */
export function fakeDrive(id: string, capacityBytes: number, change: Partial<BayDrive> = {}): BayDrive {
  return {
    path: `/redfish/v1/Systems/1/Storage/RAID.1/Drives/${id}`,
    id,
    model: "PM893",
    serial: `S-${id}`,
    capacityBytes,
    mediaType: "SSD",
    protocol: "SATA",
    health: "OK",
    volume: null,
    ...change,
  };
}

/** A controller with these drives and volumes; a drive a volume lists is marked as in it. */
export function fakeStorage(drives: BayDrive[], change: Partial<StorageView> = {}): StorageView {
  const path = change.path ?? "/redfish/v1/Systems/1/Storage/RAID.1";
  const volumes = change.volumes ?? [];
  return {
    path,
    id: "RAID.1",
    name: "RAID Controller",
    controller: "PERC H755",
    raidTypes: ["RAID0", "RAID1", "RAID5", "RAID6", "RAID10", "RAID50", "RAID60"],
    volumesPath: `${path}/Volumes`,
    options: { stripSizes: [65_536, 262_144], writeCache: ["WriteBack", "WriteThrough"], readCache: ["ReadAhead", "Off"] },
    ...change,
    volumes,
    drives: drives.map((d) => ({
      ...d,
      volume: volumes.find((v) => v.drives.includes(d.path) || v.spares.includes(d.path))?.id ?? d.volume,
    })),
  };
}

/** An existing volume on these drives. */
export function fakeVolume(id: string, name: string, raidType: string, drives: BayDrive[], capacityBytes: number): VolumeView {
  return {
    path: `/redfish/v1/Systems/1/Storage/RAID.1/Volumes/${id}`,
    id,
    name,
    raidType,
    capacityBytes,
    stripSizeBytes: null,
    writeCachePolicy: null,
    readCachePolicy: null,
    health: "OK",
    drives: drives.map((d) => d.path),
    spares: [],
  };
}

export function createRaid(ctx: RaidContext) {
  const controllers = (serverId: string): StorageView[] => {
    const server = ctx.serverOf(serverId);
    return ctx.storage()[server.id] ?? [];
  };

  const storageOf = (serverId: string, storageId: string): StorageView =>
    controllers(serverId).find((s) => s.id === storageId) ?? ctx.fail("not_found", `no storage controller ${storageId}`);

  const review = (storage: StorageView, apply: RaidApply): RaidReview => {
    const invalid = (message: string) => ctx.fail("invalid_input", message);
    const spares = apply.hotSpares ?? [];
    const seen = new Set<string>();
    for (const id of [...apply.drives, ...spares]) {
      if (seen.has(id)) invalid(`drive ${id} is chosen twice`);
      seen.add(id);
    }
    const planDrive = (id: string): PlanDrive => {
      const d = storage.drives.find((drive) => drive.id === id) ?? invalid(`${storage.id} has no drive ${id}`);
      return {
        id: d.id,
        capacity_bytes: d.capacityBytes ?? invalid(`drive ${id} reports no capacity`),
        media: d.mediaType === "SSD" ? "ssd" : d.mediaType === "HDD" ? "hdd" : null,
        failed: d.health === "Critical",
      };
    };
    const request: RaidRequest = {
      level: apply.level,
      drives: apply.drives.map(planDrive),
      spans: apply.spans ?? null,
      hot_spares: spares.map(planDrive),
    };
    const type = redfishType(apply.level);
    if (storage.raidTypes.length > 0 && !storage.raidTypes.includes(type)) {
      ctx.fail(
        "impossible_layout",
        `${storage.controller ?? storage.id} does not offer ${type}; it offers ${storage.raidTypes.join(", ")}`,
      );
    }
    let plan: RaidPlan;
    try {
      plan = planLayout(request);
    } catch (error) {
      if (error instanceof LayoutRefusal) return ctx.fail("impossible_layout", error.message);
      throw error;
    }
    const asked = apply.capacityBytes ?? null;
    if (asked !== null && (asked <= 0 || asked > plan.usable_bytes)) {
      ctx.fail(
        "impossible_layout",
        `a volume of ${formatBytes(asked)} does not fit: the layout gives ${formatBytes(plan.usable_bytes)}`,
      );
    }
    const { options } = storage;
    const strip = apply.stripSizeBytes ?? null;
    if (strip !== null && options.stripSizes.length > 0 && !options.stripSizes.includes(strip)) {
      invalid(`the controller does not offer a strip size of ${strip} bytes`);
    }
    const policies: [string | null | undefined, string[], string][] = [
      [apply.writeCachePolicy, options.writeCache, "write cache"],
      [apply.readCachePolicy, options.readCache, "read cache"],
    ];
    for (const [policy, offered, what] of policies) {
      if (policy && offered.length > 0 && !offered.includes(policy)) {
        invalid(`the controller has no ${what} policy ${policy}; it offers ${offered.join(", ")}`);
      }
    }
    const inTheWay = storage.volumes.filter((v) =>
      [...v.drives, ...v.spares].some((path) => {
        const drive = storage.drives.find((d) => d.path === path);
        return drive !== undefined && seen.has(drive.id);
      }),
    );
    return { plan, inTheWay: inTheWay.map((v) => ({ ...v })) };
  };

  const apply = (serverId: string, asked: RaidApply): RaidApplied => {
    const server = ctx.serverOf(serverId);
    const { name: actor, role } = ctx.actor();
    const record = (outcome: string, detail: string | null) => {
      ctx.audit({ actor, role, action: "raid_apply", target: server.name, params: asked, outcome, detail });
    };
    const refused = ctx.guard(server);
    if (refused) {
      record("refused", `${refused.code}: ${refused.message}`);
      ctx.fail(refused.code, refused.message);
    }
    try {
      const storage = storageOf(server.id, asked.storageId);
      const reviewed = review(storage, asked);
      const deleting = asked.deleteVolumes ?? [];
      const unconfirmed = reviewed.inTheWay.filter((v) => !deleting.includes(v.id)).map((v) => v.name ?? v.id);
      if (unconfirmed.length > 0) {
        ctx.fail(
          "confirmation_required",
          `the chosen drives belong to volume(s) ${unconfirmed.join(", ")}; confirm their deletion to go on`,
        );
      }
      for (const id of deleting) {
        if (!storage.volumes.some((v) => v.id === id)) ctx.fail("not_found", `no volume ${id} to delete`);
      }
      storage.volumes = storage.volumes.filter((v) => !deleting.includes(v.id));
      const pathOf = (id: string) => storage.drives.find((d) => d.id === id)?.path ?? "";
      let number = storage.volumes.length + 1;
      while (storage.volumes.some((v) => v.id === `Volume${number}`)) number++;
      const id = `Volume${number}`;
      const volume: VolumeView = {
        path: `${storage.volumesPath ?? `${storage.path}/Volumes`}/${id}`,
        id,
        name: asked.name ?? id,
        raidType: redfishType(asked.level),
        capacityBytes: asked.capacityBytes ?? reviewed.plan.usable_bytes,
        stripSizeBytes: asked.stripSizeBytes ?? storage.options.stripSizes[0] ?? null,
        writeCachePolicy: asked.writeCachePolicy ?? null,
        readCachePolicy: asked.readCachePolicy ?? null,
        health: "OK",
        drives: asked.drives.map(pathOf),
        spares: (asked.hotSpares ?? []).map(pathOf),
      };
      storage.volumes.push(volume);
      for (const drive of storage.drives) {
        const holder = storage.volumes.find((v) => v.drives.includes(drive.path) || v.spares.includes(drive.path));
        drive.volume = holder?.id ?? null;
      }
      record("ok", null);
      return {
        plan: reviewed.plan,
        volume: { ...volume },
        deleted: deleting,
        storage: structuredClone(storage),
      };
    } catch (error) {
      const failure = error as Partial<AppError>;
      record("failed", `${String(failure.code)}: ${String(failure.message)}`);
      throw error;
    }
  };

  return {
    storage: (serverId: string) => structuredClone(controllers(serverId)),
    plan: (request: RaidRequest): RaidPlan => {
      try {
        return planLayout(request);
      } catch (error) {
        if (error instanceof LayoutRefusal) return ctx.fail("impossible_layout", error.message);
        throw error;
      }
    },
    review: (serverId: string, asked: RaidApply) => review(storageOf(serverId, asked.storageId), asked),
    apply,
  };
}
