import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback } from "react";

import { call, keys } from "../../app/queries";
import { useJobRun } from "../../app/useJobRun";
import {
  commands,
  type CertificateFormat,
  type DeletionRequest,
  type DeletionView,
  type Language,
} from "../../ipc";

// Under the server's own key, so whatever renews a server renews its pass and certificates.
const serverDeletionKey = (serverId: string) => [...keys.serverDetail(serverId), "deletion"] as const;
const certificatesKey = (serverId: string) => [...keys.serverDetail(serverId), "certificates"] as const;
const deletionListKey = (limit: number) => [...keys.deletions, limit] as const;
const certificateKey = (certificateId: string) => ["certificate", certificateId] as const;

// A pass moves through its steps in seconds to hours; this keeps a running one current
// without a job of this window to hear from (one started by the agent, or elsewhere).
const runningPoll = 1500;

const running = (view: DeletionView | null | undefined) => view?.deletion.state === "running";

/** The server's open pass, else its last one; null when it never had one. */
export function useServerDeletion(serverId: string) {
  return useQuery({
    queryKey: serverDeletionKey(serverId),
    queryFn: () => call(() => commands.serverDeletion(serverId)),
    refetchInterval: (query) => (running(query.state.data) ? runningPoll : false),
  });
}

/** Open passes first, then the newest verified ones. */
export function useDeletions(limit: number) {
  return useQuery({
    queryKey: deletionListKey(limit),
    queryFn: () => call(() => commands.deletions(limit)),
    refetchInterval: (query) => (query.state.data?.some(running) ? runningPoll : false),
  });
}

/** The server's erasure certificates, newest first. */
export function useCertificates(serverId: string) {
  return useQuery({
    queryKey: certificatesKey(serverId),
    queryFn: () => call(() => commands.certificates(serverId)),
  });
}

export function useCertificate(certificateId: string) {
  return useQuery({
    queryKey: certificateKey(certificateId),
    queryFn: () => call(() => commands.certificate(certificateId)),
    // A certificate is never changed once issued.
    staleTime: Infinity,
  });
}

export interface CertificateExport {
  certificateId: string;
  format: CertificateFormat;
  language: Language;
}

export function useExportCertificate() {
  return useMutation({
    mutationFn: ({ certificateId, format, language }: CertificateExport) =>
      call(() => commands.exportCertificate(certificateId, format, language)),
  });
}

/** Every pass shown, the list and each server's own; not the rest of the server's
 *  queries, some of which read the BMC. */
function invalidateDeletions(client: QueryClient): Promise<void> {
  return client.invalidateQueries({
    predicate: ({ queryKey }) => queryKey[0] === keys.deletions[0] || (queryKey[0] === "server" && queryKey[2] === "deletion"),
  });
}

/** Starts or resumes the deletion pipeline as a job followed over its channel; the
 *  passes shown are read again at each step the job reports. */
export function useDeletionRun() {
  const client = useQueryClient();
  const onEvent = useCallback(() => void invalidateDeletions(client), [client]);
  const { run, follow, reset } = useJobRun(onEvent);
  const startDeletion = useCallback(
    (request: DeletionRequest) => follow((progress) => commands.startDeletion(request, progress)),
    [follow],
  );
  const resumeDeletion = useCallback(
    (serverIds: string[]) => follow((progress) => commands.resumeDeletion(serverIds, progress)),
    [follow],
  );
  return { run, startDeletion, resumeDeletion, reset };
}
