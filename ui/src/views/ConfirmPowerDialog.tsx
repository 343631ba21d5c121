import { useRef, type ReactNode } from "react";

import { Modal } from "../components/Modal";
import { useI18n } from "../i18n";
import type { PowerButton } from "./powerButtons";

export type ConfirmedButton = PowerButton & { confirm: NonNullable<PowerButton["confirm"]> };

interface Props {
  /** The question, naming the server or how many of them. */
  title: string;
  button: ConfirmedButton;
  onClosed: () => void;
  onConfirmed: () => void;
  /** Shown under the warning: the servers it would hit, for a job on many. */
  children?: ReactNode;
}

/** Asks before an action that gives the OS no chance to save its work. */
export function ConfirmPowerDialog({ title, button, onClosed, onConfirmed, children }: Props) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const label = t(button.label);
  return (
    <Modal title={title} dialogRef={dialog} onClosed={onClosed}>
      <p>{t(button.confirm)}</p>
      {children}
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
