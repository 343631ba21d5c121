import { ErrorPanel } from "../../components/ErrorPanel";
import type { CertificateFormat, Language } from "../../ipc";
import { useI18n, type MessageKey } from "../../i18n";
import { useExportCertificate } from "./deletionQueries";

interface ExportChoice {
  format: CertificateFormat;
  /** JSON has no language of its own: English is sent because the command asks for one. */
  language: Language;
  label: MessageKey;
}

// The PDF in either language whatever the UI's: the customer may read the other one.
const choices: readonly ExportChoice[] = [
  { format: "pdf", language: "en", label: "erasure.pdfEn" },
  { format: "pdf", language: "ja", label: "erasure.pdfJa" },
  { format: "json", language: "en", label: "erasure.json" },
];

/** Saves the certificate to the Downloads folder (the webviews drop a download a
 *  page starts itself) and says where it went. */
export function CertificateExports({ certificateId }: { certificateId: string }) {
  const { t } = useI18n();
  const exported = useExportCertificate();
  return (
    <div className="export">
      <div className="actions" role="group" aria-label={t("erasure.export")}>
        {choices.map(({ format, language, label }) => (
          <button
            key={label}
            type="button"
            className="secondary"
            disabled={exported.isPending}
            onClick={() => {
              exported.mutate({ certificateId, format, language });
            }}
          >
            {t(label)}
          </button>
        ))}
      </div>
      <p role="status" className="notice">
        {exported.isSuccess && t("erasure.saved", { path: exported.data.path })}
      </p>
      {exported.isError && <ErrorPanel error={exported.error} title={t("erasure.exportFailed")} />}
    </div>
  );
}
