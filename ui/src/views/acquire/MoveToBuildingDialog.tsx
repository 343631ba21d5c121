import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";

import { Modal } from "../../components/Modal";
import { RefusalText } from "../../components/RefusalText";
import { commands, type AppFailure, type ServerSummary } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { call, invalidateLifecycle, useSettings } from "../../app/queries";

// Enough names to check the selection at a glance; the count stands for the rest.
const namesListed = 10;

interface Refused {
  server: ServerSummary;
  error: AppFailure;
}

interface Props {
  servers: readonly ServerSummary[];
  /** Where the tab says what was done, once the dialog has closed. */
  onNotice: ((message: string) => void) | undefined;
  onClosed: () => void;
}

/** Moves the servers selected in Inventory to Building, one move each, after
 *  saying what a move does and does not do. A server the backend refuses is
 *  named with why; the others move regardless. */
export function MoveToBuildingDialog({ servers, onNotice, onClosed }: Props) {
  const { t } = useI18n();
  const format = useFormat();
  const client = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const settings = useSettings();
  const [moving, setMoving] = useState(false);
  const [done, setDone] = useState(0);
  const [refused, setRefused] = useState<readonly Refused[] | null>(null);
  const role = t(settings.data?.operatorMode ? "role.operator" : "role.customer");
  const only = servers.length === 1 ? servers[0] : undefined;
  const building = t("stage.building");

  const confirm = async () => {
    setMoving(true);
    const failures: Refused[] = [];
    for (const [i, server] of servers.entries()) {
      try {
        await call(() => commands.moveStage(server.id, { to: "building", reason: null, holdUntil: null }));
      } catch (error) {
        failures.push({ server, error: error as AppFailure });
      }
      setDone(i + 1);
    }
    const moved = servers.length - failures.length;
    onNotice?.(
      failures.length > 0
        ? t("acquire.movedSome", { moved: format.number(moved), total: format.number(servers.length) })
        : only
          ? t("acquire.movedOne", { name: only.name })
          : t("acquire.moved", { count: format.number(moved) }),
    );
    setMoving(false);
    if (failures.length === 0) dialog.current?.close();
    else setRefused(failures);
    // Refusals are audited too, so the log changes either way.
    void invalidateLifecycle(client);
  };

  const rest = servers.length - namesListed;
  return (
    <Modal
      title={only ? t("move.title", { name: only.name, stage: building }) : t("acquire.moveTitle", { count: format.number(servers.length) })}
      dialogRef={dialog}
      onClosed={onClosed}
      busy={moving}
    >
      <div className="dialog-form move-dialog">
        {refused === null ? (
          <>
            <h3>{t("move.will")}</h3>
            <ul>
              <li>{t("acquire.willStage")}</li>
              <li>{t("move.willAudit", { role })}</li>
            </ul>
            <h3>{t("move.wont")}</h3>
            <ul>
              <li>{t("move.wontPower")}</li>
              <li>{t("move.wontBmc")}</li>
            </ul>
            {!only && (
              <ul aria-label={t("bulk.confirmServers")} className="bulk-names">
                {servers.slice(0, namesListed).map((s) => (
                  <li key={s.id}>{s.name}</li>
                ))}
                {rest > 0 && <li>{t("bulk.andMore", { count: format.number(rest) })}</li>}
              </ul>
            )}
          </>
        ) : (
          <div role="alert" className="error-panel">
            <h2>
              {t("acquire.movedSome", {
                moved: format.number(servers.length - refused.length),
                total: format.number(servers.length),
              })}
            </h2>
            <ul aria-label={t("acquire.notMoved")}>
              {refused.map(({ server, error }) => (
                <li key={server.id}>
                  {server.name}: <RefusalText refusal={error} />
                </li>
              ))}
            </ul>
          </div>
        )}
        {moving && (
          <p role="status">
            {t("acquire.moving", { done: format.number(done), total: format.number(servers.length) })}
          </p>
        )}
        <div className="dialog-actions">
          <button
            type="button"
            className="secondary"
            disabled={moving}
            onClick={() => {
              dialog.current?.close();
            }}
          >
            {refused === null ? t("dialog.cancel") : t("dialog.close")}
          </button>
          {refused === null && (
            <button type="button" disabled={moving} onClick={() => void confirm()}>
              {only ? t("move.confirm", { stage: building }) : t("acquire.confirm", { count: format.number(servers.length) })}
            </button>
          )}
        </div>
      </div>
    </Modal>
  );
}
