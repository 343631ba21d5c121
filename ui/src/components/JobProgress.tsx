import type { JobRow, JobRun } from "../app/useJobRun";
import { routeHash } from "../app/routes";
import type { JobServerState } from "../ipc";
import { errorMessageKey, useI18n } from "../i18n";
import { knownErrorCode } from "../i18n/labels";
import { useFormat } from "../i18n/format";
import { ErrorPanel } from "./ErrorPanel";
import { isRefusal, RefusalText } from "./RefusalText";

const ended: ReadonlySet<JobServerState> = new Set(["succeeded", "failed", "cancelled", "interrupted", "not_started"]);

/** A job started from this view: how far it has got, each server's result as it
 *  comes, and the way to the job's full record on the Jobs page. */
export function JobProgress({ run }: { run: JobRun }) {
  const { t } = useI18n();
  const format = useFormat();
  if (!run.running && run.job === null && run.error === null) return null;
  const rows = [...run.rows.values()];
  const total = run.job?.counts.total ?? null;
  const done = rows.filter((r) => ended.has(r.state)).length;
  const job = run.job;
  return (
    <div className="job-progress">
      {run.error &&
        (isRefusal(run.error) ? (
          <div role="alert" className="error-panel">
            <h2>{t("job.couldNotStart")}</h2>
            <p>
              <RefusalText refusal={run.error} />
            </p>
            <p>{t("job.nothingStarted")}</p>
          </div>
        ) : (
          <ErrorPanel error={run.error} title={t("job.couldNotStart")} />
        ))}
      <p role="status">
        {run.running
          ? total === null
            ? t("job.starting")
            : t("job.progress", { done: format.number(done), total: format.number(total) })
          : job &&
            t("job.finished", {
              state: t(`jobState.${job.state}`),
              ok: format.number(job.counts.succeeded),
              failed: format.number(job.counts.failed),
            })}
      </p>
      {run.running && total !== null && total > 0 && (
        <progress max={total} value={done} aria-label={t("job.progressLabel")} />
      )}
      {rows.length > 0 && (
        // A job on a whole tab has a row per server; they scroll rather than push the page down.
        <div className="job-results-scroll">
          <table className="servers job-results" aria-label={t("job.results")}>
            <thead>
              <tr>
                <th scope="col">{t("servers.name")}</th>
                <th scope="col">{t("job.state")}</th>
                <th scope="col">{t("job.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.serverId} className={row.state === "failed" ? "failed" : undefined}>
                  <th scope="row">{row.name}</th>
                  <td>{t(`jobServerState.${row.state}`)}</td>
                  <td>
                    {knownErrorCode(row.errorCode) && `${t(errorMessageKey(row.errorCode))} `}
                    {rowOutcome(row)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {job && <a href={routeHash({ kind: "job", id: job.id })}>{t("job.open")}</a>}
    </div>
  );
}

/** The backend's own words for where a server is: its step while it runs, what the
 *  hardware said after, or why it failed. */
function rowOutcome(row: JobRow): string {
  return row.error ?? row.result ?? row.step ?? "";
}
