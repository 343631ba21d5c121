import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { call, invalidateLifecycle, keys } from "../../app/queries";
import { commands } from "../../ipc";

const backendsKey = ["backends"] as const;

export function useBackends() {
  return useQuery({ queryKey: backendsKey, queryFn: () => call(() => commands.backends()) });
}

export function useAddIronic() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (url: string) => call(() => commands.addIronicBackend(url)),
    // Adding is audited.
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: backendsKey }),
        client.invalidateQueries({ queryKey: keys.audits }),
      ]),
  });
}

/** A sync adds servers and moves them between stages as Ironic says, so every
 *  view of the servers, their stage history and the log is read again. It is
 *  stored all or nothing, so a failed one changed nothing to read. */
export function useSyncBackend() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (backendId: string) => call(() => commands.syncBackend(backendId)),
    onSuccess: () =>
      Promise.all([client.invalidateQueries({ queryKey: backendsKey }), invalidateLifecycle(client)]),
  });
}
