import { Fragment, useId, useState, type SubmitEvent } from "react";

import { ErrorPanel } from "../components/ErrorPanel";
import type { LifecycleDates, ServerSummary } from "../ipc";
import { useI18n, type MessageKey } from "../i18n";
import { useSetServerDates, useSnapshot } from "../app/queries";

const fields: readonly { key: keyof LifecycleDates; label: MessageKey }[] = [
  { key: "receivedOn", label: "dates.receivedOn" },
  { key: "warrantyEnd", label: "dates.warrantyEnd" },
  { key: "eoslOn", label: "dates.eoslOn" },
];

/** A calendar date as the backend takes it; a webview without a date picker shows
 *  a plain text box, so the format is checked here too. */
function validDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** The dates a field team plans by, and a form to change them. */
export function LifecycleDatesForm({ server }: { server: ServerSummary }) {
  const { t } = useI18n();
  const save = useSetServerDates(server.id);
  const reviewing = useSnapshot() !== null;
  const [editing, setEditing] = useState<Record<keyof LifecycleDates, string> | null>(null);

  if (editing === null) {
    return (
      <>
        <dl className="facts">
          {fields.map(({ key, label }) => (
            <Fragment key={key}>
              <dt>{t(label)}</dt>
              <dd>{server.dates[key] ?? t("servers.unknown")}</dd>
            </Fragment>
          ))}
        </dl>
        <p role="status" className="notice">
          {save.isSuccess && t("dates.saved")}
        </p>
        <button
          type="button"
          className="secondary"
          disabled={reviewing}
          onClick={() => {
            save.reset();
            setEditing({
              receivedOn: server.dates.receivedOn ?? "",
              warrantyEnd: server.dates.warrantyEnd ?? "",
              eoslOn: server.dates.eoslOn ?? "",
            });
          }}
        >
          {t("dates.edit")}
        </button>
      </>
    );
  }

  const invalid = fields.some(({ key }) => editing[key].trim() !== "" && !validDate(editing[key].trim()));
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (invalid || save.isPending) return;
    const value = (key: keyof LifecycleDates) => (editing[key].trim() === "" ? null : editing[key].trim());
    save.mutate(
      { receivedOn: value("receivedOn"), warrantyEnd: value("warrantyEnd"), eoslOn: value("eoslOn") },
      {
        onSuccess: () => {
          setEditing(null);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} className="dates-form">
      {fields.map(({ key, label }) => (
        <DateField
          key={key}
          label={t(label)}
          value={editing[key]}
          onChange={(text) => {
            setEditing((current) => current && { ...current, [key]: text });
          }}
        />
      ))}
      {save.isError && <ErrorPanel error={save.error} title={t("dates.failed")} />}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={save.isPending}
          onClick={() => {
            setEditing(null);
          }}
        >
          {t("dialog.cancel")}
        </button>
        <button type="submit" disabled={invalid || save.isPending}>
          {t("dates.save")}
        </button>
      </div>
    </form>
  );
}

function DateField({ label, value, onChange }: { label: string; value: string; onChange: (text: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  const hintId = useId();
  const bad = value.trim() !== "" && !validDate(value.trim());
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        placeholder="YYYY-MM-DD"
        value={value}
        aria-invalid={bad}
        aria-describedby={bad ? hintId : undefined}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      />
      {bad && (
        <p id={hintId} className="hint field-hint">
          {t("dates.format")}
        </p>
      )}
    </div>
  );
}
