import { useState } from "react";

import { EmptyState } from "../components/EmptyState";
import { ErrorPanel } from "../components/ErrorPanel";
import type { AuditEntry } from "../ipc";
import { useI18n } from "../i18n";
import { useFormat } from "../i18n/format";
import { useAudit } from "../app/queries";
import { AuditCopy } from "./AuditCopy";
import { AuditExport } from "./AuditExport";
import { AuditFilters } from "./AuditFilters";
import { AuditTable } from "./AuditTable";
import { AuditVerify } from "./AuditVerify";
import { auditFilterOf, emptyAuditForm } from "./auditFilter";
import { PageHeading } from "./PageHeading";

/** The append-only, hash-chained record of every stage change, refusal and action on hardware. */
export function AuditView() {
  const { t } = useI18n();
  const [filter, setFilter] = useState(() => auditFilterOf(emptyAuditForm));
  const entries = useAudit(filter);
  // Older pages are added under the newer ones: the table reads on, newest first.
  const shown = entries.data?.pages.flat();
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
      {entries.isError && (
        <ErrorPanel
          error={entries.error}
          onRetry={() => void (entries.isFetchNextPageError ? entries.fetchNextPage() : entries.refetch())}
        />
      )}
      {shown && (
        <>
          <div className="table-toolbar">
            <AuditShown entries={shown} more={entries.hasNextPage} />
            <AuditExport filter={filter} />
            <AuditCopy entries={shown} />
          </div>
          {shown.length === 0 ? (
            <EmptyState message={t(filtered ? "audit.noMatch" : "audit.empty")} />
          ) : (
            <AuditTable entries={shown} />
          )}
          {entries.hasNextPage && (
            <div className="actions audit-older">
              <button
                type="button"
                className="secondary"
                disabled={entries.isFetchingNextPage}
                onClick={() => void entries.fetchNextPage()}
              >
                {t("audit.older")}
              </button>
              {entries.isFetchingNextPage && (
                <span role="status" className="hint">
                  {t("app.loading")}
                </span>
              )}
            </div>
          )}
        </>
      )}
    </>
  );
}

/** How many entries are shown and, while older ones remain, which: the numbers run
 *  from the newest shown back to the oldest. */
function AuditShown({ entries, more }: { entries: readonly AuditEntry[]; more: boolean }) {
  const { t } = useI18n();
  const format = useFormat();
  const newest = entries[0];
  const oldest = entries.at(-1);
  const count = format.number(entries.length);
  return (
    <p role="status" className="hint">
      {more && newest && oldest
        ? t("audit.shownMore", { count, newest: format.number(newest.seq), oldest: format.number(oldest.seq) })
        : t("audit.count", { count })}
    </p>
  );
}
