import type { RefreshRun } from "../app/useRefresh";
import { routeHash } from "../app/routes";
import { errorMessageKey, useI18n } from "../i18n";
import { useFormat } from "../i18n/format";
import { ErrorPanel } from "./ErrorPanel";

/** How far a refresh of many servers has got, and which of them failed and why. */
export function RefreshStatus({ run }: { run: RefreshRun }) {
  const { t } = useI18n();
  const format = useFormat();
  if (!run.running && run.total === null && run.error === null) return null;
  const outcomes = [...run.outcomes.values()];
  const failures = outcomes.filter((o) => !o.ok);
  const done = format.number(outcomes.length);
  return (
    <div className="refresh-status">
      {run.error && <ErrorPanel error={run.error} title={t("refresh.error")} />}
      <p role="status">
        {run.running
          ? run.total === null
            ? t("refresh.starting")
            : t("refresh.progress", { done, total: format.number(run.total) })
          : run.error === null &&
            t("refresh.finished", { ok: format.number(outcomes.length - failures.length), failed: format.number(failures.length) })}
      </p>
      {run.total !== null && run.total > 0 && (
        <progress max={run.total} value={outcomes.length} aria-label={t("refresh.progressLabel")} />
      )}
      {failures.length > 0 && (
        <details>
          <summary>{t("refresh.failures", { count: format.number(failures.length) })}</summary>
          <ul aria-label={t("refresh.failuresList")} className="refresh-failures">
            {failures.map((o) => (
              <li key={o.serverId}>
                <a href={routeHash({ kind: "server", id: o.serverId })}>{o.name}</a>
                {o.error && (
                  <>
                    {": "}
                    {t(errorMessageKey(o.error.code))} <code>{o.error.message}</code>
                  </>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
