import type { FirmwareComponentView, FirmwareView } from "../../ipc";
import { useI18n, type MessageKey } from "../../i18n";

/** How a component stands against the baseline, in words: drift is never a colour alone. */
function comparison(component: FirmwareComponentView): { key: MessageKey; drift: boolean } {
  if (component.baseline === null) return { key: "firmware.notInBaseline", drift: false };
  return component.drift ? { key: "firmware.drift", drift: true } : { key: "firmware.matches", drift: false };
}

/** Each component's version next to what the baseline wants for the model. */
export function FirmwareTable({ view, ironic = false }: { view: FirmwareView; ironic?: boolean }) {
  const { t } = useI18n();
  const unknown = t("servers.unknown");
  if (view.components.length === 0) {
    return <p className="hint">{t(ironic ? "firmware.noComponentsIronic" : "firmware.noComponents")}</p>;
  }
  const drifting = view.components.filter((c) => c.drift).length;
  return (
    <>
      <div className="fact-table">
        <table className="servers report-table" aria-label={t("firmware.tableLabel")}>
          <thead>
            <tr>
              <th scope="col">{t("firmware.component")}</th>
              <th scope="col">{t("firmware.version")}</th>
              <th scope="col">{t("firmware.baseline")}</th>
              <th scope="col">{t("firmware.comparison")}</th>
            </tr>
          </thead>
          <tbody>
            {view.components.map((component) => {
              const { key, drift } = comparison(component);
              return (
                <tr key={component.id}>
                  <th scope="row">
                    {component.name ?? component.id}
                    {component.name !== null && component.name !== component.id && (
                      <>
                        {" "}
                        <code>({component.id})</code>
                      </>
                    )}
                  </th>
                  <td>{component.version ?? unknown}</td>
                  <td>{component.baseline ?? unknown}</td>
                  <td className={drift ? "warning" : undefined}>{t(key)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {view.baselineFound && (
        <p className={drifting > 0 ? "warning" : "hint"}>
          {drifting > 0 ? t("firmware.driftCount", { count: drifting }) : t("firmware.noDrift")}
        </p>
      )}
    </>
  );
}

/** Where the baseline is kept, and what to add to it when it names no entry for this model. */
export function BaselineNote({ view }: { view: FirmwareView }) {
  const { t } = useI18n();
  return (
    <>
      <dl className="facts">
        <dt>{t("servers.model")}</dt>
        <dd>{view.model ?? t("servers.unknown")}</dd>
        <dt>{t("firmware.baselineFile")}</dt>
        <dd>
          <code>{view.baselineFile}</code>
        </dd>
      </dl>
      {!view.baselineFound && (
        <p className="hint">
          {view.model === null
            ? t("firmware.noModel", { path: view.baselineFile })
            : t("firmware.noBaseline", { path: view.baselineFile, model: view.model })}
        </p>
      )}
    </>
  );
}
