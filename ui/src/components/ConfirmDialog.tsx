import { useRef, type ReactNode } from "react";

import type { AppError } from "../ipc";
import { useI18n } from "../i18n";
import { ErrorPanel } from "./ErrorPanel";
import { Modal } from "./Modal";

interface Props {
  title: string;
  /** The destructive button's label, naming the action. */
  confirmLabel: string;
  /** Given the way to close the dialog: at once, or once a request has succeeded. */
  onConfirm: (close: () => void) => void;
  onClosed: () => void;
  /** While true a request is in flight: both buttons wait, and so does Escape. */
  busy?: boolean;
  /** Said while busy. */
  busyText?: string;
  /** The request's failure, if any, and the heading it is shown under. */
  failure?: { error: AppError | null; title: string };
  /** What the action does, above the buttons. */
  children: ReactNode;
}

/** Asks before an action that cannot be taken back: Cancel, or the action itself. */
export function ConfirmDialog({
  title,
  confirmLabel,
  onConfirm,
  onClosed,
  busy = false,
  busyText,
  failure,
  children,
}: Props) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const close = () => {
    dialog.current?.close();
  };
  return (
    <Modal title={title} dialogRef={dialog} onClosed={onClosed} busy={busy}>
      {children}
      {busy && busyText !== undefined && <p role="status">{busyText}</p>}
      {failure?.error && <ErrorPanel error={failure.error} title={failure.title} />}
      <div className="dialog-actions">
        <button type="button" className="secondary" disabled={busy} onClick={close}>
          {t("dialog.cancel")}
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => {
            onConfirm(close);
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
