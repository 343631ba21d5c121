import { EmptyState } from "../components/EmptyState";
import { useI18n } from "../i18n";
import { PageHeading } from "./PageHeading";

/** Calendar, Jobs and Audit log: their content arrives with the scheduler, the jobs
 *  engine and the audit log; until then they say what will be here. */
export function PlaceholderView({ page }: { page: "calendar" | "jobs" | "audit" }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeading title={t(`nav.${page}`)} />
      <EmptyState message={t(`${page}.empty`)} />
    </>
  );
}
