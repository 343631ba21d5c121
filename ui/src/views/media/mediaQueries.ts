import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { call, keys } from "../../app/queries";
import { commands, type MediaSource, type MediaView } from "../../ipc";

// Under the server's own key, so a refresh of the server reads its media again too.
const mediaKey = (serverId: string) => [...keys.serverDetail(serverId), "media"] as const;

/** The virtual media slots and the boot override, as the BMC reports them now. */
export function useVirtualMedia(serverId: string, enabled: boolean) {
  return useQuery({
    queryKey: mediaKey(serverId),
    queryFn: () => call(() => commands.virtualMedia(serverId)),
    enabled,
  });
}

function changed(client: QueryClient, view: MediaView) {
  client.setQueryData(mediaKey(view.serverId), view);
  return client.invalidateQueries({ queryKey: keys.audits });
}

/** A refusal is audited, and may mean the server's stage changed under the page. */
function refused(client: QueryClient, serverId: string) {
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.serverActions(serverId) }),
    client.invalidateQueries({ queryKey: keys.audits }),
  ]);
}

export function useInsertMedia(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ source, bootOnce }: { source: MediaSource; bootOnce: boolean }) =>
      call(() => commands.insertMedia({ serverId, source, bootOnce })),
    onSuccess: (view) => changed(client, view),
    onError: () => refused(client, serverId),
  });
}

export function useEjectMedia(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => commands.ejectMedia(serverId)),
    onSuccess: (view) => changed(client, view),
    onError: () => refused(client, serverId),
  });
}

export function useBootFromCdOnce(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => commands.bootOnce({ serverId, device: "cd" })),
    onSuccess: (view) => changed(client, view),
    onError: () => refused(client, serverId),
  });
}
