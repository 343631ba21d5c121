import { useId } from "react";

interface Props<T extends string> {
  /** The chosen value; null while none is. */
  value: T | null;
  choices: readonly T[];
  describe: (choice: T) => string;
  disabled: boolean;
  onChange: (choice: T) => void;
}

/** One radio button a line over a fixed set of values, for the caller's fieldset. */
export function RadioChoices<T extends string>({ value, choices, describe, disabled, onChange }: Props<T>) {
  const name = useId();
  return choices.map((choice) => (
    <div key={choice}>
      <label>
        <input
          type="radio"
          name={name}
          value={choice}
          checked={value === choice}
          disabled={disabled}
          onChange={() => {
            onChange(choice);
          }}
        />{" "}
        {describe(choice)}
      </label>
    </div>
  ));
}
