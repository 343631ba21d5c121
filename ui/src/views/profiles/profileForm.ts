// The profile editor's form: every field as typed, turned into the BuildProfile the
// backend checks (and back, to edit a saved one), and the backend's problems.
import type { BuildProfile, Media, RaidLayout, RaidLevel } from "../../ipc";
import type { MessageKey, Translate } from "../../i18n";
import { isSpanned, levelLabel, raidLevels } from "../../ipc/raidLevels";


export type RaidChoice = "none" | RaidLevel;
export type MediaChoice = "any" | Media;
/** A service left as the BMC has it (null), or turned on or off. */
export type Toggle = boolean | null;

export const raidChoices: readonly RaidChoice[] = ["none", ...raidLevels];
export const mediaChoices: readonly MediaChoice[] = ["any", "ssd", "hdd"];
export const accountRoles = ["Administrator", "Operator", "ReadOnly"] as const;


export interface BiosRow {
  /** Stable across edits, for React's keys. */
  id: number;
  name: string;
  value: string;
}

export interface ProfileForm {
  name: string;
  description: string;
  bios: BiosRow[];
  raid: RaidChoice;
  drives: string;
  media: MediaChoice;
  minDriveGb: string;
  hotSpares: string;
  spans: string;
  volumeName: string;
  replaceExisting: boolean;
  hostname: string;
  ntpServers: string;
  dnsServers: string;
  dhcp: boolean;
  ipmi: Toggle;
  ssh: Toggle;
  kvm: Toggle;
  accountUser: string;
  accountRole: string;
  minBiosVersion: string;
  minBmcVersion: string;
}

let nextRow = 0;
export function biosRow(name = "", value = ""): BiosRow {
  return { id: ++nextRow, name, value };
}

/** A new profile: no RAID volume, and IPMI over LAN off (an old, weak protocol);
 *  everything else left as each BMC has it. */
export function emptyForm(): ProfileForm {
  return {
    name: "",
    description: "",
    bios: [biosRow()],
    raid: "none",
    drives: "2",
    media: "any",
    minDriveGb: "",
    hotSpares: "0",
    spans: "",
    volumeName: "",
    replaceExisting: false,
    hostname: "",
    ntpServers: "",
    dnsServers: "",
    dhcp: false,
    ipmi: false,
    ssh: null,
    kvm: null,
    accountUser: "",
    accountRole: "Administrator",
    minBiosVersion: "",
    minBmcVersion: "",
  };
}

/** "true" and "false" are booleans and whole numbers are numbers, as BIOS
 *  registries type them; anything else is text. */
export function parseBiosValue(text: string): unknown {
  const value = text.trim();
  if (value === "true") return true;
  if (value === "false") return false;
  if (/^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  return value;
}

export function biosValueText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

const gigabyte = 1e9;

export function formOf(profile: BuildProfile): ProfileForm {
  const empty = emptyForm();
  const raid = profile.raid ?? null;
  const bmc = profile.bmc ?? {};
  const bios = Object.entries(profile.bios ?? {}).map(([name, value]) => biosRow(name, biosValueText(value)));
  return {
    ...empty,
    name: profile.name,
    description: profile.description ?? "",
    bios: bios.length > 0 ? bios : [biosRow()],
    ...(raid && {
      raid: raid.level,
      drives: String(raid.drives),
      media: raid.media ?? "any",
      minDriveGb: raid.minDriveBytes == null ? "" : String(raid.minDriveBytes / gigabyte),
      hotSpares: String(raid.hotSpares ?? 0),
      spans: raid.spans == null ? "" : String(raid.spans),
      volumeName: raid.volumeName,
      replaceExisting: raid.replaceExisting ?? false,
    }),
    hostname: bmc.hostname ?? "",
    ntpServers: (bmc.ntpServers ?? []).join(", "),
    dnsServers: (bmc.dnsServers ?? []).join(", "),
    dhcp: bmc.network?.mode === "dhcp",
    ipmi: bmc.ipmi ?? null,
    ssh: bmc.ssh ?? null,
    kvm: bmc.kvm ?? null,
    accountUser: bmc.account?.username ?? "",
    accountRole: bmc.account?.role ?? empty.accountRole,
    minBiosVersion: profile.minBiosVersion ?? "",
    minBmcVersion: profile.minBmcVersion ?? "",
  };
}

/** One thing wrong, named by the profile's field ("bmc.dnsServers"). */
export interface Problem {
  field: string;
  message: string;
}

const blankToNull = (text: string) => (text.trim() === "" ? null : text.trim());
const listOf = (text: string) => {
  const items = text.split(/[\s,]+/).filter((s) => s !== "");
  return items.length === 0 ? null : items;
};

/** The profile the form describes, or what must be fixed in the form first (the
 *  numbers the backend could not even read); the rest the backend checks. */
export function profileOf(form: ProfileForm, t: Translate): { profile: BuildProfile; problems: Problem[] } {
  const problems: Problem[] = [];
  const whole = (field: string, text: string, least: number): number | null => {
    if (text.trim() === "") return null;
    const value = Number(text);
    if (!/^\s*\d+\s*$/.test(text) || value < least) {
      problems.push({ field, message: t("profiles.wholeNumber", { least }) });
      return null;
    }
    return value;
  };

  const bios: Record<string, unknown> = {};
  form.bios.forEach((row, i) => {
    const name = row.name.trim();
    if (name === "" && row.value.trim() === "") return;
    if (name === "") problems.push({ field: "bios", message: t("profiles.biosNoName", { row: i + 1 }) });
    else if (Object.hasOwn(bios, name)) problems.push({ field: "bios", message: t("profiles.biosTwice", { name }) });
    else bios[name] = parseBiosValue(row.value);
  });

  let raid: RaidLayout | null = null;
  if (form.raid !== "none") {
    const drives = whole("raid.drives", form.drives, 1);
    const hotSpares = whole("raid.hotSpares", form.hotSpares, 0);
    const spans = isSpanned(form.raid) ? whole("raid.spans", form.spans, 1) : null;
    let minDriveBytes: number | null = null;
    if (form.minDriveGb.trim() !== "") {
      const gb = Number(form.minDriveGb);
      if (!/^\s*\d+(\.\d+)?\s*$/.test(form.minDriveGb) || gb <= 0) {
        problems.push({ field: "raid.minDriveBytes", message: t("profiles.positiveNumber") });
      } else {
        minDriveBytes = Math.round(gb * gigabyte);
      }
    }
    if (drives === null && form.drives.trim() === "") {
      problems.push({ field: "raid.drives", message: t("profiles.wholeNumber", { least: 1 }) });
    }
    raid = {
      level: form.raid,
      drives: drives ?? 0,
      media: form.media === "any" ? null : form.media,
      minDriveBytes,
      spans,
      hotSpares: hotSpares ?? 0,
      volumeName: form.volumeName.trim(),
      replaceExisting: form.replaceExisting,
    };
  }

  const account = blankToNull(form.accountUser);
  const profile: BuildProfile = {
    name: form.name.trim(),
    description: blankToNull(form.description),
    bios,
    raid,
    bmc: {
      hostname: blankToNull(form.hostname),
      ntpServers: listOf(form.ntpServers),
      dnsServers: listOf(form.dnsServers),
      network: form.dhcp ? { mode: "dhcp" } : null,
      ipmi: form.ipmi,
      ssh: form.ssh,
      kvm: form.kvm,
      account: account === null ? null : { username: account, role: form.accountRole },
    },
    minBiosVersion: blankToNull(form.minBiosVersion),
    minBmcVersion: blankToNull(form.minBmcVersion),
  };
  return { profile, problems };
}

/** The backend's "field: message; field: message" list, one problem each. */
export function problemsOf(message: string): Problem[] {
  return message
    .split(/; (?=[A-Za-z][\w.]*: )/)
    .map((part) => {
      const match = /^([A-Za-z][\w.]*): ([\s\S]*)$/.exec(part);
      return match?.[1] !== undefined && match[2] !== undefined
        ? { field: match[1], message: match[2] }
        : { field: "", message: part };
    });
}

/** The form's label for a problem's field, most specific first. */
const fieldLabels: readonly [string, MessageKey][] = [
  ["name", "profiles.name"],
  ["description", "profiles.description"],
  ["bios", "profiles.bios"],
  ["raid.drives", "profiles.drives"],
  ["raid.minDriveBytes", "profiles.minDriveGb"],
  ["raid.hotSpares", "profiles.hotSpares"],
  ["raid.spans", "profiles.spans"],
  ["raid.volumeName", "profiles.volumeName"],
  ["raid", "profiles.raid"],
  ["bmc.hostname", "profiles.hostname"],
  ["bmc.ntpServers", "profiles.ntp"],
  ["bmc.dnsServers", "profiles.dns"],
  ["bmc.network", "profiles.dhcp"],
  ["bmc.account.username", "profiles.accountUser"],
  ["bmc.account.role", "profiles.accountRole"],
  ["bmc", "profiles.bmc"],
  ["minBiosVersion", "profiles.minBios"],
  ["minBmcVersion", "profiles.minBmc"],
];

const under = (field: string, prefix: string) => field === prefix || field.startsWith(`${prefix}.`);

export function fieldLabel(field: string, t: Translate): string {
  const found = fieldLabels.find(([prefix]) => under(field, prefix));
  return found ? t(found[1]) : field;
}

/** Whether a problem names this field (or a part of it). */
export function hasProblem(problems: readonly Problem[], field: string): boolean {
  return problems.some((p) => under(p.field, field));
}

/** "RAID 1 on 2 SSD", or that the profile leaves the drives alone. */
export function raidSummary(raid: RaidLayout | null | undefined, t: Translate): string {
  if (!raid) return t("profiles.noRaid");
  const key: MessageKey =
    raid.media === "ssd" ? "profiles.raidOnSsd" : raid.media === "hdd" ? "profiles.raidOnHdd" : "profiles.raidOnDrives";
  const summary = t(key, { level: levelLabel(raid.level), count: raid.drives });
  const spares = raid.hotSpares ?? 0;
  return spares > 0 ? t("profiles.raidSpares", { summary, count: spares }) : summary;
}
