// The fake backend's firmware and maintenance tasks, as
// src-tauri/crates/core/src/maintenance.rs (the inventory against the baseline)
// and order_tasks.rs (running a task on a server) answer them. An image says what
// it updates by its name, as the lab's images say it in their first line:
// "bios-2.30.1.bin" sets BIOS to 2.30.1.
import type { AppError, FirmwareComponentView, FirmwareFact, FirmwareView, OrderTask, ServerSummary } from "./bindings";
import type { FakeCommands } from "./fakeBios";
import { taskLabel } from "./fakeOrders";

/** One server's firmware as its fake BMC has it, and how it takes updates. */
export interface FakeServerFirmware {
  components: FirmwareFact[];
  /** `Immediate`, `OnReset`, `AtMaintenanceWindowStart`, as the BMC offers them. */
  applyTimes: string[];
  /** UpdateService.SimpleUpdate: the BMC fetches an image from a URL. */
  canFetch: boolean;
  /** MultipartHttpPushUri: the BMC takes an uploaded file. */
  canUpload: boolean;
}

export interface FakeFirmware {
  /** Each server's firmware by server id, made from fakeServerFirmware() when first asked for. */
  servers: Record<string, FakeServerFirmware>;
  /** firmware-baseline.toml: for each model, the version each component should have. */
  baseline: Record<string, Record<string, string>>;
  /** What choose_firmware_file answers; null is a cancelled picker. */
  chosenFile: string | null;
}

/** BIOS and BMC firmware, a RAID controller's and a NIC's, updateable by URL or upload. */
export function fakeServerFirmware(): FakeServerFirmware {
  return {
    components: [
      { id: "BIOS", name: "System BIOS", version: "2.19.2", updateable: true },
      { id: "BMC", name: "BMC firmware", version: "7.4.29", updateable: true },
      { id: "RAID.Integrated.1", name: "RAID controller firmware", version: "52.27.0-2780", updateable: true },
      { id: "NIC.1", name: "Network adapter NIC.1 firmware", version: "22.13.1", updateable: true },
    ],
    applyTimes: ["Immediate", "OnReset"],
    canFetch: true,
    canUpload: true,
  };
}

/** A baseline for fakeServer's model R650 that wants a newer BIOS (so BIOS drifts)
 *  and the BMC firmware it has; the other components it does not name. */
export function fakeFirmware(change: Partial<FakeFirmware> = {}): FakeFirmware {
  return {
    servers: {},
    baseline: { R650: { BIOS: "2.30.1", BMC: "7.4.29" } },
    chosenFile: null,
    ...change,
  };
}

/** The condition as Rust's Debug prints it. */
function conditionName(condition: Extract<OrderTask, { kind: "wait" }>["condition"]): string {
  return { power_on: "PowerOn", power_off: "PowerOff", bmc_ready: "BmcReady" }[condition];
}

type Fail = (code: AppError["code"], message: string) => never;

/** The component and version an image's file name names: "bios-2.30.1.bin",
 *  "NIC.1_22.14.0.bin"; null for a name that names none. */
export function imageTarget(image: string): { component: string; version: string } | null {
  const name = image.split(/[/\\]/).pop() ?? "";
  const match = /^(.+?)[-_]v?(\d[\w.-]*?)(?:\.[A-Za-z]+)?$/.exec(name);
  return match?.[1] && match[2] ? { component: match[1], version: match[2] } : null;
}

/** Components with what the baseline says of each, as maintenance.rs's compare does:
 *  components the baseline does not name are not drift. */
function compare(components: readonly FirmwareFact[], wanted: Record<string, string> | undefined): FirmwareComponentView[] {
  return components.map((c) => {
    const baseline = wanted?.[c.id] ?? null;
    return { ...c, baseline, drift: baseline !== null && c.version !== baseline };
  });
}

export interface FakeFirmwareContext {
  state: () => FakeFirmware;
  serverOf: (key: string) => ServerSummary;
  snapshot: () => boolean;
  /** The profile folder, where firmware-baseline.toml is kept. */
  profileDir: () => string;
  fail: Fail;
}

/** firmware and choose_firmware_file, and what a maintenance task does to a server. */
export function createFirmware(context: FakeFirmwareContext) {
  const { state, serverOf, fail } = context;
  const firmwareOf = (server: ServerSummary) => (state().servers[server.id] ??= fakeServerFirmware());
  const bmcUrl = (server: ServerSummary) => `https://${server.bmcAddress ?? "bmc"}`;

  const view = (key: string): FirmwareView => {
    if (context.snapshot()) fail("read_only_snapshot", "this is a snapshot opened for review; nothing in it can be changed");
    const server = serverOf(key);
    const firmware = firmwareOf(server);
    const wanted = server.model === null ? undefined : state().baseline[server.model];
    return {
      serverId: server.id,
      name: server.name,
      model: server.model,
      components: compare(firmware.components, wanted),
      baselineFile: `${context.profileDir()}/firmware-baseline.toml`,
      baselineFound: wanted !== undefined,
      applyTimes: [...firmware.applyTimes],
      canUpload: firmware.canUpload,
      canFetch: firmware.canFetch,
    };
  };

  /** The image applied and read back: "BIOS 2.19.2 → 2.30.1", as update_firmware reports it. */
  const update = (server: ServerSummary, image: string): string => {
    const target = imageTarget(image);
    const component = firmwareOf(server).components.find(
      (c) => target !== null && c.id.toLowerCase() === target.component.toLowerCase(),
    );
    if (!target || !component || component.version === target.version) {
      return fail("verify_failed", "the BMC finished the update but no firmware version changed within 600 s");
    }
    const before = component.version ?? "?";
    component.version = target.version;
    return `${component.id} ${before} → ${target.version}`;
  };

  /** One task on one server, as run_task does it; throws the task's error as is. */
  const runOne = (server: ServerSummary, task: OrderTask): string => {
    switch (task.kind) {
      case "reboot":
        server.powerState = "On";
        return "rebooted";
      case "powerCycle":
        server.powerState = "On";
        return "power cycled";
      case "firmware":
        if (!firmwareOf(server).canFetch) fail("invalid_input", `${bmcUrl(server)} offers no UpdateService.SimpleUpdate`);
        return update(server, task.imageUrl);
      case "firmwareFile":
        if (!firmwareOf(server).canUpload) {
          fail("invalid_input", `${bmcUrl(server)} takes no uploaded images (no MultipartHttpPushUri); give a URL instead`);
        }
        return update(server, task.path);
      case "bios":
        return `${Object.keys(task.attributes).length} BIOS values verified`;
      case "bmcReset":
        return "BMC reset and answering";
      case "wait":
        return `${conditionName(task.condition)} seen`;
    }
  };

  /** A task's error names the task, as run_tasks words it. */
  const runTask = (server: ServerSummary, task: OrderTask): string => {
    try {
      return runOne(server, task);
    } catch (error) {
      const { code, message } = error as AppError;
      return fail(code, `${taskLabel(task)} failed: ${message.replace(/\.+$/, "")}.`);
    }
  };

  const commands: FakeCommands = {
    firmware: (payload) => view(payload.serverId as string),
    choose_firmware_file: () => state().chosenFile,
  };

  return { commands, runTask, view };
}
