import type { DeletionStep, DeletionView } from "../../ipc";
import { useI18n } from "../../i18n";
import { stepLabel } from "./deletionWords";

export type ShownStepState = DeletionStep["state"] | "pending";

interface ShownStep {
  step: string;
  state: ShownStepState;
  detail: string | null;
}

/** Every step of the pipeline in order, those not reached on this pass as pending.
 *  A pass that failed before its first step was recorded (its BMC did not answer)
 *  still names that step as failed, with the reason. */
function shownSteps({ pipeline, steps, deletion }: DeletionView): ShownStep[] {
  return pipeline.map((step) => {
    const row = steps.find((s) => s.step === step);
    if (row) return { step, state: row.state, detail: row.detail };
    const failedHere = deletion.state === "failed" && deletion.step === step;
    return failedHere ? { step, state: "failed", detail: deletion.error } : { step, state: "pending", detail: null };
  });
}

/** The pipeline as a checklist: each step, how far it got, and what it did or found. */
export function PipelineSteps({ view }: { view: DeletionView }) {
  const { t } = useI18n();
  return (
    <ol className="deletion-steps" aria-label={t("deletion.steps")}>
      {shownSteps(view).map(({ step, state, detail }) => (
        <li key={step} className={`deletion-step ${state}`} data-testid={`deletion-step-${step}`} data-state={state}>
          <span className="step-name">{stepLabel(step, t)}</span>
          <span className="step-state">{t(`deletion.stepState.${state}`)}</span>
          {detail !== null && <span className="step-detail">{detail}</span>}
        </li>
      ))}
    </ol>
  );
}
