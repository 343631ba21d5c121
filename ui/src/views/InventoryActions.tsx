import { useState } from "react";

import { useSnapshot } from "../app/queries";
import { useI18n } from "../i18n";
import { useFormat } from "../i18n/format";
import { AddBmcDialog } from "./AddBmcDialog";
import { ImportCsvDialog } from "./ImportCsvDialog";

type Open = "add" | "import" | null;

/** Enrolment, offered on the Inventory tab where new servers arrive. */
export function InventoryActions({ onNotice }: { onNotice: (message: string) => void }) {
  const { t } = useI18n();
  const format = useFormat();
  const [open, setOpen] = useState<Open>(null);
  // Enrolling into a snapshot under review would change what is only a record.
  const reviewing = useSnapshot() !== null;
  const closed = () => {
    setOpen(null);
  };
  return (
    <>
      <button
        type="button"
        disabled={reviewing}
        onClick={() => {
          setOpen("add");
        }}
      >
        {t("addBmc.open")}
      </button>
      <button
        type="button"
        disabled={reviewing}
        onClick={() => {
          setOpen("import");
        }}
      >
        {t("importCsv.open")}
      </button>
      {open === "add" && (
        <AddBmcDialog
          onClosed={closed}
          onAdded={(result) => {
            onNotice(t("addBmc.added", { count: format.number(result.servers.length) }));
          }}
        />
      )}
      {open === "import" && (
        <ImportCsvDialog
          onClosed={closed}
          onImported={(report) => {
            onNotice(t("importCsv.imported", { count: format.number(report.serversAdded), rows: format.number(report.rows.length) }));
          }}
        />
      )}
    </>
  );
}
