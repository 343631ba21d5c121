import { useId, useState } from "react";

import { RefusalText } from "../components/RefusalText";
import type { MoveRule, ServerSummary } from "../ipc";
import { useI18n } from "../i18n";
import { MoveDialog } from "./MoveDialog";

/** Every stage the server might go to, as the backend rules now: a move not open
 *  says why next to its button, so nobody has to guess. */
export function StageMoves({ server, moves }: { server: ServerSummary; moves: readonly MoveRule[] }) {
  const { t } = useI18n();
  const refusalIds = useId();
  const [open, setOpen] = useState<MoveRule | null>(null);
  const [notice, setNotice] = useState("");
  return (
    <>
      <ul className="rule-list" aria-label={t("lifecycle.moves")}>
        {moves.map((rule) => (
          <li key={rule.to}>
            <button
              type="button"
              disabled={!rule.allowed}
              aria-describedby={rule.refusal ? `${refusalIds}-${rule.to}` : undefined}
              onClick={() => {
                setNotice("");
                setOpen(rule);
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
    </>
  );
}
