import { useId, useRef, useState } from "react";

import { ErrorPanel } from "../components/ErrorPanel";
import { Fingerprint } from "../components/Fingerprint";
import { Modal } from "../components/Modal";
import type { ImportReport } from "../ipc";
import { errorMessageKey, useI18n } from "../i18n";
import { useFormat } from "../i18n/format";
import { useImportCsv } from "../app/queries";

const example = "address,user,secret,site,room,rack,u,asset_tag,sha256";

/** Enrols many BMCs from a CSV file: a dry run contacts every BMC and shows its
 *  certificate; only when every row is good can the user trust them all and
 *  import, and the backend then stores all rows or none. */
export function ImportCsvDialog({ onClosed, onImported }: { onClosed: () => void; onImported: (report: ImportReport) => void }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const fileId = useId();
  const textId = useId();
  const [csv, setCsv] = useState("");
  const check = useImportCsv();
  const store = useImportCsv();

  // A report answers the text it was made from; editing the text asks for a new check.
  const checked = check.isSuccess && check.variables.csv === csv ? check.data : null;
  const stored = store.isSuccess && store.variables.csv === csv ? store.data : null;
  const busy = check.isPending || store.isPending;
  const allGood = checked !== null && checked.rows.length > 0 && checked.rows.every((r) => r.ok);

  const runCheck = () => {
    store.reset();
    check.mutate({ csv, dryRun: true, accepted: [] });
  };

  const runImport = () => {
    if (!checked) return;
    const accepted = checked.rows.flatMap((r) => (r.certificate ? [{ line: r.line, sha256: r.certificate.sha256 }] : []));
    store.mutate(
      { csv, dryRun: false, accepted },
      {
        onSuccess: (report) => {
          if (report.imported) onImported(report);
        },
      },
    );
  };

  return (
    <Modal title={t("importCsv.title")} dialogRef={dialog} onClosed={onClosed} busy={busy}>
      <div className="dialog-form">
        <p>{t("importCsv.about")}</p>
        <pre className="csv-example">{example}</pre>
        <ul className="csv-columns">
          <li>{t("importCsv.column.address")}</li>
          <li>{t("importCsv.column.user")}</li>
          <li>{t("importCsv.column.secret")}</li>
          <li>{t("importCsv.column.placement")}</li>
          <li>{t("importCsv.column.sha256")}</li>
        </ul>
        <div className="field">
          <label htmlFor={fileId}>{t("importCsv.file")}</label>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv,text/plain"
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void file.text().then(setCsv);
            }}
          />
        </div>
        <div className="field wide">
          <label htmlFor={textId}>{t("importCsv.text")}</label>
          <textarea
            id={textId}
            rows={8}
            spellCheck={false}
            value={csv}
            disabled={busy}
            onChange={(e) => {
              setCsv(e.target.value);
            }}
          />
        </div>
        <div className="dialog-actions">
          <button type="button" disabled={csv.trim() === "" || busy} onClick={runCheck}>
            {t("importCsv.check")}
          </button>
        </div>
        {check.isPending && <p role="status">{t("importCsv.checking")}</p>}
        {check.isError && <ErrorPanel error={check.error} title={t("importCsv.checkFailed")} />}
        {stored ? (
          <FinalReport report={stored} />
        ) : (
          checked && (
            <>
              <ReportTable report={checked} />
              {allGood ? (
                <p className="warning">{t("importCsv.compare")}</p>
              ) : (
                <p role="status" className="warning">
                  {t("importCsv.fixRows")}
                </p>
              )}
            </>
          )
        )}
        {store.isPending && <p role="status">{t("importCsv.importing")}</p>}
        {store.isError && <ErrorPanel error={store.error} title={t("importCsv.importFailed")} />}
        <div className="dialog-actions">
          <button
            type="button"
            className="secondary"
            disabled={store.isPending}
            onClick={() => {
              dialog.current?.close();
            }}
          >
            {stored?.imported ? t("dialog.close") : t("dialog.cancel")}
          </button>
          {allGood && !stored && (
            <button type="button" disabled={busy} onClick={runImport}>
              {t("importCsv.import")}
            </button>
          )}
        </div>
      </div>
    </Modal>
  );
}

function FinalReport({ report }: { report: ImportReport }) {
  const { t } = useI18n();
  const format = useFormat();
  return report.imported ? (
    <p role="status" className="success">
      {t("importCsv.imported", { count: format.number(report.serversAdded), rows: format.number(report.rows.length) })}
    </p>
  ) : (
    <>
      <p role="alert" className="warning">
        {t("importCsv.nothingImported")}
      </p>
      <ReportTable report={report} />
    </>
  );
}

function ReportTable({ report }: { report: ImportReport }) {
  const { t } = useI18n();
  const format = useFormat();
  const bad = report.rows.filter((r) => !r.ok).length;
  return (
    <div className="report">
      <p>
        {t("importCsv.summary", {
          rows: format.number(report.rows.length),
          ok: format.number(report.rows.length - bad),
          bad: format.number(bad),
        })}
      </p>
      <div className="report-scroll">
        <table className="servers report-table">
          <caption className="visually-hidden">{t("importCsv.reportCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("importCsv.line")}</th>
              <th scope="col">{t("importCsv.address")}</th>
              <th scope="col">{t("importCsv.result")}</th>
              <th scope="col">{t("certificate.sha256")}</th>
              <th scope="col">{t("importCsv.systems")}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={row.line} className={row.ok ? undefined : "failed"}>
                <th scope="row">{row.line}</th>
                <td>{row.address}</td>
                <td>
                  {row.ok
                    ? t("importCsv.ok")
                    : row.error && (
                        <>
                          {t(errorMessageKey(row.error.code))} <code>{row.error.message}</code>
                        </>
                      )}
                </td>
                <td>{row.certificate ? <Fingerprint sha256={row.certificate.sha256} /> : t("servers.unknown")}</td>
                <td>{format.number(row.systems)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
