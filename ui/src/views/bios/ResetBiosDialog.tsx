import { ConfirmDialog } from "../../components/ConfirmDialog";
import type { BiosView, ServerSummary } from "../../ipc";
import { useI18n } from "../../i18n";
import { useResetBios } from "./biosQueries";

interface Props {
  server: ServerSummary;
  onClosed: () => void;
  onReset: (view: BiosView) => void;
}

/** Asks before every BIOS setting goes back to its default at the next reset. */
export function ResetBiosDialog({ server, onClosed, onReset }: Props) {
  const { t } = useI18n();
  const reset = useResetBios(server.id);
  return (
    <ConfirmDialog
      title={t("bios.resetTitle", { name: server.name })}
      confirmLabel={t("bios.reset")}
      onClosed={onClosed}
      busy={reset.isPending}
      busyText={t("bios.resetting")}
      failure={{ error: reset.error, title: t("bios.resetFailed") }}
      onConfirm={(close) => {
        reset.mutate(undefined, {
          onSuccess: (view) => {
            onReset(view);
            close();
          },
        });
      }}
    >
      <p>{t("bios.resetWarning")}</p>
      <p className="hint">{t("bios.resetAudit")}</p>
    </ConfirmDialog>
  );
}
