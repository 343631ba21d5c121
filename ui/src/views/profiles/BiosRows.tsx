import { useId } from "react";

import { useI18n } from "../../i18n";
import type { FormUpdate } from "./ProfileEditor";
import { biosRow, type BiosRow } from "./profileForm";

/** The BIOS attributes a profile sets, one row each: the registry's attribute name
 *  and the value it must have. */
export function BiosRows({ rows, invalid, update }: { rows: readonly BiosRow[]; invalid: boolean; update: FormUpdate }) {
  const { t } = useI18n();
  const hintId = useId();
  const change = (id: number, edit: Partial<BiosRow>) => {
    update({ bios: rows.map((r) => (r.id === id ? { ...r, ...edit } : r)) });
  };
  return (
    <fieldset className="bios-rows">
      <legend>{t("profiles.bios")}</legend>
      <p id={hintId} className="hint">
        {t("profiles.biosHint")}
      </p>
      {rows.length > 0 && (
        <table className="servers" aria-label={t("profiles.bios")}>
          <thead>
            <tr>
              <th scope="col">{t("profiles.attribute")}</th>
              <th scope="col">{t("profiles.value")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("profiles.rowActions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.id}>
                <td>
                  <input
                    type="text"
                    aria-label={t("profiles.attributeN", { n: i + 1 })}
                    aria-invalid={(invalid && row.name.trim() === "" && row.value.trim() !== "") || undefined}
                    spellCheck={false}
                    placeholder="ProcVirtualization"
                    value={row.name}
                    onChange={(e) => {
                      change(row.id, { name: e.target.value });
                    }}
                  />
                </td>
                <td>
                  <input
                    type="text"
                    aria-label={t("profiles.valueN", { n: i + 1 })}
                    aria-describedby={hintId}
                    spellCheck={false}
                    placeholder="Enabled"
                    value={row.value}
                    onChange={(e) => {
                      change(row.id, { value: e.target.value });
                    }}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={t("profiles.removeRow", { n: i + 1 })}
                    onClick={() => {
                      update({ bios: rows.filter((r) => r.id !== row.id) });
                    }}
                  >
                    {t("profiles.remove")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            update({ bios: [...rows, biosRow()] });
          }}
        >
          {t("profiles.addBios")}
        </button>
      </div>
    </fieldset>
  );
}
