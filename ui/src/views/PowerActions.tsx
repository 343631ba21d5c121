import { useId } from "react";

import type { ServerSummary } from "../ipc";
import { useI18n } from "../i18n";
import { PowerButtonList } from "./PowerButtonList";
import { powerButtons } from "./powerButtons";

/** Power and the locator LED, each run as a job. */
export function PowerActions({ server }: { server: ServerSummary }) {
  const { t } = useI18n();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>{t("power.title")}</h2>
      <p className="hint">{t("power.about")}</p>
      <PowerButtonList server={server} buttons={powerButtons} label={t("power.title")} />
    </section>
  );
}
