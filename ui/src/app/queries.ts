import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";

import {
  AppFailure,
  commands,
  toAppFailure,
  type AddBmcRequest,
  type AuditEntry,
  type AuditFilter,
  type ExportFormat,
  type ImportRequest,
  type JobRecord,
  type LifecycleDates,
  type MoveRequest,
  type ServerQuery,
  type Settings,
  type SnapshotInfo,
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
  serverPage: (query: ServerQuery) => ["servers", "page", query] as const,
  serverDetails: ["server"] as const,
  serverDetail: (id: string) => ["server", id] as const,
  // Under the server's own key, so whatever changes a server also renews what it allows.
  serverActions: (id: string) => ["server", id, "actions"] as const,
  powerState: (id: string) => ["server", id, "power"] as const,
  // Not under the server: each read is audited as BMC access, so a refresh must not repeat it.
  bmcAccess: (id: string) => ["bmcAccess", id] as const,
  jobs: ["jobs"] as const,
  jobList: (limit: number) => ["jobs", "list", limit] as const,
  job: (id: string) => ["jobs", "detail", id] as const,
  audits: ["audit"] as const,
  // Every server's deletion pass; one server's pass is under its own key too.
  deletions: ["deletions"] as const,
  audit: (filter: AuditFilter) => ["audit", filter] as const,
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

/** The snapshot shown read-only instead of the profile, if one is. */
export function useSnapshot(): SnapshotInfo | null {
  return useStartup().data?.snapshot ?? null;
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

/** One page of a stage tab; the last page stays on screen while the next loads,
 *  so typing in the search box does not blank the table at every key. */
export function useServerPage(query: ServerQuery) {
  return useQuery({
    queryKey: keys.serverPage(query),
    queryFn: () => call(() => commands.queryServers(query)),
    placeholderData: keepPreviousData,
  });
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

export function useServerActions(id: string) {
  return useQuery({ queryKey: keys.serverActions(id), queryFn: () => call(() => commands.serverActions(id)) });
}

// The console bar's power state: a live read from the BMC, at this pace while shown.
const powerPoll = 5000;

/** The power state as the BMC reports it now, read again every few seconds. */
export function usePowerState(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.powerState(id),
    queryFn: () => call(() => commands.powerState(id)),
    enabled,
    refetchInterval: powerPoll,
  });
}

/** After a move, a job or new dates: the servers, what they allow, the jobs, the
 *  deletion passes and the audit log. */
export function invalidateLifecycle(client: QueryClient): Promise<void> {
  return Promise.all([
    invalidateServers(client),
    client.invalidateQueries({ queryKey: keys.jobs }),
    client.invalidateQueries({ queryKey: keys.deletions }),
    client.invalidateQueries({ queryKey: keys.audits }),
  ]).then(() => undefined);
}

export function useMoveStage(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: MoveRequest) => call(() => commands.moveStage(id, request)),
    // A refused move is audited too, so the log changes either way.
    onSettled: () => invalidateLifecycle(client),
  });
}

export function useSetServerDates(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (dates: LifecycleDates) => call(() => commands.setServerDates(id, dates)),
    onSuccess: () => invalidateLifecycle(client),
  });
}

const stillRunning = (jobs: readonly JobRecord[] | undefined) => jobs?.some((j) => j.state === "running") === true;
// While a job runs, its rows change under it; ask again at this pace until it ends.
const runningPoll = 2000;

export function useJobs(limit = 200) {
  return useQuery({
    queryKey: keys.jobList(limit),
    queryFn: () => call(() => commands.jobs(limit)),
    refetchInterval: (query) => (stillRunning(query.state.data) ? runningPoll : false),
  });
}

export function useJob(id: string) {
  return useQuery({
    queryKey: keys.job(id),
    queryFn: () => call(() => commands.job(id)),
    refetchInterval: (query) => (query.state.data?.job.state === "running" ? runningPoll : false),
  });
}

export function useCancelJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string) => call(() => commands.cancelJob(jobId)),
    onSettled: () => client.invalidateQueries({ queryKey: keys.jobs }),
  });
}

/** A full page may have older entries behind it; they start below its oldest. */
function olderThan(page: readonly AuditEntry[], limit: number): number | null {
  if (page.length === 0 || page.length < limit) return null;
  return page.reduce((oldest, e) => Math.min(oldest, e.seq), Infinity);
}

/** The log newest first, a page at a time, each older page asked for by the entry
 *  number it goes back from. Reading it again reads every page shown again, from
 *  the newest, so entries written since push the pages along rather than repeat. */
export function useAudit(filter: AuditFilter) {
  const limit = filter.limit ?? 500;
  return useInfiniteQuery({
    queryKey: keys.audit(filter),
    queryFn: ({ pageParam }) => call(() => commands.audit({ ...filter, beforeSeq: pageParam })),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => olderThan(last, limit),
  });
}

export function useExportAudit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ filter, format }: { filter: AuditFilter; format: ExportFormat }) =>
      call(() => commands.exportAudit(filter, format)),
    // The export is itself an entry in the log.
    onSuccess: () => client.invalidateQueries({ queryKey: keys.audits }),
  });
}

/** Re-reads the whole chain, which may be long: only when the user asks. */
export function useVerifyAudit() {
  return useMutation({ mutationFn: () => call(() => commands.verifyAudit()) });
}

export function useExportInventory() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ query, format }: { query: ServerQuery; format: ExportFormat }) =>
      call(() => commands.exportInventory(query, format)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.audits }),
  });
}

/** A snapshot replaces everything the window shows, settings and start-up facts
 *  included, so every query is asked again. */
export function useOpenSnapshot() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ text, label }: { text: string; label: string }) => call(() => commands.openSnapshot(text, label)),
    onSuccess: () => client.invalidateQueries(),
  });
}

export function useCloseSnapshot() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => commands.closeSnapshot()),
    onSuccess: () => client.invalidateQueries(),
  });
}
