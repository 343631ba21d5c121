import { useId } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import type { CalendarEvent } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { occurrenceId } from "./OrderCalendar";
import { upcomingDays, useUpcomingOrders } from "./orderQueries";
import { StateText } from "./StateLegend";

/** Today's and the coming days' occurrences as a table: the same orders as the
 *  calendar, for keyboard and screen reader users, with their states kept fresh. */
export function UpcomingOrders({ onOpen }: { onOpen: (event: CalendarEvent) => void }) {
  const { t } = useI18n();
  const format = useFormat();
  const headingId = useId();
  const upcoming = useUpcomingOrders();
  return (
    <section aria-labelledby={headingId} className="upcoming-orders">
      <h2 id={headingId}>{t("calendar.upcoming")}</h2>
      <p className="hint">{t("calendar.upcomingHint", { days: upcomingDays - 1 })}</p>
      {upcoming.isPending && <p role="status">{t("app.loading")}</p>}
      {upcoming.isError && <ErrorPanel error={upcoming.error} onRetry={() => void upcoming.refetch()} />}
      {upcoming.isSuccess &&
        (upcoming.data.length === 0 ? (
          <p>{t("calendar.noUpcoming")}</p>
        ) : (
          <div className="fact-table">
            <table className="servers upcoming-list" aria-label={t("calendar.upcoming")}>
              <thead>
                <tr>
                  <th scope="col">{t("calendar.column.start")}</th>
                  <th scope="col">{t("calendar.column.order")}</th>
                  <th scope="col">{t("calendar.column.state")}</th>
                  <th scope="col">{t("calendar.column.servers")}</th>
                  <th scope="col">{t("calendar.column.repeats")}</th>
                </tr>
              </thead>
              <tbody>
                {upcoming.data.map((event) => (
                  <tr key={occurrenceId(event)}>
                    <td>
                      <time dateTime={event.start}>{format.dateTime(event.start)}</time>
                    </td>
                    <th scope="row">
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => {
                          onOpen(event);
                        }}
                      >
                        {event.name}
                      </button>
                    </th>
                    <td>
                      <StateText state={event.state} />
                    </td>
                    <td>{format.number(event.serverCount)}</td>
                    <td>{event.recurring ? t("calendar.repeats") : t("calendar.once")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
