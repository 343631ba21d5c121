import { useId } from "react";

import type { BiosAttribute, BiosView } from "../../ipc";
import { useI18n } from "../../i18n";
import { attributeLabel, displayValue, type BiosValues } from "./biosAttributes";

interface Props {
  view: BiosView;
  attributes: readonly BiosAttribute[];
  changes: BiosValues;
}

/** What Apply would send, each value from what the server has now to the new one,
 *  and what already waits for the next reset. */
export function BiosChanges({ view, attributes, changes }: Props) {
  const { t } = useI18n();
  const changesId = useId();
  const pendingId = useId();
  const attributeOf = (name: string) => attributes.find((a) => a.name === name);
  const labelOf = (name: string) => {
    const attribute = attributeOf(name);
    return attribute ? attributeLabel(attribute) : name;
  };
  const changed = Object.entries(changes);
  const pending = Object.entries(view.pending);
  return (
    <>
      <h3 id={changesId}>{t("bios.changes")}</h3>
      {changed.length === 0 ? (
        <p className="hint">{t("bios.noChanges")}</p>
      ) : (
        <ul aria-labelledby={changesId} className="bios-changes">
          {changed.map(([name, value]) => (
            <li key={name}>
              {t("bios.change", {
                attribute: labelOf(name),
                from: displayValue(view.current[name], attributeOf(name), t),
                to: displayValue(value, attributeOf(name), t),
              })}
            </li>
          ))}
        </ul>
      )}
      {pending.length > 0 && (
        <>
          <h3 id={pendingId}>{t("bios.pendingTitle")}</h3>
          <ul aria-labelledby={pendingId} className="bios-pending">
            {pending.map(([name, value]) => (
              <li key={name}>
                {t("bios.pendingValue", { attribute: labelOf(name), value: displayValue(value, attributeOf(name), t) })}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
