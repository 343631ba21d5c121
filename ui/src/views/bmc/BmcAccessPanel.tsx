import { ErrorPanel } from "../../components/ErrorPanel";
import { useI18n } from "../../i18n";
import { RevealPassword } from "./RevealPassword";
import { useBmcAccess, useOpenBmcWeb } from "./bmcQueries";

/** Direct access to the BMC for the customer: its address, its own web UI, and
 *  the passwords of the accounts Racksmith made, each shown only on request.
 *  Shown only where the server allows BMC access; its heading is the caller's. */
export function BmcAccessPanel({ serverId }: { serverId: string }) {
  const { t } = useI18n();
  const access = useBmcAccess(serverId, true);
  const openWeb = useOpenBmcWeb(serverId);
  if (access.isPending) return <p role="status">{t("bmcAccess.loading")}</p>;
  if (access.isError) {
    return <ErrorPanel error={access.error} title={t("bmcAccess.readFailed")} onRetry={() => void access.refetch()} />;
  }
  const { address, webUrl, accounts } = access.data;
  return (
    <div className="bmc-access">
      <dl className="facts">
        <dt>{t("bmcAccess.address")}</dt>
        <dd>
          <code>{address}</code>
        </dd>
      </dl>
      <div className="actions">
        <button type="button" className="secondary" disabled={openWeb.isPending} onClick={() => {
            openWeb.mutate();
          }}>
          {t("bmcAccess.openWeb")}
        </button>
      </div>
      <p role="status" className="hint">
        {openWeb.isSuccess && t("bmcAccess.opened", { url: webUrl })}
      </p>
      {openWeb.error && <ErrorPanel error={openWeb.error} title={t("bmcAccess.openFailed")} />}
      {accounts.length === 0 ? (
        <p className="hint">{t("bmcAccess.noAccounts")}</p>
      ) : (
        <table className="servers report-table" aria-label={t("bmcAccess.accounts")}>
          <thead>
            <tr>
              <th scope="col">{t("bmcSettings.username")}</th>
              <th scope="col">{t("bmcSettings.password")}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((username) => (
              <tr key={username}>
                <th scope="row">{username}</th>
                <td>
                  <RevealPassword serverId={serverId} username={username} allowed refusalId={undefined} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
