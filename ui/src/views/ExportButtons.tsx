import { useExportInventory } from "../app/queries";
import { ExportFileButtons } from "../components/ExportFileButtons";
import type { ServerQuery } from "../ipc";

/** Saves every server the tab's filter matches, not only the page shown. */
export function ExportButtons({ query }: { query: Omit<ServerQuery, "offset" | "limit"> }) {
  return (
    <ExportFileButtons
      label="export.label"
      saved="export.saved"
      exported={useExportInventory()}
      variables={(format) => ({ query: { ...query, offset: 0, limit: null }, format })}
    />
  );
}
