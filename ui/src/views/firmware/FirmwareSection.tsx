import { useId, useState } from "react";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorPanel } from "../../components/ErrorPanel";
import { JobProgress } from "../../components/JobProgress";
import { RefusalText } from "../../components/RefusalText";
import type { Action, OrderTask, ServerSummary } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { useServerActions, useSnapshot } from "../../app/queries";
import { useJobRun } from "../../app/useJobRun";
import { BaselineNote, FirmwareTable } from "./FirmwareTable";
import { useFirmware } from "./firmwareQueries";
import { emptyDraft, imageSources, UpdateFirmwareDialog, type UpdateDraft } from "./UpdateFirmwareDialog";

type Asking = "update" | "reset" | null;

/** The server's firmware against the baseline for its model, read from its BMC
 *  when the page opens and again on request; updating it and resetting the BMC
 *  run as maintenance jobs, each only where the server's stage allows it now. */
export function FirmwareSection({ server, ironic = false }: { server: ServerSummary; ironic?: boolean }) {
  const { t } = useI18n();
  const format = useFormat();
  const headingId = useId();
  const updateRefusalId = useId();
  const resetRefusalId = useId();
  const reviewing = useSnapshot() !== null;
  // Firmware is read live from the BMC (or Ironic's cache): not for a server with
  // neither, nor from a snapshot.
  const readable = (server.bmcId !== null || ironic) && !reviewing;
  const firmware = useFirmware(server.id, readable);
  const actions = useServerActions(server.id);
  // A job's end renews everything under the server's key, so the table is read again then.
  const { run, start } = useJobRun();
  const [asking, setAsking] = useState<Asking>(null);
  const [draft, setDraft] = useState<UpdateDraft>(emptyDraft);
  const ruleOf = (action: Action) => actions.data?.actions.find((r) => r.action === action);
  const updateRule = ruleOf("firmware_update");
  const resetRule = ruleOf("bmc_reset");
  const view = firmware.data;
  const noWay = view !== undefined && imageSources(view).length === 0;
  const maintain = (task: OrderTask) => void start({ kind: { kind: "maintenance", tasks: [task] }, servers: [server.id] });

  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>{t("firmware.title")}</h2>
      <p className="hint">{t(ironic ? "firmware.aboutIronic" : "firmware.about")}</p>
      {!readable && <p className="hint">{t(reviewing ? "firmware.snapshot" : "firmware.noBmc")}</p>}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={!readable || firmware.isFetching}
          onClick={() => void firmware.refetch()}
        >
          {t("firmware.read")}
        </button>
      </div>
      <p role="status" className="hint">
        {firmware.isFetching
          ? t("firmware.reading")
          : firmware.isSuccess
            ? t(ironic ? "firmware.readAtIronic" : "firmware.readAt", {
                time: format.dateTime(new Date(firmware.dataUpdatedAt).toISOString()),
              })
            : ""}
      </p>
      {firmware.isError && (
        <ErrorPanel error={firmware.error} title={t("firmware.readFailed")} onRetry={() => void firmware.refetch()} />
      )}
      {view && (
        <>
          <FirmwareTable view={view} ironic={ironic} />
          <BaselineNote view={view} />
        </>
      )}
      <ul className="rule-list" aria-label={t("firmware.actions")}>
        <li>
          <button
            type="button"
            disabled={updateRule?.allowed !== true || run.running || view === undefined || noWay}
            aria-describedby={updateRule?.refusal ? updateRefusalId : undefined}
            onClick={() => {
              setAsking("update");
            }}
          >
            {t("firmware.update")}
          </button>
          {updateRule?.refusal && <RefusalText refusal={updateRule.refusal} id={updateRefusalId} />}
          {!updateRule?.refusal && noWay && <span className="refusal">{t("firmware.noWay")}</span>}
        </li>
        {/* Ironic keeps the BMC to itself: there is none of ours to reset. */}
        {!ironic && (
          <li>
            <button
              type="button"
              disabled={resetRule?.allowed !== true || run.running}
              aria-describedby={resetRule?.refusal ? resetRefusalId : undefined}
              onClick={() => {
                setAsking("reset");
              }}
            >
              {t("firmware.reset")}
            </button>
            {resetRule?.refusal && <RefusalText refusal={resetRule.refusal} id={resetRefusalId} />}
          </li>
        )}
      </ul>
      <JobProgress run={run} />
      {asking === "update" && view && (
        <UpdateFirmwareDialog
          view={view}
          draft={draft}
          onClosed={() => {
            setAsking(null);
          }}
          onConfirmed={(task, typed) => {
            setDraft(typed);
            maintain(task);
          }}
        />
      )}
      {asking === "reset" && (
        <ConfirmDialog
          title={t("firmware.resetTitle", { name: server.name })}
          confirmLabel={t("firmware.resetConfirm")}
          onClosed={() => {
            setAsking(null);
          }}
          onConfirm={(close) => {
            maintain({ kind: "bmcReset" });
            close();
          }}
        >
          <p>{t("firmware.resetWarning")}</p>
          <p className="hint">{t("power.confirmJob")}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
