import { useId, useState } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import type { RunView } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { useJob } from "../../app/queries";
import { routeHash } from "../../app/routes";
import { JobServers } from "../JobServers";
import { StateText } from "./StateLegend";

interface Props {
  runs: readonly RunView[];
  /** The job to show each server's result of at first (the occurrence clicked). */
  initialJob: string | null;
}

/** Every run an order has had, newest first; a run that became a job shows, on
 *  request, how each of its servers fared. */
export function OrderRuns({ runs, initialJob }: Props) {
  const { t } = useI18n();
  const format = useFormat();
  const headingId = useId();
  const [shown, setShown] = useState<string | null>(initialJob);
  const newestFirst = [...runs].sort((a, b) => b.occurrence.localeCompare(a.occurrence));
  const dash = t("servers.unknown");
  const time = (iso: string | null) =>
    iso === null ? dash : <time dateTime={iso}>{format.shortDateTime(iso)}</time>;
  const shownRun = runs.find((r) => r.jobId !== null && r.jobId === shown) ?? null;
  return (
    <section aria-labelledby={headingId} className="order-runs">
      <h3 id={headingId}>{t("order.runs")}</h3>
      {runs.length === 0 ? (
        <p>{t("order.noRuns")}</p>
      ) : (
        <div className="fact-table">
          <table className="servers" aria-labelledby={headingId}>
            <thead>
              <tr>
                <th scope="col">{t("order.run.occurrence")}</th>
                <th scope="col">{t("order.run.state")}</th>
                <th scope="col">{t("order.run.started")}</th>
                <th scope="col">{t("order.run.finished")}</th>
                <th scope="col">{t("order.run.note")}</th>
                <th scope="col">{t("order.run.servers")}</th>
              </tr>
            </thead>
            <tbody>
              {newestFirst.map((run) => (
                <tr key={run.occurrence}>
                  <th scope="row">
                    <time dateTime={run.occurrence}>{format.dateTime(run.occurrence)}</time>
                  </th>
                  <td>
                    <StateText state={run.state} />
                  </td>
                  <td>{time(run.startedAt)}</td>
                  <td>{time(run.finishedAt)}</td>
                  <td>{run.note ?? dash}</td>
                  <td>
                    {run.jobId === null ? (
                      dash
                    ) : (
                      <button
                        type="button"
                        className="secondary"
                        aria-pressed={shown === run.jobId}
                        onClick={() => {
                          setShown(shown === run.jobId ? null : run.jobId);
                        }}
                      >
                        {t("order.run.show")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shownRun?.jobId && <RunResults jobId={shownRun.jobId} occurrence={shownRun.occurrence} />}
    </section>
  );
}

/** One run's servers, from its job: where each got to, what it said, or why it failed. */
function RunResults({ jobId, occurrence }: { jobId: string; occurrence: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const headingId = useId();
  const job = useJob(jobId);
  return (
    <section aria-labelledby={headingId} className="run-results">
      <h3 id={headingId}>{t("order.run.results", { at: format.dateTime(occurrence) })}</h3>
      {job.isPending && <p role="status">{t("app.loading")}</p>}
      {job.isError && <ErrorPanel error={job.error} onRetry={() => void job.refetch()} />}
      {job.isSuccess && (
        <>
          <p>
            {t("order.run.jobState", { state: t(`jobState.${job.data.job.state}`) })}{" "}
            <a href={routeHash({ kind: "job", id: jobId })}>{t("order.run.openJob")}</a>
          </p>
          <JobServers servers={job.data.servers} />
        </>
      )}
    </section>
  );
}
