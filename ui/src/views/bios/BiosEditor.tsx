import { useMemo, useState } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import type { BiosView, ServerSummary } from "../../ipc";
import { useI18n, type MessageKey } from "../../i18n";
import { BiosApplyTime, defaultApplyTime } from "./BiosApplyTime";
import { BiosAttributeTable } from "./BiosAttributeTable";
import { attributesOf, changesOf, effectiveValues, type BiosValues } from "./biosAttributes";
import { BiosChanges } from "./BiosChanges";
import { useBiosCheck, useSetBios } from "./biosQueries";
import { ResetBiosDialog } from "./ResetBiosDialog";

interface Props {
  server: ServerSummary;
  view: BiosView;
  /** When the view was read, so a check is asked again against a newer one. */
  updatedAt: number;
  /** Ironic reads and applies it, not the BMC directly. */
  ironic: boolean;
  /** The server's stage and role allow BIOS changes now. */
  allowed: boolean;
  /** The refusal that says why not, for the buttons it disables. */
  refusalId: string | undefined;
}

interface Outcome {
  message: MessageKey;
  count: number;
}

/** What the BIOS has now, the user's edits checked by the backend as they type,
 *  and Apply once the check has nothing against them. */
export function BiosEditor({ server, view, updatedAt, ironic, allowed, refusalId }: Props) {
  const { t } = useI18n();
  const [edits, setEdits] = useState<BiosValues>({});
  const [picked, setPicked] = useState<string | null>(null);
  const [resetting, setResetting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const save = useSetBios(server.id);
  const changes = useMemo(() => changesOf(edits, effectiveValues(view)), [edits, view]);
  const check = useBiosCheck(view, changes, updatedAt);
  const changed = Object.keys(changes).length;
  const applyTime = picked !== null && view.applyTimes.includes(picked) ? picked : defaultApplyTime(view.applyTimes);
  const busy = save.isPending;

  const edit = (name: string, value: unknown) => {
    setOutcome(null);
    setEdits((current) => {
      const rest = Object.fromEntries(Object.entries(current).filter(([n]) => n !== name));
      return value === undefined ? rest : { ...rest, [name]: value };
    });
  };

  const done = (message: MessageKey, after: BiosView) => {
    setEdits({});
    setOutcome({ message, count: Object.keys(after.pending).length });
  };

  const apply = () => {
    save.mutate(
      { values: changes, applyTime },
      {
        onSuccess: (after) => {
          done(Object.keys(after.pending).length > 0 ? "bios.savedPending" : "bios.applied", after);
        },
      },
    );
  };

  return (
    <>
      {view.registry === null && <p className="hint">{t(ironic ? "bios.noRegistryIronic" : "bios.noRegistry")}</p>}
      <BiosAttributeTable
        view={view}
        edits={edits}
        refusals={check.refusals}
        editable={allowed && !busy}
        onEdit={edit}
      />
      <BiosChanges view={view} attributes={attributesOf(view)} changes={changes} />
      {check.refusals.length > 0 && (
        <p className="warning">{t("bios.refusedCount", { count: check.refusals.length })}</p>
      )}
      {check.error && <ErrorPanel error={check.error} title={t("bios.checkFailed")} />}
      <BiosApplyTime
        applyTimes={view.applyTimes}
        value={applyTime}
        disabled={!allowed || busy}
        onChange={setPicked}
      />
      {busy && <p role="status">{t("bios.applying")}</p>}
      {save.isError && <ErrorPanel error={save.error} title={t("bios.applyFailed")} />}
      <p role="status" className="notice">
        {outcome && t(outcome.message, { count: outcome.count })}
      </p>
      <div className="actions">
        <button
          type="button"
          disabled={!allowed || busy || changed === 0 || check.checking || check.refusals.length > 0}
          aria-describedby={refusalId}
          onClick={apply}
        >
          {t("bios.apply")}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy || changed === 0}
          onClick={() => {
            setEdits({});
          }}
        >
          {t("bios.discard")}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!allowed || busy}
          aria-describedby={refusalId}
          onClick={() => {
            setOutcome(null);
            setResetting(true);
          }}
        >
          {t("bios.reset")}
        </button>
      </div>
      {resetting && (
        <ResetBiosDialog
          server={server}
          onClosed={() => {
            setResetting(false);
          }}
          onReset={(after) => {
            done("bios.resetPending", after);
          }}
        />
      )}
    </>
  );
}
