import { useRef } from "react";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useI18n } from "../../i18n";
import type { Drop } from "./OrderCalendar";

interface Props {
  drop: Drop;
  onConfirmed: (drop: Drop) => void;
  onClosed: () => void;
}

/** A repeating order has one start for all its occurrences: dragging one moves
 *  them all, so that is asked first. Cancelling puts the occurrence back. */
export function MoveSeriesDialog({ drop, onConfirmed, onClosed }: Props) {
  const { t } = useI18n();
  const confirmed = useRef(false);
  return (
    <ConfirmDialog
      title={t("calendar.moveSeriesTitle", { name: drop.event.name })}
      confirmLabel={t("calendar.moveSeriesConfirm")}
      onClosed={() => {
        if (!confirmed.current) drop.revert();
        onClosed();
      }}
      onConfirm={(close) => {
        confirmed.current = true;
        onConfirmed(drop);
        close();
      }}
    >
      <p>{t("calendar.moveSeriesAbout")}</p>
    </ConfirmDialog>
  );
}
