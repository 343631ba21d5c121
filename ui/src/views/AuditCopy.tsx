import { useState } from "react";

import type { AuditEntry } from "../ipc";
import { useI18n } from "../i18n";

const csvColumns = [
  "seq",
  "at",
  "actor",
  "role",
  "action",
  "target",
  "outcome",
  "detail",
  "params",
  "prevHash",
  "hash",
] as const;

function csvCell(value: string | number | null): string {
  const text = value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((e) => csvColumns.map((c) => csvCell(e[c])).join(","));
  return [csvColumns.join(","), ...rows].join("\r\n") + "\r\n";
}

type Copied = "json" | "csv" | "failed" | null;

/** The entries shown, to the clipboard: the desktop webviews drop a download a page
 *  starts itself (WebKitGTK silently), while the clipboard works in every one. */
export function AuditCopy({ entries }: { entries: readonly AuditEntry[] }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<Copied>(null);
  const copy = (kind: "json" | "csv") => {
    const text = kind === "json" ? JSON.stringify(entries, null, 2) : auditCsv(entries);
    navigator.clipboard.writeText(text).then(
      () => {
        setCopied(kind);
      },
      () => {
        setCopied("failed");
      },
    );
  };
  return (
    <div className="audit-copy">
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={entries.length === 0}
          onClick={() => {
            copy("json");
          }}
        >
          {t("audit.copyJson")}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={entries.length === 0}
          onClick={() => {
            copy("csv");
          }}
        >
          {t("audit.copyCsv")}
        </button>
      </div>
      <p role="status" className="hint">
        {copied === "failed"
          ? t("audit.copyFailed")
          : copied !== null && t("audit.copied", { count: entries.length, format: copied.toUpperCase() })}
      </p>
    </div>
  );
}
