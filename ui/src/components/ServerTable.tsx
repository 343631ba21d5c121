import type { ServerSummary } from "../ipc";
import { useI18n } from "../i18n";

export function ServerTable({ servers }: { servers: ServerSummary[] }) {
  const { t, language } = useI18n();
  const dash = t("servers.unknown");
  const when = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });
  return (
    <table className="servers">
      <caption className="visually-hidden">{t("servers.caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("servers.name")}</th>
          <th scope="col">{t("servers.stage")}</th>
          <th scope="col">{t("servers.model")}</th>
          <th scope="col">{t("servers.serial")}</th>
          <th scope="col">{t("servers.bmc")}</th>
          <th scope="col">{t("servers.updated")}</th>
        </tr>
      </thead>
      <tbody>
        {servers.map((server) => (
          <tr key={server.id}>
            <th scope="row">{server.name}</th>
            <td>{t(`stage.${server.stage}`)}</td>
            <td>{server.model ?? dash}</td>
            <td>{server.serial ?? dash}</td>
            <td>{server.bmcAddress ?? dash}</td>
            <td>
              <time dateTime={server.updatedAt}>{when.format(new Date(server.updatedAt))}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
