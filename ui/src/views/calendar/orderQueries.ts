import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { call, keys } from "../../app/queries";
import { AppFailure, commands, type CalendarRange, type OrderView, type SaveOrder } from "../../ipc";

export const orderKeys = {
  all: ["orders"] as const,
  calendar: (range: CalendarRange) => ["orders", "calendar", range.from, range.to] as const,
  detail: (id: string) => ["orders", "detail", id] as const,
};

// Runs start, end and fail on their own; the calendar asks again at this pace so
// their states show without a reload.
export const ordersPoll = 10_000;

/** Every occurrence in a range, each with its run's state; the last range stays on
 *  screen while the next loads, so moving a month does not blank the calendar. */
export function useOrderCalendar(range: CalendarRange | null) {
  return useQuery({
    queryKey: range ? orderKeys.calendar(range) : [...orderKeys.all, "calendar", "none"],
    queryFn: () => (range ? call(() => commands.orderCalendar(range)) : Promise.resolve([])),
    enabled: range !== null,
    placeholderData: keepPreviousData,
    refetchInterval: ordersPoll,
  });
}

const day = 24 * 60 * 60 * 1000;
/** How far ahead the list of upcoming orders looks, today included. */
export const upcomingDays = 14;

/** Today's occurrences and those of the days after, from midnight on this
 *  computer's clock, worked out at each ask so the list moves on with the days. */
export function useUpcomingOrders() {
  return useQuery({
    queryKey: [...orderKeys.all, "upcoming"],
    queryFn: () => {
      const now = new Date();
      const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
      const to = new Date(today.getTime() + upcomingDays * day);
      return call(() => commands.orderCalendar({ from: today.toISOString(), to: to.toISOString() }));
    },
    refetchInterval: ordersPoll,
  });
}

/** One order with every run it has had. */
export function useOrder(id: string) {
  return useQuery({
    queryKey: orderKeys.detail(id),
    queryFn: () => call(() => commands.order(id)),
    refetchInterval: ordersPoll,
  });
}

/** Every enrolled server, to choose an order's servers from (under the servers'
 *  key, so whatever changes a server renews the list). */
export function useServerChoices() {
  return useQuery({
    queryKey: [...keys.serverLists, "all"],
    queryFn: () =>
      call(() =>
        commands.queryServers({
          tab: null,
          stage: null,
          text: null,
          eoslWithinDays: null,
          warrantyWithinDays: null,
          limit: null,
        }),
      ),
  });
}

/** After an order changed: the calendar, the order, and the audit log that recorded it. */
function ordersChanged(client: QueryClient): Promise<void> {
  return Promise.all([
    client.invalidateQueries({ queryKey: orderKeys.all }),
    client.invalidateQueries({ queryKey: keys.audits }),
  ]).then(() => undefined);
}

export function useSaveOrder() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: SaveOrder) => call(() => commands.saveOrder(request)),
    onSuccess: () => ordersChanged(client),
  });
}

/** Where a dragged order starts now, worked out from the order as it is saved. */
export interface MovePlan {
  orderId: string;
  startOf: (order: OrderView) => string | null;
}

/** A drag on the calendar: the order is read afresh, so its own time zone and start
 *  are what the new start is worked out in, then moved there. */
export function useMoveOrder() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ orderId, startOf }: MovePlan) => {
      const order = await call(() => commands.order(orderId));
      const start = startOf(order);
      if (start === null) {
        throw new AppFailure({ code: "invalid_input", message: `"${order.start}" is not a local date and time` });
      }
      return call(() => commands.moveOrder({ orderId, start, timeZone: order.timeZone }));
    },
    onSettled: () => ordersChanged(client),
  });
}

export function useDeleteOrder() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (orderId: string) => call(() => commands.deleteOrder(orderId)),
    onSettled: () => ordersChanged(client),
  });
}
