import type { BiosAttribute, BiosView } from "../../ipc";
import type { Translate } from "../../i18n";

export type BiosValues = Record<string, unknown>;

/** What the server will have: current values with those waiting for the next reset over them. */
export function effectiveValues(view: BiosView): BiosValues {
  return { ...view.current, ...view.pending };
}

/** The attributes to edit: the registry's, or, when the BMC publishes none, one
 *  plain text attribute for each value it reports (the BMC alone checks them). */
export function attributesOf(view: BiosView): BiosAttribute[] {
  if (view.registry) return view.registry.attributes;
  return Object.keys(view.current)
    .sort()
    .map((name) => ({
      name,
      displayName: null,
      help: null,
      kind: { type: "string", minLength: null, maxLength: null, pattern: null },
      readOnly: false,
      default: null,
    }));
}

export function attributeLabel(attribute: BiosAttribute): string {
  return attribute.displayName ?? attribute.name;
}

/** Values compared as the backend compares them: as JSON. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The edits that differ from what the server will have; the rest are no change. */
export function changesOf(edits: BiosValues, values: BiosValues): BiosValues {
  return Object.fromEntries(Object.entries(edits).filter(([name, value]) => !sameValue(value, values[name])));
}

const hiddenPassword = "••••••••";

/** A value as a table cell shows it; a password never shows. */
export function displayValue(value: unknown, attribute: BiosAttribute | undefined, t: Translate): string {
  if (value === null || value === undefined) return t("servers.unknown");
  if (attribute?.kind.type === "password") return hiddenPassword;
  if (typeof value === "boolean") return t(value ? "detail.yes" : "detail.no");
  if (value === "") return t("bios.empty");
  if (typeof value === "string" || typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/** Text typed for an attribute without a registry, as the JSON type its current
 *  value has: "5" stays a number and "true" a boolean when they were one. */
export function freeValue(text: string, original: unknown): unknown {
  if (typeof original === "number" && text.trim() !== "" && !Number.isNaN(Number(text))) return Number(text);
  if (typeof original === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}

export function matchesFilter(attribute: BiosAttribute, filter: string): boolean {
  const wanted = filter.trim().toLowerCase();
  if (wanted === "") return true;
  return [attribute.name, attribute.displayName ?? ""].some((text) => text.toLowerCase().includes(wanted));
}
