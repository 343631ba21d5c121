import { useId } from "react";

import { ErrorPanel } from "../components/ErrorPanel";
import type { JobDetail } from "../ipc";
import { useI18n } from "../i18n";
import { useFormat } from "../i18n/format";
import { jobKindLabel, roleLabel } from "../i18n/labels";
import { useCancelJob, useJob } from "../app/queries";
import { routeHash } from "../app/routes";
import { useJobRun } from "../app/useJobRun";
import { MoveVerifiedServers } from "./build/MoveVerifiedServers";
import { JobLog } from "./JobLog";
import { JobServers } from "./JobServers";
import { remaining, shortId } from "./JobList";

/** One job in full: who started it, each server's part, its log, and what can
 *  still be done about it (cancel while it runs, retry what did not succeed). */
export function JobDetailPanel({ id }: { id: string }) {
  const { t } = useI18n();
  const headingId = useId();
  const job = useJob(id);
  return (
    <section aria-labelledby={headingId} className="card job-detail">
      <h2 id={headingId}>
        {job.data ? t("job.title", { kind: jobKindLabel(job.data.job.kind, t), id: shortId(id) }) : t("job.untitled")}
      </h2>
      {job.isPending && <p role="status">{t("app.loading")}</p>}
      {job.isError && <ErrorPanel error={job.error} onRetry={() => void job.refetch()} />}
      {job.isSuccess && <JobDetailBody detail={job.data} />}
    </section>
  );
}

function JobDetailBody({ detail }: { detail: JobDetail }) {
  const { t } = useI18n();
  const format = useFormat();
  const { job } = detail;
  const counts = job.counts;
  return (
    <>
      <dl className="facts">
        <dt>{t("job.state")}</dt>
        <dd className={`job-state ${job.state}`}>{t(`jobState.${job.state}`)}</dd>
        <dt>{t("jobs.by")}</dt>
        <dd>{t("lifecycle.actor", { name: job.actor, role: roleLabel(job.role, t) })}</dd>
        <dt>{t("jobs.started")}</dt>
        <dd>
          <time dateTime={job.createdAt}>{format.dateTime(job.createdAt)}</time>
        </dd>
        <dt>{t("job.finishedAt")}</dt>
        <dd>
          {job.finishedAt === null ? (
            t("servers.unknown")
          ) : (
            <time dateTime={job.finishedAt}>{format.dateTime(job.finishedAt)}</time>
          )}
        </dd>
        <dt>{t("job.counts")}</dt>
        <dd>
          {t("job.countsValue", {
            total: format.number(counts.total),
            ok: format.number(counts.succeeded),
            failed: format.number(counts.failed),
            remaining: format.number(remaining(job)),
          })}
        </dd>
        {job.retryOf !== null && (
          <>
            <dt>{t("jobs.retryOf")}</dt>
            <dd>
              <a href={routeHash({ kind: "job", id: job.retryOf })}>{shortId(job.retryOf)}</a>
            </dd>
          </>
        )}
      </dl>
      {job.state === "interrupted" && (
        <div className="warning-banner" role="note">
          <h3>{t("job.interruptedTitle")}</h3>
          <p>
            {t("job.interrupted", {
              at: job.recoveredAt === null ? t("servers.unknown") : format.dateTime(job.recoveredAt),
            })}
          </p>
        </div>
      )}
      <JobControls detail={detail} />
      {job.kind === "build" && <MoveVerifiedServers detail={detail} />}
      <JobServers servers={detail.servers} />
      <JobLog log={detail.log} servers={detail.servers} />
    </>
  );
}

function JobControls({ detail }: { detail: JobDetail }) {
  const { t } = useI18n();
  const cancel = useCancelJob();
  const { run, retry } = useJobRun();
  const { job } = detail;
  const running = job.state === "running";
  const retryable = !running && job.counts.succeeded < job.counts.total;
  if (!running && !retryable) return null;
  return (
    <div className="job-controls">
      <div className="actions">
        {running && (
          <button
            type="button"
            className="danger"
            disabled={cancel.isPending || cancel.isSuccess}
            onClick={() => {
              cancel.mutate(job.id);
            }}
          >
            {t("job.cancel")}
          </button>
        )}
        {retryable && (
          <button
            type="button"
            disabled={run.running}
            onClick={() => {
              void retry(job.id).then((started) => {
                if (started) window.location.hash = routeHash({ kind: "job", id: started.id });
              });
            }}
          >
            {t("job.retry", { count: job.counts.total - job.counts.succeeded })}
          </button>
        )}
      </div>
      <p role="status" className="hint">
        {running && cancel.isSuccess && t("job.cancelling")}
      </p>
      {retryable && <p className="hint">{t("job.retryHint")}</p>}
      {cancel.isError && <ErrorPanel error={cancel.error} title={t("job.cancelFailed")} />}
      {run.error && <ErrorPanel error={run.error} title={t("job.retryFailed")} />}
    </div>
  );
}
