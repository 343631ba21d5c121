import { useQuery } from "@tanstack/react-query";

import { call, keys } from "../../app/queries";
import { commands } from "../../ipc";

// Under the server's own key, so a refresh of the server, and the end of a job on
// it (a firmware update, a BMC reset), read its firmware again too.
const firmwareKey = (serverId: string) => [...keys.serverDetail(serverId), "firmware"] as const;

/** The firmware the BMC lists now, against the baseline for the server's model:
 *  a read from the BMC (it may take seconds), so not while a snapshot is shown. */
export function useFirmware(serverId: string, enabled: boolean) {
  return useQuery({
    queryKey: firmwareKey(serverId),
    queryFn: () => call(() => commands.firmware(serverId)),
    enabled,
  });
}

/** The system's file dialog for a firmware image; null when the user cancelled it. */
export function chooseFirmwareFile(): Promise<string | null> {
  return call(() => commands.chooseFirmwareFile());
}
