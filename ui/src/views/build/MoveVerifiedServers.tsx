import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { RefusalText } from "../../components/RefusalText";
import { commands, type AppFailure, type JobDetail } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { call, invalidateLifecycle, useSnapshot } from "../../app/queries";

interface Report {
  moved: readonly string[];
  /** Verified servers already out of Building (moved since, by hand or by another run). */
  left: readonly string[];
  failed: readonly { name: string; error: AppFailure }[];
}

/** After a build: hands the servers it verified to the customer, by moving each one
 *  still in Building to In service, one move at a time. A move sends nothing to the
 *  servers; servers that failed are retried from this page first. */
export function MoveVerifiedServers({ detail }: { detail: JobDetail }) {
  const { t } = useI18n();
  const format = useFormat();
  const client = useQueryClient();
  const reviewing = useSnapshot() !== null;
  const [moving, setMoving] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<AppFailure | null>(null);
  const verified = detail.servers.filter((s) => s.state === "succeeded");
  const running = detail.job.state === "running";

  const moveAll = async () => {
    setReport(null);
    setError(null);
    setMoving({ done: 0, total: verified.length });
    let inBuilding: ReadonlySet<string>;
    try {
      const page = await call(() =>
        commands.queryServers({
          tab: null,
          stage: "building",
          text: null,
          eoslWithinDays: null,
          warrantyWithinDays: null,
          limit: null,
        }),
      );
      inBuilding = new Set(page.servers.map((s) => s.id));
    } catch (failure) {
      setError(failure as AppFailure);
      setMoving(null);
      return;
    }
    const moved: string[] = [];
    const left: string[] = [];
    const failed: { name: string; error: AppFailure }[] = [];
    for (const [i, server] of verified.entries()) {
      if (inBuilding.has(server.serverId)) {
        try {
          await call(() => commands.moveStage(server.serverId, { to: "in_service", reason: null, holdUntil: null }));
          moved.push(server.serverName);
        } catch (failure) {
          failed.push({ name: server.serverName, error: failure as AppFailure });
        }
      } else {
        left.push(server.serverName);
      }
      setMoving({ done: i + 1, total: verified.length });
    }
    setMoving(null);
    setReport({ moved, left, failed });
    void invalidateLifecycle(client);
  };

  return (
    <div className="job-controls move-verified">
      <div className="actions">
        <button
          type="button"
          disabled={verified.length === 0 || running || reviewing || moving !== null}
          onClick={() => void moveAll()}
        >
          {t("build.moveVerified")}
        </button>
      </div>
      <p className="hint">{t("build.moveVerifiedHint")}</p>
      <div role="status">
        {moving && (
          <p>{t("build.movingVerified", { done: format.number(moving.done), total: format.number(moving.total) })}</p>
        )}
        {report && (
          <>
            <p className="success">
              {report.moved.length === 1
                ? t("build.movedOne", { name: report.moved[0] ?? "" })
                : t("build.moved", { count: format.number(report.moved.length) })}
            </p>
            {report.left.length > 0 && <p className="hint">{t("build.notInBuilding", { names: report.left.join(", ") })}</p>}
          </>
        )}
      </div>
      {report && report.failed.length > 0 && (
        <div role="alert" className="error-panel">
          <h2>{t("build.notMoved")}</h2>
          <ul aria-label={t("build.notMovedList")}>
            {report.failed.map(({ name, error: failure }) => (
              <li key={name}>
                {name}: <RefusalText refusal={failure} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && <ErrorPanel error={error} title={t("build.moveFailed")} />}
    </div>
  );
}
