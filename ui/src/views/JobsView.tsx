import { EmptyState } from "../components/EmptyState";
import { ErrorPanel } from "../components/ErrorPanel";
import { useI18n } from "../i18n";
import { useJobs } from "../app/queries";
import { JobDetailPanel } from "./JobDetailPanel";
import { JobList } from "./JobList";
import { PageHeading } from "./PageHeading";

/** Every job on hardware, newest first, and the one chosen in full. */
export function JobsView({ selected }: { selected: string | null }) {
  const { t } = useI18n();
  const jobs = useJobs();
  return (
    <>
      <PageHeading title={t("nav.jobs")} about={t("jobs.about")} />
      {jobs.isPending && <p role="status">{t("app.loading")}</p>}
      {jobs.isError && <ErrorPanel error={jobs.error} onRetry={() => void jobs.refetch()} />}
      {jobs.isSuccess &&
        (jobs.data.length === 0 ? (
          <EmptyState message={t("jobs.empty")} />
        ) : (
          <JobList jobs={jobs.data} selected={selected} />
        ))}
      {selected === null ? (
        jobs.isSuccess && jobs.data.length > 0 && <p className="hint">{t("jobs.choose")}</p>
      ) : (
        <JobDetailPanel key={selected} id={selected} />
      )}
    </>
  );
}
