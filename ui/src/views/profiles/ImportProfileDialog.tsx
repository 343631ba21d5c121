import { useId, useRef, useState } from "react";

import { Modal } from "../../components/Modal";
import type { ProfileEntry } from "../../ipc";
import { useI18n } from "../../i18n";
import { ProfileError } from "./ProblemList";
import { useImportProfile } from "./profileQueries";

interface Props {
  onClosed: () => void;
  onImported: (entry: ProfileEntry) => void;
}

/** Reads a profile file the user picks (exported from this console or another)
 *  and hands its text to the backend, which checks it as it would a saved one. */
export function ImportProfileDialog({ onClosed, onImported }: Props) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const fileId = useId();
  const [text, setText] = useState<string | null>(null);
  const imported = useImportProfile();

  const runImport = () => {
    if (text === null) return;
    imported.mutate(text, {
      onSuccess: (entry) => {
        onImported(entry);
        dialog.current?.close();
      },
    });
  };

  return (
    <Modal title={t("profiles.importTitle")} dialogRef={dialog} onClosed={onClosed} busy={imported.isPending}>
      <div className="dialog-form">
        <p>{t("profiles.importAbout")}</p>
        <div className="field">
          <label htmlFor={fileId}>{t("profiles.importFile")}</label>
          <input
            id={fileId}
            type="file"
            accept=".json,application/json,text/plain"
            disabled={imported.isPending}
            onChange={(e) => {
              imported.reset();
              const file = e.target.files?.[0];
              if (file) void file.text().then(setText);
              else setText(null);
            }}
          />
        </div>
        {imported.isPending && <p role="status">{t("profiles.importing")}</p>}
        {imported.isError && <ProfileError title={t("profiles.importFailed")} error={imported.error} />}
        <div className="dialog-actions">
          <button
            type="button"
            className="secondary"
            disabled={imported.isPending}
            onClick={() => {
              dialog.current?.close();
            }}
          >
            {t("dialog.cancel")}
          </button>
          <button type="button" disabled={text === null || imported.isPending} onClick={runImport}>
            {t("profiles.importConfirm")}
          </button>
        </div>
      </div>
    </Modal>
  );
}
