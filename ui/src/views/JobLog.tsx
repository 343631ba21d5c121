import type { JobLogLine, JobServer } from "../ipc";
import { useI18n } from "../i18n";
import { useFormat } from "../i18n/format";

/** What the job wrote as it ran (and what recovery found after a crash). */
export function JobLog({ log, servers }: { log: readonly JobLogLine[]; servers: readonly JobServer[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const nameOf = (id: string | null) => (id === null ? "" : (servers.find((s) => s.serverId === id)?.serverName ?? id));
  return (
    <>
      <h3>{t("job.log")}</h3>
      {log.length === 0 ? (
        <p className="hint">{t("job.noLog")}</p>
      ) : (
        <ol className="job-log" aria-label={t("job.log")}>
          {log.map((line, i) => (
            <li key={`${line.at}-${String(i)}`} className={`level-${line.level}`}>
              <time dateTime={line.at}>{format.shortDateTime(line.at)}</time>{" "}
              <span className="level">{line.level}</span>{" "}
              {line.serverId !== null && <span className="server">{nameOf(line.serverId)}</span>} {line.line}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
