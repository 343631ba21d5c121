import { useState } from "react";

import { toAppFailure, type AppFailure } from "../ipc";
import { ErrorPanel } from "./ErrorPanel";
import { TextField } from "./TextField";

interface Props {
  label: string;
  chooseLabel: string;
  failedTitle: string;
  value: string;
  onChange: (path: string) => void;
  /** Opens the system's file dialog; null when the user cancels it. */
  choose: () => Promise<string | null>;
}

/** A path typed by hand, or picked with the system's file dialog. */
export function PickedFileField({ label, chooseLabel, failedTitle, value, onChange, choose }: Props) {
  const [choosing, setChoosing] = useState(false);
  const [error, setError] = useState<AppFailure | null>(null);
  const pick = async () => {
    setChoosing(true);
    setError(null);
    try {
      const path = await choose();
      if (path !== null) onChange(path);
    } catch (failure) {
      setError(toAppFailure(failure));
    } finally {
      setChoosing(false);
    }
  };
  return (
    <>
      <div className="file-field">
        <TextField label={label} value={value} onChange={onChange} />
        <button type="button" className="secondary" disabled={choosing} onClick={() => void pick()}>
          {chooseLabel}
        </button>
      </div>
      {error && <ErrorPanel error={error} title={failedTitle} />}
    </>
  );
}
