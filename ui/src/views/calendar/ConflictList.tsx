import type { OrderView } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { conflictText } from "./orderWords";

/** The other orders that want this order's servers at the same time. They are
 *  flagged, not refused: two orders may well be meant to share a window. */
export function ConflictList({ order }: { order: OrderView }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <ul aria-label={t("order.conflicts")}>
      {order.conflicts.map((c) => (
        <li key={c.orderId}>{conflictText(c, order.servers, t, format)}</li>
      ))}
    </ul>
  );
}

/** Said after an order was saved or moved into a time other orders want too. */
export function ConflictWarning({ order }: { order: OrderView }) {
  const { t } = useI18n();
  if (order.conflicts.length === 0) return null;
  return (
    <div className="warning-banner" role="alert">
      <h2>{t("order.conflictsTitle", { name: order.name })}</h2>
      <ConflictList order={order} />
      <p>{t("order.conflictsHint")}</p>
    </div>
  );
}
