import type { AuditEntry } from "../ipc";
import { useI18n } from "../i18n";
import { useFormat } from "../i18n/format";
import { outcomeLabel, roleLabel } from "../i18n/labels";

/** Parameters as the backend stored them (JSON, secrets redacted), indented to read. */
function pretty(params: string): string {
  try {
    return JSON.stringify(JSON.parse(params), null, 2);
  } catch {
    return params;
  }
}

export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const dash = t("servers.unknown");
  return (
    <div className="fact-table">
      <table className="servers audit-table" aria-label={t("audit.entries")}>
        <thead>
          <tr>
            <th scope="col">{t("audit.seq")}</th>
            <th scope="col">{t("audit.at")}</th>
            <th scope="col">{t("audit.actor")}</th>
            <th scope="col">{t("audit.role")}</th>
            <th scope="col">{t("audit.action")}</th>
            <th scope="col">{t("audit.target")}</th>
            <th scope="col">{t("audit.outcome")}</th>
            <th scope="col">{t("audit.detail")}</th>
            <th scope="col">{t("audit.params")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} className={e.outcome === "refused" || e.outcome === "failed" ? "failed" : undefined}>
              <th scope="row">{e.seq}</th>
              <td>
                <time dateTime={e.at}>{format.shortDateTime(e.at)}</time>
              </td>
              <td>{e.actor}</td>
              <td>{roleLabel(e.role, t)}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>{e.target ?? dash}</td>
              <td className={`outcome ${e.outcome}`}>{outcomeLabel(e.outcome, t)}</td>
              <td>{e.detail ?? dash}</td>
              <td>
                <details>
                  <summary>{t("audit.showParams")}</summary>
                  <pre>{pretty(e.params)}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
