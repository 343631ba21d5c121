import { useId, useState } from "react";

import { JobProgress } from "../components/JobProgress";
import { RefusalText } from "../components/RefusalText";
import type { MoveRule, ServerSummary } from "../ipc";
import { useI18n } from "../i18n";
import { DeleteDialog } from "./deletion/DeleteDialog";
import { useDeletionRun } from "./deletion/deletionQueries";
import { MoveDialog } from "./MoveDialog";

/** Every stage the server might go to, as the backend rules now: a move not open
 *  says why next to its button, so nobody has to guess. Deletion destroys data, so
 *  it is never a plain move: it asks for the typed confirmation and starts the
 *  pipeline (the backend refuses a plain move there). */
export function StageMoves({ server, moves }: { server: ServerSummary; moves: readonly MoveRule[] }) {
  const { t } = useI18n();
  const refusalIds = useId();
  const [open, setOpen] = useState<MoveRule | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [notice, setNotice] = useState("");
  const deletion = useDeletionRun();
  return (
    <>
      <ul className="rule-list" aria-label={t("lifecycle.moves")}>
        {moves.map((rule) => (
          <li key={rule.to}>
            <button
              type="button"
              disabled={!rule.allowed || (rule.to === "deletion" && deletion.run.running)}
              aria-describedby={rule.refusal ? `${refusalIds}-${rule.to}` : undefined}
              onClick={() => {
                setNotice("");
                if (rule.to === "deletion") setDeleting(true);
                else setOpen(rule);
              }}
            >
              {t("lifecycle.moveTo", { stage: t(`stage.${rule.to}`) })}
            </button>
            {rule.refusal && <RefusalText refusal={rule.refusal} id={`${refusalIds}-${rule.to}`} />}
          </li>
        ))}
      </ul>
      <p role="status" className="notice">
        {notice}
      </p>
      {/* A refusal is shown in the dialog while it is open, not twice. */}
      {!deleting && <JobProgress run={deletion.run} />}
      {open && (
        <MoveDialog
          server={server}
          rule={open}
          onClosed={() => {
            setOpen(null);
          }}
          onMoved={(moved) => {
            setNotice(t("lifecycle.moved", { stage: t(`stage.${moved.stage}`) }));
          }}
        />
      )}
      {deleting && (
        <DeleteDialog
          servers={[server]}
          start={deletion.startDeletion}
          failure={deletion.run.error}
          onClosed={() => {
            setDeleting(false);
            deletion.reset();
          }}
        />
      )}
    </>
  );
}
