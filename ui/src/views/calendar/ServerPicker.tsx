import { useState } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { TextField } from "../../components/TextField";
import type { OrderServer } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { useServerChoices } from "./orderQueries";

// A fleet may hold thousands; more than this many boxes is a list nobody reads.
const shownAtMost = 200;

interface Props {
  /** Chosen server ids. */
  chosen: readonly string[];
  /** The servers of the order being edited, to name one removed since. */
  known: readonly OrderServer[];
  onChange: (chosen: string[]) => void;
}

/** The servers an order works on, ticked from every enrolled server, each with the
 *  stage it is in now (which decides what may be done to it). */
export function ServerPicker({ chosen, known, onChange }: Props) {
  const { t } = useI18n();
  const format = useFormat();
  const servers = useServerChoices();
  const [filter, setFilter] = useState("");
  const text = filter.trim().toLowerCase();
  const all = servers.data?.servers ?? [];
  const matching = all.filter((s) => text === "" || s.name.toLowerCase().includes(text));
  const shown = matching.slice(0, shownAtMost);
  // Chosen but no longer enrolled: still listed, so it can be unticked.
  const gone = chosen.filter((id) => !all.some((s) => s.id === id));
  const toggle = (id: string, on: boolean) => {
    onChange(on ? [...chosen, id] : chosen.filter((c) => c !== id));
  };
  return (
    <fieldset className="server-picker">
      <legend>{t("order.servers")}</legend>
      {servers.isPending && <p role="status">{t("app.loading")}</p>}
      {servers.isError && <ErrorPanel error={servers.error} onRetry={() => void servers.refetch()} />}
      {servers.isSuccess && (
        <>
          <TextField label={t("order.filterServers")} type="search" value={filter} onChange={setFilter} />
          <p className="hint" aria-live="polite">
            {t("order.serversChosen", { count: format.number(chosen.length) })}
            {matching.length > shown.length &&
              ` ${t("order.serversShown", { shown: format.number(shown.length), total: format.number(matching.length) })}`}
          </p>
          {all.length === 0 && <p>{t("order.noServers")}</p>}
          <ul className="server-choices">
            {gone.map((id) => (
              <li key={id}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked
                    onChange={(e) => {
                      toggle(id, e.target.checked);
                    }}
                  />{" "}
                  {known.find((s) => s.id === id)?.name ?? id}
                </label>
              </li>
            ))}
            {shown.map((server) => (
              <li key={server.id}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={chosen.includes(server.id)}
                    onChange={(e) => {
                      toggle(server.id, e.target.checked);
                    }}
                  />{" "}
                  {t("order.serverChoice", { name: server.name, stage: t(`stage.${server.stage}`) })}
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </fieldset>
  );
}
