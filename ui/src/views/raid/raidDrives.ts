import type { BayDrive, RaidApply, RaidLevel, StorageView, VolumeView } from "../../ipc";
import { isSpanned, levelLabel, raidLevels, redfishType } from "../../ipc/raidLevels";

/** A Redfish RAIDType as people write it: "RAID10" → "RAID 10"; other values as sent. */
export function raidTypeLabel(raidType: string): string {
  const level = raidLevels.find((l) => redfishType(l) === raidType);
  return level ? levelLabel(level) : raidType;
}

/** A controller that lists no RAID types leaves the check to the backend, which allows any. */
export function offersLevel(storage: StorageView, level: RaidLevel): boolean {
  return storage.raidTypes.length === 0 || storage.raidTypes.includes(redfishType(level));
}

/** Failed drives cannot join a volume or stand by for one. */
export function isFailed(drive: BayDrive): boolean {
  return drive.health === "Critical";
}

/** The controller's model, else the subsystem's name, else its id. */
export function controllerName(storage: StorageView): string {
  return storage.controller ?? storage.name ?? storage.id;
}

export function volumeName(volume: VolumeView): string {
  return volume.name ?? volume.id;
}

/** The name of the volume a drive is in, or null when it is free. */
export function volumeOfDrive(storage: StorageView, drive: BayDrive): string | null {
  if (drive.volume === null) return null;
  const volume = storage.volumes.find((v) => v.id === drive.volume);
  return volume ? volumeName(volume) : drive.volume;
}

/** Volumes list their drives by path; people know them by id. */
export function driveIdOf(storage: StorageView, path: string): string {
  return storage.drives.find((d) => d.path === path)?.id ?? path.split("/").pop() ?? path;
}

/** What the wizard has gathered, as the user typed it. */
export interface RaidChoice {
  storageId: string | null;
  /** Member drives by id, in bay order. */
  drives: string[];
  hotSpares: string[];
  level: RaidLevel | null;
  spans: string;
  name: string;
  sizeMode: "all" | "gb";
  sizeGb: string;
  /** Null leaves it to the controller. */
  stripSizeBytes: number | null;
  writeCachePolicy: string | null;
  readCachePolicy: string | null;
  /** Volumes in the way whose deletion the user confirmed, by id. */
  deleteVolumes: string[];
}

export function initialChoice(storages: readonly StorageView[]): RaidChoice {
  return {
    storageId: storages.length === 1 ? (storages[0]?.id ?? null) : null,
    drives: [],
    hotSpares: [],
    level: null,
    spans: "",
    name: "volume1",
    sizeMode: "all",
    sizeGb: "",
    stripSizeBytes: null,
    writeCachePolicy: null,
    readCachePolicy: null,
    deleteVolumes: [],
  };
}

/** A whole number of spans, null when left empty, undefined when not a number. */
export function parseSpans(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  return /^\d+$/.test(trimmed) && Number(trimmed) > 0 ? Number(trimmed) : undefined;
}

/** A size in decimal gigabytes as bytes, undefined when not a positive number. */
export function parseGb(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const bytes = Math.round(Number(trimmed) * 1e9);
  return bytes > 0 ? bytes : undefined;
}

/** Drives listed in the controller's bay order. */
export function inBayOrder(storage: StorageView, ids: readonly string[]): string[] {
  return storage.drives.map((d) => d.id).filter((id) => ids.includes(id));
}

/** The request the choice makes, or null while a step still lacks something. */
export function applyOf(choice: RaidChoice): RaidApply | null {
  const spans = choice.level !== null && isSpanned(choice.level) ? parseSpans(choice.spans) : null;
  const capacity = choice.sizeMode === "gb" ? parseGb(choice.sizeGb) : null;
  if (choice.storageId === null || choice.level === null || spans === undefined || capacity === undefined) return null;
  if (choice.name.trim() === "") return null;
  return {
    storageId: choice.storageId,
    level: choice.level,
    drives: choice.drives,
    hotSpares: choice.hotSpares,
    spans,
    name: choice.name.trim(),
    capacityBytes: capacity,
    stripSizeBytes: choice.stripSizeBytes,
    writeCachePolicy: choice.writeCachePolicy,
    readCachePolicy: choice.readCachePolicy,
    deleteVolumes: choice.deleteVolumes,
  };
}
