import type { BiosAttribute } from "../../ipc";
import { useI18n } from "../../i18n";
import { displayValue, freeValue } from "./biosAttributes";

interface Props {
  attribute: BiosAttribute;
  /** The edited value, else what the server will have. */
  value: unknown;
  /** What the server will have, whose JSON type free text keeps. */
  original: unknown;
  /** The BMC publishes no registry: every value is typed as text, checked by the BMC. */
  free: boolean;
  label: string;
  disabled: boolean;
  invalid: boolean;
  describedBy: string | undefined;
  onChange: (value: unknown) => void;
}

const asText = (value: unknown): string =>
  value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);

/** The widget the attribute's kind calls for; its bounds are the registry's, so the
 *  browser keeps to them as it can, and the backend's check says the rest. */
export function BiosValueInput({ attribute, value, original, free, label, disabled, invalid, describedBy, onChange }: Props) {
  const { t } = useI18n();
  const common = { "aria-label": label, "aria-invalid": invalid, "aria-describedby": describedBy, disabled };
  const kind = attribute.kind;
  if (free) {
    return (
      <input
        {...common}
        type="text"
        value={asText(value)}
        onChange={(e) => {
          onChange(freeValue(e.target.value, original));
        }}
      />
    );
  }
  switch (kind.type) {
    case "enumeration": {
      const current = asText(value);
      const choices = kind.values.includes(current) ? kind.values : [current, ...kind.values];
      return (
        <select
          {...common}
          value={current}
          onChange={(e) => {
            onChange(e.target.value);
          }}
        >
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      );
    }
    case "integer":
      return (
        <input
          {...common}
          type="number"
          min={kind.lower ?? undefined}
          max={kind.upper ?? undefined}
          step={kind.increment ?? 1}
          value={typeof value === "number" ? String(value) : asText(value)}
          onChange={(e) => {
            const text = e.target.value;
            onChange(text.trim() === "" ? text : Number(text));
          }}
        />
      );
    case "string":
      return (
        <input
          {...common}
          type="text"
          minLength={kind.minLength ?? undefined}
          maxLength={kind.maxLength ?? undefined}
          value={asText(value)}
          onChange={(e) => {
            onChange(e.target.value);
          }}
        />
      );
    case "boolean":
      return (
        <input
          {...common}
          type="checkbox"
          checked={value === true}
          onChange={(e) => {
            onChange(e.target.checked);
          }}
        />
      );
    case "password":
      return (
        <input
          {...common}
          type="password"
          autoComplete="new-password"
          value={typeof value === "string" ? value : ""}
          onChange={(e) => {
            // Nothing typed is no change: a password is never shown, so never "current".
            onChange(e.target.value === "" ? undefined : e.target.value);
          }}
        />
      );
    case "other":
      return <span>{displayValue(value, attribute, t)}</span>;
  }
}
