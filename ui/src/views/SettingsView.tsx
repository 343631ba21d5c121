import { ChoiceField } from "../components/ChoiceField";
import { ErrorPanel } from "../components/ErrorPanel";
import type { AppInfo, LanguagePref, Settings, ThemePref } from "../ipc";
import { resolveLanguage, useI18n } from "../i18n";
import { useSaveSettings, useSettings } from "../app/queries";
import { BackendsSection } from "./backends/BackendsSection";
import { PageHeading } from "./PageHeading";
import { SnapshotReview } from "./SnapshotReview";

const languages: readonly LanguagePref[] = ["system", "en", "ja"];
const themes: readonly ThemePref[] = ["system", "light", "dark"];

export function SettingsView({ info }: { info: AppInfo }) {
  const { t } = useI18n();
  const settings = useSettings();
  const save = useSaveSettings();
  const current: Settings = settings.data ?? { language: "system", theme: "system", operatorMode: false };
  const systemLanguage = t(`settings.language.${resolveLanguage("system", info.osLocale)}`);

  // While a snapshot is shown the backend answers from the snapshot's own scratch
  // profile, so a choice made now would be lost when it closes.
  const reviewing = info.snapshot !== null;
  const busy = !settings.isSuccess || save.isPending || reviewing;

  const update = (change: Partial<Settings>) => {
    save.mutate({ ...current, ...change });
  };

  return (
    <>
      <PageHeading title={t("nav.settings")} />
      {settings.isError && <ErrorPanel error={settings.error} onRetry={() => void settings.refetch()} />}
      {save.isError && <ErrorPanel error={save.error} />}
      <section aria-labelledby="settings-appearance" className="card">
        <h2 id="settings-appearance">{t("settings.appearance")}</h2>
        {reviewing && <p className="hint">{t("settings.snapshotLocked")}</p>}
        <ChoiceField
          label={t("settings.language")}
          value={current.language}
          choices={languages}
          describe={(l) =>
            l === "system" ? t("settings.language.system", { language: systemLanguage }) : t(`settings.language.${l}`)
          }
          disabled={busy}
          onChange={(language) => {
            update({ language });
          }}
        />
        <ChoiceField
          label={t("settings.theme")}
          value={current.theme}
          choices={themes}
          describe={(th) => t(`settings.theme.${th}`)}
          disabled={busy}
          onChange={(theme) => {
            update({ theme });
          }}
        />
        <p role="status" className="hint">
          {save.isSuccess ? t("settings.saved") : ""}
        </p>
      </section>
      <section aria-labelledby="settings-role" className="card">
        <h2 id="settings-role">{t("settings.role")}</h2>
        <label className="check">
          <input
            type="checkbox"
            checked={current.operatorMode ?? false}
            disabled={busy}
            onChange={(event) => {
              update({ operatorMode: event.target.checked });
            }}
          />
          {t("settings.operatorMode")}
        </label>
        <p className="hint">{t("settings.operatorModeHint")}</p>
      </section>
      <BackendsSection />
      <SnapshotReview />
      <section aria-labelledby="settings-about" className="card">
        <h2 id="settings-about">{t("settings.about")}</h2>
        <dl className="facts">
          <dt>{t("settings.version")}</dt>
          <dd data-fact="version">{info.version}</dd>
          <dt>{t("settings.schema")}</dt>
          <dd>{info.schemaVersion}</dd>
          <dt>{t("settings.profile")}</dt>
          <dd>
            <code>{info.profileDir}</code>
          </dd>
          <dt>{t("settings.logs")}</dt>
          <dd>
            <code>{info.logDir}</code>
          </dd>
        </dl>
      </section>
    </>
  );
}
