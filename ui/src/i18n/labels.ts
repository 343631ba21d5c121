// Names the backend sends as open strings (roles, job kinds, audit outcomes): shown
// translated when this build knows them, and as sent when a newer backend adds one.
import type { ErrorCode } from "../ipc";
import { en, type MessageKey } from "./en";
import type { Translate } from "./index";

function known(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export function labelled(prefix: string, value: string, t: Translate): string {
  const key = `${prefix}.${value}`;
  return known(key) ? t(key) : value;
}

export const roleLabel = (role: string, t: Translate) => labelled("role", role, t);
export const jobKindLabel = (kind: string, t: Translate) => labelled("jobKind", kind, t);
export const outcomeLabel = (outcome: string, t: Translate) => labelled("outcome", outcome, t);

/** A stored error code (a plain string in job rows) this build can explain. */
export function knownErrorCode(code: string | null): code is ErrorCode {
  return code !== null && known(`error.${code}`);
}

/** A Redfish boot target ("Cd", "Pxe", …). */
export const bootTargetLabel = (target: string, t: Translate) => labelled("media.target", target, t);
/** A Redfish power state ("On", "Off", "PoweringOn", …). */
export const powerStateLabel = (state: string, t: Translate) => labelled("console.powerState", state, t);
