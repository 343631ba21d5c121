import { useId, useState } from "react";

import type { BiosAttribute, BiosRefusal, BiosView } from "../../ipc";
import { useI18n } from "../../i18n";
import { attributeLabel, attributesOf, displayValue, effectiveValues, matchesFilter, type BiosValues } from "./biosAttributes";
import { BiosRefusalText } from "./BiosRefusalText";
import { BiosValueInput } from "./BiosValueInput";

interface Props {
  view: BiosView;
  edits: BiosValues;
  refusals: readonly BiosRefusal[];
  /** The server allows BIOS changes now and nothing is being sent. */
  editable: boolean;
  onEdit: (name: string, value: unknown) => void;
}

/** Every attribute with its current and pending value and a widget to change it,
 *  narrowed by a filter on its name. */
export function BiosAttributeTable({ view, edits, refusals, editable, onEdit }: Props) {
  const { t } = useI18n();
  const filterId = useId();
  const [filter, setFilter] = useState("");
  const attributes = attributesOf(view);
  const shown = attributes.filter((a) => matchesFilter(a, filter));
  const values = effectiveValues(view);
  return (
    <>
      <div className="field">
        <label htmlFor={filterId}>{t("bios.filter")}</label>
        <input
          id={filterId}
          type="search"
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value);
          }}
        />
      </div>
      <p className="hint" role="status">
        {t("bios.shown", { shown: shown.length, total: attributes.length })}
      </p>
      <div className="fact-table">
        <table className="servers bios-table" aria-label={t("bios.attributes")}>
          <thead>
            <tr>
              <th scope="col">{t("bios.attribute")}</th>
              <th scope="col">{t("bios.current")}</th>
              <th scope="col">{t("bios.pending")}</th>
              <th scope="col">{t("bios.newValue")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((attribute) => (
              <BiosAttributeRow
                key={attribute.name}
                attribute={attribute}
                view={view}
                values={values}
                edits={edits}
                refusals={refusals.filter((r) => r.attribute === attribute.name)}
                editable={editable}
                onEdit={onEdit}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

interface RowProps extends Omit<Props, "refusals"> {
  attribute: BiosAttribute;
  /** What the server will have. */
  values: BiosValues;
  refusals: readonly BiosRefusal[];
}

function BiosAttributeRow({ attribute, view, values, edits, refusals, editable, onEdit }: RowProps) {
  const { t } = useI18n();
  const notesId = useId();
  const { name, kind } = attribute;
  const label = attributeLabel(attribute);
  const original = values[name];
  const edited = Object.hasOwn(edits, name);
  const locked = view.locked[name] ?? (attribute.readOnly ? t("bios.readOnly") : null);
  const pattern = kind.type === "string" ? kind.pattern : null;
  const notes = locked !== null || refusals.length > 0 || pattern !== null || kind.type === "other";
  return (
    <tr className={edited ? "edited" : undefined}>
      <th scope="row">
        {label}
        {attribute.displayName !== null && (
          <>
            <br />
            <code>{name}</code>
          </>
        )}
      </th>
      <td>{displayValue(view.current[name], attribute, t)}</td>
      <td>{Object.hasOwn(view.pending, name) ? displayValue(view.pending[name], attribute, t) : ""}</td>
      <td>
        <BiosValueInput
          attribute={attribute}
          value={edited ? edits[name] : original}
          original={original}
          free={view.registry === null}
          label={label}
          disabled={!editable || locked !== null}
          invalid={refusals.length > 0}
          describedBy={notes ? notesId : undefined}
          onChange={(value) => {
            onEdit(name, value);
          }}
        />
        {notes && (
          <div id={notesId} className="bios-notes">
            {locked !== null && <p className="hint">{t("bios.locked", { reason: locked })}</p>}
            {pattern !== null && locked === null && <p className="hint">{t("bios.pattern", { pattern })}</p>}
            {kind.type === "other" && <p className="hint">{t("bios.notEditable", { kind: kind.name })}</p>}
            {refusals.map((refusal) => (
              <BiosRefusalText key={`${refusal.code}-${refusal.message}`} refusal={refusal} />
            ))}
          </div>
        )}
      </td>
    </tr>
  );
}
