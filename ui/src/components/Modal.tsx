import { useEffect, useId, useRef, type ReactNode, type RefObject } from "react";

interface Props {
  title: string;
  /** The caller closes the dialog with dialogRef.current.close(), so the browser
   *  runs its own closing steps; onClosed then follows, also after Escape. */
  dialogRef: RefObject<HTMLDialogElement | null>;
  onClosed: () => void;
  /** While true, Escape does not close (a request is in flight). */
  busy?: boolean;
  children: ReactNode;
}

/** A modal dialog on the native <dialog>: the browser makes the rest of the page
 *  inert, keeps focus inside and closes it on Escape. */
export function Modal({ title, dialogRef, onClosed, busy = false, children }: Props) {
  const titleId = useId();
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    }
    // Not every webview returns focus to the opener when a dialog closes. A dialog
    // still open and in the page is only React re-running effects (StrictMode).
    return () => {
      if (dialog?.open && dialog.isConnected) return;
      if (opener.current?.isConnected) opener.current.focus();
    };
  }, [dialogRef]);
  return (
    <dialog
      ref={dialogRef}
      className="modal"
      aria-labelledby={titleId}
      onCancel={(e) => {
        if (busy) e.preventDefault();
      }}
      onClose={onClosed}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
