import { useId, useRef, useState, type SubmitEvent } from "react";

import { Modal } from "../../components/Modal";
import { TextField } from "../../components/TextField";
import type { BackendRecord } from "../../ipc";
import { useI18n } from "../../i18n";
import { BackendError } from "./BackendError";
import { useAddIronic } from "./backendQueries";

const example = "http://127.0.0.1:6385";

// The backend refuses anything else too, but only after a round trip; saying so
// as the user types is kinder, and nothing is sent that cannot work.
const isHttpUrl = (url: string) => /^https?:\/\/\S/i.test(url);

/** Adds a standalone Ironic, the one kind that needs no sign-in: the backend
 *  reaches its API and agrees a version before it stores anything. */
export function AddIronicDialog({ onClosed, onAdded }: { onClosed: () => void; onAdded: (backend: BackendRecord) => void }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const hintId = useId();
  const [url, setUrl] = useState("");
  // The hint waits for the first try, so typing "h" is not already a mistake.
  const [tried, setTried] = useState(false);
  const add = useAddIronic();

  const trimmed = url.trim();
  const invalid = tried && !isHttpUrl(trimmed);

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    setTried(true);
    if (!isHttpUrl(trimmed) || add.isPending) return;
    add.mutate(trimmed, {
      onSuccess: (backend) => {
        onAdded(backend);
        dialog.current?.close();
      },
    });
  };

  return (
    <Modal title={t("addIronic.title")} dialogRef={dialog} onClosed={onClosed} busy={add.isPending}>
      <form onSubmit={submit} className="dialog-form" noValidate>
        <TextField
          label={t("addIronic.url")}
          value={url}
          onChange={(value) => {
            setUrl(value);
            add.reset();
          }}
          type="url"
          placeholder={example}
          required
          autoComplete="off"
          spellCheck={false}
          aria-invalid={invalid}
          aria-describedby={invalid ? hintId : undefined}
        />
        {invalid && (
          <p id={hintId} role="alert" className="hint field-hint">
            {t("addIronic.urlHint")}
          </p>
        )}
        <fieldset>
          <legend>{t("backends.auth")}</legend>
          <label>
            <input type="radio" name="ironic-auth" value="none" checked readOnly /> {t("addIronic.authNone")}
          </label>
          <p className="hint">{t("addIronic.authOnly")}</p>
        </fieldset>
        {add.isPending && <p role="status">{t("addIronic.adding")}</p>}
        {add.isError && <BackendError title={t("addIronic.failed")} error={add.error} />}
        <div className="dialog-actions">
          <button
            type="button"
            className="secondary"
            disabled={add.isPending}
            onClick={() => {
              dialog.current?.close();
            }}
          >
            {t("dialog.cancel")}
          </button>
          <button type="submit" disabled={trimmed === "" || add.isPending}>
            {t("addIronic.add")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
