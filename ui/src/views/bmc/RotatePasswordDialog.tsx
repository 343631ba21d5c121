import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useI18n } from "../../i18n";
import { useRotateBmcPassword } from "./bmcQueries";

interface Props {
  serverId: string;
  username: string;
  onClosed: () => void;
  onRotated: () => void;
}

/** Asks before the customer's password is replaced: whoever uses the old one is locked out. */
export function RotatePasswordDialog({ serverId, username, onClosed, onRotated }: Props) {
  const { t } = useI18n();
  const rotate = useRotateBmcPassword(serverId);
  return (
    <ConfirmDialog
      title={t("bmcSettings.rotateTitle", { username })}
      confirmLabel={t("bmcSettings.rotate")}
      onClosed={onClosed}
      busy={rotate.isPending}
      busyText={t("bmcSettings.rotating")}
      failure={{ error: rotate.error, title: t("bmcSettings.rotateFailed") }}
      onConfirm={(close) => {
        rotate.mutate(username, {
          onSuccess: () => {
            onRotated();
            close();
          },
        });
      }}
    >
      <p>{t("bmcSettings.rotateWarning")}</p>
    </ConfirmDialog>
  );
}
