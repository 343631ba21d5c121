import { EmptyState } from "../components/EmptyState";
import { useI18n } from "../i18n";
import { PageHeading } from "./PageHeading";

/** The Calendar: its content arrives with the scheduler; until then it says what will be here. */
export function PlaceholderView({ page }: { page: "calendar" }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeading title={t(`nav.${page}`)} />
      <EmptyState message={t(`${page}.empty`)} />
    </>
  );
}
