import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { AppFailure, commands, toAppFailure, type Settings, type Tab } from "../ipc";

// Commands reject with an AppError value (or a Tauri string); queries see one Error type.
async function call<T>(run: () => Promise<T>): Promise<T> {
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
  servers: (tab: Tab) => ["servers", tab] as const,
};

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
