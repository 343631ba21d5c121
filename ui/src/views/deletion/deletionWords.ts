// Names the backend sends as open strings for a deletion (its steps, the erase
// methods, a certificate's result): translated when this build knows them, and
// shown as sent when a newer backend adds one.
import type { Translate } from "../../i18n";
import { labelled } from "../../i18n/labels";

/** A pipeline step ("erase_drives") as the user reads it. */
const IRONIC_STEP = "ironic:";

export function stepLabel(step: string, t: Translate): string {
  // A clean step Ironic ran keeps Ironic's own name ("ironic:deploy.erase_devices").
  if (step.startsWith(IRONIC_STEP)) return t("deletion.step.ironicStep", { name: step.slice(IRONIC_STEP.length) });
  return labelled("deletion.step", step, t);
}
/** A Redfish SanitizationType ("CryptographicErase", …). */
export const methodLabel = (method: string, t: Translate) => labelled("deletion.method", method, t);
/** A certificate's result ("verified"). */
export const resultLabel = (result: string, t: Translate) => labelled("erasure.result", result, t);
