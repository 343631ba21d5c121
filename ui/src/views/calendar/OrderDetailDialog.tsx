import { useRef } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { Modal } from "../../components/Modal";
import type { OrderView } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { routeHash } from "../../app/routes";
import { ConflictList } from "./ConflictList";
import { useOrder } from "./orderQueries";
import { OrderRuns } from "./OrderRuns";
import { minutesText, scheduleText, taskText } from "./orderWords";

interface Props {
  orderId: string;
  /** The job of the occurrence opened, if it ran: its servers are shown at once. */
  jobId: string | null;
  /** A snapshot under review: nothing can be changed. */
  readOnly: boolean;
  onEdit: (order: OrderView) => void;
  onDelete: (order: OrderView) => void;
  onClosed: () => void;
}

/** One order in full: what it does, to which servers, when, what it clashes with,
 *  and every run it has had; and the ways to change or delete it. */
export function OrderDetailDialog({ orderId, jobId, readOnly, onEdit, onDelete, onClosed }: Props) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const order = useOrder(orderId);
  const close = () => {
    dialog.current?.close();
  };
  return (
    <Modal
      title={order.data ? t("order.detailTitle", { name: order.data.name }) : t("order.detailLoading")}
      dialogRef={dialog}
      onClosed={onClosed}
    >
      {order.isPending && <p role="status">{t("app.loading")}</p>}
      {order.isError && <ErrorPanel error={order.error} onRetry={() => void order.refetch()} />}
      {order.isSuccess && <OrderFacts order={order.data} jobId={jobId} />}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={close}>
          {t("dialog.close")}
        </button>
        {order.isSuccess && (
          <>
            <button
              type="button"
              className="danger"
              disabled={readOnly}
              onClick={() => {
                onDelete(order.data);
              }}
            >
              {t("order.delete")}
            </button>
            <button
              type="button"
              disabled={readOnly}
              onClick={() => {
                onEdit(order.data);
              }}
            >
              {t("order.edit")}
            </button>
          </>
        )}
      </div>
    </Modal>
  );
}

function OrderFacts({ order, jobId }: { order: OrderView; jobId: string | null }) {
  const { t, language } = useI18n();
  const format = useFormat();
  return (
    <div className="order-detail">
      <dl className="facts">
        <dt>{t("order.schedule")}</dt>
        <dd>{scheduleText(order, t, language)}</dd>
        <dt>{t("order.nextRun")}</dt>
        <dd>
          {order.nextRun === null ? (
            t("order.noNextRun")
          ) : (
            <time dateTime={order.nextRun}>{format.dateTime(order.nextRun)}</time>
          )}
        </dd>
        <dt>{t("order.window")}</dt>
        <dd>{minutesText(order.windowMinutes, t, format)}</dd>
        <dt>{t("order.grace")}</dt>
        <dd>{minutesText(order.graceMinutes, t, format)}</dd>
        <dt>{t("order.parallel")}</dt>
        <dd>{format.number(order.parallel)}</dd>
        <dt>{t("order.stageMove")}</dt>
        <dd>{order.allowStageMove ? t("order.stageMoveYes") : t("order.stageMoveNo")}</dd>
        <dt>{t("order.createdBy")}</dt>
        <dd>{t("order.createdByValue", { name: order.createdBy, at: format.dateTime(order.createdAt) })}</dd>
      </dl>
      <h3>{t("order.tasks")}</h3>
      <ol aria-label={t("order.tasks")}>
        {order.tasks.map((task, i) => (
          <li key={i}>{taskText(task, t)}</li>
        ))}
      </ol>
      <h3>{t("order.servers")}</h3>
      <ul aria-label={t("order.servers")} className="order-servers">
        {order.servers.map((s) => (
          <li key={s.id}>
            <a href={routeHash({ kind: "server", id: s.id })}>{s.name}</a>
          </li>
        ))}
      </ul>
      {order.routes.length > 0 && (
        <>
          <h3>{t("order.routes")}</h3>
          <ul aria-label={t("order.routes")} className="order-routes">
            {order.routes.map((r) => (
              <li key={`${r.serverId}-${String(r.taskIndex)}`}>
                {t(r.via === "bmc" ? "order.route.bmc" : "order.route.racksmith", {
                  n: format.number(r.taskIndex + 1),
                  server: r.serverName,
                  detail: r.detail,
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      {order.conflicts.length > 0 && (
        <div className="warning-banner" role="note">
          <h3>{t("order.conflicts")}</h3>
          <ConflictList order={order} />
        </div>
      )}
      <OrderRuns runs={order.runs} initialJob={jobId} />
    </div>
  );
}
