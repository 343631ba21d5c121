import { useRef, useState } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { Modal } from "../../components/Modal";
import { useI18n } from "../../i18n";
import { CertificateExports } from "./CertificateExports";
import { ErasureCertificateDetails } from "./ErasureCertificateDetails";
import { useCertificate } from "./deletionQueries";

/** Opens a certificate in a dialog of its own: it is long, and read as a document. */
export function CertificateOpenButton({ certificateId }: { certificateId: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="secondary"
        data-testid="certificate-open"
        onClick={() => {
          setOpen(true);
        }}
      >
        {t("erasure.open")}
      </button>
      {open && (
        <ErasureCertificateDialog
          certificateId={certificateId}
          onClosed={() => {
            setOpen(false);
          }}
        />
      )}
    </>
  );
}

interface Props {
  certificateId: string;
  onClosed: () => void;
}

/** The certificate as issued, and the ways to save it for whoever asked for it. */
export function ErasureCertificateDialog({ certificateId, onClosed }: Props) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const certificate = useCertificate(certificateId);
  const name = certificate.data?.server.name;
  return (
    <Modal
      title={name === undefined ? t("erasure.title") : t("erasure.dialogTitle", { name })}
      dialogRef={dialog}
      onClosed={onClosed}
    >
      {certificate.isPending && <p role="status">{t("app.loading")}</p>}
      {certificate.isError && <ErrorPanel error={certificate.error} onRetry={() => void certificate.refetch()} />}
      {certificate.isSuccess && (
        <div className="erasure-certificate" data-testid="certificate-view">
          <ErasureCertificateDetails certificate={certificate.data} />
          <CertificateExports certificateId={certificate.data.certificateId} />
        </div>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            dialog.current?.close();
          }}
        >
          {t("dialog.close")}
        </button>
      </div>
    </Modal>
  );
}
