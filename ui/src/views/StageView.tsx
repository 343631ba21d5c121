import { EmptyState } from "../components/EmptyState";
import { ErrorPanel } from "../components/ErrorPanel";
import { ServerTable } from "../components/ServerTable";
import type { Tab } from "../ipc";
import { useI18n } from "../i18n";
import { useServers } from "../app/queries";
import { PageHeading } from "./PageHeading";

export function StageView({ tab }: { tab: Tab }) {
  const { t } = useI18n();
  const servers = useServers(tab);
  return (
    <>
      <PageHeading title={t(`tab.${tab}`)} about={t(`tab.${tab}.about`)} />
      {servers.isPending && <p role="status">{t("app.loading")}</p>}
      {servers.isError && <ErrorPanel error={servers.error} onRetry={() => void servers.refetch()} />}
      {servers.isSuccess &&
        (servers.data.length === 0 ? (
          <EmptyState message={t(`tab.${tab}.empty`)} />
        ) : (
          <ServerTable servers={servers.data} />
        ))}
    </>
  );
}
