import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { commands, type RaidApply, type StorageView } from "../../ipc";
import { call, keys } from "../../app/queries";

// Under the server's own key, so a refresh of the server reads its storage again too.
export const raidKeys = {
  storage: (serverId: string) => [...keys.serverDetail(serverId), "storage"] as const,
  review: (serverId: string, apply: RaidApply) => [...keys.serverDetail(serverId), "raidReview", apply] as const,
};

/** The controllers, their bay maps and volumes, read live from the BMC. */
export function useStorage(serverId: string, enabled: boolean) {
  return useQuery({
    queryKey: raidKeys.storage(serverId),
    queryFn: () => call(() => commands.storage(serverId)),
    enabled,
  });
}

/** The layout checked against the drives as they are now; nothing changes on the server. */
export function useRaidReview(serverId: string, apply: RaidApply | null) {
  return useQuery({
    queryKey: raidKeys.review(serverId, apply ?? { storageId: "", level: "raid0", drives: [] }),
    queryFn: () => (apply ? call(() => commands.reviewRaid(serverId, apply)) : Promise.reject(new Error("no layout"))),
    enabled: apply !== null,
    // The drives may change under it; the review is asked again each time the step opens.
    gcTime: 0,
  });
}

export function useApplyRaid(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (apply: RaidApply) => call(() => commands.applyRaid(serverId, apply)),
    onSuccess: (applied) => {
      // What the backend read back after the change, at once; then read again for good measure.
      client.setQueryData<StorageView[]>(raidKeys.storage(serverId), (storages) =>
        storages?.map((s) => (s.id === applied.storage.id ? applied.storage : s)),
      );
      return client.invalidateQueries({ queryKey: raidKeys.storage(serverId) });
    },
    // Applying is audited, whether it worked or not.
    onSettled: () => client.invalidateQueries({ queryKey: keys.audits }),
  });
}
