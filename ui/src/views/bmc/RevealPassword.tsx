import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { keys } from "../../app/queries";
import { toAppFailure, type AppFailure } from "../../ipc";
import { useI18n } from "../../i18n";
import { revealBmcPassword } from "./bmcQueries";

/** How long a revealed password stays on screen. */
export const revealSeconds = 30;

interface Props {
  serverId: string;
  username: string;
  /** The server allows direct BMC access now. */
  allowed: boolean;
  refusalId: string | undefined;
}

/** A customer account's password, hidden until the user asks for it, then shown
 *  for a short while; it lives in this component's state only. */
export function RevealPassword({ serverId, username, allowed, refusalId }: Props) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [password, setPassword] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<AppFailure | null>(null);

  useEffect(() => {
    if (password === null) return;
    const timer = setTimeout(() => {
      setPassword(null);
    }, revealSeconds * 1000);
    return () => {
      clearTimeout(timer);
    };
  }, [password]);

  const reveal = async () => {
    setAsking(true);
    setError(null);
    try {
      setPassword(await revealBmcPassword(serverId, username));
    } catch (failure) {
      setError(toAppFailure(failure));
    } finally {
      setAsking(false);
      // The reveal, or its refusal, is in the audit log now.
      void client.invalidateQueries({ queryKey: keys.audits });
    }
  };

  if (password !== null) {
    return (
      <div className="revealed-password">
        <span className="visually-hidden">{t("bmcSettings.passwordOf", { username })}</span>
        <code>{password}</code>{" "}
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setPassword(null);
          }}
        >
          {t("bmcSettings.hide")}
        </button>
        <p className="hint">
          {t("bmcSettings.revealAudited")} {t("bmcSettings.revealHides", { seconds: revealSeconds })}
        </p>
      </div>
    );
  }
  return (
    <div>
      <span aria-hidden="true">••••••••</span>
      <span className="visually-hidden">{t("bmcSettings.passwordHidden")}</span>{" "}
      <button
        type="button"
        className="secondary"
        disabled={!allowed || asking}
        aria-describedby={refusalId}
        onClick={() => void reveal()}
      >
        {t("bmcSettings.reveal")}
      </button>
      {error && <ErrorPanel error={error} title={t("bmcSettings.revealFailed")} />}
    </div>
  );
}
