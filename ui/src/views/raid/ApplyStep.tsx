import type { UseMutationResult } from "@tanstack/react-query";

import { ErrorPanel } from "../../components/ErrorPanel";
import type { AppFailure, RaidApplied, RaidApply, VolumeView } from "../../ipc";
import { useI18n } from "../../i18n";
import { VolumeTable } from "./ControllerVolumes";
import { volumeName } from "./raidDrives";

interface Props {
  /** The volumes in the way the user confirmed deleting, as the review listed them. */
  deleting: readonly VolumeView[];
  apply: UseMutationResult<RaidApplied, AppFailure, RaidApply>;
}

/** Step 6: the volume being created, then created and read back as asked, or why not. */
export function ApplyStep({ deleting, apply }: Props) {
  const { t } = useI18n();
  const done = apply.data;
  return (
    <>
      {/* One live region whose words change, so the outcome is announced. */}
      <p role="status" className={done ? "success" : undefined}>
        {apply.isPending ? t("raid.creating") : done ? t("raid.created") : ""}
      </p>
      {apply.isError && <ErrorPanel error={apply.error} title={t("raid.createFailed")} />}
      {done && (
        <>
          <VolumeTable storage={done.storage} volumes={[done.volume]} caption={t("raid.newVolume")} />
          {done.deleted.length > 0 && (
            <p className="hint">
              {t("raid.deleted", {
                names: done.deleted
                  .map((id) => {
                    const volume = deleting.find((v) => v.id === id);
                    return volume ? volumeName(volume) : id;
                  })
                  .join(", "),
              })}
            </p>
          )}
        </>
      )}
    </>
  );
}
