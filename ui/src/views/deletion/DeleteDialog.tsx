import { useId, useRef, useState, type SubmitEvent } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { Modal } from "../../components/Modal";
import { isRefusal, RefusalText } from "../../components/RefusalText";
import type { AppFailure, DeletionRequest, JobRecord, ServerSummary } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { useSettings } from "../../app/queries";

// Enough names to check the selection at a glance; the count stands for the rest.
const namesListed = 10;

/** What the backend wants typed: the name for one server, the count (plain digits,
 *  whatever the language) for several. */
function expectedConfirmation(servers: readonly ServerSummary[]): string {
  const [only] = servers;
  return servers.length === 1 && only ? only.name : String(servers.length);
}

interface Props {
  /** The selection when the dialog opened: what it names is what gets deleted. */
  servers: readonly ServerSummary[];
  /** Starts the deletion as a job kept by the opener, so its progress outlives the dialog. */
  start: (request: DeletionRequest) => Promise<JobRecord | null>;
  /** Why the last start was refused, if it was. */
  failure: AppFailure | null;
  onClosed: () => void;
}

/** Asks before destroying data: says plainly that it cannot be undone, and starts
 *  only once the server's name (or how many servers) is typed exactly, so a slip
 *  of the mouse cannot erase a fleet. */
export function DeleteDialog({ servers, start, failure, onClosed }: Props) {
  const { t } = useI18n();
  const format = useFormat();
  const dialog = useRef<HTMLDialogElement>(null);
  const reasonId = useId();
  const confirmId = useId();
  const hintId = useId();
  const settings = useSettings();
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");
  const [starting, setStarting] = useState(false);
  const only = servers.length === 1 ? servers[0] : undefined;
  const expected = expectedConfirmation(servers);
  const confirmed = typed.trim() === expected;
  const role = t(settings.data?.operatorMode ? "role.operator" : "role.customer");
  const count = format.number(servers.length);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (!confirmed || starting) return;
    setStarting(true);
    const request: DeletionRequest = {
      servers: servers.map((s) => s.id),
      confirm: typed.trim(),
      reason: reason.trim() === "" ? null : reason.trim(),
    };
    void start(request).then((job) => {
      setStarting(false);
      if (job) dialog.current?.close();
    });
  };

  return (
    <Modal
      title={only ? t("delete.titleOne", { name: only.name }) : t("delete.title", { count })}
      dialogRef={dialog}
      onClosed={onClosed}
      busy={starting}
    >
      <form onSubmit={submit} className="dialog-form move-dialog delete-dialog">
        <p className="delete-warning">{t(only ? "delete.warningOne" : "delete.warning")}</p>
        <ServersToDelete servers={servers} />
        <h3>{t("move.will")}</h3>
        <ul>
          <li>{t("delete.willStage")}</li>
          <li>{t("delete.willErase")}</li>
          <li>{t("delete.willVerify")}</li>
          <li>{t("delete.willAudit", { role })}</li>
        </ul>
        <div className="field wide">
          <label htmlFor={reasonId}>{t("delete.reason")}</label>
          <textarea
            id={reasonId}
            rows={2}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
            }}
          />
        </div>
        <div className="field wide">
          <label htmlFor={confirmId}>
            {only ? t("delete.confirmOne", { name: only.name }) : t("delete.confirmMany", { count: expected })}
          </label>
          <input
            id={confirmId}
            data-testid="delete-confirm"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={hintId}
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
            }}
          />
        </div>
        <p id={hintId} className="hint">
          {t("delete.confirmHint")}
        </p>
        {starting && <p role="status">{t("delete.starting")}</p>}
        {failure && !starting && <DeleteFailure failure={failure} />}
        <div className="dialog-actions">
          <button
            type="button"
            className="secondary"
            disabled={starting}
            onClick={() => {
              dialog.current?.close();
            }}
          >
            {t("dialog.cancel")}
          </button>
          <button type="submit" className="danger" data-testid="delete-start" disabled={!confirmed || starting}>
            {only ? t("delete.startOne") : t("delete.start", { count })}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function ServersToDelete({ servers }: { servers: readonly ServerSummary[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const rest = servers.length - namesListed;
  return (
    <ul aria-label={t("delete.servers")} className="bulk-names">
      {servers.slice(0, namesListed).map((s) => (
        <li key={s.id}>{s.name}</li>
      ))}
      {rest > 0 && <li>{t("bulk.andMore", { count: format.number(rest) })}</li>}
    </ul>
  );
}

/** A refusal names the server in the way and why; any other failure is explained,
 *  with the backend's words under Details. */
function DeleteFailure({ failure }: { failure: AppFailure }) {
  const { t } = useI18n();
  if (!isRefusal(failure)) return <ErrorPanel error={failure} title={t("delete.failed")} />;
  return (
    <div role="alert" className="error-panel">
      <h2>{t("delete.failed")}</h2>
      <p>
        <RefusalText refusal={failure} />
      </p>
    </div>
  );
}
