import { useId, useState, type SubmitEvent } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { TextField } from "../../components/TextField";
import { call } from "../../app/queries";
import { commands, toAppFailure, type AppFailure } from "../../ipc";
import { useI18n } from "../../i18n";
import type { ConsoleSession } from "./useConsoleSession";

interface Props {
  serverId: string;
  session: ConsoleSession;
  /** HOST:PORT typed by hand, kept by the page across reconnects. */
  address: string;
  onAddress: (address: string) => void;
}

/** The console's password problem, as the session or the open call reported it. */
function needsPassword(session: ConsoleSession): boolean {
  const problem = session.status?.problem;
  return problem === "password_needed" || problem === "wrong_password" || session.openError?.code === "console_password";
}

/** Shown while no session is up: why, and ways to try again (another address,
 *  or the VNC password the console asks for). */
export function ConnectionPanel({ serverId, session, address, onAddress }: Props) {
  const { t } = useI18n();
  const headingId = useId();
  const target = () => (address.trim() === "" ? null : address.trim());
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    session.reconnect(target());
  };
  return (
    <section aria-labelledby={headingId} className="console-connection">
      <h2 id={headingId}>{t("console.notConnected")}</h2>
      {session.openError && <ErrorPanel error={session.openError} title={t("console.openFailed")} />}
      {needsPassword(session) && (
        <PasswordForm
          serverId={serverId}
          onSaved={() => {
            session.reconnect(target());
          }}
        />
      )}
      <form onSubmit={submit}>
        <TextField label={t("console.address")} value={address} onChange={onAddress} placeholder="10.0.0.5:5901" />
        <p className="hint">{t("console.addressHint")}</p>
        <button type="submit">{t("console.reconnect")}</button>
      </form>
    </section>
  );
}

function PasswordForm({ serverId, onSaved }: { serverId: string; onSaved: () => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState("");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppFailure | null>(null);
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await call(() => commands.setConsolePassword({ serverId, password }));
      setPassword("");
      onSaved();
    } catch (failure) {
      setError(toAppFailure(failure));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form onSubmit={(e) => void save(e)}>
      <p>{t("console.passwordAbout")}</p>
      <TextField label={t("console.password")} type="password" autoComplete="off" value={password} onChange={setPassword} />
      <button type="submit" disabled={saving || password === ""}>
        {t("console.savePassword")}
      </button>
      {error && <ErrorPanel error={error} title={t("console.passwordFailed")} />}
    </form>
  );
}
