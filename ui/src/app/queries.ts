import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";

import {
  AppFailure,
  commands,
  toAppFailure,
  type AddBmcRequest,
  type ImportRequest,
  type Settings,
  type Tab,
} from "../ipc";

// Commands reject with an AppError value (or a Tauri string); queries see one Error type.
export async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toAppFailure(error);
  }
}

declare module "@tanstack/react-query" {
  interface Register {
    defaultError: AppFailure;
  }
}

export const keys = {
  startup: ["startup"] as const,
  settings: ["settings"] as const,
  tabs: ["tabs"] as const,
  demoLab: ["demoLab"] as const,
  serverLists: ["servers"] as const,
  servers: (tab: Tab) => ["servers", tab] as const,
  serverDetails: ["server"] as const,
  serverDetail: (id: string) => ["server", id] as const,
};

/** After servers were added or refreshed: every list, every detail and the tab counts. */
export function invalidateServers(client: QueryClient): Promise<void> {
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.serverLists }),
    client.invalidateQueries({ queryKey: keys.serverDetails }),
    client.invalidateQueries({ queryKey: keys.tabs }),
  ]).then(() => undefined);
}

export function useStartup() {
  return useQuery({
    queryKey: keys.startup,
    queryFn: () => call(() => commands.startup()),
    retry: false,
    staleTime: Infinity,
  });
}

export function useSettings() {
  return useQuery({
    queryKey: keys.settings,
    queryFn: () => call(() => commands.settings()),
    staleTime: Infinity,
  });
}

export function useSaveSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (settings: Settings) => call(() => commands.saveSettings(settings)),
    onSuccess: (saved) => {
      client.setQueryData(keys.settings, saved);
    },
  });
}

export function useTabSummaries() {
  return useQuery({ queryKey: keys.tabs, queryFn: () => call(() => commands.tabSummaries()) });
}

export function useServers(tab: Tab) {
  return useQuery({ queryKey: keys.servers(tab), queryFn: () => call(() => commands.listServers(tab)) });
}

export function useServerDetail(id: string) {
  return useQuery({ queryKey: keys.serverDetail(id), queryFn: () => call(() => commands.serverDetail(id)) });
}

/** The in-process demo lab enrols its servers after start-up; asked once per run. */
export function useDemoLab() {
  return useQuery({
    queryKey: keys.demoLab,
    queryFn: () => call(() => commands.demoLabReady()),
    retry: false,
    staleTime: Infinity,
  });
}

/** Connects to the BMC and reports its certificate; nothing is stored, so it is a
 *  mutation the user asks for, not a query that might run again by itself. */
export function useInspectCertificate() {
  return useMutation({ mutationFn: (address: string) => call(() => commands.inspectCertificate(address)) });
}

export function useAddBmc() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: AddBmcRequest) => call(() => commands.addBmc(request)),
    // The request holds the password; a mutation keeps its variables in the cache
    // until garbage collection, so collect it as soon as the dialog lets go.
    gcTime: 0,
    onSuccess: () => invalidateServers(client),
  });
}

export function useImportCsv() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: ImportRequest) => call(() => commands.importCsv(request)),
    onSuccess: (report) => (report.imported ? invalidateServers(client) : undefined),
  });
}

export function useTrustCertificate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ bmcId, sha256 }: { bmcId: string; sha256: string }) =>
      call(() => commands.trustCertificate(bmcId, sha256)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.serverDetails }),
  });
}
