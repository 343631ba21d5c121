import { useRef, useState, type SubmitEvent } from "react";

import { Modal } from "../../components/Modal";
import type { BackendRecord } from "../../ipc";
import { useI18n } from "../../i18n";
import { BackendError } from "./BackendError";
import { CheckedField } from "./CheckedField";
import { SignInFields } from "./SignInFields";
import { useAddIronic } from "./backendQueries";
import { emptySignIn, toSignIn, validate, type FieldName, type SignInForm } from "./signIn";

const example = "http://127.0.0.1:6385";

/** Adds an Ironic: standalone, or behind Keystone. The backend signs in, reaches
 *  the API and agrees a version before it stores anything, and files the secret
 *  in the OS keyring. Here the secret lives only in this dialog's state. */
export function AddIronicDialog({ onClosed, onAdded }: { onClosed: () => void; onAdded: (backend: BackendRecord) => void }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [url, setUrl] = useState("");
  const [signIn, setSignIn] = useState<SignInForm>(emptySignIn);
  // Mistakes wait for the first try, so typing "h" is not already one; after it
  // they follow the typing, so fixing one takes its complaint away at once.
  const [tried, setTried] = useState(false);
  const add = useAddIronic();

  const mistakes = validate(url, signIn);
  const shown = tried ? mistakes : {};

  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (add.isPending) return;
    setTried(true);
    const first = Object.keys(mistakes)[0] as FieldName | undefined;
    if (first !== undefined) {
      // Whoever cannot see the page hears the mistake where it is to be fixed.
      const input = e.currentTarget.elements.namedItem(first);
      if (input instanceof HTMLInputElement) input.focus();
      return;
    }
    add.mutate(
      { url: url.trim(), signIn: toSignIn(signIn) },
      {
        onSuccess: (backend) => {
          onAdded(backend);
          dialog.current?.close();
        },
      },
    );
  };

  const closed = () => {
    // The dialog goes with its state, but the secret should not outlive it even
    // for a render, nor the request holding it in the mutation's variables.
    setSignIn(emptySignIn);
    add.reset();
    onClosed();
  };

  return (
    <Modal title={t("addIronic.title")} dialogRef={dialog} onClosed={closed} busy={add.isPending}>
      <form onSubmit={submit} className="dialog-form" noValidate>
        <CheckedField
          label={t("addIronic.url")}
          name="url"
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
          error={shown.url === undefined ? null : t(shown.url)}
        />
        <SignInFields
          form={signIn}
          errors={shown}
          disabled={add.isPending}
          onChange={(change) => {
            setSignIn((form) => ({ ...form, ...change }));
            add.reset();
          }}
        />
        {add.isPending && <p role="status">{t(signIn.kind === "none" ? "addIronic.adding" : "addIronic.signingIn")}</p>}
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
          <button type="submit" disabled={url.trim() === "" || add.isPending}>
            {t("addIronic.add")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
