import { ErrorPanel } from "../components/ErrorPanel";
import { I18nProvider, resolveLanguage, useI18n } from "../i18n";
import { useSettings, useStartup } from "./queries";
import { Shell } from "./Shell";
import { useDocumentPreferences } from "./useTheme";

export function App() {
  const startup = useStartup();
  const settings = useSettings();
  const language = resolveLanguage(settings.data?.language, startup.data?.osLocale);
  useDocumentPreferences(settings.data?.theme ?? "system", language);

  return (
    <I18nProvider language={language}>
      {startup.isPending ? (
        <Loading />
      ) : startup.isError ? (
        <StartupFailure error={startup.error} />
      ) : (
        <Shell info={startup.data} />
      )}
    </I18nProvider>
  );
}

function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="centered">
      {t("app.loading")}
    </p>
  );
}

function StartupFailure({ error }: { error: Parameters<typeof ErrorPanel>[0]["error"] }) {
  const { t } = useI18n();
  return (
    <main className="centered">
      <ErrorPanel error={error} title={t("error.startup")} />
    </main>
  );
}
