import { useId } from "react";

import { ChoiceField } from "../../components/ChoiceField";
import { useI18n } from "../../i18n";
import type { FormUpdate } from "./ProfileEditor";
import { accountRoles, hasProblem, type Problem, type ProfileForm, type Toggle } from "./profileForm";

type Service = "ipmi" | "ssh" | "kvm";
const services: readonly Service[] = ["ipmi", "ssh", "kvm"];

interface Props {
  form: ProfileForm;
  problems: readonly Problem[];
  update: FormUpdate;
}

/** The BMC settings each server gets; an empty field leaves the BMC as it is. */
export function BmcFields({ form, problems, update }: Props) {
  const { t } = useI18n();
  const invalid = (field: string) => hasProblem(problems, field) || undefined;
  return (
    <fieldset>
      <legend>{t("profiles.bmc")}</legend>
      <Field
        label={t("profiles.hostname")}
        hint={t("profiles.hostnameHint")}
        value={form.hostname}
        placeholder="bmc-{name}"
        invalid={invalid("bmc.hostname")}
        onChange={(hostname) => {
          update({ hostname });
        }}
      />
      <Field
        label={t("profiles.ntp")}
        hint={t("profiles.listHint")}
        value={form.ntpServers}
        invalid={invalid("bmc.ntpServers")}
        onChange={(ntpServers) => {
          update({ ntpServers });
        }}
      />
      <Field
        label={t("profiles.dns")}
        hint={t("profiles.dnsHint")}
        value={form.dnsServers}
        invalid={invalid("bmc.dnsServers")}
        onChange={(dnsServers) => {
          update({ dnsServers });
        }}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={form.dhcp}
          aria-invalid={invalid("bmc.network")}
          onChange={(e) => {
            update({ dhcp: e.target.checked });
          }}
        />{" "}
        {t("profiles.dhcp")}
      </label>
      <p className="hint">{t("profiles.dhcpHint")}</p>
      {services.map((service) => (
        <ServiceToggle
          key={service}
          label={t(`profiles.${service}`)}
          value={form[service]}
          onChange={(on) => {
            const change: Partial<ProfileForm> = {};
            change[service] = on;
            update(change);
          }}
        />
      ))}
      <Field
        label={t("profiles.accountUser")}
        hint={t("profiles.accountHint")}
        value={form.accountUser}
        invalid={invalid("bmc.account.username")}
        onChange={(accountUser) => {
          update({ accountUser });
        }}
      />
      <ChoiceField
        label={t("profiles.accountRole")}
        value={accountRoles.find((r) => r === form.accountRole) ?? "Administrator"}
        choices={accountRoles}
        describe={(role) => t(`profiles.role.${role}`)}
        disabled={form.accountUser.trim() === ""}
        onChange={(accountRole) => {
          update({ accountRole });
        }}
      />
    </fieldset>
  );
}

interface FieldProps {
  label: string;
  hint: string;
  value: string;
  placeholder?: string;
  invalid: true | undefined;
  onChange: (value: string) => void;
}

function Field({ label, hint, value, placeholder, invalid, onChange }: FieldProps) {
  const id = useId();
  const hintId = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type="text"
          spellCheck={false}
          value={value}
          placeholder={placeholder}
          aria-invalid={invalid}
          aria-describedby={hintId}
          onChange={(e) => {
            onChange(e.target.value);
          }}
        />
      </div>
      <p id={hintId} className="hint field-hint">
        {hint}
      </p>
    </>
  );
}

/** On, off, or (shown as a mixed box) left as each BMC has it, which a saved profile
 *  keeps until the box is clicked. */
function ServiceToggle({ label, value, onChange }: { label: string; value: Toggle; onChange: (on: boolean) => void }) {
  const { t } = useI18n();
  return (
    <div className="service-toggle">
      <label className="check">
        <input
          type="checkbox"
          checked={value === true}
          ref={(box) => {
            if (box) box.indeterminate = value === null;
          }}
          onChange={(e) => {
            onChange(e.target.checked);
          }}
        />{" "}
        {label}
      </label>
      {value === null && <span className="hint"> {t("profiles.leftAsIs")}</span>}
    </div>
  );
}
