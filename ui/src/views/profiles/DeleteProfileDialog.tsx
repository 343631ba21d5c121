import { ConfirmDialog } from "../../components/ConfirmDialog";
import type { ProfileEntry } from "../../ipc";
import { useI18n } from "../../i18n";
import { useDeleteProfile } from "./profileQueries";

interface Props {
  entry: ProfileEntry;
  onClosed: () => void;
  onDeleted: (name: string) => void;
}

/** Asks before a profile is deleted, and says what deleting it leaves alone. */
export function DeleteProfileDialog({ entry, onClosed, onDeleted }: Props) {
  const { t } = useI18n();
  const remove = useDeleteProfile();
  const name = entry.profile.name;
  return (
    <ConfirmDialog
      title={t("profiles.deleteTitle", { name })}
      confirmLabel={t("profiles.deleteConfirm")}
      onClosed={onClosed}
      busy={remove.isPending}
      failure={{ error: remove.error, title: t("profiles.deleteFailed") }}
      onConfirm={(close) => {
        remove.mutate(name, {
          onSuccess: () => {
            onDeleted(name);
            close();
          },
        });
      }}
    >
      <p>{t("profiles.deleteAbout")}</p>
    </ConfirmDialog>
  );
}
