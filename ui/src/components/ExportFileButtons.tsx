import type { UseMutationResult } from "@tanstack/react-query";

import type { AppFailure, ExportedFile, ExportFormat } from "../ipc";
import type { MessageKey } from "../i18n";
import { useI18n } from "../i18n";
import { useFormat } from "../i18n/format";
import { ErrorPanel } from "./ErrorPanel";

const formats: readonly ExportFormat[] = ["json", "csv"];

interface Props<V> {
  label: MessageKey;
  /** The message once saved, with {count} and {path}. */
  saved: MessageKey;
  exported: UseMutationResult<ExportedFile, AppFailure, V>;
  variables: (format: ExportFormat) => V;
}

/** JSON and CSV buttons for a file the backend writes to Downloads (the webviews
 *  drop a download a page starts itself), and where it went. */
export function ExportFileButtons<V>({ label, saved, exported, variables }: Props<V>) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <div className="export">
      <div className="actions" role="group" aria-label={t(label)}>
        {formats.map((f) => (
          <button
            key={f}
            type="button"
            className="secondary"
            disabled={exported.isPending}
            onClick={() => {
              exported.mutate(variables(f));
            }}
          >
            {t(`export.${f}`)}
          </button>
        ))}
      </div>
      <p role="status" className="notice">
        {exported.isSuccess && t(saved, { count: format.number(exported.data.count), path: exported.data.path })}
      </p>
      {exported.isError && <ErrorPanel error={exported.error} title={t("export.failed")} />}
    </div>
  );
}
