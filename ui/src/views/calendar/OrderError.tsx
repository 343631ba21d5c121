import { ErrorPanel } from "../../components/ErrorPanel";
import type { AppError } from "../../ipc";
import { useI18n } from "../../i18n";

/** Why an order was refused. A draft the backend found wrong is explained in its
 *  own words, in view, since they say what to change; any other failure is shown
 *  as failures are everywhere else. */
export function OrderError({ title, error }: { title: string; error: AppError }) {
  const { t } = useI18n();
  if (error.code !== "invalid_input") return <ErrorPanel error={error} title={title} />;
  return (
    <div role="alert" className="error-panel">
      <h2>{title}</h2>
      <p>{t("order.fix", { message: error.message })}</p>
    </div>
  );
}

/** What must be fixed before the order can be sent at all. */
export function FormProblems({ title, problems }: { title: string; problems: readonly string[] }) {
  const { t } = useI18n();
  return (
    <div role="alert" className="error-panel">
      <h2>{title}</h2>
      <ul aria-label={t("order.problems")}>
        {problems.map((p, i) => (
          <li key={i}>{p}</li>
        ))}
      </ul>
    </div>
  );
}
