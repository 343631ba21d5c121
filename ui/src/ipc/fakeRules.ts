// The lifecycle crate's stage table, moves and guards, written again for the fake
// backend so UI tests meet the same answers the app does; keep it in step with
// src-tauri/crates/lifecycle (guard.rs and moves.rs).
import type { Action, ActionRule, MoveRequest, MoveRule, Refusal, ServerSummary, Stage } from "./bindings";

export type Role = "customer" | "operator";

export const allActions: readonly Action[] = [
  "view",
  "export",
  "refresh",
  "locate",
  "power_on",
  "graceful_shutdown",
  "force_off",
  "graceful_restart",
  "force_restart",
  "power_cycle",
  "kvm",
  "virtual_media",
  "bmc_access",
  "bios_settings",
  "raid_build",
  "bmc_settings",
  "build_profile",
  "firmware_update",
  "bmc_reset",
  "schedule_order",
  "erase",
];

const allStages: readonly Stage[] = [
  "inventory",
  "building",
  "in_service",
  "maintenance_customer",
  "maintenance_operator",
  "deletion",
  "retired",
];

/** The error codes of a last contact that failed for want of the BMC. */
export const unreachableCodes: readonly string[] = [
  "bmc_unreachable",
  "bmc_timeout",
  "bmc_dropped",
  "bmc_tls",
  "certificate_changed",
  "login_refused",
];

const mayReboot: readonly Action[] = [
  "graceful_restart",
  "force_restart",
  "power_cycle",
  "bios_settings",
  "raid_build",
  "build_profile",
  "firmware_update",
  "bmc_reset",
  "schedule_order",
];

const stageLabels: Record<Stage, string> = {
  inventory: "Inventory",
  building: "Building",
  in_service: "In service",
  maintenance_customer: "Maintenance",
  maintenance_operator: "the operator's hold",
  deletion: "Deletion",
  retired: "Retired",
};

function stageAllows(stage: Stage, action: Action): boolean {
  // Erasing is the deletion pipeline's alone: no other stage allows it, whoever asks.
  const building = action !== "schedule_order" && action !== "bmc_reset" && action !== "erase";
  const maintenance = action !== "build_profile" && action !== "erase";
  switch (stage) {
    case "inventory":
      return ["view", "export", "refresh", "locate"].includes(action);
    case "building":
      return building;
    case "in_service":
      return [
        "view",
        "export",
        "refresh",
        "locate",
        "power_on",
        "graceful_shutdown",
        "kvm",
        "virtual_media",
        "bmc_access",
      ].includes(action);
    case "maintenance_customer":
      return maintenance;
    case "maintenance_operator":
      return building || maintenance;
    case "deletion":
      return ["view", "export", "refresh", "erase"].includes(action);
    case "retired":
      return ["view", "export"].includes(action);
  }
}

function refusal(code: Refusal["code"], message: string): Refusal {
  return { code, message };
}

const readOnly = () =>
  refusal("read_only_snapshot", "this is a snapshot opened for review; nothing in it can be changed");

function holdRefusal(server: ServerSummary): Refusal {
  const hold = server.hold;
  const detail = hold ? ` by ${hold.by} until ${hold.until} (${hold.reason})` : "";
  return refusal(
    "operator_hold",
    `${server.name} is held by the operator${detail}; customer actions are locked until it is released`,
  );
}

export function unreachable(server: ServerSummary): boolean {
  return server.unreachable;
}

/** Who carries out a server's hardware actions, as lifecycle's backend.rs has it. */
export type ServerBackend = "direct" | "ironic";

/** What Ironic does not carry out, with lifecycle's backend.rs reasons. */
const notThroughIronic: Partial<Record<Action, string>> = {
  kvm: "the KVM console is not offered through Ironic",
  bmc_access: "Ironic keeps the BMC's address and sign-in; direct BMC access is not offered through Ironic",
  bmc_settings: "BMC settings are not carried out through Ironic",
  bmc_reset: "a BMC reset is not carried out through Ironic",
};

export function guard(
  server: ServerSummary,
  action: Action,
  role: Role,
  snapshot: boolean,
  backend: ServerBackend = "direct",
): Refusal | null {
  const viewing = action === "view" || action === "export";
  if (snapshot && !viewing) return readOnly();
  if (server.stage === "maintenance_operator" && role !== "operator" && !viewing) return holdRefusal(server);
  if (stageAllows(server.stage, action)) {
    const why = backend === "ironic" ? notThroughIronic[action] : undefined;
    return why === undefined ? null : refusal("backend_cannot", `${server.name}: ${why}`);
  }
  if (server.stage === "in_service" && mayReboot.includes(action)) {
    return refusal(
      "reboot_needs_maintenance",
      `${server.name} is in service and ${action} may reboot it; move it to Maintenance first (moving does not reboot)`,
    );
  }
  return refusal("stage_forbids", `${action} is not allowed in ${stageLabels[server.stage]} (${server.name})`);
}

export function allowedActions(
  server: ServerSummary,
  role: Role,
  snapshot: boolean,
  backend: ServerBackend = "direct",
): ActionRule[] {
  return allActions.map((action) => {
    const refused =
      guard(server, action, role, snapshot, backend) ??
      (action !== "view" && action !== "export" && unreachable(server)
        ? refusal(
            "bmc_unreachable",
            `the BMC of ${server.name} did not answer at the last contact; refresh it once it is back`,
          )
        : null);
    return { action, allowed: refused === null, refusal: refused };
  });
}

const ordinaryMoves: Record<Stage, readonly Stage[]> = {
  inventory: ["building", "retired"],
  building: ["in_service", "inventory"],
  in_service: ["maintenance_customer", "deletion"],
  maintenance_customer: ["in_service", "deletion"],
  deletion: ["inventory"],
  maintenance_operator: [],
  retired: [],
};

function needsReason(from: Stage, to: Stage): boolean {
  return ["maintenance_operator", "deletion", "retired"].includes(to) || (from === "building" && to === "inventory");
}

function reachable(server: ServerSummary, to: Stage, role: Role, snapshot: boolean): Refusal | null {
  const from = server.stage;
  const forbidden = refusal(
    "stage_forbids",
    `${server.name} cannot move from ${stageLabels[from]} to ${stageLabels[to]}`,
  );
  if (snapshot) return readOnly();
  if (to === "maintenance_operator") {
    if (from === "deletion") return forbidden;
    return role === "operator" ? null : refusal("operator_only", "only an operator can put a server on hold");
  }
  if (from === "maintenance_operator") {
    if (role !== "operator") return holdRefusal(server);
    const back = server.hold?.heldFrom;
    return back === to
      ? null
      : refusal(
          "stage_forbids",
          `a held server is released to where it was held from (${back ? stageLabels[back] : "unknown"})`,
        );
  }
  if (!ordinaryMoves[from].includes(to)) return forbidden;
  if (from === "deletion" && server.cleanedAt === null) {
    return refusal(
      "deletion_unfinished",
      `${server.name} returns to stock only after Deletion has erased it and verified it clean`,
    );
  }
  return null;
}

export function allowedMoves(server: ServerSummary, role: Role, snapshot: boolean): MoveRule[] {
  return allStages
    .filter((to) => to !== server.stage)
    .map((to) => {
      const refused = reachable(server, to, role, snapshot);
      return {
        to,
        allowed: refused === null,
        refusal: refused,
        needsReason: needsReason(server.stage, to),
        needsUntil: to === "maintenance_operator",
      };
    });
}

const blank = (text: string | null) => text === null || text.trim() === "";

export function checkMove(server: ServerSummary, request: MoveRequest, role: Role, snapshot: boolean): Refusal | null {
  const refused = reachable(server, request.to, role, snapshot);
  if (refused) return refused;
  if (needsReason(server.stage, request.to) && blank(request.reason)) {
    return refusal("reason_required", `moving ${server.name} to ${stageLabels[request.to]} needs a reason`);
  }
  if (request.to === "maintenance_operator" && blank(request.holdUntil)) {
    return refusal("reason_required", "a hold needs the time it is planned to end");
  }
  return null;
}

/** What the core's move_stage adds to the lifecycle's rules: a plain move never
 *  enters Deletion, which destroys data; only start_deletion, with its typed
 *  confirmation, moves a server there (src-tauri/crates/core/src/stages.rs). */
export function plainMoveRefusal(server: ServerSummary, request: MoveRequest): Refusal | null {
  return request.to === "deletion"
    ? refusal(
        "confirmation_required",
        `deleting ${server.name} destroys its data: start it with Delete and its typed confirmation`,
      )
    : null;
}
