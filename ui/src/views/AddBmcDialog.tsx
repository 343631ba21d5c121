import { useId, useRef, useState, type SubmitEvent } from "react";

import { CertificateFacts } from "../components/CertificateFacts";
import { ErrorPanel } from "../components/ErrorPanel";
import { Modal } from "../components/Modal";
import { TextField } from "../components/TextField";
import type { EnrolResult } from "../ipc";
import { useI18n } from "../i18n";
import { useAddBmc, useInspectCertificate } from "../app/queries";

interface Form {
  address: string;
  username: string;
  password: string;
  site: string;
  room: string;
  rack: string;
  rackUnit: string;
  assetTag: string;
}

const empty: Form = { address: "", username: "", password: "", site: "", room: "", rack: "", rackUnit: "", assetTag: "" };

function optional(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === "" ? null : trimmed;
}

function rackUnit(text: string): number | null {
  const u = Number(text);
  return text.trim() !== "" && Number.isInteger(u) && u > 0 ? u : null;
}

/** Enrols one BMC: look at its certificate first, then trust exactly that one.
 *  The password lives only in this dialog's state, which goes when it closes. */
export function AddBmcDialog({ onClosed, onAdded }: { onClosed: () => void; onAdded: (result: EnrolResult) => void }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const unitHint = useId();
  const certificateTitle = useId();
  const [form, setForm] = useState<Form>(empty);
  const inspect = useInspectCertificate();
  const add = useAddBmc();

  const address = form.address.trim();
  // A certificate shown for another address than the one now typed is no answer.
  const certificate = inspect.isSuccess && inspect.variables === address ? inspect.data : null;
  const busy = inspect.isPending || add.isPending;
  const unitInvalid = form.rackUnit.trim() !== "" && rackUnit(form.rackUnit) === null;

  const field = (name: keyof Form) => ({
    value: form[name],
    onChange: (value: string) => {
      setForm((f) => ({ ...f, [name]: value }));
    },
  });

  const check = (e?: SubmitEvent) => {
    e?.preventDefault();
    if (address === "" || busy) return;
    add.reset();
    inspect.mutate(address);
  };

  const trustAndAdd = () => {
    if (!certificate) return;
    add.mutate(
      {
        address,
        username: form.username.trim(),
        password: form.password,
        trust: { kind: "pinned", sha256: certificate.sha256 },
        location: {
          site: optional(form.site),
          room: optional(form.room),
          rack: optional(form.rack),
          rackUnit: rackUnit(form.rackUnit),
        },
        assetTag: optional(form.assetTag),
      },
      {
        onSuccess: (result) => {
          onAdded(result);
          dialog.current?.close();
        },
      },
    );
  };

  return (
    <Modal title={t("addBmc.title")} dialogRef={dialog} onClosed={onClosed} busy={busy}>
      {/* Enter checks the certificate; trusting it always takes a deliberate click. */}
      <form onSubmit={check} className="dialog-form">
        <TextField label={t("addBmc.address")} {...field("address")} required autoComplete="off" spellCheck={false} />
        <TextField label={t("addBmc.username")} {...field("username")} autoComplete="off" spellCheck={false} />
        <TextField label={t("addBmc.password")} {...field("password")} type="password" autoComplete="off" />
        <fieldset>
          <legend>{t("addBmc.placement")}</legend>
          <TextField label={t("addBmc.site")} {...field("site")} />
          <TextField label={t("addBmc.room")} {...field("room")} />
          <TextField label={t("addBmc.rack")} {...field("rack")} />
          <TextField
            label={t("addBmc.rackUnit")}
            {...field("rackUnit")}
            inputMode="numeric"
            aria-invalid={unitInvalid}
            aria-describedby={unitInvalid ? unitHint : undefined}
          />
          {unitInvalid && (
            <p id={unitHint} className="hint field-hint">
              {t("addBmc.rackUnitHint")}
            </p>
          )}
          <TextField label={t("addBmc.assetTag")} {...field("assetTag")} />
        </fieldset>
        <div className="dialog-actions">
          <button type="submit" disabled={address === "" || busy}>
            {t("addBmc.check")}
          </button>
        </div>
        {inspect.isPending && <p role="status">{t("addBmc.checking")}</p>}
        {inspect.isError && inspect.variables === address && <ErrorPanel error={inspect.error} title={t("addBmc.checkFailed")} />}
        {certificate && (
          <section aria-labelledby={certificateTitle} className="certificate">
            <h3 id={certificateTitle}>{t("certificate.title", { address: certificate.address })}</h3>
            <p className="warning">{t("certificate.compare")}</p>
            <CertificateFacts certificate={certificate} />
            {certificate.pinnedSha256 !== null && <p className="hint">{t("addBmc.enrolledAlready")}</p>}
          </section>
        )}
        {add.isPending && <p role="status">{t("addBmc.adding")}</p>}
        {add.isError && <ErrorPanel error={add.error} title={t("addBmc.failed")} />}
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
          <button
            type="button"
            disabled={!certificate || busy || form.username.trim() === "" || form.password === "" || unitInvalid}
            onClick={trustAndAdd}
          >
            {t("addBmc.trustAndAdd")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
