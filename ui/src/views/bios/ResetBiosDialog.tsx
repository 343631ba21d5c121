import { useRef } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { Modal } from "../../components/Modal";
import type { BiosView, ServerSummary } from "../../ipc";
import { useI18n } from "../../i18n";
import { useResetBios } from "./biosQueries";

interface Props {
  server: ServerSummary;
  onClosed: () => void;
  onReset: (view: BiosView) => void;
}

/** Asks before every BIOS setting goes back to its default at the next reset. */
export function ResetBiosDialog({ server, onClosed, onReset }: Props) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const reset = useResetBios(server.id);
  return (
    <Modal title={t("bios.resetTitle", { name: server.name })} dialogRef={dialog} onClosed={onClosed} busy={reset.isPending}>
      <p>{t("bios.resetWarning")}</p>
      <p className="hint">{t("bios.resetAudit")}</p>
      {reset.isPending && <p role="status">{t("bios.resetting")}</p>}
      {reset.isError && <ErrorPanel error={reset.error} title={t("bios.resetFailed")} />}
      <div className="dialog-actions">
        <button
          type="button"
          className="secondary"
          disabled={reset.isPending}
          onClick={() => {
            dialog.current?.close();
          }}
        >
          {t("dialog.cancel")}
        </button>
        <button
          type="button"
          className="danger"
          disabled={reset.isPending}
          onClick={() => {
            reset.mutate(undefined, {
              onSuccess: (view) => {
                onReset(view);
                dialog.current?.close();
              },
            });
          }}
        >
          {t("bios.reset")}
        </button>
      </div>
    </Modal>
  );
}
