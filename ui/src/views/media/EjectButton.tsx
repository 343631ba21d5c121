import { useState } from "react";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorPanel } from "../../components/ErrorPanel";
import type { MediaView } from "../../ipc";
import { useI18n } from "../../i18n";
import { imageName, insertedSlot } from "./mediaText";
import { useEjectMedia } from "./mediaQueries";

/** Ejects the virtual CD; asks first while something is mounted, since whatever
 *  reads from it (an installer, say) fails the moment it goes. */
export function EjectButton({ serverId, view }: { serverId: string; view: MediaView }) {
  const { t } = useI18n();
  const eject = useEjectMedia(serverId);
  const [confirming, setConfirming] = useState(false);
  const slot = insertedSlot(view);
  const mounted = slot !== undefined || view.served !== null;
  const image = slot ? imageName(view, slot) : (view.served?.file ?? "");
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={eject.isPending}
        onClick={() => {
          eject.reset();
          if (mounted) setConfirming(true);
          else eject.mutate();
        }}
      >
        {t("media.eject")}
      </button>
      {!confirming && eject.error && <ErrorPanel error={eject.error} title={t("media.ejectFailed")} />}
      {confirming && (
        <ConfirmDialog
          title={t("media.ejectTitle", { image })}
          confirmLabel={t("media.eject")}
          busy={eject.isPending}
          busyText={t("media.ejecting")}
          failure={{ error: eject.error, title: t("media.ejectFailed") }}
          onConfirm={(close) => {
            eject.mutate(undefined, { onSuccess: close });
          }}
          onClosed={() => {
            setConfirming(false);
          }}
        >
          <p>{t("media.ejectWarning")}</p>
          {view.served && <p>{t("media.ejectStopsServing", { file: view.served.file })}</p>}
        </ConfirmDialog>
      )}
    </>
  );
}
