import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { call, invalidateLifecycle, keys } from "../../app/queries";
import { commands, type IronicSignIn } from "../../ipc";

const backendsKey = ["backends"] as const;

export function useBackends() {
  return useQuery({ queryKey: backendsKey, queryFn: () => call(() => commands.backends()) });
}

export function useAddIronic() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ url, signIn }: { url: string; signIn: IronicSignIn }) => call(() => commands.addIronicBackend(url, signIn)),
    // The sign-in holds the password; a mutation keeps its variables in the cache
    // until garbage collection, so collect it as soon as the dialog lets go.
    gcTime: 0,
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
