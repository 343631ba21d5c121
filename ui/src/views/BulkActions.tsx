import { useId, useState } from "react";

import { JobProgress } from "../components/JobProgress";
import type { ServerSummary, Tab } from "../ipc";
import { useI18n, type Translate } from "../i18n";
import { useFormat, type Format } from "../i18n/format";
import { useSnapshot } from "../app/queries";
import { useJobRun } from "../app/useJobRun";
import { BuildActions } from "./build/BuildActions";
import { ConfirmPowerDialog, type ConfirmedButton } from "./ConfirmPowerDialog";
import { DeleteActions } from "./deletion/DeleteActions";
import { powerButtons, type PowerButton } from "./powerButtons";

// Enough names to check the selection at a glance; the count stands for the rest.
const namesListed = 10;

interface Asking {
  button: ConfirmedButton;
  /** The selection when the button was pressed: what the dialog names is what the job gets. */
  servers: readonly ServerSummary[];
}

/** Power and the locator LED for every server selected on a stage tab, as one job.
 *  Whether each server allows it is the backend's to say (asking for every server's
 *  rules would cost a request each), so the buttons are live and a refusal names the
 *  server in the way; the backend then starts nothing. */
interface Props {
  servers: readonly ServerSummary[];
  /** The stage tab, for what only its stage offers (a move to Building, a build, a deletion). */
  tab?: Tab;
  /** Where the tab says what was done once a dialog has closed. */
  onNotice?: (message: string) => void;
}

export function BulkActions({ servers, tab, onNotice }: Props) {
  const { t } = useI18n();
  const format = useFormat();
  const titleId = useId();
  const hintId = useId();
  // A snapshot under review has no hardware behind it.
  const reviewing = useSnapshot() !== null;
  const { run, start } = useJobRun();
  const [asking, setAsking] = useState<Asking | null>(null);
  const go = (button: PowerButton, targets: readonly ServerSummary[]) =>
    void start({ kind: button.kind, servers: targets.map((s) => s.id) });

  return (
    <div className="bulk-actions">
      {servers.length > 0 && (
        <>
          <p id={titleId} className="bulk-title">
            {servers.length === 1 ? t("bulk.titleOne") : t("bulk.title", { count: format.number(servers.length) })}
          </p>
          <div className="actions" role="group" aria-labelledby={titleId} aria-describedby={hintId}>
            {powerButtons.map((button) => (
              <button
                key={button.id}
                type="button"
                className="secondary"
                disabled={run.running || reviewing}
                onClick={() => {
                  if (button.confirm) setAsking({ button: { ...button, confirm: button.confirm }, servers });
                  else go(button, servers);
                }}
              >
                {t(button.label)}
              </button>
            ))}
          </div>
          <p id={hintId} className="hint">
            {t("bulk.about")}
          </p>
        </>
      )}
      <BuildActions tab={tab} servers={servers} onNotice={onNotice} />
      <DeleteActions tab={tab} servers={servers} />
      <JobProgress run={run} />
      {asking && (
        <ConfirmPowerDialog
          title={confirmTitle(asking, t, format)}
          button={asking.button}
          onClosed={() => {
            setAsking(null);
          }}
          onConfirmed={() => {
            go(asking.button, asking.servers);
          }}
        >
          {asking.servers.length > 1 && <ServerNames servers={asking.servers} />}
        </ConfirmPowerDialog>
      )}
    </div>
  );
}

function confirmTitle({ button, servers }: Asking, t: Translate, format: Format): string {
  const action = t(button.label);
  const only = servers.length === 1 ? servers[0] : undefined;
  // One server is named, as on its own page; "1 servers" would read badly in English.
  return only
    ? t("power.confirmTitle", { action, name: only.name })
    : t("bulk.confirmTitle", { action, count: format.number(servers.length) });
}

function ServerNames({ servers }: { servers: readonly ServerSummary[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const rest = servers.length - namesListed;
  return (
    <ul aria-label={t("bulk.confirmServers")} className="bulk-names">
      {servers.slice(0, namesListed).map((s) => (
        <li key={s.id}>{s.name}</li>
      ))}
      {rest > 0 && <li>{t("bulk.andMore", { count: format.number(rest) })}</li>}
    </ul>
  );
}
