import { useState } from "react";

import { EmptyState } from "../components/EmptyState";
import { ErrorPanel } from "../components/ErrorPanel";
import { ServerTable } from "../components/ServerTable";
import type { Tab } from "../ipc";
import { useI18n } from "../i18n";
import { useDemoLab, useServers } from "../app/queries";
import { InventoryActions } from "./InventoryActions";
import { PageHeading } from "./PageHeading";

export function StageView({ tab }: { tab: Tab }) {
  const { t } = useI18n();
  const servers = useServers(tab);
  const [notice, setNotice] = useState("");
  const inventory = tab === "inventory";
  return (
    <>
      <PageHeading
        title={t(`tab.${tab}`)}
        about={t(`tab.${tab}.about`)}
        actions={inventory ? <InventoryActions onNotice={setNotice} /> : undefined}
      />
      {inventory && (
        <>
          <DemoLabStatus />
          <p role="status" className="notice">
            {notice}
          </p>
        </>
      )}
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

/** The demo lab enrols its servers a moment after start-up; say so rather than
 *  show an Inventory that looks empty for good. */
function DemoLabStatus() {
  const { t } = useI18n();
  const lab = useDemoLab();
  if (lab.isError) {
    return <ErrorPanel error={lab.error} title={t("demoLab.failed")} onRetry={() => void lab.refetch()} />;
  }
  return lab.isPending ? (
    <p role="status" className="hint">
      {t("demoLab.starting")}
    </p>
  ) : null;
}
