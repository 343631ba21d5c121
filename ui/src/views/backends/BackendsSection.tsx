import { useId, useState } from "react";

import { useSnapshot } from "../../app/queries";
import { ErrorPanel } from "../../components/ErrorPanel";
import type { AppError, BackendRecord, SyncReport } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { AddIronicDialog } from "./AddIronicDialog";
import { BackendError } from "./BackendError";
import { BackendTable } from "./BackendTable";
import { useBackends } from "./backendQueries";

type Outcome = { synced: SyncReport } | { added: BackendRecord } | { failed: BackendRecord; error: AppError } | null;

/** Where servers come from besides their own BMCs: an OpenStack Ironic, whose
 *  nodes a sync reads into the local inventory. */
export function BackendsSection() {
  const { t } = useI18n();
  const format = useFormat();
  const headingId = useId();
  const backends = useBackends();
  // Adding or syncing into a snapshot under review would change what is only a record.
  const reviewing = useSnapshot() !== null;
  const [adding, setAdding] = useState(false);
  // What the last add or sync came to; only the last, as a status line says one thing.
  const [outcome, setOutcome] = useState<Outcome>(null);

  const notice = (): string => {
    if (outcome === null || "failed" in outcome) return "";
    if ("added" in outcome) {
      const { url, apiVersion } = outcome.added;
      return t("backends.added", { url, version: apiVersion ?? t("servers.unknown") });
    }
    const { backend, nodes, counts, apiVersion } = outcome.synced;
    return t("backends.synced", {
      url: backend.url,
      nodes: format.number(nodes),
      added: format.number(counts.added),
      updated: format.number(counts.updated),
      moved: format.number(counts.moved),
      unchanged: format.number(counts.unchanged),
      version: apiVersion,
    });
  };

  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>{t("backends.title")}</h2>
      <p className="hint">{t("backends.about")}</p>
      {backends.isError && <ErrorPanel error={backends.error} onRetry={() => void backends.refetch()} />}
      {backends.isSuccess &&
        (backends.data.length === 0 ? (
          <p className="hint">{t("backends.empty")}</p>
        ) : (
          <BackendTable
            backends={backends.data}
            locked={reviewing}
            onStart={() => {
              setOutcome(null);
            }}
            onSynced={(synced) => {
              setOutcome({ synced });
            }}
            onFailed={(failed, error) => {
              setOutcome({ failed, error });
            }}
          />
        ))}
      <div className="actions">
        <button
          type="button"
          disabled={reviewing}
          onClick={() => {
            setAdding(true);
          }}
        >
          {t("backends.add")}
        </button>
      </div>
      <p role="status" className="notice">
        {notice()}
      </p>
      {outcome !== null && "failed" in outcome && (
        <BackendError title={t("backends.syncFailed", { url: outcome.failed.url })} error={outcome.error} />
      )}
      {adding && (
        <AddIronicDialog
          onClosed={() => {
            setAdding(false);
          }}
          onAdded={(added) => {
            setOutcome({ added });
          }}
        />
      )}
    </section>
  );
}
