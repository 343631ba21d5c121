import { useId, useRef, useState, type SubmitEvent } from "react";

import { ErrorPanel } from "../components/ErrorPanel";
import { Modal } from "../components/Modal";
import type { MoveRule, ServerSummary } from "../ipc";
import { useI18n } from "../i18n";
import { useMoveStage, useSettings } from "../app/queries";

/** A datetime-local value ("2026-12-01T06:00", the user's own clock) as RFC 3339 in UTC. */
function holdUntilOf(local: string): string | null {
  const time = new Date(local);
  return local.trim() === "" || Number.isNaN(time.getTime()) ? null : time.toISOString().replace(/\.000Z$/, "Z");
}

interface Props {
  server: ServerSummary;
  rule: MoveRule;
  onClosed: () => void;
  onMoved: (server: ServerSummary) => void;
}

/** Confirms a stage move, saying plainly what it does and, as much, what it does not:
 *  people fear a move reboots a server in service, and it never does. */
export function MoveDialog({ server, rule, onClosed, onMoved }: Props) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const reasonId = useId();
  const untilId = useId();
  const settings = useSettings();
  const move = useMoveStage(server.id);
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  const holdUntil = holdUntilOf(until);
  const role = t(settings.data?.operatorMode ? "role.operator" : "role.customer");
  const from = t(`stage.${server.stage}`);
  const to = t(`stage.${rule.to}`);
  // An Ironic node's move is carried out by Ironic; the backend says what it asks.
  const ironic = rule.ironic ?? null;
  const missing = (rule.needsReason && reason.trim() === "") || (rule.needsUntil && holdUntil === null);

  const confirm = (e: SubmitEvent) => {
    e.preventDefault();
    if (missing || move.isPending) return;
    move.mutate(
      {
        to: rule.to,
        reason: reason.trim() === "" ? null : reason.trim(),
        holdUntil: rule.needsUntil ? holdUntil : null,
      },
      {
        onSuccess: (moved) => {
          onMoved(moved);
          dialog.current?.close();
        },
      },
    );
  };

  return (
    <Modal
      title={t("move.title", { name: server.name, stage: to })}
      dialogRef={dialog}
      onClosed={onClosed}
      busy={move.isPending}
    >
      <form onSubmit={confirm} className="dialog-form move-dialog">
        <h3>{t("move.will")}</h3>
        <ul>
          <li>{t("move.willStage", { from, to })}</li>
          <li>{t("move.willAudit", { role })}</li>
          {rule.to === "maintenance_operator" && <li>{t("move.willHold")}</li>}
          {server.stage === "maintenance_operator" && <li>{t("move.willRelease")}</li>}
          {ironic?.map((request) => (
            <li key={request}>{t(`move.ironic.${request}`)}</li>
          ))}
        </ul>
        <h3>{t("move.wont")}</h3>
        <ul>
          {/* A deploy powers the node on and boots it: only then is the power touched. */}
          {!ironic?.includes("deploy") && <li>{t("move.wontPower")}</li>}
          <li>{t(ironic ? (ironic.length === 0 ? "move.wontIronic" : "move.wontBmcIronic") : "move.wontBmc")}</li>
        </ul>
        {rule.needsReason && (
          <div className="field wide">
            <label htmlFor={reasonId}>{t("move.reason")}</label>
            <textarea
              id={reasonId}
              rows={3}
              required
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
              }}
            />
          </div>
        )}
        {rule.needsUntil && (
          <div className="field wide">
            <label htmlFor={untilId}>{t("move.until")}</label>
            <input
              id={untilId}
              type="datetime-local"
              required
              value={until}
              onChange={(e) => {
                setUntil(e.target.value);
              }}
            />
          </div>
        )}
        {missing && <p className="hint">{t(rule.needsUntil ? "move.needsReasonAndUntil" : "move.needsReason")}</p>}
        {move.isPending && <p role="status">{t("move.moving")}</p>}
        {move.isError && <ErrorPanel error={move.error} title={t("move.failed")} />}
        <div className="dialog-actions">
          <button
            type="button"
            className="secondary"
            disabled={move.isPending}
            onClick={() => {
              dialog.current?.close();
            }}
          >
            {t("dialog.cancel")}
          </button>
          <button type="submit" disabled={missing || move.isPending}>
            {t("move.confirm", { stage: to })}
          </button>
        </div>
      </form>
    </Modal>
  );
}
