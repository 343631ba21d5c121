import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";

import { Channel, commands, type AppFailure, type RefreshEvent, type RefreshOutcome } from "../ipc";
import { call, invalidateServers } from "./queries";

export interface RefreshRun {
  running: boolean;
  /** Servers asked for; null means every enrolled server. */
  requested: readonly string[] | null;
  /** How many servers the backend is refreshing, once it has said. */
  total: number | null;
  /** Each server's result as it ended, by server id. */
  outcomes: ReadonlyMap<string, RefreshOutcome>;
  /** Why the refresh as a whole failed (not one server: those are outcomes). */
  error: AppFailure | null;
}

const idleRun: RefreshRun = { running: false, requested: null, total: null, outcomes: new Map(), error: null };

function applyRefreshEvent(run: RefreshRun, event: RefreshEvent): RefreshRun {
  switch (event.event) {
    case "started":
      return { ...run, total: event.total };
    case "server":
      return { ...run, outcomes: new Map(run.outcomes).set(event.outcome.serverId, event.outcome) };
    case "finished":
      return run;
  }
}

/** Refreshes servers over a progress channel. Channel messages and the command's
 *  answer travel separately, so the answer, which lists every outcome, has the
 *  last word; the channel is only there to show progress while it runs. */
export function useRefresh() {
  const client = useQueryClient();
  const [run, setRun] = useState<RefreshRun>(idleRun);
  // A new run's channel replaces the last; late messages from an old one are dropped.
  const current = useRef(0);

  const start = useCallback(
    async (serverIds: readonly string[] | null): Promise<RefreshOutcome[] | null> => {
      const id = ++current.current;
      setRun({ ...idleRun, running: true, requested: serverIds });
      const progress = new Channel<RefreshEvent>((event) => {
        if (current.current === id) setRun((r) => applyRefreshEvent(r, event));
      });
      try {
        const outcomes = await call(() => commands.refreshServers(serverIds === null ? null : [...serverIds], progress));
        if (current.current === id) {
          setRun((r) => ({
            ...r,
            running: false,
            total: outcomes.length,
            outcomes: new Map(outcomes.map((o) => [o.serverId, o])),
          }));
        }
        return outcomes;
      } catch (error) {
        if (current.current === id) setRun((r) => ({ ...r, running: false, error: error as AppFailure }));
        return null;
      } finally {
        await invalidateServers(client);
      }
    },
    [client],
  );

  return { run, start };
}
