import type { AppError } from "../../ipc";

/** A backend's failure in its own words, not ErrorPanel's explanation of the code:
 *  the codes are worded for BMCs ("the BMC could not be reached"), while Ironic's
 *  message names the URL and what it answered, which is what the user needs. */
export function BackendError({ title, error }: { title: string; error: AppError }) {
  return (
    <div role="alert" className="error-panel">
      <h2>{title}</h2>
      <p>{error.message}</p>
      <p className="hint">
        <code>{error.code}</code>
      </p>
    </div>
  );
}
