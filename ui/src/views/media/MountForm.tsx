import { useState, type SubmitEvent } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { PickedFileField } from "../../components/PickedFileField";
import { RadioChoices } from "../../components/RadioChoices";
import { TextField } from "../../components/TextField";
import { call } from "../../app/queries";
import { commands, type MediaSource } from "../../ipc";
import { useI18n } from "../../i18n";
import { useInsertMedia } from "./mediaQueries";

type SourceKind = MediaSource["kind"];
const sourceKinds: readonly SourceKind[] = ["url", "file"];

/** Mounts an image the BMC fetches itself, or a file on this computer that
 *  Racksmith serves to the BMC while it is mounted. */
export function MountForm({ serverId }: { serverId: string }) {
  const { t } = useI18n();
  const insert = useInsertMedia(serverId);
  const [kind, setKind] = useState<SourceKind>("url");
  const [url, setUrl] = useState("");
  const [file, setFile] = useState("");
  const [bootOnce, setBootOnce] = useState(false);
  const value = (kind === "url" ? url : file).trim();

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (value === "") return;
    insert.mutate({ source: { kind, value }, bootOnce });
  };

  return (
    <form className="mount-form" onSubmit={submit}>
      <fieldset disabled={insert.isPending}>
        <legend>{t("media.mountTitle")}</legend>
        <fieldset>
          <legend>{t("media.source")}</legend>
          <RadioChoices
            value={kind}
            choices={sourceKinds}
            describe={(choice) => t(choice === "url" ? "media.sourceUrl" : "media.sourceFile")}
            disabled={insert.isPending}
            onChange={setKind}
          />
        </fieldset>
        {kind === "url" ? (
          <TextField label={t("media.url")} value={url} onChange={setUrl} placeholder="https://files.example.net/os.iso" />
        ) : (
          <PickedFileField
            label={t("media.file")}
            chooseLabel={t("media.choose")}
            failedTitle={t("media.chooseFailed")}
            value={file}
            onChange={setFile}
            choose={() => call(() => commands.chooseImageFile())}
          />
        )}
        <p className="hint">{t(kind === "url" ? "media.urlHint" : "media.fileHint")}</p>
        <label className="check">
          <input
            type="checkbox"
            checked={bootOnce}
            onChange={(e) => {
              setBootOnce(e.target.checked);
            }}
          />{" "}
          {t("media.bootOnce")}
        </label>
        <div className="actions">
          <button type="submit" disabled={value === ""}>
            {t("media.mount")}
          </button>
        </div>
      </fieldset>
      <p role="status" className="hint">
        {insert.isPending ? t("media.mounting") : insert.isSuccess ? t("media.mounted") : ""}
      </p>
      {insert.error && <ErrorPanel error={insert.error} title={t("media.mountFailed")} />}
    </form>
  );
}
