import type { BiosRefusal } from "../../ipc";
import { useI18n, type MessageKey } from "../../i18n";

// The check's codes, as the backend documents them.
const reasons: Record<string, MessageKey> = {
  unknown_attribute: "bios.refusal.unknown_attribute",
  read_only: "bios.refusal.read_only",
  locked: "bios.refusal.locked",
  not_in_list: "bios.refusal.not_in_list",
  out_of_range: "bios.refusal.out_of_range",
  wrong_type: "bios.refusal.wrong_type",
  too_long: "bios.refusal.too_long",
  too_short: "bios.refusal.too_short",
  pattern: "bios.refusal.pattern",
  not_a_step: "bios.refusal.not_a_step",
};

/** Why the backend's check refuses a value: the reason in the user's language, then its own words. */
export function BiosRefusalText({ refusal }: { refusal: BiosRefusal }) {
  const { t } = useI18n();
  const reason = reasons[refusal.code] ?? "bios.refusal.other";
  return (
    <p className="refusal warning">
      {t(reason)} <code>{refusal.message}</code>
    </p>
  );
}
