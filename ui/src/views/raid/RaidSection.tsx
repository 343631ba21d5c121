import { useEffect, useId, useRef, useState } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { RefusalText } from "../../components/RefusalText";
import type { ServerSummary } from "../../ipc";
import { useI18n } from "../../i18n";
import { useServerActions, useSnapshot } from "../../app/queries";
import { ControllerVolumes } from "./ControllerVolumes";
import { RaidWizard } from "./RaidWizard";
import { useStorage } from "./raidQueries";

/** The server's RAID controllers and volumes, and the wizard that builds a volume;
 *  the wizard opens only where the backend's guards allow raid_build now. */
export function RaidSection({ server, ironic = false }: { server: ServerSummary; ironic?: boolean }) {
  const { t } = useI18n();
  const headingId = useId();
  const refusalId = useId();
  const snapshot = useSnapshot();
  // Storage is read live from the BMC: not for a server without one, nor from a snapshot.
  const readable = server.bmcId !== null && snapshot === null && !ironic;
  const storage = useStorage(server.id, readable);
  const actions = useServerActions(server.id);
  const [configuring, setConfiguring] = useState(false);
  const configureButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const rule = actions.data?.actions.find((r) => r.action === "raid_build");
  const allowed = rule?.allowed === true;
  // When the wizard closes, focus goes back to the button that opened it.
  useEffect(() => {
    if (configuring || !returnFocus.current) return;
    returnFocus.current = false;
    configureButton.current?.focus();
  }, [configuring]);

  return (
    <section aria-labelledby={headingId} className="card raid">
      <h2 id={headingId}>{t("raid.title")}</h2>
      <p className="hint">{t(ironic ? "raid.ironic" : "raid.about")}</p>
      {!readable && !ironic && <p className="hint">{t("raid.unavailable")}</p>}
      {storage.isPending && readable && <p role="status">{t("app.loading")}</p>}
      {storage.isError && <ErrorPanel error={storage.error} onRetry={() => void storage.refetch()} />}
      {storage.data &&
        (storage.data.length === 0 ? (
          <p className="hint">{t("raid.noControllers")}</p>
        ) : (
          storage.data.map((s) => <ControllerVolumes key={s.id} storage={s} />)
        ))}
      {!ironic && (
        <ul className="rule-list">
          <li>
            <button
              ref={configureButton}
              type="button"
              disabled={!allowed || configuring || !storage.data?.length}
              aria-describedby={rule?.refusal ? refusalId : undefined}
              aria-expanded={configuring}
              onClick={() => {
                setConfiguring(true);
              }}
            >
              {t("raid.configure")}
            </button>
            {rule?.refusal && <RefusalText refusal={rule.refusal} id={refusalId} />}
          </li>
        </ul>
      )}
      {configuring && storage.data && (
        <RaidWizard
          server={server}
          storages={storage.data}
          allowed={allowed}
          onClose={() => {
            returnFocus.current = true;
            setConfiguring(false);
          }}
        />
      )}
    </section>
  );
}
