import { ErrorPanel } from "../../components/ErrorPanel";
import type { AppFailure } from "../../ipc";
import { useI18n } from "../../i18n";
import { fieldLabel, problemsOf, type Problem } from "./profileForm";

/** Why a profile was refused, one problem per field, in view: the backend's words
 *  say what to change, so they are not hidden under Details. */
export function ProblemList({ title, problems }: { title: string; problems: readonly Problem[] }) {
  const { t } = useI18n();
  return (
    <div role="alert" className="error-panel">
      <h2>{title}</h2>
      <ul aria-label={t("profiles.problems")}>
        {problems.map((p, i) => (
          <li key={i}>
            {p.field === "" ? p.message : t("profiles.problem", { field: fieldLabel(p.field, t), message: p.message })}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A refused profile as its problems, any other failure as the usual panel. */
export function ProfileError({ title, error }: { title: string; error: AppFailure }) {
  return error.code === "invalid_input" ? (
    <ProblemList title={title} problems={problemsOf(error.message)} />
  ) : (
    <ErrorPanel error={error} title={title} />
  );
}
