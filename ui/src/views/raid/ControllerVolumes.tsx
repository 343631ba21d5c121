import type { StorageView, VolumeView } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { controllerName, driveIdOf, isFailed, raidTypeLabel, volumeName } from "./raidDrives";

/** One controller: what it supports, how many bays are free and its volumes. */
export function ControllerVolumes({ storage }: { storage: StorageView }) {
  const { t } = useI18n();
  // A failed drive is in no volume, but it is not free to use either.
  const free = storage.drives.filter((d) => d.volume === null && !isFailed(d)).length;
  return (
    <div className="raid-controller">
      <h3>{controllerName(storage)}</h3>
      <p className="hint">
        {storage.raidTypes.length > 0
          ? t("raid.supports", { levels: storage.raidTypes.map(raidTypeLabel).join(", ") })
          : t("raid.supportsUnknown")}{" "}
        {t("raid.drivesFree", { free, total: storage.drives.length })}
      </p>
      {storage.volumes.length === 0 ? (
        <p className="hint">{t("raid.noVolumes")}</p>
      ) : (
        <VolumeTable storage={storage} volumes={storage.volumes} caption={t("raid.volumes")} />
      )}
    </div>
  );
}

interface TableProps {
  storage: StorageView;
  volumes: readonly VolumeView[];
  caption: string;
}

/** Volumes with their level, capacity and member drives (hot spares marked). */
export function VolumeTable({ storage, volumes, caption }: TableProps) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <div className="fact-table">
      <table className="servers">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("raid.column.name")}</th>
            <th scope="col">{t("raid.column.level")}</th>
            <th scope="col">{t("raid.column.capacity")}</th>
            <th scope="col">{t("raid.column.drives")}</th>
          </tr>
        </thead>
        <tbody>
          {volumes.map((v) => (
            <tr key={v.id}>
              <td>{volumeName(v)}</td>
              <td>{v.raidType === null ? t("servers.unknown") : raidTypeLabel(v.raidType)}</td>
              <td>{v.capacityBytes === null ? t("servers.unknown") : format.bytes(v.capacityBytes)}</td>
              <td>
                {[
                  ...v.drives.map((path) => driveIdOf(storage, path)),
                  ...v.spares.map((path) => t("raid.spareOf", { id: driveIdOf(storage, path) })),
                ].join(", ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
