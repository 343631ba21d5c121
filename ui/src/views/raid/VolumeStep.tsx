import { useId } from "react";

import type { StorageView } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { TextField } from "../../components/TextField";
import { parseGb, type RaidChoice } from "./raidDrives";

interface Props {
  storage: StorageView;
  choice: RaidChoice;
  onChange: (part: Partial<RaidChoice>) => void;
}

/** Step 4: the volume's name and size, and the strip size and cache policies
 *  where the controller offers a choice of them. */
export function VolumeStep({ storage, choice, onChange }: Props) {
  const { t } = useI18n();
  const format = useFormat();
  const sizeGroup = useId();
  const sizeHint = useId();
  const { options } = storage;
  const blankName = choice.name.trim() === "";
  const badSize = choice.sizeMode === "gb" && choice.sizeGb.trim() !== "" && parseGb(choice.sizeGb) === undefined;
  // Strip sizes are powers of two, which controllers state in KiB.
  const stripLabel = (bytes: number) => (bytes % 1024 === 0 ? `${format.number(bytes / 1024)} KiB` : format.bytes(bytes));
  return (
    <>
      <TextField
        label={t("raid.volumeName")}
        // Named on the input too, for tools that look for the input by its name alone.
        aria-label={t("raid.volumeName")}
        value={choice.name}
        required
        aria-invalid={blankName}
        onChange={(name) => {
          onChange({ name });
        }}
      />
      {blankName && <p className="warning">{t("raid.nameRequired")}</p>}
      <fieldset>
        <legend>{t("raid.size")}</legend>
        <ul className="raid-choices">
          <li>
            <label>
              <input
                type="radio"
                name={sizeGroup}
                checked={choice.sizeMode === "all"}
                onChange={() => {
                  onChange({ sizeMode: "all" });
                }}
              />{" "}
              {t("raid.sizeAll")}
            </label>
          </li>
          <li>
            <label>
              <input
                type="radio"
                name={sizeGroup}
                checked={choice.sizeMode === "gb"}
                onChange={() => {
                  onChange({ sizeMode: "gb" });
                }}
              />{" "}
              {t("raid.sizeInGb")}
            </label>
          </li>
        </ul>
        {choice.sizeMode === "gb" && (
          <>
            <TextField
              label={t("raid.sizeGb")}
              value={choice.sizeGb}
              inputMode="decimal"
              aria-describedby={sizeHint}
              aria-invalid={badSize}
              onChange={(sizeGb) => {
                onChange({ sizeGb });
              }}
            />
            <p id={sizeHint} className={badSize ? "warning" : "hint"}>
              {badSize ? t("raid.sizeInvalid") : t("raid.sizeHint")}
            </p>
          </>
        )}
      </fieldset>
      {options.stripSizes.length > 0 && (
        <OptionSelect
          label={t("raid.stripSize")}
          value={choice.stripSizeBytes === null ? null : String(choice.stripSizeBytes)}
          choices={options.stripSizes.map((bytes) => [String(bytes), stripLabel(bytes)])}
          onChange={(value) => {
            onChange({ stripSizeBytes: value === null ? null : Number(value) });
          }}
        />
      )}
      {options.writeCache.length > 0 && (
        <OptionSelect
          label={t("raid.writeCache")}
          value={choice.writeCachePolicy}
          choices={options.writeCache.map((p) => [p, p])}
          onChange={(writeCachePolicy) => {
            onChange({ writeCachePolicy });
          }}
        />
      )}
      {options.readCache.length > 0 && (
        <OptionSelect
          label={t("raid.readCache")}
          value={choice.readCachePolicy}
          choices={options.readCache.map((p) => [p, p])}
          onChange={(readCachePolicy) => {
            onChange({ readCachePolicy });
          }}
        />
      )}
    </>
  );
}

interface OptionProps {
  label: string;
  /** Null leaves it to the controller. */
  value: string | null;
  choices: [value: string, label: string][];
  onChange: (value: string | null) => void;
}

/** A drop-down over what the controller offers, led by its own default. */
function OptionSelect({ label, value, choices, onChange }: OptionProps) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value ?? ""}
        onChange={(e) => {
          onChange(e.target.value === "" ? null : e.target.value);
        }}
      >
        <option value="">{t("raid.controllerDefault")}</option>
        {choices.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
