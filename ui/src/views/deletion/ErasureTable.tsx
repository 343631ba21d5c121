import type { Erasure } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { methodLabel } from "./deletionWords";

/** Each drive's erase on this pass: how, and how it ended (a failure in the BMC's words). */
export function ErasureTable({ erasures }: { erasures: readonly Erasure[] }) {
  const { t } = useI18n();
  const format = useFormat();
  const dash = t("servers.unknown");
  if (erasures.length === 0) return <p className="hint">{t("deletion.noErasures")}</p>;
  return (
    <div className="fact-table">
      <table className="servers erasures" aria-label={t("deletion.erasures")}>
        <thead>
          <tr>
            <th scope="col">{t("deletion.drive")}</th>
            <th scope="col">{t("servers.model")}</th>
            <th scope="col">{t("servers.serial")}</th>
            <th scope="col">{t("deletion.capacity")}</th>
            <th scope="col">{t("deletion.method")}</th>
            <th scope="col">{t("deletion.erasureState")}</th>
            <th scope="col">{t("deletion.message")}</th>
          </tr>
        </thead>
        <tbody>
          {erasures.map((e) => (
            <tr key={e.driveId} className={e.state === "failed" ? "failed" : undefined}>
              <th scope="row">{e.driveId}</th>
              <td>{e.model ?? dash}</td>
              <td>{e.serial ?? dash}</td>
              <td>{e.capacityBytes === null ? dash : format.bytes(e.capacityBytes)}</td>
              <td>{methodLabel(e.method, t)}</td>
              <td className={`erasure-state ${e.state}`}>{t(`deletion.erasureState.${e.state}`)}</td>
              <td>{e.message ?? dash}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
