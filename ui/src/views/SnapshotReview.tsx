import { useId, useState } from "react";

import { useOpenSnapshot } from "../app/queries";
import { ErrorPanel } from "../components/ErrorPanel";
import { useI18n } from "../i18n";

/** Opens an inventory exported as JSON (here or on another machine) in place of the
 *  profile, read-only; the window reads the file, so no path crosses to the backend. */
export function SnapshotReview() {
  const { t } = useI18n();
  const headingId = useId();
  const inputId = useId();
  const open = useOpenSnapshot();
  const [reading, setReading] = useState(false);
  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>{t("snapshot.title")}</h2>
      <p className="hint">{t("snapshot.about")}</p>
      <div className="field wide">
        <label htmlFor={inputId}>{t("snapshot.open")}</label>
        <input
          id={inputId}
          type="file"
          accept=".json,application/json"
          disabled={open.isPending || reading}
          onChange={(e) => {
            const input = e.target;
            const file = input.files?.[0];
            if (!file) return;
            setReading(true);
            void file
              .text()
              .then((text) => {
                open.mutate({ text, label: file.name });
              })
              .finally(() => {
                setReading(false);
                // The same file may be chosen again after the snapshot is closed.
                input.value = "";
              });
          }}
        />
      </div>
      <p role="status" className="notice">
        {open.isSuccess && t("snapshot.opened", { label: open.data.label })}
      </p>
      {open.isError && <ErrorPanel error={open.error} title={t("snapshot.failed")} />}
    </section>
  );
}
