import { useEffect, useId, useRef, useState, type SubmitEvent } from "react";

import { ChoiceField } from "../../components/ChoiceField";
import { TextField } from "../../components/TextField";
import type { ProfileEntry } from "../../ipc";
import { useI18n } from "../../i18n";
import { isSpanned, levelLabel } from "../../ipc/raidLevels";
import { BiosRows } from "./BiosRows";
import { BmcFields } from "./BmcFields";
import { ProblemList, ProfileError } from "./ProblemList";
import { useSaveProfile } from "./profileQueries";
import {
  emptyForm,
  formOf,
  hasProblem,
  mediaChoices,
  problemsOf,
  profileOf,
  raidChoices,
  type ProfileForm,
  type Problem,
} from "./profileForm";

interface Props {
  /** The saved profile being edited; a new one when null. */
  editing: ProfileEntry | null;
  /** Names already saved, to say when saving replaces another profile. */
  names: readonly string[];
  disabled: boolean;
  onSaved: (saved: ProfileEntry) => void;
  onCancel: () => void;
}

export type FormUpdate = (change: Partial<ProfileForm>) => void;

/** A profile's BIOS values, RAID layout, BMC settings and firmware minimums. The
 *  backend checks everything when it is saved and names each field it refuses. */
export function ProfileEditor({ editing, names, disabled, onSaved, onCancel }: Props) {
  const { t } = useI18n();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [form, setForm] = useState<ProfileForm>(() => (editing ? formOf(editing.profile) : emptyForm()));
  const [formProblems, setFormProblems] = useState<readonly Problem[]>([]);
  const save = useSaveProfile();
  const update: FormUpdate = (change) => {
    setForm((f) => ({ ...f, ...change }));
  };
  useEffect(() => {
    heading.current?.focus();
  }, []);

  const original = editing?.profile.name ?? null;
  const name = form.name.trim();
  const replaces = names.some(
    (n) => n.toLowerCase() === name.toLowerCase() && n.toLowerCase() !== original?.toLowerCase(),
  );
  const backendProblems = save.isError && save.error.code === "invalid_input" ? problemsOf(save.error.message) : [];
  const problems = formProblems.length > 0 ? formProblems : backendProblems;
  const invalid = (field: string) => hasProblem(problems, field) || undefined;

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (save.isPending) return;
    const built = profileOf(form, t);
    setFormProblems(built.problems);
    if (built.problems.length > 0) {
      save.reset();
      return;
    }
    save.mutate({ profile: built.profile, replacing: original }, { onSuccess: onSaved });
  };

  return (
    <section aria-labelledby={headingId} className="card profile-editor">
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {original === null ? t("profiles.newTitle") : t("profiles.editTitle", { name: original })}
      </h2>
      <form onSubmit={submit} className="profile-form" noValidate>
        <TextField
          label={t("profiles.name")}
          value={form.name}
          required
          maxLength={80}
          aria-invalid={invalid("name")}
          onChange={(v) => {
            update({ name: v });
          }}
        />
        {replaces && <p className="warning">{t("profiles.replacesOther", { name })}</p>}
        <Description
          value={form.description}
          onChange={(description) => {
            update({ description });
          }}
        />

        <BiosRows rows={form.bios} invalid={invalid("bios") === true} update={update} />

        <fieldset>
          <legend>{t("profiles.raid")}</legend>
          <ChoiceField
            label={t("profiles.raidLevel")}
            value={form.raid}
            choices={raidChoices}
            describe={(c) => (c === "none" ? t("profiles.noRaidChoice") : levelLabel(c))}
            disabled={false}
            onChange={(raid) => {
              update({ raid });
            }}
          />
          {form.raid !== "none" && (
            <>
              <TextField
                label={t("profiles.drives")}
                type="number"
                min={1}
                value={form.drives}
                aria-invalid={hasProblem(problems, "raid.drives") || problems.some((p) => p.field === "raid") || undefined}
                onChange={(drives) => {
                  update({ drives });
                }}
              />
              <ChoiceField
                label={t("profiles.media")}
                value={form.media}
                choices={mediaChoices}
                describe={(m) => t(`profiles.media.${m}`)}
                disabled={false}
                onChange={(media) => {
                  update({ media });
                }}
              />
              <TextField
                label={t("profiles.minDriveGb")}
                type="number"
                min={0}
                step="any"
                value={form.minDriveGb}
                aria-invalid={invalid("raid.minDriveBytes")}
                onChange={(minDriveGb) => {
                  update({ minDriveGb });
                }}
              />
              <TextField
                label={t("profiles.hotSpares")}
                type="number"
                min={0}
                value={form.hotSpares}
                aria-invalid={invalid("raid.hotSpares")}
                onChange={(hotSpares) => {
                  update({ hotSpares });
                }}
              />
              {isSpanned(form.raid) && (
                <>
                  <TextField
                    label={t("profiles.spans")}
                    type="number"
                    min={1}
                    value={form.spans}
                    aria-invalid={invalid("raid.spans")}
                    onChange={(spans) => {
                      update({ spans });
                    }}
                  />
                  <p className="hint">{t("profiles.spansHint")}</p>
                </>
              )}
              <TextField
                label={t("profiles.volumeName")}
                value={form.volumeName}
                aria-invalid={invalid("raid.volumeName")}
                onChange={(volumeName) => {
                  update({ volumeName });
                }}
              />
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.replaceExisting}
                  onChange={(e) => {
                    update({ replaceExisting: e.target.checked });
                  }}
                />{" "}
                {t("profiles.replaceExisting")}
              </label>
              <p className={form.replaceExisting ? "warning" : "hint"} role={form.replaceExisting ? "note" : undefined}>
                {t("profiles.replaceWarning")}
              </p>
            </>
          )}
        </fieldset>

        <BmcFields form={form} problems={problems} update={update} />

        <fieldset>
          <legend>{t("profiles.firmware")}</legend>
          <TextField
            label={t("profiles.minBios")}
            value={form.minBiosVersion}
            placeholder="2.10.2"
            aria-invalid={invalid("minBiosVersion")}
            onChange={(minBiosVersion) => {
              update({ minBiosVersion });
            }}
          />
          <TextField
            label={t("profiles.minBmc")}
            value={form.minBmcVersion}
            aria-invalid={invalid("minBmcVersion")}
            onChange={(minBmcVersion) => {
              update({ minBmcVersion });
            }}
          />
          <p className="hint">{t("profiles.minVersionsHint")}</p>
        </fieldset>

        {problems.length > 0 && <ProblemList title={t("profiles.notSaved")} problems={problems} />}
        {save.isError && save.error.code !== "invalid_input" && (
          <ProfileError title={t("profiles.notSaved")} error={save.error} />
        )}
        {save.isPending && <p role="status">{t("profiles.saving")}</p>}
        <div className="dialog-actions">
          <button type="button" className="secondary" disabled={save.isPending} onClick={onCancel}>
            {t("dialog.cancel")}
          </button>
          <button type="submit" disabled={disabled || save.isPending}>
            {t("profiles.save")}
          </button>
        </div>
      </form>
    </section>
  );
}

function Description({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field wide">
      <label htmlFor={id}>{t("profiles.description")}</label>
      <textarea
        id={id}
        rows={2}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      />
    </div>
  );
}
