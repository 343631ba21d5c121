import { useId, useState, type SubmitEvent } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { RadioChoices } from "../../components/RadioChoices";
import { TextField } from "../../components/TextField";
import type { BmcSettingsView } from "../../ipc";
import { useI18n, type MessageKey } from "../../i18n";
import { useApplyBmcSettings } from "./bmcQueries";
import { formOf, settingsOf, type BmcForm } from "./bmcSettingsForm";

interface Props {
  serverId: string;
  view: BmcSettingsView;
  /** The server's stage and role allow BMC settings now. */
  allowed: boolean;
  refusalId: string | undefined;
}

const protocols: readonly { key: "ipmi" | "ssh" | "kvm"; label: MessageKey }[] = [
  { key: "ipmi", label: "bmcSettings.ipmi" },
  { key: "ssh", label: "bmcSettings.ssh" },
  { key: "kvm", label: "bmcSettings.kvm" },
];

const networkModes = ["dhcp", "static"] as const;

/** Host name, time and name servers, the address and which protocols answer;
 *  Apply sends only what the user changed. */
export function BmcSettingsForm({ serverId, view, allowed, refusalId }: Props) {
  const { t } = useI18n();
  const ntpId = useId();
  const dnsId = useId();
  const ipmiWarningId = useId();
  const apply = useApplyBmcSettings(serverId);
  const [edits, setEdits] = useState<Partial<BmcForm>>({});
  const before = formOf(view);
  const form: BmcForm = { ...before, ...edits };
  const settings = settingsOf(form, before);
  const changed = Object.keys(settings).length > 0;
  const disabled = !allowed || apply.isPending;
  const set = <K extends keyof BmcForm>(key: K, value: BmcForm[K]) => {
    apply.reset();
    setEdits((current) => ({ ...current, [key]: value }));
  };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (!changed || disabled) return;
    apply.mutate(settings, {
      onSuccess: () => {
        setEdits({});
      },
    });
  };

  return (
    <form onSubmit={submit} className="bmc-settings-form">
      <TextField
        label={t("bmcSettings.hostname")}
        value={form.hostname}
        disabled={disabled}
        onChange={(text) => {
          set("hostname", text);
        }}
      />
      <p className="hint">{t("bmcSettings.hostnameHint")}</p>
      <div className="field wide">
        <label htmlFor={ntpId}>{t("bmcSettings.ntpServers")}</label>
        <textarea
          id={ntpId}
          rows={2}
          value={form.ntpServers}
          disabled={disabled}
          onChange={(e) => {
            set("ntpServers", e.target.value);
          }}
        />
      </div>
      <div className="field wide">
        <label htmlFor={dnsId}>{t("bmcSettings.dnsServers")}</label>
        <textarea
          id={dnsId}
          rows={2}
          value={form.dnsServers}
          disabled={disabled}
          onChange={(e) => {
            set("dnsServers", e.target.value);
          }}
        />
      </div>
      <p className="hint">{t("bmcSettings.listHint")}</p>
      <fieldset>
        <legend>{t("bmcSettings.network")}</legend>
        <RadioChoices
          value={form.network}
          choices={networkModes}
          describe={(mode) => t(mode === "dhcp" ? "bmcSettings.dhcp" : "bmcSettings.static")}
          disabled={disabled}
          onChange={(mode) => {
            set("network", mode);
          }}
        />
        {(["address", "netmask", "gateway"] as const).map((key) => (
          <TextField
            key={key}
            label={t(`bmcSettings.${key}`)}
            value={form[key]}
            disabled={disabled || form.network !== "static"}
            onChange={(text) => {
              set(key, text);
            }}
          />
        ))}
      </fieldset>
      <fieldset>
        <legend>{t("bmcSettings.protocols")}</legend>
        {protocols.map(({ key, label }) => (
          <div key={key}>
            <label>
              <input
                type="checkbox"
                checked={form[key]}
                disabled={disabled}
                aria-describedby={key === "ipmi" && form.ipmi ? ipmiWarningId : undefined}
                onChange={(e) => {
                  set(key, e.target.checked);
                }}
              />{" "}
              {t(label)}
            </label>
          </div>
        ))}
        <div role="status">
          {form.ipmi && (
            <p id={ipmiWarningId} className="warning">
              {t("bmcSettings.ipmiWarning")}
            </p>
          )}
        </div>
      </fieldset>
      {apply.isPending && <p role="status">{t("bmcSettings.applying")}</p>}
      {apply.isError && <ErrorPanel error={apply.error} title={t("bmcSettings.applyFailed")} />}
      <p role="status" className="notice">
        {apply.isSuccess && t("bmcSettings.applied")}
      </p>
      <div className="actions">
        <button type="submit" disabled={disabled || !changed} aria-describedby={refusalId}>
          {t("bmcSettings.apply")}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={apply.isPending || !changed}
          onClick={() => {
            setEdits({});
          }}
        >
          {t("bmcSettings.discard")}
        </button>
      </div>
    </form>
  );
}
