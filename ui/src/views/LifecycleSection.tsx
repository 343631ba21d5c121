import { useId } from "react";

import { ErrorPanel } from "../components/ErrorPanel";
import type { Hold, ServerSummary } from "../ipc";
import { useI18n } from "../i18n";
import { useFormat } from "../i18n/format";
import { useServerActions } from "../app/queries";
import { LifecycleDatesForm } from "./LifecycleDatesForm";
import { StageHistory } from "./StageHistory";
import { StageMoves } from "./StageMoves";

/** Where the server is in its life, how it got there, and where it may go next. */
export function LifecycleSection({ server, ironic = false }: { server: ServerSummary; ironic?: boolean }) {
  const { t } = useI18n();
  const format = useFormat();
  const headingId = useId();
  const actions = useServerActions(server.id);
  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>{t("lifecycle.title")}</h2>
      <dl className="facts">
        <dt>{t("servers.stage")}</dt>
        <dd>{t(`stage.${server.stage}`)}</dd>
        <dt>{t("lifecycle.since")}</dt>
        <dd>
          {server.stageSince === null ? (
            t("servers.unknown")
          ) : (
            <time dateTime={server.stageSince}>
              {t("lifecycle.sinceValue", {
                time: format.dateTime(server.stageSince),
                ago: format.ago(server.stageSince),
              })}
            </time>
          )}
        </dd>
      </dl>
      {server.hold && <HoldNotice hold={server.hold} />}
      <h3>{t("dates.title")}</h3>
      <LifecycleDatesForm server={server} />
      {actions.isError && <ErrorPanel error={actions.error} onRetry={() => void actions.refetch()} />}
      {actions.isSuccess && (
        <>
          <h3>{t("lifecycle.moves")}</h3>
          <p className="hint">{t(ironic ? "lifecycle.movesHintIronic" : "lifecycle.movesHint")}</p>
          <StageMoves server={server} moves={actions.data.moves} />
          <h3>{t("lifecycle.history")}</h3>
          <StageHistory history={actions.data.history} />
        </>
      )}
    </section>
  );
}

function HoldNotice({ hold }: { hold: Hold }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <div className="warning-banner hold">
      <p>
        {t("lifecycle.held", { by: hold.by, until: format.dateTime(hold.until), stage: t(`stage.${hold.heldFrom}`) })}
      </p>
      <p>
        {t("lifecycle.holdReason")} {hold.reason}
      </p>
    </div>
  );
}
