import { useId } from "react";

interface Props<T extends string> {
  label: string;
  value: T;
  choices: readonly T[];
  describe: (choice: T) => string;
  disabled: boolean;
  onChange: (choice: T) => void;
}

/** A labelled drop-down over a fixed set of values. */
export function ChoiceField<T extends string>({ label, value, choices, describe, disabled, onChange }: Props<T>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(e) => {
          const chosen = choices.find((c) => c === e.target.value);
          if (chosen !== undefined) onChange(chosen);
        }}
      >
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {describe(choice)}
          </option>
        ))}
      </select>
    </div>
  );
}
