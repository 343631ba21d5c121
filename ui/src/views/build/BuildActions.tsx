import { useState } from "react";

import { JobProgress } from "../../components/JobProgress";
import type { ServerSummary, Tab } from "../../ipc";
import { useI18n } from "../../i18n";
import { useSnapshot } from "../../app/queries";
import { useJobRun } from "../../app/useJobRun";
import { MoveToBuildingDialog } from "../acquire/MoveToBuildingDialog";
import { BuildDialog } from "./BuildDialog";

interface Props {
  tab: Tab | undefined;
  servers: readonly ServerSummary[];
  onNotice: ((message: string) => void) | undefined;
}

/** What the stage tabs of a build offer for the servers selected: on Inventory,
 *  moving them to Building; on Building, building them from a profile. The build's
 *  progress stays on the tab once its dialog is closed. */
export function BuildActions({ tab, servers, onNotice }: Props) {
  const { t } = useI18n();
  const reviewing = useSnapshot() !== null;
  const { run, start } = useJobRun();
  const [building, setBuilding] = useState<readonly ServerSummary[] | null>(null);
  const [moving, setMoving] = useState<readonly ServerSummary[] | null>(null);
  if (tab !== "building" && tab !== "inventory") return null;
  return (
    <>
      {servers.length > 0 && (
        <div className="actions stage-bulk">
          {tab === "building" ? (
            <button
              type="button"
              disabled={reviewing || run.running || building !== null}
              onClick={() => {
                setBuilding(servers);
              }}
            >
              {t("build.open")}
            </button>
          ) : (
            <button
              type="button"
              disabled={reviewing || moving !== null}
              onClick={() => {
                setMoving(servers);
              }}
            >
              {t("acquire.moveToBuilding")}
            </button>
          )}
        </div>
      )}
      {building === null && <JobProgress run={run} />}
      {building && (
        <BuildDialog
          servers={building}
          run={run}
          start={start}
          onClosed={() => {
            setBuilding(null);
          }}
        />
      )}
      {moving && (
        <MoveToBuildingDialog
          servers={moving}
          onNotice={onNotice}
          onClosed={() => {
            setMoving(null);
          }}
        />
      )}
    </>
  );
}
