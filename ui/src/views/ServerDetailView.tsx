import { useId } from "react";

import { EmptyState } from "../components/EmptyState";
import { ErrorPanel } from "../components/ErrorPanel";
import type { AppError, ServerDetail } from "../ipc";
import { errorMessageKey, useI18n } from "../i18n";
import { useServerDetail, useSnapshot } from "../app/queries";
import { routeHash, tabOfStage } from "../app/routes";
import { useRefresh } from "../app/useRefresh";
import { CertificateReview } from "./CertificateReview";
import { ConsoleMediaSection } from "./ConsoleMediaSection";
import { LifecycleSection } from "./LifecycleSection";
import { PageHeading } from "./PageHeading";
import { PowerActions } from "./PowerActions";
import { ServerFacts } from "./ServerFacts";
import { RaidSection } from "./raid/RaidSection";
import { BiosSection } from "./bios/BiosSection";
import { BmcSettingsSection } from "./bmc/BmcSettingsSection";
import { FirmwareSection } from "./firmware/FirmwareSection";
import { CertificateSection } from "./deletion/CertificateSection";
import { DeletionSection } from "./deletion/DeletionSection";

export function ServerDetailView({ id }: { id: string }) {
  const { t } = useI18n();
  const detail = useServerDetail(id);
  const { run, start } = useRefresh();
  const reviewing = useSnapshot() !== null;
  const server = detail.data?.server;
  // A node of an Ironic fleet: Ironic does the work, and the page says so.
  const ironic = (detail.data?.ironic ?? null) !== null;
  return (
    <>
      {server && (
        <a className="back-link" href={routeHash({ kind: "tab", tab: tabOfStage[server.stage] })}>
          {t("detail.back", { tab: t(`tab.${tabOfStage[server.stage]}`) })}
        </a>
      )}
      <PageHeading
        title={server?.name ?? t("detail.title")}
        about={server && t("detail.stage", { stage: t(`stage.${server.stage}`) })}
        actions={
          <button
            type="button"
            disabled={run.running || !detail.isSuccess || reviewing}
            onClick={() => void start([id])}
          >
            {t("detail.refresh")}
          </button>
        }
      />
      <p role="status" className="hint">
        {run.running ? t("detail.refreshing") : run.outcomes.get(id)?.ok ? t("detail.refreshed") : ""}
      </p>
      {run.error && <ErrorPanel error={run.error} title={t("refresh.error")} />}
      {detail.isPending && <p role="status">{t("app.loading")}</p>}
      {detail.isError && <ErrorPanel error={detail.error} onRetry={() => void detail.refetch()} />}
      {detail.isSuccess && (
        <>
          <LastRefreshWarning
            detail={detail.data}
            runError={run.outcomes.get(id)?.error ?? null}
            ranOk={run.outcomes.get(id)?.ok === true}
            onTrusted={() => void start([id])}
          />
          {/* In Deletion the pipeline is what the server is about, so it comes first. */}
          {detail.data.server.stage === "deletion" && <DeletionSection server={detail.data.server} />}
          <LifecycleSection server={detail.data.server} ironic={ironic} />
          <CertificateSection server={detail.data.server} />
          <PowerActions server={detail.data.server} />
          <ConsoleMediaSection server={detail.data.server} ironic={ironic} />
          <RaidSection server={detail.data.server} ironic={ironic} />
          <BiosSection server={detail.data.server} ironic={ironic} />
          {/* Ironic keeps the BMC to itself: nothing of the BMC's own can be read or set. */}
          {!ironic && <BmcSettingsSection server={detail.data.server} />}
          <FirmwareSection server={detail.data.server} ironic={ironic} />
          {/* A node's facts come from Ironic, shown in its own card: no BMC facts to wait for. */}
          {detail.data.facts === null && !ironic && <EmptyState message={t("detail.noFacts")} />}
          <ServerFacts detail={detail.data} />
        </>
      )}
    </>
  );
}

interface WarningProps {
  detail: ServerDetail;
  /** This page's own refresh, which is newer than what the detail says. */
  runError: AppError | null;
  ranOk: boolean;
  onTrusted: () => void;
}

function LastRefreshWarning({ detail, runError, ranOk, onTrusted }: WarningProps) {
  const { t } = useI18n();
  const headingId = useId();
  const stored = ranOk ? null : detail.server.refreshError;
  if (runError === null && stored === null) return null;
  const certificateChanged =
    runError !== null ? runError.code === "certificate_changed" : detail.server.refreshErrorCode === "certificate_changed";
  return (
    <section aria-labelledby={headingId} className="warning-banner">
      <h2 id={headingId}>{t("detail.refreshFailed")}</h2>
      {runError ? (
        <p>
          {t(errorMessageKey(runError.code))} <code>{runError.message}</code>
        </p>
      ) : (
        <p>
          <code>{stored}</code>
        </p>
      )}
      {detail.facts && <p className="hint">{t("detail.olderFacts")}</p>}
      {certificateChanged && detail.bmc && <CertificateReview bmc={detail.bmc} onTrusted={onTrusted} />}
    </section>
  );
}
