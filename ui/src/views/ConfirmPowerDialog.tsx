import { useRef } from "react";

import { Modal } from "../components/Modal";
import { useI18n } from "../i18n";
import type { PowerButton } from "./powerButtons";

interface Props {
  name: string;
  button: PowerButton & { confirm: NonNullable<PowerButton["confirm"]> };
  onClosed: () => void;
  onConfirmed: () => void;
}

/** Asks before an action that gives the OS no chance to save its work. */
export function ConfirmPowerDialog({ name, button, onClosed, onConfirmed }: Props) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const label = t(button.label);
  return (
    <Modal title={t("power.confirmTitle", { action: label, name })} dialogRef={dialog} onClosed={onClosed}>
      <p>{t(button.confirm)}</p>
      <p className="hint">{t("power.confirmJob")}</p>
      <div className="dialog-actions">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            dialog.current?.close();
          }}
        >
          {t("dialog.cancel")}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            onConfirmed();
            dialog.current?.close();
          }}
        >
          {label}
        </button>
      </div>
    </Modal>
  );
}
