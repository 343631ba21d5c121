import type { Location } from "../ipc";
import type { Translate } from "../i18n";

export function locationText(location: Location, t: Translate): string {
  const { site, room, rack, rackUnit } = location;
  return [site, room, rack, rackUnit === null ? null : t("servers.rackUnit", { u: rackUnit })]
    .filter((part): part is string => part !== null && part !== "")
    .join(" / ");
}
