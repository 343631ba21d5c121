import { useId } from "react";

import { ChoiceField } from "../components/ChoiceField";
import { useI18n } from "../i18n";

export type EoslChoice = "any" | "90" | "180" | "365";
export const eoslChoices: readonly EoslChoice[] = ["any", "90", "180", "365"];

interface Props {
  text: string;
  eosl: EoslChoice;
  onText: (text: string) => void;
  onEosl: (eosl: EoslChoice) => void;
}

/** The search and the end-of-support filter a stage tab asks the backend with. */
export function StageFilters({ text, eosl, onText, onEosl }: Props) {
  const { t } = useI18n();
  const searchId = useId();
  const hintId = useId();
  return (
    <div className="stage-filters">
      <div className="filter">
        <label htmlFor={searchId}>{t("servers.search")}</label>
        <input
          id={searchId}
          type="search"
          value={text}
          aria-describedby={hintId}
          onChange={(e) => {
            onText(e.target.value);
          }}
        />
      </div>
      <ChoiceField
        label={t("servers.eoslWithin")}
        value={eosl}
        choices={eoslChoices}
        describe={(c) => (c === "any" ? t("servers.eoslAny") : t("servers.eoslDays", { days: c }))}
        disabled={false}
        onChange={onEosl}
      />
      <p id={hintId} className="hint search-hint">
        {t("servers.searchHint")}
      </p>
    </div>
  );
}
