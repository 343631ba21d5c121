import type { CertificateView } from "../ipc";
import { useFormat } from "../i18n/format";
import { useI18n } from "../i18n";
import { Fingerprint } from "./Fingerprint";

/** What the user must see before trusting a certificate. */
export function CertificateFacts({ certificate }: { certificate: CertificateView }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <dl className="facts">
      <dt>{t("certificate.sha256")}</dt>
      <dd>
        <Fingerprint sha256={certificate.sha256} />
      </dd>
      <dt>{t("certificate.subject")}</dt>
      <dd>{certificate.subject}</dd>
      <dt>{t("certificate.issuer")}</dt>
      <dd>{certificate.issuer}</dd>
      <dt>{t("certificate.notBefore")}</dt>
      <dd>
        <time dateTime={certificate.notBefore}>{format.dateTime(certificate.notBefore)}</time>
      </dd>
      <dt>{t("certificate.notAfter")}</dt>
      <dd>
        <time dateTime={certificate.notAfter}>{format.dateTime(certificate.notAfter)}</time>
      </dd>
      <dt>{t("certificate.selfSigned")}</dt>
      <dd>{certificate.selfSigned ? t("certificate.selfSigned.yes") : t("certificate.selfSigned.no")}</dd>
    </dl>
  );
}
