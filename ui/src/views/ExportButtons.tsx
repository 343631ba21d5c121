import { useExportInventory } from "../app/queries";
import { ErrorPanel } from "../components/ErrorPanel";
import type { ExportFormat, ServerQuery } from "../ipc";
import { useI18n } from "../i18n";
import { useFormat } from "../i18n/format";

const formats: readonly ExportFormat[] = ["json", "csv"];

/** Saves every server the tab's filter matches, not only the page shown. */
export function ExportButtons({ query }: { query: Omit<ServerQuery, "offset" | "limit"> }) {
  const { t } = useI18n();
  const format = useFormat();
  const exported = useExportInventory();
  return (
    <div className="export">
      <div className="actions" role="group" aria-label={t("export.label")}>
        {formats.map((f) => (
          <button
            key={f}
            type="button"
            className="secondary"
            disabled={exported.isPending}
            onClick={() => {
              exported.mutate({ query: { ...query, offset: 0, limit: null }, format: f });
            }}
          >
            {t(`export.${f}`)}
          </button>
        ))}
      </div>
      <p role="status" className="notice">
        {exported.isSuccess &&
          t("export.saved", { count: format.number(exported.data.count), path: exported.data.path })}
      </p>
      {exported.isError && <ErrorPanel error={exported.error} title={t("export.failed")} />}
    </div>
  );
}
