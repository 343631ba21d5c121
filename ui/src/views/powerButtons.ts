import type { Action, JobKind, PowerOp } from "../ipc";
import type { MessageKey } from "../i18n";

export interface PowerButton {
  id: string;
  label: MessageKey;
  /** The guard that decides it, as serverActions names it. */
  action: Action;
  kind: JobKind;
  /** Cuts power or resets at once, with no word to the OS: asks first. */
  confirm: MessageKey | null;
}

function power(op: PowerOp, label: MessageKey, action: Action, confirm: MessageKey | null = null): PowerButton {
  return { id: op, label, action, kind: { kind: "power", op }, confirm };
}

export const powerButtons: readonly PowerButton[] = [
  power("on", "power.on", "power_on"),
  power("shutdown", "power.shutdown", "graceful_shutdown"),
  power("restart", "power.restart", "graceful_restart"),
  power("off", "power.off", "force_off", "power.confirmOff"),
  power("reset", "power.reset", "force_restart", "power.confirmReset"),
  power("power_cycle", "power.cycle", "power_cycle", "power.confirmCycle"),
  { id: "locateOn", label: "locate.on", action: "locate", kind: { kind: "locate", on: true }, confirm: null },
  { id: "locateOff", label: "locate.off", action: "locate", kind: { kind: "locate", on: false }, confirm: null },
];

/** What the console bar offers: power alone, without the power cycle a reset already covers. */
export const consolePowerButtons: readonly PowerButton[] = powerButtons.filter((b) =>
  ["on", "shutdown", "restart", "off", "reset"].includes(b.id),
);
