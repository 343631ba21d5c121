import { useId, useState, type SubmitEvent } from "react";

import { ChoiceField } from "../components/ChoiceField";
import { TextField } from "../components/TextField";
import { useI18n } from "../i18n";
import { outcomeLabel } from "../i18n/labels";
import { emptyAuditForm, type AuditForm } from "./auditFilter";

// What the backend writes as an outcome; "" is any.
const outcomes = [
  "",
  "ok",
  "succeeded",
  "started",
  "refused",
  "failed",
  "partial",
  "cancelled",
  "interrupted",
] as const;

/** Filters are applied on request: each asks the backend, and the fields match exactly. */
export function AuditFilters({ onApply }: { onApply: (form: AuditForm) => void }) {
  const { t } = useI18n();
  const hintId = useId();
  const [form, setForm] = useState<AuditForm>(emptyAuditForm);
  const field = (name: keyof AuditForm) => ({
    value: form[name],
    onChange: (value: string) => {
      setForm((f) => ({ ...f, [name]: value }));
    },
  });
  const apply = (e: SubmitEvent) => {
    e.preventDefault();
    onApply(form);
  };
  return (
    <form onSubmit={apply} className="card audit-filters" aria-label={t("audit.filters")}>
      <div className="filter-grid">
        <TextField label={t("audit.actor")} {...field("actor")} aria-describedby={hintId} spellCheck={false} />
        <TextField label={t("audit.action")} {...field("action")} aria-describedby={hintId} spellCheck={false} />
        <TextField label={t("audit.target")} {...field("target")} aria-describedby={hintId} spellCheck={false} />
        <ChoiceField
          label={t("audit.outcome")}
          value={form.outcome as (typeof outcomes)[number]}
          choices={outcomes}
          describe={(o) => (o === "" ? t("audit.anyOutcome") : outcomeLabel(o, t))}
          disabled={false}
          onChange={(outcome) => {
            setForm((f) => ({ ...f, outcome }));
          }}
        />
        <TextField label={t("audit.since")} {...field("since")} type="date" placeholder="YYYY-MM-DD" />
        <TextField label={t("audit.until")} {...field("until")} type="date" placeholder="YYYY-MM-DD" />
      </div>
      <p id={hintId} className="hint">
        {t("audit.exactHint")}
      </p>
      <div className="actions">
        <button type="submit">{t("audit.apply")}</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setForm(emptyAuditForm);
            onApply(emptyAuditForm);
          }}
        >
          {t("audit.clear")}
        </button>
      </div>
    </form>
  );
}
