import { useState, type SubmitEvent } from "react";

import { ChoiceField } from "../../components/ChoiceField";
import { ErrorPanel } from "../../components/ErrorPanel";
import { TextField } from "../../components/TextField";
import { useI18n, type MessageKey } from "../../i18n";
import { useCreateBmcAccount } from "./bmcQueries";

const roles = ["Administrator", "Operator", "ReadOnly"] as const;
type Role = (typeof roles)[number];

const roleLabels: Record<Role, MessageKey> = {
  Administrator: "bmcSettings.role.Administrator",
  Operator: "bmcSettings.role.Operator",
  ReadOnly: "bmcSettings.role.ReadOnly",
};

interface Props {
  serverId: string;
  allowed: boolean;
  refusalId: string | undefined;
}

/** Makes the customer's own BMC account; Racksmith makes its password and keeps it in the keyring. */
export function CreateAccountForm({ serverId, allowed, refusalId }: Props) {
  const { t } = useI18n();
  const create = useCreateBmcAccount(serverId);
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<Role>("Administrator");
  const [created, setCreated] = useState<string | null>(null);
  const disabled = !allowed || create.isPending;

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const name = username.trim();
    if (disabled || name === "") return;
    setCreated(null);
    create.mutate(
      { username: name, role },
      {
        onSuccess: () => {
          setCreated(name);
          setUsername("");
        },
      },
    );
  };

  return (
    <form onSubmit={submit} className="create-account">
      <h3>{t("bmcSettings.createTitle")}</h3>
      <p className="hint">{t("bmcSettings.createHint")}</p>
      <TextField
        label={t("bmcSettings.newUsername")}
        value={username}
        disabled={disabled}
        autoComplete="off"
        onChange={setUsername}
      />
      <ChoiceField
        label={t("bmcSettings.newRole")}
        value={role}
        choices={roles}
        describe={(r) => t(roleLabels[r])}
        disabled={disabled}
        onChange={setRole}
      />
      {create.isPending && <p role="status">{t("bmcSettings.creating")}</p>}
      {create.isError && <ErrorPanel error={create.error} title={t("bmcSettings.createFailed")} />}
      <p role="status" className="notice">
        {created !== null && t("bmcSettings.created", { username: created })}
      </p>
      <button type="submit" disabled={disabled || username.trim() === ""} aria-describedby={refusalId}>
        {t("bmcSettings.create")}
      </button>
    </form>
  );
}
