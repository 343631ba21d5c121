import { useId, type ComponentProps } from "react";

import { TextField } from "../../components/TextField";

type Props = ComponentProps<typeof TextField> & {
  /** The input's name, which the dialog finds it by to focus the first mistake. */
  name: string;
  /** What is wrong with it, once the user has tried to add; null while nothing is. */
  error: string | null;
  /** Standing advice, read out with the field. */
  hint?: string;
};

/** A text field that says what is wrong with it right under it, and tells
 *  assistive technology the same through aria-invalid and its description. */
export function CheckedField({ error, hint, ...field }: Props) {
  const errorId = useId();
  const hintId = useId();
  const describedBy = [error !== null ? errorId : null, hint !== undefined ? hintId : null].filter((id) => id !== null);
  return (
    <>
      <TextField
        {...field}
        aria-invalid={error !== null}
        {...(describedBy.length > 0 ? { "aria-describedby": describedBy.join(" ") } : {})}
      />
      {hint !== undefined && (
        <p id={hintId} className="hint field-hint">
          {hint}
        </p>
      )}
      {error !== null && (
        <p id={errorId} role="alert" className="hint field-hint">
          {error}
        </p>
      )}
    </>
  );
}
