import { useId } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import type { ServerSummary } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { CertificateOpenButton } from "./ErasureCertificateDialog";
import { useCertificates } from "./deletionQueries";
import { resultLabel } from "./deletionWords";

/** A server that was deleted keeps its certificates, newest first, wherever it
 *  went since; a server never deleted shows nothing here. */
export function CertificateSection({ server }: { server: ServerSummary }) {
  const { t } = useI18n();
  const format = useFormat();
  const headingId = useId();
  const certificates = useCertificates(server.id);
  if (!certificates.isError && (certificates.data?.length ?? 0) === 0) return null;
  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>{t("erasure.title")}</h2>
      <p className="hint">{t("erasure.about")}</p>
      {certificates.isError && <ErrorPanel error={certificates.error} onRetry={() => void certificates.refetch()} />}
      <ul className="rule-list" aria-label={t("erasure.list")}>
        {certificates.data?.map((c) => (
          <li key={c.certificateId}>
            <CertificateOpenButton certificateId={c.certificateId} />
            <span>
              <time dateTime={c.issuedAt}>{format.dateTime(c.issuedAt)}</time> · {resultLabel(c.result, t)} ·{" "}
              {c.certificateId}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
