// The fake backend's BIOS: a small attribute registry, the registry check written
// again from src-tauri/crates/build/src/bios.rs (same codes and messages), and
// set, reset and read as src-tauri/crates/core/src/bios.rs answers them.
import type {
  Action,
  AppError,
  BiosAttribute,
  BiosChange,
  BiosCheck,
  BiosDependency,
  BiosRefusal,
  BiosRegistry,
  BiosView,
  ServerSummary,
} from "./bindings";
import type { NewAudit } from "./fakeAudit";
import { guard, type Role } from "./fakeRules";

/** One server's BIOS as the fake BMC has it. */
export interface FakeBios {
  /** Null: the BMC publishes no registry, and only "the BMC" checks values. */
  registry: BiosRegistry | null;
  current: Record<string, unknown>;
  /** Values waiting for the next reset. */
  pending: Record<string, unknown>;
  applyTimes: string[];
}

/** What the fake's BIOS and BMC settings commands need from the rest of the fake backend. */
export interface FakeSettingsContext {
  serverOf: (key: string) => ServerSummary;
  role: () => Role;
  snapshot: () => boolean;
  user: () => string;
  audit: (entry: NewAudit) => void;
  now: () => string;
  fail: (code: AppError["code"], message: string) => never;
}

export type FakeCommands = Record<string, (payload: Record<string, unknown>) => unknown>;

/** Runs a command as the core's guarded commands do: the stage guard first, then
 *  the work, audited either way (refused, failed or ok). */
export function runGuarded(context: FakeSettingsContext) {
  return <T>(key: string, action: Action, auditName: string, params: unknown, work: (server: ServerSummary) => T): T => {
    const server = context.serverOf(key);
    const entry = { actor: context.user(), role: context.role(), action: auditName, target: server.name, params };
    const refused = guard(server, action, context.role(), context.snapshot());
    if (refused) {
      context.audit({ ...entry, outcome: "refused", detail: `${refused.code}: ${refused.message}` });
      return context.fail(refused.code, refused.message);
    }
    try {
      const done = work(server);
      context.audit({ ...entry, outcome: "ok", detail: null });
      return done;
    } catch (error) {
      const { code, message } = error as AppError;
      context.audit({ ...entry, outcome: "failed", detail: `${code}: ${message}` });
      throw error;
    }
  };
}

function attribute(name: string, displayName: string, kind: BiosAttribute["kind"], defaultValue: unknown): BiosAttribute {
  return { name, displayName, help: null, kind, readOnly: false, default: defaultValue };
}

/** An enumeration, a bounded integer, a string with a pattern, a boolean, a
 *  password, a read-only attribute, and C-States locked unless the profile is Custom. */
export function fakeBiosRegistry(): BiosRegistry {
  return {
    id: "BiosAttributeRegistry.1.0.0",
    attributes: [
      attribute(
        "SysProfile",
        "System Profile",
        { type: "enumeration", values: ["PerfOptimized", "PerfPerWattOptimizedDapc", "Custom"] },
        "PerfPerWattOptimizedDapc",
      ),
      attribute("ProcCStates", "C-States", { type: "enumeration", values: ["Enabled", "Disabled"] }, "Enabled"),
      attribute("BootMode", "Boot Mode", { type: "enumeration", values: ["Uefi", "Bios"] }, "Uefi"),
      attribute(
        "AcPwrRcvryUserDelay",
        "AC Power Recovery Delay",
        { type: "integer", lower: 60, upper: 600, increment: 5 },
        60,
      ),
      attribute(
        "AssetTag",
        "Asset Tag",
        { type: "string", minLength: null, maxLength: 10, pattern: "^[A-Za-z0-9-]*$" },
        "",
      ),
      attribute("SriovGlobalEnable", "SR-IOV Global Enable", { type: "boolean" }, false),
      attribute("SetupPassword", "Setup Password", { type: "password" }, null),
      {
        ...attribute("SystemServiceTag", "Service Tag", { type: "string", minLength: null, maxLength: null, pattern: null }, null),
        readOnly: true,
      },
    ],
    dependencies: [{ attribute: "ProcCStates", from: "SysProfile", condition: "NEQ", value: "Custom" }],
  };
}

export function fakeBios(server: ServerSummary): FakeBios {
  return {
    registry: fakeBiosRegistry(),
    current: {
      SysProfile: "PerfOptimized",
      ProcCStates: "Enabled",
      BootMode: "Uefi",
      AcPwrRcvryUserDelay: 120,
      AssetTag: "",
      SriovGlobalEnable: false,
      SetupPassword: null,
      SystemServiceTag: server.serial,
    },
    pending: {},
    applyTimes: ["OnReset", "Immediate"],
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function display(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

function refuse(attribute: string, code: string, message: string): BiosRefusal {
  return { attribute, code, message };
}

function locks(dependency: BiosDependency, values: Record<string, unknown>): boolean {
  const equal = same(values[dependency.from], dependency.value);
  if (dependency.condition === "EQU") return equal;
  if (dependency.condition === "NEQ") return !equal;
  return false;
}

function explain(dependency: BiosDependency): string {
  const value = display(dependency.value);
  return dependency.condition === "NEQ"
    ? `${dependency.attribute} can only be changed when ${dependency.from} is ${value}`
    : `${dependency.attribute} cannot be changed while ${dependency.from} is ${value}`;
}

function lockedBy(registry: BiosRegistry, name: string, values: Record<string, unknown>): string | null {
  if (registry.attributes.find((a) => a.name === name)?.readOnly) return `${name} is read-only`;
  const dependency = registry.dependencies.find((d) => d.attribute === name && locks(d, values));
  return dependency ? explain(dependency) : null;
}

/** Registry patterns are meant for the whole value; one JavaScript cannot read is left to the BMC. */
function wholeMatch(pattern: string, text: string): boolean | null {
  try {
    return new RegExp(`^(?:${pattern.replace(/^\^/, "").replace(/\$$/, "")})$`, "u").test(text);
  } catch {
    return null;
  }
}

function checkValue(a: BiosAttribute, value: unknown): BiosRefusal | null {
  const name = a.name;
  const wrongType = (expected: string) => refuse(name, "wrong_type", `${name} takes ${expected}, not ${display(value)}`);
  const kind = a.kind;
  switch (kind.type) {
    case "enumeration":
      if (typeof value !== "string") return wrongType("one of its listed values");
      return kind.values.includes(value)
        ? null
        : refuse(name, "not_in_list", `${name} cannot be "${value}"; it is one of ${kind.values.join(", ")}`);
    case "integer": {
      if (typeof value !== "number" || !Number.isInteger(value)) return wrongType("a whole number");
      if ((kind.lower !== null && value < kind.lower) || (kind.upper !== null && value > kind.upper)) {
        const bound = (b: number | null) => (b === null ? "any" : String(b));
        return refuse(
          name,
          "out_of_range",
          `${name} must be from ${bound(kind.lower)} to ${bound(kind.upper)}; ${String(value)} is outside`,
        );
      }
      const step = kind.increment;
      return step !== null && step > 1 && (value - (kind.lower ?? 0)) % step !== 0
        ? refuse(name, "not_a_step", `${name} moves in steps of ${String(step)}; ${String(value)} is not one`)
        : null;
    }
    case "string": {
      if (typeof value !== "string") return wrongType("text");
      // Rust counts chars: code points.
      const length = Array.from(value).length;
      if (kind.maxLength !== null && length > kind.maxLength) {
        return refuse(name, "too_long", `${name} takes at most ${String(kind.maxLength)} characters; ${String(length)} were given`);
      }
      if (kind.minLength !== null && length < kind.minLength) {
        return refuse(name, "too_short", `${name} needs at least ${String(kind.minLength)} characters; ${String(length)} were given`);
      }
      if (kind.pattern && wholeMatch(kind.pattern, value) === false) {
        return refuse(name, "pattern", `${name} must match ${kind.pattern}; "${value}" does not`);
      }
      return null;
    }
    case "boolean":
      return typeof value === "boolean" ? null : wrongType("true or false");
    case "password":
      return typeof value === "string" ? null : wrongType("text");
    case "other":
      return refuse(name, "wrong_type", `${name} has the type ${kind.name}, which this console does not edit`);
  }
}

/** Every refusal of the changes; dependencies are judged on the values they would leave. */
export function checkBios({ registry, values, changes }: BiosCheck): BiosRefusal[] {
  const after = { ...values, ...changes };
  const refusals: BiosRefusal[] = [];
  for (const [name, value] of Object.entries(changes)) {
    const attribute = registry.attributes.find((a) => a.name === name);
    if (!attribute) {
      refusals.push(refuse(name, "unknown_attribute", `the BIOS has no attribute ${name}`));
      continue;
    }
    if (attribute.readOnly) {
      refusals.push(refuse(name, "read_only", `${name} is read-only`));
      continue;
    }
    const dependency = registry.dependencies.find((d) => d.attribute === name && locks(d, after));
    if (!same(values[name], value) && dependency) {
      refusals.push(refuse(name, "locked", explain(dependency)));
      continue;
    }
    const refused = checkValue(attribute, value);
    if (refused) refusals.push(refused);
  }
  return refusals;
}

function viewOf(serverId: string, bios: FakeBios): BiosView {
  const values = { ...bios.current, ...bios.pending };
  const registry = bios.registry;
  const locked: Record<string, string> = {};
  for (const a of registry?.attributes ?? []) {
    const why = registry && lockedBy(registry, a.name, values);
    if (why) locked[a.name] = why;
  }
  return {
    serverId,
    registryId: registry?.id ?? null,
    registry,
    current: { ...bios.current },
    pending: { ...bios.pending },
    applyTimes: [...bios.applyTimes],
    locked,
  };
}

/** bios, check_bios, set_bios and reset_bios over each server's fake BIOS (made when first asked for). */
export function fakeBiosCommands(store: () => Record<string, FakeBios>, context: FakeSettingsContext): FakeCommands {
  const { serverOf, fail } = context;
  const biosOf = (server: ServerSummary) => (store()[server.id] ??= fakeBios(server));

  const guarded = runGuarded(context);

  const setBios = (key: string, change: BiosChange) =>
    guarded(key, "bios_settings", "bios_set", { values: change.values, applyTime: change.applyTime ?? null }, (server) => {
      if (Object.keys(change.values).length === 0) fail("invalid_input", "no BIOS values to set");
      const bios = biosOf(server);
      if (bios.registry) {
        const values = { ...bios.current, ...bios.pending };
        const refusals = checkBios({ registry: bios.registry, values, changes: change.values });
        if (refusals.length > 0) fail("invalid_bios_value", refusals.map((r) => r.message).join("; "));
      }
      const applyTime = change.applyTime ?? null;
      if (applyTime !== null && bios.applyTimes.length > 0 && !bios.applyTimes.includes(applyTime)) {
        fail("invalid_input", `the BMC does not apply BIOS settings ${applyTime}; it offers ${bios.applyTimes.join(", ")}`);
      }
      if (applyTime === "Immediate") {
        bios.current = { ...bios.current, ...change.values };
        bios.pending = Object.fromEntries(Object.entries(bios.pending).filter(([name]) => !(name in change.values)));
      } else {
        const pending = { ...bios.pending, ...change.values };
        bios.pending = Object.fromEntries(Object.entries(pending).filter(([name, value]) => !same(bios.current[name], value)));
      }
      return viewOf(server.id, bios);
    });

  const resetBios = (key: string) =>
    guarded(key, "bios_settings", "bios_reset_defaults", {}, (server) => {
      const bios = biosOf(server);
      const defaults = (bios.registry?.attributes ?? [])
        .filter((a) => !a.readOnly && a.default !== null && a.default !== undefined && !same(a.default, bios.current[a.name]))
        .map((a) => [a.name, a.default] as const);
      bios.pending = Object.fromEntries(defaults);
      return viewOf(server.id, bios);
    });

  return {
    bios: (payload) => {
      const server = serverOf(payload.serverId as string);
      return viewOf(server.id, biosOf(server));
    },
    check_bios: (payload) => checkBios(payload.check as BiosCheck),
    set_bios: (payload) => setBios(payload.serverId as string, payload.change as BiosChange),
    reset_bios: (payload) => resetBios(payload.serverId as string),
  };
}
