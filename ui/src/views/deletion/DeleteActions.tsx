import { useState } from "react";

import { JobProgress } from "../../components/JobProgress";
import type { ServerSummary, Tab } from "../../ipc";
import { useI18n } from "../../i18n";
import { useSnapshot } from "../../app/queries";
import { DeleteDialog } from "./DeleteDialog";
import { useDeletionRun } from "./deletionQueries";

interface Props {
  tab: Tab | undefined;
  servers: readonly ServerSummary[];
}

/** Delete… for the servers selected on the tabs a deletion starts from (In service
 *  and Maintenance); the pipeline's progress stays on the tab once the dialog closes. */
export function DeleteActions({ tab, servers }: Props) {
  const { t } = useI18n();
  const reviewing = useSnapshot() !== null;
  const { run, startDeletion, reset } = useDeletionRun();
  const [asking, setAsking] = useState<readonly ServerSummary[] | null>(null);
  if (tab !== "in_service" && tab !== "maintenance") return null;
  return (
    <>
      {servers.length > 0 && (
        <div className="actions stage-bulk">
          <button
            type="button"
            className="danger"
            disabled={reviewing || run.running || asking !== null}
            onClick={() => {
              setAsking(servers);
            }}
          >
            {t("delete.open")}
          </button>
        </div>
      )}
      {/* A refusal is shown in the dialog while it is open, not twice. */}
      {asking === null && <JobProgress run={run} />}
      {asking && (
        <DeleteDialog
          servers={asking}
          start={startDeletion}
          failure={run.error}
          onClosed={() => {
            setAsking(null);
            reset();
          }}
        />
      )}
    </>
  );
}
