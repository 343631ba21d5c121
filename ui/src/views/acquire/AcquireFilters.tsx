import { useId } from "react";

import { TextField } from "../../components/TextField";
import type { ServerQuery } from "../../ipc";
import { useI18n } from "../../i18n";

/** The filters as typed; numbers stay text until they read as whole numbers. */
export interface AcquireFilter {
  model: string;
  location: string;
  minCpus: string;
  minMemoryGib: string;
  minDrives: string;
}

export const noAcquireFilter: AcquireFilter = { model: "", location: "", minCpus: "", minMemoryGib: "", minDrives: "" };

type AcquireQuery = Pick<ServerQuery, "model" | "location" | "minCpus" | "minMemoryGib" | "minDrives">;

const wholeNumber = (text: string) => /^\s*\d+\s*$/.test(text);
const invalidNumber = (text: string) => text.trim() !== "" && !wholeNumber(text);

/** What the query asks for: only the filters set, so a query without them is the
 *  same as before they existed. */
export function acquireQuery(filter: AcquireFilter): AcquireQuery {
  const query: AcquireQuery = {};
  if (filter.model.trim() !== "") query.model = filter.model.trim();
  if (filter.location.trim() !== "") query.location = filter.location.trim();
  if (wholeNumber(filter.minCpus)) query.minCpus = Number(filter.minCpus);
  if (wholeNumber(filter.minMemoryGib)) query.minMemoryGib = Number(filter.minMemoryGib);
  if (wholeNumber(filter.minDrives)) query.minDrives = Number(filter.minDrives);
  return query;
}

interface Props {
  value: AcquireFilter;
  onChange: (value: AcquireFilter) => void;
}

/** Finding the servers to acquire: by model, where they stand, and the hardware
 *  they were last read with. */
export function AcquireFilters({ value, onChange }: Props) {
  const { t } = useI18n();
  const hintId = useId();
  const set = (change: Partial<AcquireFilter>) => {
    onChange({ ...value, ...change });
  };
  const number = (field: "minCpus" | "minMemoryGib" | "minDrives", label: string) => (
    <TextField
      label={label}
      type="number"
      min={0}
      inputMode="numeric"
      value={value[field]}
      aria-invalid={invalidNumber(value[field]) || undefined}
      aria-describedby={hintId}
      onChange={(text) => {
        const change: Partial<AcquireFilter> = {};
        change[field] = text;
        set(change);
      }}
    />
  );
  return (
    <fieldset className="acquire-filters">
      <legend>{t("acquire.filters")}</legend>
      <div className="stage-filters">
        <TextField
          label={t("acquire.model")}
          value={value.model}
          onChange={(model) => {
            set({ model });
          }}
        />
        <TextField
          label={t("acquire.location")}
          value={value.location}
          onChange={(location) => {
            set({ location });
          }}
        />
        {number("minCpus", t("acquire.minCpus"))}
        {number("minMemoryGib", t("acquire.minMemory"))}
        {number("minDrives", t("acquire.minDrives"))}
      </div>
      <p id={hintId} className="hint">
        {t("acquire.filtersHint")}
      </p>
    </fieldset>
  );
}
