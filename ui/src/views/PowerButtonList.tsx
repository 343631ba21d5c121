import { useId, useState } from "react";

import { ErrorPanel } from "../components/ErrorPanel";
import { JobProgress } from "../components/JobProgress";
import { RefusalText } from "../components/RefusalText";
import type { ActionRule, ServerSummary } from "../ipc";
import { useI18n } from "../i18n";
import { useServerActions } from "../app/queries";
import { useJobRun } from "../app/useJobRun";
import { ConfirmPowerDialog } from "./ConfirmPowerDialog";
import type { PowerButton } from "./powerButtons";

interface Props {
  server: ServerSummary;
  buttons: readonly PowerButton[];
  /** Names the list for assistive technology. */
  label: string;
}

/** Power buttons, each run as a job; a button is live only when the backend's
 *  guards allow it now, and says why not otherwise. Those that give the OS no
 *  chance to save its work ask first. */
export function PowerButtonList({ server, buttons, label }: Props) {
  const { t } = useI18n();
  const refusalIds = useId();
  const actions = useServerActions(server.id);
  const { run, start } = useJobRun();
  const [confirming, setConfirming] = useState<PowerButton | null>(null);
  const ruleOf = (button: PowerButton): ActionRule | undefined =>
    actions.data?.actions.find((rule) => rule.action === button.action);
  const go = (button: PowerButton) => void start({ kind: button.kind, servers: [server.id] });

  return (
    <>
      {actions.isError && <ErrorPanel error={actions.error} onRetry={() => void actions.refetch()} />}
      <ul className="rule-list" aria-label={label}>
        {buttons.map((button) => {
          const rule = ruleOf(button);
          const refusalId = `${refusalIds}-${button.id}`;
          return (
            <li key={button.id}>
              <button
                type="button"
                disabled={rule?.allowed !== true || run.running}
                aria-describedby={rule?.refusal ? refusalId : undefined}
                onClick={() => {
                  if (button.confirm) setConfirming(button);
                  else go(button);
                }}
              >
                {t(button.label)}
              </button>
              {rule?.refusal && <RefusalText refusal={rule.refusal} id={refusalId} />}
            </li>
          );
        })}
      </ul>
      <JobProgress run={run} />
      {confirming?.confirm && (
        <ConfirmPowerDialog
          title={t("power.confirmTitle", { action: t(confirming.label), name: server.name })}
          button={{ ...confirming, confirm: confirming.confirm }}
          onClosed={() => {
            setConfirming(null);
          }}
          onConfirmed={() => {
            go(confirming);
          }}
        />
      )}
    </>
  );
}
