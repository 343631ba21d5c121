import { Fragment, useId } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { RefusalText } from "../../components/RefusalText";
import type { Action, ServerSummary } from "../../ipc";
import { useI18n } from "../../i18n";
import { useServerActions, useSnapshot } from "../../app/queries";
import { BmcAccounts } from "./BmcAccounts";
import { useBmcSettings } from "./bmcQueries";
import { BmcSettingsForm } from "./BmcSettingsForm";
import { CreateAccountForm } from "./CreateAccountForm";

/** The BMC's own settings and accounts, read from it; changed only where the
 *  server's stage allows, and saying why not otherwise. */
export function BmcSettingsSection({ server }: { server: ServerSummary }) {
  const { t } = useI18n();
  const headingId = useId();
  const settingsRefusalId = useId();
  const accessRefusalId = useId();
  const reviewing = useSnapshot() !== null;
  const actions = useServerActions(server.id);
  const bmc = useBmcSettings(server.id, !reviewing);
  const ruleOf = (action: Action) => actions.data?.actions.find((r) => r.action === action);
  const settingsRule = ruleOf("bmc_settings");
  const accessRule = ruleOf("bmc_access");
  const settings = {
    allowed: settingsRule?.allowed === true,
    refusalId: settingsRule?.refusal ? settingsRefusalId : undefined,
  };
  const onOff = (value: boolean | null) =>
    value === null ? t("servers.unknown") : t(value ? "bmcSettings.on" : "bmcSettings.off");
  const access = { allowed: accessRule?.allowed === true, refusalId: accessRule?.refusal ? accessRefusalId : undefined };
  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>{t("bmcSettings.title")}</h2>
      <p className="hint">{t("bmcSettings.about")}</p>
      {settingsRule?.refusal && (
        <p>
          {t("bmcSettings.cannotChange")} <RefusalText refusal={settingsRule.refusal} id={settingsRefusalId} />
        </p>
      )}
      {accessRule?.refusal && (
        <p>
          {t("bmcSettings.cannotReveal")} <RefusalText refusal={accessRule.refusal} id={accessRefusalId} />
        </p>
      )}
      {reviewing && <p className="hint">{t("bmcSettings.snapshot")}</p>}
      {!reviewing && bmc.isPending && <p role="status">{t("bmcSettings.loading")}</p>}
      {bmc.isError && <ErrorPanel error={bmc.error} title={t("bmcSettings.readFailed")} onRetry={() => void bmc.refetch()} />}
      {bmc.isSuccess && (
        <Fragment key={server.id}>
          <dl className="facts">
            <dt>{t("bmcSettings.firmware")}</dt>
            <dd>{bmc.data.firmwareVersion ?? t("servers.unknown")}</dd>
            <dt>{t("bmcSettings.https")}</dt>
            <dd>{onOff(bmc.data.https)}</dd>
          </dl>
          <BmcSettingsForm
            serverId={server.id}
            view={bmc.data}
            allowed={settings.allowed}
            refusalId={settings.refusalId}
          />
          <h3>{t("bmcSettings.accounts")}</h3>
          <BmcAccounts serverId={server.id} accounts={bmc.data.accounts} settings={settings} access={access} />
          <CreateAccountForm serverId={server.id} allowed={settings.allowed} refusalId={settings.refusalId} />
        </Fragment>
      )}
    </section>
  );
}
