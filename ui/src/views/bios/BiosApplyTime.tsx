import { useId } from "react";

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
  const name = useId();
  if (applyTimes.length === 0) return null;
  return (
    <fieldset>
      <legend>{t("bios.applyTime")}</legend>
      {applyTimes.map((applyTime) => {
        const label = labels[applyTime];
        return (
          <div key={applyTime}>
            <label>
              <input
                type="radio"
                name={name}
                value={applyTime}
                checked={value === applyTime}
                disabled={disabled}
                onChange={() => {
                  onChange(applyTime);
                }}
              />{" "}
              {label ? t(label) : applyTime}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}
