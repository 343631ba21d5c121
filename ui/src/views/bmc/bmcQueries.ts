import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { call, keys } from "../../app/queries";
import { commands, type AccountSpec, type BmcSettings, type BmcSettingsView } from "../../ipc";

// Under the server's own key, so a refresh of the server reads its BMC settings again too.
const bmcSettingsKey = (serverId: string) => [...keys.serverDetail(serverId), "bmcSettings"] as const;

/** The BMC's settings and accounts as it reports them now: a read from the BMC,
 *  so not while a snapshot is shown. */
export function useBmcSettings(serverId: string, enabled: boolean) {
  return useQuery({
    queryKey: bmcSettingsKey(serverId),
    queryFn: () => call(() => commands.bmcSettings(serverId)),
    enabled,
  });
}

function changed(client: QueryClient, serverId: string, view: BmcSettingsView) {
  client.setQueryData(bmcSettingsKey(serverId), view);
  return client.invalidateQueries({ queryKey: keys.audits });
}

/** A refusal is audited, and may mean the server's stage changed under the page. */
function refused(client: QueryClient, serverId: string) {
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.serverActions(serverId) }),
    client.invalidateQueries({ queryKey: keys.audits }),
  ]);
}

export function useApplyBmcSettings(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (settings: BmcSettings) => call(() => commands.applyBmcSettings(serverId, settings)),
    onSuccess: (view) => changed(client, serverId, view),
    onError: () => refused(client, serverId),
  });
}

export function useCreateBmcAccount(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (account: AccountSpec) => call(() => commands.createBmcAccount(serverId, account)),
    onSuccess: (view) => changed(client, serverId, view),
    onError: () => refused(client, serverId),
  });
}

export function useRotateBmcPassword(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (username: string) => call(() => commands.rotateBmcPassword(serverId, username)),
    onSuccess: (view) => changed(client, serverId, view),
    onError: () => refused(client, serverId),
  });
}

/** The password itself: asked for straight from the backend, never through a query
 *  or mutation, so no cache ever holds it; the caller keeps it in its own state. */
export function revealBmcPassword(serverId: string, username: string): Promise<string> {
  return call(() => commands.revealBmcPassword(serverId, username));
}

/** The BMC's address and the customer's accounts on it. Every read is audited as
 *  direct BMC access, so it is read once per page, not again on each refresh. */
export function useBmcAccess(serverId: string, enabled: boolean) {
  const client = useQueryClient();
  return useQuery({
    queryKey: keys.bmcAccess(serverId),
    queryFn: async () => {
      try {
        return await call(() => commands.bmcAccess(serverId));
      } finally {
        void client.invalidateQueries({ queryKey: keys.audits });
      }
    },
    enabled,
    staleTime: Infinity,
  });
}

/** Opens the BMC's own web UI in the system browser (audited as BMC access). */
export function useOpenBmcWeb(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => commands.openBmcWeb(serverId)),
    onSettled: () => client.invalidateQueries({ queryKey: keys.audits }),
  });
}
