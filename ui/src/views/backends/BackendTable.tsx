import type { AppError, BackendRecord, SyncReport } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { describeAuth } from "./authDescription";
import { useSyncBackend } from "./backendQueries";

// Products' names, the same in every language.
const kindNames: Record<string, string> = { ironic: "OpenStack Ironic" };

export interface SyncHandlers {
  onStart: () => void;
  onSynced: (report: SyncReport) => void;
  onFailed: (backend: BackendRecord, error: AppError) => void;
}

interface Props extends SyncHandlers {
  backends: readonly BackendRecord[];
  /** A snapshot is under review: there is nothing to sync into. */
  locked: boolean;
}

export function BackendTable({ backends, locked, ...handlers }: Props) {
  const { t } = useI18n();
  return (
    <div className="fact-table">
      <table className="servers" aria-label={t("backends.table")}>
        <thead>
          <tr>
            <th scope="col">{t("backends.url")}</th>
            <th scope="col">{t("backends.kind")}</th>
            <th scope="col">{t("backends.apiVersion")}</th>
            <th scope="col">{t("backends.auth")}</th>
            <th scope="col">{t("backends.syncedAt")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("backends.syncColumn")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {backends.map((b) => (
            <BackendRow key={b.id} backend={b} locked={locked} {...handlers} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Each row syncs on its own, so one slow Ironic does not hold the others' buttons.
function BackendRow({ backend, locked, onStart, onSynced, onFailed }: SyncHandlers & { backend: BackendRecord; locked: boolean }) {
  const { t } = useI18n();
  const format = useFormat();
  const sync = useSyncBackend();
  return (
    <tr>
      <th scope="row">
        <code>{backend.url}</code>
      </th>
      <td>{kindNames[backend.kind] ?? backend.kind}</td>
      <td>{backend.apiVersion ?? t("servers.unknown")}</td>
      <td>{describeAuth(backend.auth, t)}</td>
      <td>
        {backend.syncedAt === null ? (
          t("backends.never")
        ) : (
          <time dateTime={backend.syncedAt}>{format.dateTime(backend.syncedAt)}</time>
        )}
      </td>
      <td>
        <button
          type="button"
          disabled={locked || sync.isPending}
          onClick={() => {
            onStart();
            sync.mutate(backend.id, {
              onSuccess: onSynced,
              onError: (error) => {
                onFailed(backend, error);
              },
            });
          }}
        >
          {sync.isPending ? t("backends.syncing") : t("backends.sync")}
        </button>
      </td>
    </tr>
  );
}
