import type {
  DateSelectArg,
  DatesSetArg,
  EventClickArg,
  EventContentArg,
  EventDropArg,
  EventInput,
} from "@fullcalendar/core";
import jaLocale from "@fullcalendar/core/locales/ja";
import dayGridPlugin from "@fullcalendar/daygrid";
import interactionPlugin from "@fullcalendar/interaction";
import FullCalendar from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/timegrid";
import { useMemo } from "react";

import type { CalendarEvent, CalendarRange } from "../../ipc";
import { useI18n } from "../../i18n";

/** An occurrence dragged to a new start, and the way to put it back. */
export interface Drop {
  event: CalendarEvent;
  from: Date;
  to: Date;
  revert: () => void;
}

interface Props {
  events: readonly CalendarEvent[];
  /** False while a snapshot is under review: nothing can be made or moved. */
  editable: boolean;
  onRange: (range: CalendarRange) => void;
  onSelect: (start: Date, end: Date) => void;
  onOpen: (event: CalendarEvent) => void;
  onDrop: (drop: Drop) => void;
}

const plugins = [dayGridPlugin, timeGridPlugin, interactionPlugin];
const locales = [jaLocale];
const clock = { hour: "2-digit", minute: "2-digit", hour12: false } as const;
const toolbar = { start: "prev,next today", center: "title", end: "dayGridMonth,timeGridWeek,timeGridDay" };

/** The key FullCalendar knows an occurrence by: an order has one occurrence a start. */
export function occurrenceId(event: CalendarEvent): string {
  return `${event.orderId}@${event.start}`;
}

/** Orders on a month, week or day calendar, in this computer's time zone: a slot
 *  chosen makes a new order, an occurrence clicked opens its order, and a planned
 *  occurrence dragged moves it. */
export function OrderCalendar({ events, editable, onRange, onSelect, onOpen, onDrop }: Props) {
  const { t, language } = useI18n();
  const byId = useMemo(() => new Map(events.map((e) => [occurrenceId(e), e])), [events]);
  const inputs = useMemo(
    () =>
      events.map(
        (e): EventInput => ({
          id: occurrenceId(e),
          title: t(e.recurring ? "calendar.eventRecurring" : "calendar.event", {
            name: e.name,
            state: t(`calendar.state.${e.state}`),
          }),
          start: e.start,
          end: e.end,
          classNames: ["order-event", `order-${e.state}`],
          // A run that started or ended keeps its time; only what is still planned moves.
          startEditable: e.state === "planned",
        }),
      ),
    [events, t],
  );
  const texts = useMemo(
    () => ({
      buttonText: {
        today: t("calendar.today"),
        month: t("calendar.month"),
        week: t("calendar.week"),
        day: t("calendar.day"),
      },
      buttonHints: {
        prev: t("calendar.previousHint"),
        next: t("calendar.nextHint"),
        today: t("calendar.todayHint"),
      },
      viewHint: t("calendar.viewHint"),
      moreLinkHint: (count: number) => t("calendar.moreHint", { count }),
    }),
    [t],
  );

  const occurrence = (id: string) => byId.get(id);

  return (
    <section className="order-calendar" aria-label={t("calendar.gridLabel")}>
      <FullCalendar
        plugins={plugins}
        locales={locales}
        locale={language}
        {...texts}
        initialView="timeGridWeek"
        headerToolbar={toolbar}
        // The webview's own zone, which is the user's: Intl's resolved time zone.
        timeZone="local"
        contentHeight={640}
        scrollTime="08:00:00"
        allDaySlot={false}
        nowIndicator
        dayMaxEvents
        eventDisplay="block"
        eventTimeFormat={clock}
        slotLabelFormat={clock}
        selectable={editable}
        selectMirror
        editable={editable}
        eventDurationEditable={false}
        events={inputs}
        eventContent={(arg: EventContentArg) => {
          const event = occurrence(arg.event.id);
          return (
            // The whole title on hover, where a narrow day cuts it off.
            <div className="order-event-content" title={arg.event.title}>
              {event && <span className={`state-glyph order-${event.state}`} aria-hidden="true" />}
              {arg.timeText !== "" && <span className="order-event-time">{arg.timeText}</span>}
              <span className="order-event-title">{arg.event.title}</span>
            </div>
          );
        }}
        datesSet={(info: DatesSetArg) => {
          onRange({ from: info.start.toISOString(), to: info.end.toISOString() });
        }}
        select={(info: DateSelectArg) => {
          info.view.calendar.unselect();
          onSelect(info.start, info.end);
        }}
        eventClick={(info: EventClickArg) => {
          info.jsEvent.preventDefault();
          const event = occurrence(info.event.id);
          if (event) onOpen(event);
        }}
        eventDrop={(info: EventDropArg) => {
          const event = occurrence(info.event.id);
          const from = info.oldEvent.start;
          const to = info.event.start;
          if (!event || !from || !to) {
            info.revert();
            return;
          }
          onDrop({ event, from, to, revert: info.revert });
        }}
      />
    </section>
  );
}
