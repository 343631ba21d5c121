import { useId, useRef, useState, type SubmitEvent } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { Modal } from "../../components/Modal";
import { toAppFailure, type AppFailure, type Layout } from "../../ipc";
import { useI18n } from "../../i18n";
import type { ConsoleSession } from "./useConsoleSession";

interface Props {
  session: ConsoleSession;
  layout: Layout;
  onClosed: () => void;
}

/** Text typed on the server as keystrokes. A refusal (a character the layout
 *  cannot type) leaves the text in place to be fixed. */
export function PasteDialog({ session, layout, onClosed }: Props) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const textId = useId();
  const [text, setText] = useState("");
  const [typing, setTyping] = useState(false);
  const [error, setError] = useState<AppFailure | null>(null);
  const close = () => {
    dialog.current?.close();
  };
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setTyping(true);
    setError(null);
    try {
      await session.send([{ kind: "paste", text }]);
      close();
    } catch (failure) {
      setError(toAppFailure(failure));
    } finally {
      setTyping(false);
    }
  };
  return (
    <Modal title={t("console.pasteTitle")} dialogRef={dialog} onClosed={onClosed} busy={typing}>
      <form className="dialog-form" onSubmit={(e) => void submit(e)}>
        <div className="field wide">
          <label htmlFor={textId}>{t("console.pasteText")}</label>
          <textarea
            id={textId}
            rows={6}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
        </div>
        <p className="hint">{t("console.pasteHint", { layout: t(`console.layout.${layout}`) })}</p>
        {typing && <p role="status">{t("console.typing")}</p>}
        {error && <ErrorPanel error={error} title={t("console.pasteFailed")} />}
        <div className="dialog-actions">
          <button type="button" className="secondary" disabled={typing} onClick={close}>
            {t("dialog.cancel")}
          </button>
          <button type="submit" disabled={typing || text === ""}>
            {t("console.typeIt")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
