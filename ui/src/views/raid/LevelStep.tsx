import { useId } from "react";

import type { StorageView } from "../../ipc";
import { useI18n } from "../../i18n";
import { TextField } from "../../components/TextField";
import { isSpanned, levelLabel, raidLevels } from "../../ipc/raidLevels";
import { offersLevel, parseSpans, type RaidChoice } from "./raidDrives";

interface Props {
  storage: StorageView;
  level: RaidChoice["level"];
  spans: string;
  onChange: (part: Partial<RaidChoice>) => void;
}

/** Step 3: the RAID level, each named as people write it; levels the controller
 *  does not list stay visible but disabled, and say so. */
export function LevelStep({ storage, level, spans, onChange }: Props) {
  const { t } = useI18n();
  const group = useId();
  const spansHint = useId();
  const spanned = level !== null && isSpanned(level);
  const badSpans = spanned && parseSpans(spans) === undefined;
  return (
    <>
      <fieldset>
        <legend>{t("raid.step.level")}</legend>
        <ul className="raid-choices">
          {raidLevels.map((l) => {
            const offered = offersLevel(storage, l);
            const aboutId = `${group}-${l}`;
            return (
              <li key={l}>
                <label>
                  <input
                    type="radio"
                    name={group}
                    value={l}
                    checked={level === l}
                    disabled={!offered}
                    aria-describedby={aboutId}
                    onChange={() => {
                      onChange({ level: l });
                    }}
                  />{" "}
                  {levelLabel(l)}
                </label>{" "}
                <span id={aboutId} className={offered ? "hint" : "refusal"}>
                  {offered ? t(`raid.levelAbout.${l}`) : t("raid.notOffered")}
                </span>
              </li>
            );
          })}
        </ul>
      </fieldset>
      {spanned && (
        <>
          <TextField
            label={t("raid.spans")}
            value={spans}
            inputMode="numeric"
            aria-describedby={spansHint}
            aria-invalid={badSpans}
            onChange={(value) => {
              onChange({ spans: value });
            }}
          />
          <p id={spansHint} className={badSpans ? "warning" : "hint"}>
            {badSpans ? t("raid.spansInvalid") : t("raid.spansHint")}
          </p>
        </>
      )}
    </>
  );
}
