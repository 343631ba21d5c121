import { useRef, useState } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import { JobProgress } from "../../components/JobProgress";
import { Modal } from "../../components/Modal";
import type { JobRun } from "../../app/useJobRun";
import { routeHash } from "../../app/routes";
import type { BuildProfile, JobRecord, JobRequest, ServerSummary } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { raidSummary } from "../profiles/profileForm";
import { ProfileError } from "../profiles/ProblemList";
import { useBuildProfiles, usePreflight } from "../profiles/profileQueries";
import { PreflightTable } from "./PreflightTable";

interface Props {
  /** The selection when the button was pressed: what the preflight reads. */
  servers: readonly ServerSummary[];
  /** The build job, kept by the tab so its progress outlives the dialog. */
  run: JobRun;
  start: (request: JobRequest) => Promise<JobRecord | null>;
  onClosed: () => void;
}

/** Builds many identical servers from one profile: every selected server is read
 *  and checked first (nothing is changed), and only those that pass are built, as
 *  one job whose progress shows per server. */
export function BuildDialog({ servers, run, start, onClosed }: Props) {
  const { t } = useI18n();
  const format = useFormat();
  const dialog = useRef<HTMLDialogElement>(null);
  const profiles = useBuildProfiles();
  const preflight = usePreflight();
  const [chosen, setChosen] = useState("");
  const [started, setStarted] = useState(false);
  const profile = profiles.data?.find((e) => e.profile.name === chosen)?.profile ?? null;
  // A preflight answers for the profile it was run with; choosing another asks again.
  const checked = preflight.isSuccess && preflight.variables.profile.name === chosen ? preflight.data : null;
  const passed = checked?.filter((p) => p.passed) ?? [];
  const skipped = checked?.filter((p) => !p.passed) ?? [];

  const runPreflight = () => {
    if (!profile) return;
    preflight.mutate({ profile, servers: servers.map((s) => s.id) });
  };

  const build = () => {
    // The profile exactly as it was checked, not as it may have been saved since.
    const built = preflight.variables?.profile;
    if (!checked || !built || passed.length === 0) return;
    setStarted(true);
    void start({ kind: { kind: "build", profile: built }, servers: passed.map((p) => p.serverId) }).then((job) => {
      if (!job) setStarted(false);
    });
  };

  return (
    <Modal title={t("build.title")} dialogRef={dialog} onClosed={onClosed} busy={preflight.isPending}>
      <div className="dialog-form build-dialog">
        <p>
          {servers.length === 1
            ? t("build.selectedOne", { name: servers[0]?.name ?? "" })
            : t("build.selected", { count: format.number(servers.length) })}
        </p>
        {profiles.isPending && <p role="status">{t("app.loading")}</p>}
        {profiles.isError && <ErrorPanel error={profiles.error} onRetry={() => void profiles.refetch()} />}
        {profiles.isSuccess &&
          (profiles.data.length === 0 ? (
            <p className="hint">
              {t("build.noProfiles")} <a href={routeHash({ kind: "page", page: "profiles" })}>{t("nav.profiles")}</a>
            </p>
          ) : (
            <label className="field">
              <span>{t("build.profile")}</span>
              <select
                value={chosen}
                disabled={started || preflight.isPending}
                onChange={(e) => {
                  setChosen(e.target.value);
                }}
              >
                <option value="">{t("build.chooseProfile")}</option>
                {profiles.data.map((e) => (
                  <option key={e.profile.name} value={e.profile.name}>
                    {e.profile.name}
                  </option>
                ))}
              </select>
            </label>
          ))}
        {profile && <ProfileDoes profile={profile} />}
        <div className="dialog-actions">
          <button
            type="button"
            className={checked ? "secondary" : undefined}
            disabled={!profile || started || preflight.isPending}
            onClick={runPreflight}
          >
            {t("build.preflight")}
          </button>
        </div>
        {preflight.isPending && <p role="status">{t("build.preflighting")}</p>}
        {preflight.isError && <ProfileError title={t("build.preflightFailed")} error={preflight.error} />}
        {checked && (
          <>
            <PreflightTable results={checked} />
            <p role="status">
              {t("build.passed", { passed: format.number(passed.length), total: format.number(checked.length) })}
            </p>
            {skipped.length > 0 && (
              <div className="warning">
                <p>{t("build.skipped")}</p>
                <ul aria-label={t("build.skippedList")}>
                  {skipped.map((p) => (
                    <li key={p.serverId}>{p.name}</li>
                  ))}
                </ul>
              </div>
            )}
          </>
        )}
        <JobProgress run={run} />
        <div className="dialog-actions">
          <button
            type="button"
            className="secondary"
            disabled={preflight.isPending}
            onClick={() => {
              dialog.current?.close();
            }}
          >
            {t("dialog.close")}
          </button>
          {checked && (
            <button type="button" disabled={passed.length === 0 || started || run.running} onClick={build}>
              {passed.length === 1 ? t("build.startOne") : t("build.start", { count: format.number(passed.length) })}
            </button>
          )}
        </div>
      </div>
    </Modal>
  );
}

/** What a build from this profile does to each server, the lasting parts first. */
function ProfileDoes({ profile }: { profile: BuildProfile }) {
  const { t } = useI18n();
  const bios = Object.keys(profile.bios ?? {}).length;
  return (
    <div className="build-does">
      {profile.description && <p className="hint">{profile.description}</p>}
      <h3>{t("build.does")}</h3>
      <ul>
        <li>{t("build.doesBmc")}</li>
        {profile.raid && <li>{t("build.doesRaid", { raid: raidSummary(profile.raid, t) })}</li>}
        {bios > 0 && <li>{t("build.doesBios", { count: bios })}</li>}
        <li>{t("build.doesVerify")}</li>
      </ul>
      {profile.raid?.replaceExisting && (
        <p className="warning" role="note">
          {t("build.replaceWarning")}
        </p>
      )}
    </div>
  );
}
