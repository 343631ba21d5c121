import type { AppError } from "../ipc";
import { errorMessageKey, useI18n } from "../i18n";

interface Props {
  error: AppError;
  title?: string;
  onRetry?: () => void;
}

/** A failure as the user should see it: what it means in their language, the
 *  backend's exact words under Details, and a way to try again. */
export function ErrorPanel({ error, title, onRetry }: Props) {
  const { t } = useI18n();
  return (
    <div role="alert" className="error-panel">
      <h2>{title ?? t("error.title")}</h2>
      <p>{t(errorMessageKey(error.code))}</p>
      <details>
        <summary>{t("error.details")}</summary>
        <code>
          {error.code}: {error.message}
        </code>
      </details>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t("app.retry")}
        </button>
      )}
    </div>
  );
}
