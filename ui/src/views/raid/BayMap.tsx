import { useId } from "react";

import type { BayDrive, StorageView } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { inBayOrder, isFailed, volumeOfDrive } from "./raidDrives";

interface Props {
  storage: StorageView;
  drives: readonly string[];
  hotSpares: readonly string[];
  onChange: (drives: string[], hotSpares: string[]) => void;
}

/** Step 2: the controller's bays, each a checkbox named by its drive id, with a
 *  second toggle to keep the drive as a hot spare instead. */
export function BayMap({ storage, drives, hotSpares, onChange }: Props) {
  const { t } = useI18n();
  const pick = (id: string, member: boolean, spare: boolean) => {
    const without = (ids: readonly string[]) => ids.filter((d) => d !== id);
    // A drive is a member or a spare, never both.
    onChange(
      inBayOrder(storage, member ? [...without(drives), id] : without(drives)),
      inBayOrder(storage, spare ? [...without(hotSpares), id] : without(hotSpares)),
    );
  };
  return (
    <fieldset>
      <legend>{t("raid.bays")}</legend>
      <p className="hint">{t("raid.drivesHint")}</p>
      <ul className="bay-map">
        {storage.drives.map((drive) => (
          <Bay
            key={drive.id}
            drive={drive}
            volume={volumeOfDrive(storage, drive)}
            member={drives.includes(drive.id)}
            spare={hotSpares.includes(drive.id)}
            onMember={(on) => {
              pick(drive.id, on, false);
            }}
            onSpare={(on) => {
              pick(drive.id, false, on);
            }}
          />
        ))}
      </ul>
      <p role="status" className="hint">
        {t("raid.chosen", { count: drives.length, spares: hotSpares.length })}
      </p>
    </fieldset>
  );
}

interface BayProps {
  drive: BayDrive;
  /** The name of the volume it is in, if any. */
  volume: string | null;
  member: boolean;
  spare: boolean;
  onMember: (on: boolean) => void;
  onSpare: (on: boolean) => void;
}

function Bay({ drive, volume, member, spare, onMember, onSpare }: BayProps) {
  const { t } = useI18n();
  const format = useFormat();
  const factsId = useId();
  const failed = isFailed(drive);
  const unknown = t("servers.unknown");
  const state = failed ? "failed" : member ? "member" : spare ? "spare" : volume === null ? "free" : "used";
  return (
    <li className={`bay ${state}`}>
      <label className="bay-pick">
        <input
          type="checkbox"
          aria-label={drive.id}
          aria-describedby={factsId}
          checked={member}
          disabled={failed}
          onChange={(e) => {
            onMember(e.target.checked);
          }}
        />
        <span className="bay-id">{drive.id}</span>
      </label>
      <span id={factsId} className="bay-facts">
        <span>
          {[
            drive.mediaType ?? unknown,
            drive.capacityBytes === null ? unknown : format.bytes(drive.capacityBytes),
            drive.health ?? unknown,
          ].join(" · ")}
        </span>{" "}
        {drive.model !== null && (
          <>
            <span className="hint">{drive.model}</span>{" "}
          </>
        )}
        <span className={failed ? "warning" : "hint"}>
          {failed
            ? t("raid.failedDrive")
            : volume === null
              ? t("raid.free")
              : t("raid.inVolume", { name: volume })}
        </span>
      </span>
      <label className="bay-spare">
        <input
          type="checkbox"
          checked={spare}
          disabled={failed}
          onChange={(e) => {
            onSpare(e.target.checked);
          }}
        />{" "}
        {t("raid.hotSpare", { id: drive.id })}
      </label>
    </li>
  );
}
