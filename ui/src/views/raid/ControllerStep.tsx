import { useId } from "react";

import type { StorageView } from "../../ipc";
import { useI18n } from "../../i18n";
import { controllerName, raidTypeLabel } from "./raidDrives";

interface Props {
  storages: readonly StorageView[];
  value: string | null;
  onChange: (storageId: string) => void;
}

/** Step 1: which controller builds the volume, with the levels each supports. */
export function ControllerStep({ storages, value, onChange }: Props) {
  const { t } = useI18n();
  const group = useId();
  return (
    <fieldset>
      <legend>{t("raid.controllerLegend")}</legend>
      <ul className="raid-choices">
        {storages.map((storage) => {
          const name = controllerName(storage);
          return (
            <li key={storage.id}>
              <label>
                <input
                  type="radio"
                  name={group}
                  value={storage.id}
                  checked={value === storage.id}
                  onChange={() => {
                    onChange(storage.id);
                  }}
                />{" "}
                {storage.raidTypes.length > 0
                  ? t("raid.controllerOption", { controller: name, levels: storage.raidTypes.map(raidTypeLabel).join(", ") })
                  : t("raid.controllerAnyLevel", { controller: name })}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
