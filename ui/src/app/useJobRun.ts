import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";

import {
  Channel,
  commands,
  type AppFailure,
  type JobEvent,
  type JobRecord,
  type JobRequest,
  type JobServerState,
} from "../ipc";
import { call, invalidateLifecycle } from "./queries";

/** One server's part as the progress channel last reported it. */
export interface JobRow {
  serverId: string;
  name: string;
  state: JobServerState;
  step: string | null;
  error: string | null;
  /** The error's stable code, translated where the UI knows it. */
  errorCode: string | null;
  result: string | null;
}

export interface JobRun {
  running: boolean;
  /** The job as it started, then as it finished. */
  job: JobRecord | null;
  /** Each server's latest event, in the order they first reported. */
  rows: ReadonlyMap<string, JobRow>;
  /** Why the job could not start (a refusal, a server not found). */
  error: AppFailure | null;
}

const idleRun: JobRun = { running: false, job: null, rows: new Map(), error: null };

function applyJobEvent(run: JobRun, event: JobEvent): JobRun {
  switch (event.event) {
    case "server": {
      const { serverId, name, state, step, error, errorCode, result } = event;
      const row = { serverId, name, state, step, error, errorCode, result };
      return { ...run, rows: new Map(run.rows).set(serverId, row) };
    }
    case "finished":
      return { ...run, running: false, job: event.job };
  }
}

/** Starts a job (or a retry) and follows it over its progress channel. The command
 *  answers as soon as the job is recorded, so the work, and the "finished" event
 *  that ends it, come after; messages from an earlier run are dropped. onEvent
 *  (keep it stable) hears every event of the current run, for views whose records
 *  change as the job goes rather than only at its end. */
export function useJobRun(onEvent?: (event: JobEvent) => void) {
  const client = useQueryClient();
  const [run, setRun] = useState<JobRun>(idleRun);
  const current = useRef(0);

  const follow = useCallback(
    async (begin: (progress: Channel<JobEvent>) => Promise<JobRecord>): Promise<JobRecord | null> => {
      const id = ++current.current;
      setRun({ ...idleRun, running: true });
      const progress = new Channel<JobEvent>((event) => {
        if (current.current !== id) return;
        setRun((r) => applyJobEvent(r, event));
        onEvent?.(event);
        if (event.event === "finished") void invalidateLifecycle(client);
      });
      try {
        const started = await call(() => begin(progress));
        // The finished event may have overtaken the answer; it has the last word then.
        if (current.current === id) setRun((r) => (r.running ? { ...r, job: started } : r));
        void invalidateLifecycle(client);
        return started;
      } catch (error) {
        if (current.current === id) setRun((r) => ({ ...r, running: false, error: error as AppFailure }));
        // A refusal is written to the audit log too.
        void invalidateLifecycle(client);
        return null;
      }
    },
    [client, onEvent],
  );

  /** Forgets a run that never started, once its refusal has been shown elsewhere;
   *  a job under way is kept. */
  const reset = useCallback(() => {
    setRun((r) => (r.running || r.job !== null ? r : idleRun));
  }, []);

  const start = useCallback(
    (request: JobRequest) => follow((progress) => commands.startJob(request, progress)),
    [follow],
  );
  const retry = useCallback((jobId: string) => follow((progress) => commands.retryJob(jobId, progress)), [follow]);

  return { run, start, retry, follow, reset };
}
