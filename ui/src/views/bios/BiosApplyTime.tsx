import { RadioChoices } from "../../components/RadioChoices";
import { useI18n, type MessageKey } from "../../i18n";

const labels: Record<string, MessageKey> = {
  OnReset: "bios.applyOnReset",
  Immediate: "bios.applyImmediate",
};

/** The apply time the user picks first: the one that restarts nothing. */
export function defaultApplyTime(applyTimes: readonly string[]): string | null {
  return applyTimes.includes("OnReset") ? "OnReset" : (applyTimes[0] ?? null);
}

interface Props {
  applyTimes: readonly string[];
  value: string | null;
  disabled: boolean;
  onChange: (applyTime: string) => void;
}

/** When the BMC applies the values, among the times it offers; nothing to pick when it offers none. */
export function BiosApplyTime({ applyTimes, value, disabled, onChange }: Props) {
  const { t } = useI18n();
  if (applyTimes.length === 0) return null;
  return (
    <fieldset>
      <legend>{t("bios.applyTime")}</legend>
      <RadioChoices
        value={value}
        choices={applyTimes}
        describe={(applyTime) => {
          const label = labels[applyTime];
          return label ? t(label) : applyTime;
        }}
        disabled={disabled}
        onChange={onChange}
      />
    </fieldset>
  );
}
