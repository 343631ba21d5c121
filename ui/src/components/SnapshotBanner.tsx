import { useCloseSnapshot } from "../app/queries";
import type { SnapshotInfo } from "../ipc";
import { useI18n } from "../i18n";
import { useFormat } from "../i18n/format";
import { ErrorPanel } from "./ErrorPanel";

/** Shown on every page while an exported snapshot stands in for the profile, so
 *  nobody takes it for the live fleet. */
export function SnapshotBanner({ snapshot }: { snapshot: SnapshotInfo }) {
  const { t } = useI18n();
  const format = useFormat();
  const close = useCloseSnapshot();
  return (
    <section className="snapshot-banner" aria-label={t("snapshot.banner")}>
      <p>
        <strong>
          {t("snapshot.reviewing", {
            label: snapshot.label,
            by: snapshot.exportedBy,
            at: format.dateTime(snapshot.exportedAt),
          })}
        </strong>{" "}
        {t("snapshot.readOnly", { count: format.number(snapshot.servers) })}
      </p>
      <button
        type="button"
        disabled={close.isPending}
        onClick={() => {
          close.mutate();
        }}
      >
        {t("snapshot.close")}
      </button>
      {close.isError && <ErrorPanel error={close.error} />}
    </section>
  );
}
