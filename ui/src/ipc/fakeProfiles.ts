// The fake backend's build profiles: saved with their problems named by field (as
// "field: message; ..."), listed, deleted, exported and imported as the versioned
// file, and the per-server preflight; plus the acquire filters of the server
// query and the build job's steps, as src-tauri/crates/build/src/profile.rs,
// preflight.rs and src-tauri/crates/core/src/build_job.rs do.
import type {
  AppError,
  BmcSettings,
  BuildProfile,
  PreflightCheck,
  ProfileEntry,
  ServerPreflight,
  ServerQuery,
  ServerSummary,
  SystemFacts,
} from "./bindings";
import type { NewAudit } from "./fakeAudit";
import { LayoutRefusal, planLayout } from "./fakeRaid";

/** The profiles the fake keeps, and what preflight answers per server id. */
export interface FakeProfiles {
  entries: ProfileEntry[];
  /** Checks to answer for a server (passed when all are ok), or the error reading it;
   *  a server not listed passes every check the profile asks for. */
  preflight: Record<string, PreflightCheck[] | AppError>;
}

export function fakeProfiles(entries: ProfileEntry[] = []): FakeProfiles {
  return { entries, preflight: {} };
}

/** A saved profile to seed the fake with. */
export function fakeProfileEntry(profile: BuildProfile, updatedBy = "alice"): ProfileEntry {
  return { profile, updatedAt: "2026-11-24T09:00:00Z", updatedBy };
}

export interface ProfileContext {
  state: () => FakeProfiles;
  now: () => string;
  actor: () => { name: string; role: string };
  snapshot: () => boolean;
  audit: (entry: NewAudit) => void;
  serverOf: (key: string) => ServerSummary;
  fail: (code: AppError["code"], message: string) => never;
}

const roles = ["Administrator", "Operator", "ReadOnly"];

function hostnameFor(template: string, name: string, serial: string): string {
  const clean = (s: string) =>
    s
      .replace(/[^A-Za-z0-9]/g, "-")
      .toLowerCase()
      .replace(/^-+|-+$/g, "");
  return template.replaceAll("{name}", clean(name)).replaceAll("{serial}", clean(serial));
}

function bmcProblems(bmc: BmcSettings): string[] {
  const found: string[] = [];
  if (bmc.hostname !== undefined && bmc.hostname !== null) {
    const sample = hostnameFor(bmc.hostname, "server-1", "SN1");
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(sample)) {
      found.push(`bmc.hostname: "${bmc.hostname}" does not make a host name (letters, digits and hyphens, at most 63)`);
    }
  }
  for (const server of bmc.ntpServers ?? []) {
    if (!/^[A-Za-z0-9.:-]{1,253}$/.test(server)) found.push(`bmc.ntpServers: "${server}" is not a host name or address`);
  }
  for (const server of bmc.dnsServers ?? []) {
    const parts = server.split(".");
    const ipv4 = parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
    if (!ipv4) found.push(`bmc.dnsServers: "${server}" is not an IPv4 address`);
  }
  if (bmc.network?.mode === "static") {
    found.push(
      "bmc.network: a profile is for many servers, so it cannot give them one static address; use DHCP or set addresses per server",
    );
  }
  if (bmc.account) {
    const { username, role } = bmc.account;
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(username)) {
      found.push(`bmc.account.username: "${username}" is not a BMC user name (letters, digits, _ and -, at most 16)`);
    }
    if (!roles.includes(role)) found.push(`bmc.account.role: "${role}" is not a role; it is one of ${roles.join(", ")}`);
  }
  return found;
}

/** Every problem of a profile, as the backend words them. */
export function profileProblems(profile: BuildProfile): string[] {
  const found: string[] = [];
  if (profile.name.trim() === "" || profile.name.length > 80) found.push("name: a profile needs a name of 1 to 80 characters");
  const raid = profile.raid;
  if (raid) {
    if (raid.volumeName.trim() === "") found.push("raid.volumeName: the volume needs a name");
    const drive = { id: null, capacity_bytes: raid.minDriveBytes ?? 1e12, media: raid.media ?? null };
    try {
      planLayout({
        level: raid.level,
        drives: Array.from({ length: raid.drives }, () => drive),
        spans: raid.spans ?? null,
        hot_spares: Array.from({ length: raid.hotSpares ?? 0 }, () => drive),
      });
    } catch (error) {
      if (!(error instanceof LayoutRefusal)) throw error;
      found.push(`raid: ${error.message}`);
    }
  }
  found.push(...bmcProblems(profile.bmc ?? {}));
  return found;
}

/** The checks a server that meets the profile passes. */
function passingChecks(profile: BuildProfile): PreflightCheck[] {
  const checks: PreflightCheck[] = [];
  const raid = profile.raid;
  if (raid) {
    const level = raid.level.toUpperCase();
    const drives = Array.from({ length: raid.drives }, (_, i) => `Disk.Bay.${String(i)}`).join(", ");
    checks.push({ check: "raid_level", ok: true, message: `the controller supports ${level}` });
    checks.push({ check: "volumes", ok: true, message: "no volumes yet" });
    checks.push({ check: "drives", ok: true, message: `${level} on ${drives} gives 960 GB` });
  }
  const bios = Object.keys(profile.bios ?? {}).length;
  if (bios > 0) {
    checks.push({ check: "bios_attributes", ok: true, message: `the registry has all ${String(bios)} BIOS attributes` });
  }
  if (profile.minBiosVersion) {
    checks.push({ check: "bios_version", ok: true, message: `BIOS 9.9.9 is at least ${profile.minBiosVersion}` });
  }
  if (profile.minBmcVersion) {
    checks.push({ check: "bmc_version", ok: true, message: `BMC firmware 9.9.9 is at least ${profile.minBmcVersion}` });
  }
  return checks;
}

/** The steps a build job reports for one server, in order. */
export function buildSteps(profile: BuildProfile): string[] {
  return [
    "preflight",
    "applying BMC settings",
    ...(profile.raid ? ["building the RAID volume"] : []),
    ...(Object.keys(profile.bios ?? {}).length > 0 ? ["setting BIOS values", "rebooting to apply BIOS settings"] : []),
    "verifying",
  ];
}

/** What a server built from the profile reads back as. */
export function buildResult(profile: BuildProfile): string {
  const done = ["BMC settings"];
  if (profile.raid) done.push(`${profile.raid.level.toUpperCase()} volume ${profile.raid.volumeName}`);
  const bios = Object.keys(profile.bios ?? {}).length;
  if (bios > 0) done.push(`${String(bios)} BIOS values`);
  return `verified: ${done.join(", ")}`;
}

/** The acquire filters of a server query (model, location, CPUs, memory, drives),
 *  the hardware ones against the facts last read; unknown facts do not match. */
export function acquireMatches(query: ServerQuery, server: ServerSummary, facts: SystemFacts | undefined): boolean {
  const contains = (value: string | null, part: string) => value?.toLowerCase().includes(part.toLowerCase()) === true;
  const atLeast = (have: number | null | undefined, want: number | null | undefined) =>
    want === null || want === undefined || (have !== null && have !== undefined && have >= want);
  const hardware = facts?.hardware;
  const { site, room, rack } = server.location;
  return (
    (!query.model || contains(server.model, query.model)) &&
    (!query.location || [site, room, rack].some((v) => contains(v, query.location ?? ""))) &&
    atLeast(hardware?.cpuCount, query.minCpus) &&
    atLeast(hardware?.memoryGib, query.minMemoryGib) &&
    atLeast(hardware?.drives.length, query.minDrives)
  );
}

function isError(value: PreflightCheck[] | AppError): value is AppError {
  return !Array.isArray(value);
}

export function createProfiles(ctx: ProfileContext) {
  const find = (name: string) =>
    ctx.state().entries.find((e) => e.profile.name.toLowerCase() === name.trim().toLowerCase()) ??
    ctx.fail("not_found", `no build profile named ${name}`);

  const record = (action: string, target: string, params: unknown) => {
    const actor = ctx.actor();
    ctx.audit({ actor: actor.name, role: actor.role, action, target, params, outcome: "ok", detail: null });
  };

  const refuseInSnapshot = () => {
    if (ctx.snapshot()) ctx.fail("read_only_snapshot", "this is a snapshot opened for review; nothing in it can be changed");
  };

  const check = (profile: BuildProfile) => {
    const problems = profileProblems(profile);
    if (problems.length > 0) ctx.fail("invalid_input", problems.join("; "));
  };

  const save = (profile: BuildProfile, replacing: string | null): ProfileEntry => {
    refuseInSnapshot();
    check(profile);
    const state = ctx.state();
    const name = profile.name.trim();
    const same = (e: ProfileEntry, other: string) => e.profile.name.trim().toLowerCase() === other.toLowerCase();
    const entry: ProfileEntry = { profile, updatedAt: ctx.now(), updatedBy: ctx.actor().name };
    const kept = state.entries.filter((e) => !same(e, name));
    record("profile_save", name, profile);
    if (replacing !== null && replacing.toLowerCase() !== name.toLowerCase()) {
      state.entries = kept.filter((e) => !same(e, replacing));
      record("profile_delete", replacing, { renamedTo: name });
    } else {
      state.entries = kept;
    }
    state.entries.push(entry);
    state.entries.sort((a, b) => a.profile.name.toLowerCase().localeCompare(b.profile.name.toLowerCase()));
    return entry;
  };

  const remove = (name: string): null => {
    refuseInSnapshot();
    const entry = find(name);
    const state = ctx.state();
    state.entries = state.entries.filter((e) => e !== entry);
    record("profile_delete", entry.profile.name, {});
    return null;
  };

  const exportOne = (name: string) => {
    const entry = find(name);
    const slug = entry.profile.name.replace(/[^A-Za-z0-9]/g, "-").toLowerCase();
    return { path: `/home/${ctx.actor().name}/Downloads/racksmith-profile-${slug}.json`, format: "json", count: 1 };
  };

  const importText = (text: string): ProfileEntry => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return ctx.fail("invalid_input", `the file is not JSON: ${String(error)}`);
    }
    const file = value as { racksmithBuildProfile?: unknown; profile?: unknown } | null;
    if (typeof file?.racksmithBuildProfile !== "number") ctx.fail("invalid_input", "the file is not a Racksmith build profile");
    if (file.racksmithBuildProfile > 1) {
      ctx.fail(
        "invalid_input",
        `the profile was written by a newer Racksmith (format ${String(file.racksmithBuildProfile)}); this one reads format 1`,
      );
    }
    if (typeof file.profile !== "object" || file.profile === null) ctx.fail("invalid_input", "the file has no profile");
    return save(file.profile as BuildProfile, null);
  };

  const preflight = (profile: BuildProfile, servers: string[]): ServerPreflight[] => {
    check(profile);
    return servers
      .map((key) => ctx.serverOf(key))
      .map((server) => {
        const answer = ctx.state().preflight[server.id] ?? passingChecks(profile);
        const base = { serverId: server.id, name: server.name };
        return isError(answer)
          ? { ...base, checks: [], passed: false, error: answer }
          : { ...base, checks: answer, passed: answer.every((c) => c.ok), error: null };
      });
  };

  return {
    handle: (cmd: string, payload: Record<string, unknown>): unknown => {
      switch (cmd) {
        case "build_profiles":
          return ctx.state().entries.map((e) => ({ ...e }));
        case "save_build_profile":
          return save(payload.profile as BuildProfile, (payload.replacing as string | null | undefined) ?? null);
        case "delete_build_profile":
          return remove(payload.name as string);
        case "export_build_profile":
          return exportOne(payload.name as string);
        case "import_build_profile":
          return importText(payload.text as string);
        case "preflight_build":
          return preflight(payload.profile as BuildProfile, payload.servers as string[]);
        default:
          return ctx.fail("internal", `${cmd} is not a build profile command`);
      }
    },
  };
}
