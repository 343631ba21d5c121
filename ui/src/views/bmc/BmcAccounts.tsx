import { useState } from "react";

import type { BmcAccountView } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { RevealPassword } from "./RevealPassword";
import { RotatePasswordDialog } from "./RotatePasswordDialog";

interface Permission {
  allowed: boolean;
  refusalId: string | undefined;
}

interface Props {
  serverId: string;
  accounts: readonly BmcAccountView[];
  /** May change accounts (BMC settings). */
  settings: Permission;
  /** May see a password (direct BMC access). */
  access: Permission;
}

/** The BMC's accounts; those Racksmith made for the customer have their password
 *  in the keyring, which may be replaced or, on request, shown. */
export function BmcAccounts({ serverId, accounts, settings, access }: Props) {
  const { t } = useI18n();
  const format = useFormat();
  const [rotating, setRotating] = useState<string | null>(null);
  const [rotated, setRotated] = useState<string | null>(null);
  const flag = (value: boolean | null) => (value === null ? t("servers.unknown") : t(value ? "detail.yes" : "detail.no"));
  if (accounts.length === 0) return <p className="hint">{t("bmcSettings.noAccounts")}</p>;
  return (
    <>
      <div className="fact-table">
        <table className="servers report-table" aria-label={t("bmcSettings.accounts")}>
          <thead>
            <tr>
              <th scope="col">{t("bmcSettings.username")}</th>
              <th scope="col">{t("bmcSettings.role")}</th>
              <th scope="col">{t("bmcSettings.enabled")}</th>
              <th scope="col">{t("bmcSettings.madeBy")}</th>
              <th scope="col">{t("bmcSettings.rotatedAt")}</th>
              <th scope="col">{t("bmcSettings.password")}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.id}>
                <th scope="row">{account.username}</th>
                <td>{account.role ?? t("servers.unknown")}</td>
                <td>{flag(account.enabled)}</td>
                <td>{account.customer ? t("bmcSettings.madeByRacksmith") : t("servers.unknown")}</td>
                <td>
                  {account.rotatedAt === null ? (
                    t("servers.unknown")
                  ) : (
                    <time dateTime={account.rotatedAt}>{format.dateTime(account.rotatedAt)}</time>
                  )}
                </td>
                <td>
                  {account.customer && (
                    <div className="actions">
                      {/* Rotation hides a password shown before: it is no longer the one. */}
                      <RevealPassword
                        key={account.rotatedAt ?? ""}
                        serverId={serverId}
                        username={account.username}
                        allowed={access.allowed}
                        refusalId={access.refusalId}
                      />
                      <button
                        type="button"
                        className="secondary"
                        disabled={!settings.allowed}
                        aria-describedby={settings.refusalId}
                        onClick={() => {
                          setRotated(null);
                          setRotating(account.username);
                        }}
                      >
                        {t("bmcSettings.rotate")}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p role="status" className="notice">
        {rotated !== null && t("bmcSettings.rotated", { username: rotated })}
      </p>
      {rotating !== null && (
        <RotatePasswordDialog
          serverId={serverId}
          username={rotating}
          onClosed={() => {
            setRotating(null);
          }}
          onRotated={() => {
            setRotated(rotating);
          }}
        />
      )}
    </>
  );
}
