import { useId } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { RefusalText } from "../../components/RefusalText";
import type { ServerSummary } from "../../ipc";
import { useI18n } from "../../i18n";
import { useServerActions, useSnapshot } from "../../app/queries";
import { BiosEditor } from "./BiosEditor";
import { useBios } from "./biosQueries";

/** The server's BIOS settings, read from its BMC; editable only where its stage
 *  allows BIOS changes, and saying why not otherwise. */
export function BiosSection({ server, ironic = false }: { server: ServerSummary; ironic?: boolean }) {
  const { t } = useI18n();
  const headingId = useId();
  const refusalId = useId();
  const reviewing = useSnapshot() !== null;
  const actions = useServerActions(server.id);
  const bios = useBios(server.id, !reviewing);
  const rule = actions.data?.actions.find((r) => r.action === "bios_settings");
  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>{t("bios.title")}</h2>
      <p className="hint">{t(ironic ? "bios.aboutIronic" : "bios.about")}</p>
      {rule?.refusal && (
        <p>
          {t("bios.cannotChange")} <RefusalText refusal={rule.refusal} id={refusalId} />
        </p>
      )}
      {reviewing && <p className="hint">{t("bios.snapshot")}</p>}
      {!reviewing && bios.isPending && <p role="status">{t("bios.loading")}</p>}
      {bios.isError && <ErrorPanel error={bios.error} title={t("bios.readFailed")} onRetry={() => void bios.refetch()} />}
      {bios.isSuccess && (
        <BiosEditor
          key={server.id}
          server={server}
          view={bios.data}
          updatedAt={bios.dataUpdatedAt}
          ironic={ironic}
          allowed={rule?.allowed === true}
          refusalId={rule?.refusal ? refusalId : undefined}
        />
      )}
    </section>
  );
}
