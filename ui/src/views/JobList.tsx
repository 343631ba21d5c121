import type { JobRecord } from "../ipc";
import { useI18n } from "../i18n";
import { useFormat } from "../i18n/format";
import { jobKindLabel, roleLabel } from "../i18n/labels";
import { routeHash } from "../app/routes";

/** Servers a job has not finished with: still to run, or left when it stopped. */
export function remaining(job: JobRecord): number {
  return job.counts.total - job.counts.succeeded - job.counts.failed;
}

export function JobList({ jobs, selected }: { jobs: readonly JobRecord[]; selected: string | null }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <div className="fact-table">
      <table className="servers job-list" aria-label={t("jobs.list")}>
        <thead>
          <tr>
            <th scope="col">{t("jobs.kind")}</th>
            <th scope="col">{t("job.state")}</th>
            <th scope="col">{t("jobs.succeeded")}</th>
            <th scope="col">{t("jobs.failed")}</th>
            <th scope="col">{t("jobs.remaining")}</th>
            <th scope="col">{t("jobs.by")}</th>
            <th scope="col">{t("jobs.started")}</th>
            <th scope="col">{t("jobs.retryOf")}</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id} className={job.id === selected ? "selected" : undefined}>
              <th scope="row">
                <a
                  href={routeHash({ kind: "job", id: job.id })}
                  aria-current={job.id === selected ? "true" : undefined}
                >
                  {jobKindLabel(job.kind, t)}
                </a>
              </th>
              <td className={`job-state ${job.state}`}>{t(`jobState.${job.state}`)}</td>
              <td>{format.number(job.counts.succeeded)}</td>
              <td>{format.number(job.counts.failed)}</td>
              <td>{format.number(remaining(job))}</td>
              <td>{t("lifecycle.actor", { name: job.actor, role: roleLabel(job.role, t) })}</td>
              <td>
                <time dateTime={job.createdAt}>{format.shortDateTime(job.createdAt)}</time>
              </td>
              <td>
                {job.retryOf === null ? (
                  t("servers.unknown")
                ) : (
                  <a href={routeHash({ kind: "job", id: job.retryOf })}>{shortId(job.retryOf)}</a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Job ids are UUIDs; their first eight digits tell jobs apart on one screen. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
