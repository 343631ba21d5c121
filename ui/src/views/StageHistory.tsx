import type { StageChange } from "../ipc";
import { useI18n } from "../i18n";
import { useFormat } from "../i18n/format";
import { roleLabel } from "../i18n/labels";

/** Who moved the server, when, from where to where, and why; newest first. */
export function StageHistory({ history }: { history: readonly StageChange[] }) {
  const { t } = useI18n();
  const format = useFormat();
  if (history.length === 0) return <p className="hint">{t("lifecycle.noHistory")}</p>;
  return (
    <div className="fact-table">
      <table className="servers" aria-label={t("lifecycle.history")}>
        <thead>
          <tr>
            <th scope="col">{t("lifecycle.when")}</th>
            <th scope="col">{t("lifecycle.who")}</th>
            <th scope="col">{t("lifecycle.from")}</th>
            <th scope="col">{t("lifecycle.to")}</th>
            <th scope="col">{t("lifecycle.why")}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((change, i) => (
            <tr key={`${change.at}-${String(i)}`}>
              <td>
                <time dateTime={change.at}>{format.dateTime(change.at)}</time>
              </td>
              <td>{t("lifecycle.actor", { name: change.actor, role: roleLabel(change.role, t) })}</td>
              <td>{t(`stage.${change.from}`)}</td>
              <td>{t(`stage.${change.to}`)}</td>
              <td>{change.reason ?? t("servers.unknown")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
