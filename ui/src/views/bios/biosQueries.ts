import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { call, keys } from "../../app/queries";
import { useDebounced } from "../../app/useDebounced";
import { commands, type AppFailure, type BiosChange, type BiosRefusal, type BiosView } from "../../ipc";
import { effectiveValues, type BiosValues } from "./biosAttributes";

// Under the server's own key, so a refresh of the server reads its BIOS again too.
const biosKey = (serverId: string) => [...keys.serverDetail(serverId), "bios"] as const;

/** The BIOS as the BMC reports it now: a read from the BMC, so not while a snapshot is shown. */
export function useBios(serverId: string, enabled: boolean) {
  return useQuery({ queryKey: biosKey(serverId), queryFn: () => call(() => commands.bios(serverId)), enabled });
}

export interface BiosCheck {
  refusals: readonly BiosRefusal[];
  /** The edits changed since the last answer: Apply waits for it. */
  checking: boolean;
  error: AppFailure | null;
}

const noRefusals: readonly BiosRefusal[] = [];

/** The backend's check of the edits against the registry, asked once typing pauses;
 *  without a registry only the BMC can check, when the values are sent. */
export function useBiosCheck(view: BiosView, changes: BiosValues, updatedAt: number): BiosCheck {
  const settled = useDebounced(changes, 250);
  const registry = view.registry;
  const asking = registry !== null && Object.keys(settled).length > 0;
  const check = useQuery({
    queryKey: [...biosKey(view.serverId), "check", updatedAt, settled],
    queryFn: () =>
      registry === null
        ? noRefusals
        : call(() => commands.checkBios({ registry, values: effectiveValues(view), changes: settled })),
    enabled: asking,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  return {
    refusals: asking ? (check.data ?? noRefusals) : noRefusals,
    checking: settled !== changes || (asking && check.isFetching),
    error: asking ? check.error : null,
  };
}

function afterChange(client: QueryClient, serverId: string, view: BiosView) {
  client.setQueryData(biosKey(serverId), view);
  // Read once more, as the BMC has it, and the change is in the audit log.
  return Promise.all([
    client.invalidateQueries({ queryKey: biosKey(serverId), exact: true }),
    client.invalidateQueries({ queryKey: keys.audits }),
  ]);
}

/** A refusal is audited, and may mean the server's stage changed under the page. */
function refused(client: QueryClient, serverId: string) {
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.serverActions(serverId) }),
    client.invalidateQueries({ queryKey: keys.audits }),
  ]);
}

export function useSetBios(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: BiosChange) => call(() => commands.setBios(serverId, change)),
    // A password attribute may be among the values: let the cache drop them at once.
    gcTime: 0,
    onSuccess: (view) => afterChange(client, serverId, view),
    onError: () => refused(client, serverId),
  });
}

export function useResetBios(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => commands.resetBios(serverId)),
    onSuccess: (view) => afterChange(client, serverId, view),
    onError: () => refused(client, serverId),
  });
}
