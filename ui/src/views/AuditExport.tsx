import { useExportAudit } from "../app/queries";
import { ExportFileButtons } from "../components/ExportFileButtons";
import type { AuditFilter } from "../ipc";

/** Saves every entry the filters match, however many pages that is. */
export function AuditExport({ filter }: { filter: AuditFilter }) {
  return (
    <ExportFileButtons
      label="audit.exportLabel"
      saved="audit.exported"
      exported={useExportAudit()}
      // From the newest on: the pages loaded so far are no part of what matches.
      variables={(format) => ({ filter: { ...filter, beforeSeq: null }, format })}
    />
  );
}
