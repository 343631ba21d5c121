import type { Location, ServerSummary } from "../ipc";
import type { Language, Translate } from "../i18n";

export type SortKey = "name" | "stage" | "model" | "serial" | "bmc" | "power" | "health" | "location" | "refreshed";
export interface Sort {
  key: SortKey;
  direction: "ascending" | "descending";
}

type SortValue = string | number | null;

function sortValues(server: ServerSummary, key: SortKey, t: Translate): SortValue[] {
  switch (key) {
    case "name":
      return [server.name];
    case "stage":
      return [t(`stage.${server.stage}`)];
    case "model":
      return [server.model];
    case "serial":
      return [server.serial];
    case "bmc":
      return [server.bmcAddress];
    case "power":
      return [server.powerState];
    case "health":
      return [server.health];
    case "location": {
      const { site, room, rack, rackUnit } = server.location;
      return [site, room, rack, rackUnit];
    }
    case "refreshed":
      return [server.refreshedAt === null ? null : Date.parse(server.refreshedAt)];
  }
}

/** Sorted in the user's language; numbers inside text count as numbers, so
 *  node-9 comes before node-10 and 10.0.0.9 before 10.0.0.10. Unknown values go
 *  last whichever way the column is sorted. */
export function sortServers(servers: readonly ServerSummary[], sort: Sort, language: Language, t: Translate): ServerSummary[] {
  const collator = new Intl.Collator(language, { numeric: true, sensitivity: "base" });
  const sign = sort.direction === "ascending" ? 1 : -1;
  const compare = (a: SortValue, b: SortValue): number => {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    const order = typeof a === "number" && typeof b === "number" ? a - b : collator.compare(String(a), String(b));
    return sign * order;
  };
  const keyed = servers.map((server) => ({ server, values: sortValues(server, sort.key, t) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < x.values.length; i++) {
      const order = compare(x.values[i] ?? null, y.values[i] ?? null);
      if (order !== 0) return order;
    }
    return collator.compare(x.server.name, y.server.name);
  });
  return keyed.map((k) => k.server);
}

export function locationText(location: Location, t: Translate): string {
  const { site, room, rack, rackUnit } = location;
  return [site, room, rack, rackUnit === null ? null : t("servers.rackUnit", { u: rackUnit })]
    .filter((part): part is string => part !== null && part !== "")
    .join(" / ");
}

/** Every word typed must appear somewhere in the row, so "dc1 r650" narrows
 *  to R650s in DC1. */
export function filterServers(servers: readonly ServerSummary[], filter: string, t: Translate): readonly ServerSummary[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return servers;
  return servers.filter((s) => {
    const text = [
      s.name,
      t(`stage.${s.stage}`),
      s.model,
      s.serial,
      s.bmcAddress,
      s.powerState,
      s.health,
      s.assetTag,
      locationText(s.location, t),
    ]
      .join(" ")
      .toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
