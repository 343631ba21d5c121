import type { ReactNode } from "react";

import { ConfirmDialog } from "../components/ConfirmDialog";
import { useI18n } from "../i18n";
import type { PowerButton } from "./powerButtons";

export type ConfirmedButton = PowerButton & { confirm: NonNullable<PowerButton["confirm"]> };

interface Props {
  /** The question, naming the server or how many of them. */
  title: string;
  button: ConfirmedButton;
  onClosed: () => void;
  onConfirmed: () => void;
  /** Shown under the warning: the servers it would hit, for a job on many. */
  children?: ReactNode;
}

/** Asks before an action that gives the OS no chance to save its work. */
export function ConfirmPowerDialog({ title, button, onClosed, onConfirmed, children }: Props) {
  const { t } = useI18n();
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={t(button.label)}
      onClosed={onClosed}
      onConfirm={(close) => {
        onConfirmed();
        close();
      }}
    >
      <p>{t(button.confirm)}</p>
      {children}
      <p className="hint">{t("power.confirmJob")}</p>
    </ConfirmDialog>
  );
}
