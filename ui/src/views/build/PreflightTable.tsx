import type { ServerPreflight } from "../../ipc";
import { useI18n, type MessageKey } from "../../i18n";
import { RefusalText } from "../../components/RefusalText";

const checkLabels: Record<string, MessageKey> = {
  drives: "build.check.drives",
  raid_level: "build.check.raid_level",
  volumes: "build.check.volumes",
  bios_attributes: "build.check.bios_attributes",
  bios_version: "build.check.bios_version",
  bmc_version: "build.check.bmc_version",
};

/** Each server's preflight: every check with the backend's words, or why the
 *  server could not be read at all. */
export function PreflightTable({ results }: { results: readonly ServerPreflight[] }) {
  const { t } = useI18n();
  const checkLabel = (check: string) => {
    const key = checkLabels[check];
    return key ? t(key) : check;
  };
  return (
    <div className="report-scroll">
      <table className="servers preflight" aria-label={t("build.preflightTable")}>
        <thead>
          <tr>
            <th scope="col">{t("servers.name")}</th>
            <th scope="col">{t("build.verdict")}</th>
            <th scope="col">{t("build.checks")}</th>
          </tr>
        </thead>
        <tbody>
          {results.map((server) => (
            <tr key={server.serverId} className={server.passed ? undefined : "failed"}>
              <th scope="row">{server.name}</th>
              <td className={`outcome ${server.passed ? "ok" : "failed"}`}>
                {server.passed ? t("build.checkPassed") : server.error ? t("build.notRead") : t("build.checkFailed")}
              </td>
              <td>
                {server.error ? (
                  <RefusalText refusal={server.error} />
                ) : server.checks.length === 0 ? (
                  t("build.noChecks")
                ) : (
                  <ul className="preflight-checks">
                    {server.checks.map((c, i) => (
                      <li key={`${c.check}-${String(i)}`}>
                        <span className={`outcome ${c.ok ? "ok" : "failed"}`}>
                          {c.ok ? t("build.checkPassed") : t("build.checkFailed")}
                        </span>{" "}
                        {t("build.checkLine", { check: checkLabel(c.check), message: c.message })}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
