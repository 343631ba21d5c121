import { ConfirmDialog } from "../../components/ConfirmDialog";
import type { OrderView } from "../../ipc";
import { useI18n } from "../../i18n";
import { useDeleteOrder } from "./orderQueries";

interface Props {
  order: OrderView;
  onClosed: () => void;
  onDeleted: (name: string) => void;
}

/** Asks before an order is deleted, and says what deleting it leaves alone. */
export function DeleteOrderDialog({ order, onClosed, onDeleted }: Props) {
  const { t } = useI18n();
  const remove = useDeleteOrder();
  return (
    <ConfirmDialog
      title={t("order.deleteTitle", { name: order.name })}
      confirmLabel={t("order.deleteConfirm")}
      onClosed={onClosed}
      busy={remove.isPending}
      busyText={t("order.deleting")}
      failure={{ error: remove.error, title: t("order.deleteFailed") }}
      onConfirm={(close) => {
        remove.mutate(order.id, {
          onSuccess: () => {
            onDeleted(order.name);
            close();
          },
        });
      }}
    >
      <p>{t("order.deleteAbout")}</p>
    </ConfirmDialog>
  );
}
