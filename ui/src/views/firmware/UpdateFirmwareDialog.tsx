import { useRef, useState, type SubmitEvent } from "react";

import { Modal } from "../../components/Modal";
import { PickedFileField } from "../../components/PickedFileField";
import { RadioChoices } from "../../components/RadioChoices";
import { TextField } from "../../components/TextField";
import type { FirmwareView, OrderTask } from "../../ipc";
import { useI18n } from "../../i18n";
import { chooseFirmwareFile } from "./firmwareQueries";

export type ImageSource = "url" | "file";

/** What the dialog was last given, so a refused update need not be typed again. */
export interface UpdateDraft {
  source: ImageSource;
  url: string;
  path: string;
}

export const emptyDraft: UpdateDraft = { source: "url", url: "", path: "" };

/** The ways this BMC takes an image: fetched from a URL, or uploaded from a file here. */
export function imageSources(view: FirmwareView): ImageSource[] {
  return [...(view.canFetch ? (["url"] as const) : []), ...(view.canUpload ? (["file"] as const) : [])];
}

interface Props {
  view: FirmwareView;
  draft: UpdateDraft;
  onClosed: () => void;
  /** The task to run as a maintenance job, and what was typed. */
  onConfirmed: (task: OrderTask, draft: UpdateDraft) => void;
}

/** Asks for the image, by URL (the BMC fetches it) or as a file on this computer
 *  (Racksmith uploads it), and says what the update does to the server. */
export function UpdateFirmwareDialog({ view, draft, onClosed, onConfirmed }: Props) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const sources = imageSources(view);
  const [source, setSource] = useState<ImageSource>(sources.includes(draft.source) ? draft.source : (sources[0] ?? "url"));
  const [url, setUrl] = useState(draft.url);
  const [path, setPath] = useState(draft.path);
  const value = (source === "url" ? url : path).trim();
  const immediate = view.applyTimes.length === 0 || view.applyTimes.includes("Immediate");

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (value === "") return;
    const task: OrderTask = source === "url" ? { kind: "firmware", imageUrl: value } : { kind: "firmwareFile", path: value };
    onConfirmed(task, { source, url, path });
    dialog.current?.close();
  };

  return (
    <Modal title={t("firmware.updateTitle", { name: view.name })} dialogRef={dialog} onClosed={onClosed}>
      <form onSubmit={submit} className="dialog-form">
        <fieldset>
          <legend>{t("firmware.source")}</legend>
          <RadioChoices
            value={source}
            choices={sources}
            describe={(choice) => t(choice === "url" ? "firmware.sourceUrl" : "firmware.sourceFile")}
            disabled={false}
            onChange={setSource}
          />
        </fieldset>
        {!view.canFetch && <p className="hint">{t("firmware.noFetch")}</p>}
        {!view.canUpload && <p className="hint">{t("firmware.noUpload")}</p>}
        {source === "url" ? (
          <TextField
            label={t("firmware.url")}
            value={url}
            onChange={setUrl}
            placeholder="https://files.example.net/bios-2.30.1.bin"
          />
        ) : (
          <PickedFileField
            label={t("firmware.file")}
            chooseLabel={t("firmware.choose")}
            failedTitle={t("firmware.chooseFailed")}
            value={path}
            onChange={setPath}
            choose={chooseFirmwareFile}
          />
        )}
        <p className="hint">{t(source === "url" ? "firmware.urlHint" : "firmware.fileHint")}</p>
        <p className="warning">{t(immediate ? "firmware.restartImmediate" : "firmware.restartOnReset")}</p>
        <p className="hint">{t("firmware.verifyHint")}</p>
        <p className="hint">{t("power.confirmJob")}</p>
        <div className="dialog-actions">
          <button
            type="button"
            className="secondary"
            onClick={() => {
              dialog.current?.close();
            }}
          >
            {t("dialog.cancel")}
          </button>
          <button type="submit" className="danger" disabled={value === ""}>
            {t("firmware.updateConfirm")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
