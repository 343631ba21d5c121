import { useRef } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { Modal } from "../../components/Modal";
import type { ProfileEntry } from "../../ipc";
import { useI18n } from "../../i18n";
import { useDeleteProfile } from "./profileQueries";

interface Props {
  entry: ProfileEntry;
  onClosed: () => void;
  onDeleted: (name: string) => void;
}

/** Asks before a profile is deleted, and says what deleting it leaves alone. */
export function DeleteProfileDialog({ entry, onClosed, onDeleted }: Props) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const remove = useDeleteProfile();
  const name = entry.profile.name;
  return (
    <Modal title={t("profiles.deleteTitle", { name })} dialogRef={dialog} onClosed={onClosed} busy={remove.isPending}>
      <div className="dialog-form">
        <p>{t("profiles.deleteAbout")}</p>
        {remove.isError && <ErrorPanel error={remove.error} title={t("profiles.deleteFailed")} />}
        <div className="dialog-actions">
          <button
            type="button"
            className="secondary"
            disabled={remove.isPending}
            onClick={() => {
              dialog.current?.close();
            }}
          >
            {t("dialog.cancel")}
          </button>
          <button
            type="button"
            className="danger"
            disabled={remove.isPending}
            onClick={() => {
              remove.mutate(name, {
                onSuccess: () => {
                  onDeleted(name);
                  dialog.current?.close();
                },
              });
            }}
          >
            {t("profiles.deleteConfirm")}
          </button>
        </div>
      </div>
    </Modal>
  );
}
