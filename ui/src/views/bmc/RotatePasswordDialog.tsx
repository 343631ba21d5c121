import { useRef } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { Modal } from "../../components/Modal";
import { useI18n } from "../../i18n";
import { useRotateBmcPassword } from "./bmcQueries";

interface Props {
  serverId: string;
  username: string;
  onClosed: () => void;
  onRotated: () => void;
}

/** Asks before the customer's password is replaced: whoever uses the old one is locked out. */
export function RotatePasswordDialog({ serverId, username, onClosed, onRotated }: Props) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const rotate = useRotateBmcPassword(serverId);
  return (
    <Modal title={t("bmcSettings.rotateTitle", { username })} dialogRef={dialog} onClosed={onClosed} busy={rotate.isPending}>
      <p>{t("bmcSettings.rotateWarning")}</p>
      {rotate.isPending && <p role="status">{t("bmcSettings.rotating")}</p>}
      {rotate.isError && <ErrorPanel error={rotate.error} title={t("bmcSettings.rotateFailed")} />}
      <div className="dialog-actions">
        <button
          type="button"
          className="secondary"
          disabled={rotate.isPending}
          onClick={() => {
            dialog.current?.close();
          }}
        >
          {t("dialog.cancel")}
        </button>
        <button
          type="button"
          className="danger"
          disabled={rotate.isPending}
          onClick={() => {
            rotate.mutate(username, {
              onSuccess: () => {
                onRotated();
                dialog.current?.close();
              },
            });
          }}
        >
          {t("bmcSettings.rotate")}
        </button>
      </div>
    </Modal>
  );
}
