import { CertificateFacts } from "../components/CertificateFacts";
import { ErrorPanel } from "../components/ErrorPanel";
import { Fingerprint } from "../components/Fingerprint";
import type { BmcView } from "../ipc";
import { useI18n } from "../i18n";
import { useInspectCertificate, useTrustCertificate } from "../app/queries";

/** After a BMC's certificate changed (a replaced board, a renewed certificate or
 *  someone in between): show the one it presents next to the one trusted, and
 *  trust the new one only when the user says so. */
export function CertificateReview({ bmc, onTrusted }: { bmc: BmcView; onTrusted: () => void }) {
  const { t } = useI18n();
  const inspect = useInspectCertificate();
  const trust = useTrustCertificate();
  const presented = inspect.data;
  const pinned = presented?.pinnedSha256 ?? (bmc.trust.kind === "pinned" ? bmc.trust.sha256 : null);
  const unchanged = presented !== undefined && presented.sha256 === pinned;

  return (
    <div className="certificate-review">
      <button
        type="button"
        disabled={inspect.isPending || trust.isPending}
        onClick={() => {
          trust.reset();
          inspect.mutate(bmc.address);
        }}
      >
        {t("review.open")}
      </button>
      {inspect.isPending && <p role="status">{t("addBmc.checking")}</p>}
      {inspect.isError && <ErrorPanel error={inspect.error} title={t("addBmc.checkFailed")} />}
      {presented && (
        <div className="certificate">
          <dl className="facts">
            <dt>{t("review.pinned")}</dt>
            <dd>{pinned === null ? t("review.caBundle", { path: bmc.trust.kind === "caBundle" ? bmc.trust.path : "" }) : <Fingerprint sha256={pinned} />}</dd>
          </dl>
          <h3>{t("review.presented")}</h3>
          <CertificateFacts certificate={presented} />
          {unchanged ? (
            <p className="hint">{t("review.unchanged")}</p>
          ) : (
            <>
              <p className="warning">{t("certificate.compare")}</p>
              <button
                type="button"
                disabled={trust.isPending}
                onClick={() => {
                  trust.mutate(
                    { bmcId: bmc.id, sha256: presented.sha256 },
                    {
                      onSuccess: () => {
                        inspect.reset();
                        onTrusted();
                      },
                    },
                  );
                }}
              >
                {t("review.trust")}
              </button>
            </>
          )}
        </div>
      )}
      {trust.isError && <ErrorPanel error={trust.error} title={t("review.failed")} />}
    </div>
  );
}
