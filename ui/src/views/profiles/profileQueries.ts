import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { call, keys } from "../../app/queries";
import { commands, type BuildProfile } from "../../ipc";

const profilesKey = ["buildProfiles"] as const;

export function useBuildProfiles() {
  return useQuery({ queryKey: profilesKey, queryFn: () => call(() => commands.buildProfiles()) });
}

/** After a profile changed: the list, and the audit log that recorded it. */
function useProfilesChanged() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: profilesKey }),
      client.invalidateQueries({ queryKey: keys.audits }),
    ]).then(() => undefined);
}

export function useSaveProfile() {
  const changed = useProfilesChanged();
  return useMutation({
    mutationFn: ({ profile, replacing }: { profile: BuildProfile; replacing: string | null }) =>
      call(() => commands.saveBuildProfile(profile, replacing)),
    onSuccess: changed,
  });
}

export function useDeleteProfile() {
  const changed = useProfilesChanged();
  return useMutation({
    mutationFn: (name: string) => call(() => commands.deleteBuildProfile(name)),
    onSuccess: changed,
  });
}

export function useExportProfile() {
  return useMutation({ mutationFn: (name: string) => call(() => commands.exportBuildProfile(name)) });
}

export function useImportProfile() {
  const changed = useProfilesChanged();
  return useMutation({
    mutationFn: (text: string) => call(() => commands.importBuildProfile(text)),
    onSuccess: changed,
  });
}

/** Reads every chosen server and checks it against the profile; nothing is changed. */
export function usePreflight() {
  return useMutation({
    mutationFn: ({ profile, servers }: { profile: BuildProfile; servers: string[] }) =>
      call(() => commands.preflightBuild(profile, servers)),
  });
}
