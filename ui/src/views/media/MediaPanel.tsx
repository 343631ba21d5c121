import { useState } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import type { MediaView } from "../../ipc";
import { useI18n } from "../../i18n";
import { EjectButton } from "./EjectButton";
import { MountForm } from "./MountForm";
import { nextBoot } from "./mediaText";
import { useBootFromCdOnce, useVirtualMedia } from "./mediaQueries";

/** The server's virtual media: what is mounted, the next boot, and mounting,
 *  ejecting and booting from the CD once. Its heading is the caller's. */
export function MediaPanel({ serverId }: { serverId: string }) {
  const { t } = useI18n();
  const media = useVirtualMedia(serverId, true);
  if (media.isPending) return <p role="status">{t("media.loading")}</p>;
  if (media.isError) {
    return <ErrorPanel error={media.error} title={t("media.readFailed")} onRetry={() => void media.refetch()} />;
  }
  return (
    <div className="media-panel">
      <MediaSlots view={media.data} />
      <p>{nextBoot(media.data, t)}</p>
      {media.data.served && (
        <p className="notice">
          {t("media.served", { file: media.data.served.file, url: media.data.served.url })}
        </p>
      )}
      <MediaButtons serverId={serverId} view={media.data} />
      <MountForm serverId={serverId} />
    </div>
  );
}

function MediaSlots({ view }: { view: MediaView }) {
  const { t } = useI18n();
  const flag = (value: boolean | null) => (value === null ? t("servers.unknown") : t(value ? "detail.yes" : "detail.no"));
  if (view.slots.length === 0) return <p className="hint">{t("media.noSlots")}</p>;
  return (
    <div className="fact-table">
      <table className="servers report-table" aria-label={t("media.slots")}>
        <thead>
          <tr>
            <th scope="col">{t("media.slot")}</th>
            <th scope="col">{t("media.types")}</th>
            <th scope="col">{t("media.image")}</th>
            <th scope="col">{t("media.writeProtected")}</th>
          </tr>
        </thead>
        <tbody>
          {view.slots.map((slot) => (
            <tr key={slot.id}>
              <th scope="row">{slot.name || slot.id}</th>
              <td>{slot.mediaTypes.join(", ") || t("servers.unknown")}</td>
              <td>{slot.inserted ? (slot.image ?? t("media.insertedUnnamed")) : t("media.empty")}</td>
              <td>{flag(slot.writeProtected)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MediaButtons({ serverId, view }: { serverId: string; view: MediaView }) {
  const { t } = useI18n();
  const boot = useBootFromCdOnce(serverId);
  const [booted, setBooted] = useState(false);
  return (
    <>
      <div className="actions">
        <EjectButton serverId={serverId} view={view} />
        <button
          type="button"
          className="secondary"
          disabled={boot.isPending}
          onClick={() => {
            setBooted(false);
            boot.mutate(undefined, {
              onSuccess: () => {
                setBooted(true);
              },
            });
          }}
        >
          {t("media.bootCdOnce")}
        </button>
      </div>
      <p role="status" className="hint">
        {boot.isPending ? t("media.settingBoot") : booted ? t("media.bootSet") : ""}
      </p>
      {boot.error && <ErrorPanel error={boot.error} title={t("media.bootFailed")} />}
    </>
  );
}
