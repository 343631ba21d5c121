import { useId } from "react";

import { useVerifyAudit } from "../app/queries";
import { ErrorPanel } from "../components/ErrorPanel";
import { useI18n } from "../i18n";
import { useFormat } from "../i18n/format";

/** Re-computes the whole hash chain and says whether every entry still holds. */
export function AuditVerify() {
  const { t } = useI18n();
  const format = useFormat();
  const verify = useVerifyAudit();
  const verdict = verify.data;
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="card audit-verify">
      <h2 id={headingId}>{t("audit.integrity")}</h2>
      <p className="hint">{t("audit.integrityHint")}</p>
      <button
        type="button"
        disabled={verify.isPending}
        onClick={() => {
          verify.mutate();
        }}
      >
        {t("audit.verify")}
      </button>
      <p role="status" className="hint">
        {verify.isPending && t("audit.verifying")}
      </p>
      {verify.isError && <ErrorPanel error={verify.error} title={t("audit.verifyFailed")} />}
      {verdict?.intact === true && (
        <p className="success">{t("audit.intact", { count: format.number(verdict.entries) })}</p>
      )}
      {verdict?.intact === false && (
        <div role="alert" className="error-panel">
          <h2>{t("audit.broken", { seq: verdict.brokenAt ?? "?" })}</h2>
          <p>{verdict.problem}</p>
          <p className="hint">{t("audit.brokenHint", { count: format.number(verdict.entries) })}</p>
        </div>
      )}
    </section>
  );
}
