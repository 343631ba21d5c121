import type { JobServer } from "../ipc";
import { errorMessageKey, useI18n } from "../i18n";
import { useFormat } from "../i18n/format";
import { knownErrorCode } from "../i18n/labels";
import { routeHash } from "../app/routes";

/** Each server's part in a job: where it got to, what the hardware said, or why it failed. */
export function JobServers({ servers }: { servers: readonly JobServer[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const dash = t("servers.unknown");
  return (
    <div className="fact-table">
      <table className="servers" aria-label={t("job.servers")}>
        <thead>
          <tr>
            <th scope="col">{t("servers.name")}</th>
            <th scope="col">{t("job.state")}</th>
            <th scope="col">{t("job.step")}</th>
            <th scope="col">{t("job.error")}</th>
            <th scope="col">{t("job.result")}</th>
            <th scope="col">{t("job.finishedAt")}</th>
          </tr>
        </thead>
        <tbody>
          {servers.map((s) => (
            <tr key={s.serverId} className={s.state === "failed" ? "failed" : undefined}>
              <th scope="row">
                <a href={routeHash({ kind: "server", id: s.serverId })}>{s.serverName}</a>
              </th>
              <td className={`job-state ${s.state}`}>{t(`jobServerState.${s.state}`)}</td>
              <td>{s.step ?? dash}</td>
              <td className="job-error">
                {s.error === null ? (
                  dash
                ) : (
                  <>
                    {knownErrorCode(s.errorCode) && `${t(errorMessageKey(s.errorCode))} `}
                    <code>{s.error}</code>
                  </>
                )}
              </td>
              <td>{s.result ?? dash}</td>
              <td>
                {s.finishedAt === null ? (
                  dash
                ) : (
                  <time dateTime={s.finishedAt}>{format.shortDateTime(s.finishedAt)}</time>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
