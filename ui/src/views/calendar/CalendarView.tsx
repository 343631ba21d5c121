import { useState } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import type { CalendarEvent, CalendarRange, OrderView } from "../../ipc";
import { useI18n } from "../../i18n";
import { useSnapshot } from "../../app/queries";
import { PageHeading } from "../PageHeading";
import { ConflictWarning } from "./ConflictList";
import { DeleteOrderDialog } from "./DeleteOrderDialog";
import { MoveSeriesDialog } from "./MoveSeriesDialog";
import { OrderCalendar, type Drop } from "./OrderCalendar";
import { OrderDetailDialog } from "./OrderDetailDialog";
import { OrderDialog } from "./OrderDialog";
import { OrderError } from "./OrderError";
import { formOfOrder, newOrderForm, nextHourSlot, slotOf, type Slot } from "./orderForm";
import { useMoveOrder, useOrderCalendar } from "./orderQueries";
import { wallClockText } from "./orderWords";
import { shiftWallClock, userTimeZone, wallClockIn, wallClockMinutesBetween } from "./wallClock";
import { StateLegend } from "./StateLegend";
import { UpcomingOrders } from "./UpcomingOrders";

type Dialog =
  | { kind: "create"; slot: Slot }
  | { kind: "edit"; order: OrderView }
  | { kind: "detail"; orderId: string; jobId: string | null }
  | { kind: "delete"; order: OrderView }
  | { kind: "moveSeries"; drop: Drop }
  | null;

/** Where a dropped occurrence's order starts now. A one-off order starts where it
 *  was dropped; a repeating one keeps its rule and moves its first start by as far
 *  as the occurrence moved on the order's own clock. */
export function movedStart(drop: Drop, order: OrderView): string | null {
  if (!drop.event.recurring) return wallClockIn(drop.to, order.timeZone);
  return shiftWallClock(order.start, wallClockMinutesBetween(drop.from, drop.to, order.timeZone));
}

/** Scheduled orders on a month, week or day calendar, with the coming days' orders
 *  as a table beside it; orders are made by choosing a slot, moved by dragging
 *  them, and opened to see their runs, change or delete them. */
export function CalendarView() {
  const { t, language } = useI18n();
  const reviewing = useSnapshot() !== null;
  const [zone] = useState(userTimeZone);
  const [range, setRange] = useState<CalendarRange | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState("");
  // The order last saved or moved, whose overlaps with other orders are shown.
  const [changed, setChanged] = useState<OrderView | null>(null);
  const calendar = useOrderCalendar(range);
  const move = useMoveOrder();

  const open = (event: CalendarEvent) => {
    setDialog({ kind: "detail", orderId: event.orderId, jobId: event.jobId });
  };
  const create = (slot: Slot) => {
    if (reviewing) return;
    setNotice("");
    setDialog({ kind: "create", slot });
  };
  const saved = (order: OrderView) => {
    setNotice(t("calendar.saved", { name: order.name }));
    setChanged(order);
  };
  const moveNow = (drop: Drop) => {
    setNotice("");
    setChanged(null);
    move.mutate(
      { orderId: drop.event.orderId, startOf: (order) => movedStart(drop, order) },
      {
        onSuccess: (order) => {
          setNotice(
            t("calendar.moved", { name: order.name, start: wallClockText(order.start, language), zone: order.timeZone }),
          );
          setChanged(order);
        },
        onError: () => {
          drop.revert();
        },
      },
    );
  };

  return (
    <>
      <PageHeading
        title={t("nav.calendar")}
        about={t("calendar.about", { zone })}
        actions={
          <button
            type="button"
            disabled={reviewing}
            onClick={() => {
              create(nextHourSlot(new Date(), zone));
            }}
          >
            {t("calendar.new")}
          </button>
        }
      />
      <p role="status" className="notice">
        {notice}
      </p>
      {changed && <ConflictWarning order={changed} />}
      {move.isError && <OrderError title={t("calendar.moveFailed")} error={move.error} />}
      {calendar.isError && <ErrorPanel error={calendar.error} onRetry={() => void calendar.refetch()} />}
      <div className="calendar-layout">
        <div className="calendar-main">
          <StateLegend />
          <p className="hint">{reviewing ? t("calendar.readOnlyHint") : t("calendar.hint")}</p>
          <OrderCalendar
            events={calendar.data ?? []}
            editable={!reviewing}
            onRange={setRange}
            onSelect={(start, end) => {
              create(slotOf(start, end, zone));
            }}
            onOpen={open}
            onDrop={(drop) => {
              if (drop.event.recurring) setDialog({ kind: "moveSeries", drop });
              else moveNow(drop);
            }}
          />
        </div>
        <UpcomingOrders onOpen={open} />
      </div>
      {dialog?.kind === "create" && (
        <OrderDialog
          editing={null}
          initial={newOrderForm(dialog.slot, zone)}
          disabled={reviewing}
          onSaved={saved}
          onClosed={() => {
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === "edit" && (
        <OrderDialog
          key={dialog.order.id}
          editing={dialog.order}
          initial={formOfOrder(dialog.order)}
          disabled={reviewing}
          onSaved={saved}
          onClosed={() => {
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === "detail" && (
        <OrderDetailDialog
          orderId={dialog.orderId}
          jobId={dialog.jobId}
          readOnly={reviewing}
          onEdit={(order) => {
            setNotice("");
            setDialog({ kind: "edit", order });
          }}
          onDelete={(order) => {
            setNotice("");
            setDialog({ kind: "delete", order });
          }}
          onClosed={() => {
            setDialog((d) => (d?.kind === "detail" ? null : d));
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <DeleteOrderDialog
          order={dialog.order}
          onDeleted={(name) => {
            setNotice(t("calendar.deleted", { name }));
            setChanged(null);
          }}
          onClosed={() => {
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === "moveSeries" && (
        <MoveSeriesDialog
          drop={dialog.drop}
          onConfirmed={moveNow}
          onClosed={() => {
            setDialog(null);
          }}
        />
      )}
    </>
  );
}
