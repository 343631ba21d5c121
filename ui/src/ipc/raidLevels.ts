// RAID levels as the UI and the fake backend name them; the Rust planner's
// RaidLevel is the source of the list.
import type { RaidLevel } from "./bindings";

export const raidLevels: readonly RaidLevel[] = ["raid0", "raid1", "raid5", "raid6", "raid10", "raid50", "raid60"];

/** RAID 10, 50 and 60 stripe over spans, whose number may be chosen. */
const spannedLevels: readonly RaidLevel[] = ["raid10", "raid50", "raid60"];

/** Whether a level (or a form's "none") is made of spans. */
export function isSpanned(level: string): boolean {
  return (spannedLevels as readonly string[]).includes(level);
}

/** "RAID 10": the level's name, written the same in every language. */
export function levelLabel(level: RaidLevel): string {
  return `RAID ${level.slice("raid".length)}`;
}

/** Redfish's RAIDType for a level ("RAID10"). */
export function redfishType(level: RaidLevel): string {
  return level.toUpperCase();
}
