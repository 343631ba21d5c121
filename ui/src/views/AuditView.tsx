import { useState } from "react";

import { EmptyState } from "../components/EmptyState";
import { ErrorPanel } from "../components/ErrorPanel";
import { useI18n } from "../i18n";
import { useFormat } from "../i18n/format";
import { useAudit } from "../app/queries";
import { AuditCopy } from "./AuditCopy";
import { AuditFilters } from "./AuditFilters";
import { AuditTable } from "./AuditTable";
import { AuditVerify } from "./AuditVerify";
import { auditFilterOf, auditLimit, emptyAuditForm } from "./auditFilter";
import { PageHeading } from "./PageHeading";

/** The append-only, hash-chained record of every stage change, refusal and action on hardware. */
export function AuditView() {
  const { t } = useI18n();
  const format = useFormat();
  const [filter, setFilter] = useState(() => auditFilterOf(emptyAuditForm));
  const entries = useAudit(filter);
  const { actor, action, target, outcome, since, until } = filter;
  const filtered = [actor, action, target, outcome, since, until].some((v) => v !== null);
  return (
    <>
      <PageHeading title={t("nav.audit")} about={t("audit.about")} />
      <AuditVerify />
      <AuditFilters
        onApply={(form) => {
          const next = auditFilterOf(form);
          // The same filter again is a request to look again, for entries written since.
          if (JSON.stringify(next) === JSON.stringify(filter)) void entries.refetch();
          else setFilter(next);
        }}
      />
      {entries.isPending && <p role="status">{t("app.loading")}</p>}
      {entries.isError && <ErrorPanel error={entries.error} onRetry={() => void entries.refetch()} />}
      {entries.isSuccess && (
        <>
          <div className="table-toolbar">
            <p role="status" className="hint">
              {entries.data.length >= auditLimit
                ? t("audit.newest", { count: format.number(entries.data.length) })
                : t("audit.count", { count: format.number(entries.data.length) })}
            </p>
            <AuditCopy entries={entries.data} />
          </div>
          {entries.data.length === 0 ? (
            <EmptyState message={t(filtered ? "audit.noMatch" : "audit.empty")} />
          ) : (
            <AuditTable entries={entries.data} />
          )}
        </>
      )}
    </>
  );
}
