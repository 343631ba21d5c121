import type { Location } from "../ipc";
import type { Translate } from "../i18n";

/** The error codes of a last contact that failed for want of the BMC (the
 *  backend's UNREACHABLE_CODES): its facts are then only as fresh as the last success. */
const unreachableCodes: ReadonlySet<string> = new Set([
  "bmc_unreachable",
  "bmc_timeout",
  "bmc_dropped",
  "bmc_tls",
  "certificate_changed",
  "login_refused",
]);

export function isUnreachable(code: string | null): boolean {
  return code !== null && unreachableCodes.has(code);
}

export function locationText(location: Location, t: Translate): string {
  const { site, room, rack, rackUnit } = location;
  return [site, room, rack, rackUnit === null ? null : t("servers.rackUnit", { u: rackUnit })]
    .filter((part): part is string => part !== null && part !== "")
    .join(" / ");
}
