import { useId, type ReactNode } from "react";

import { JobProgress } from "../../components/JobProgress";
import type { Deletion, DeletionView } from "../../ipc";
import { errorMessageKey, useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { knownErrorCode, roleLabel } from "../../i18n/labels";
import { useSnapshot } from "../../app/queries";
import { CertificateOpenButton } from "./ErasureCertificateDialog";
import { ErasureTable } from "./ErasureTable";
import { PipelineSteps } from "./PipelineSteps";
import { useDeletionRun } from "./deletionQueries";
import { stepLabel } from "./deletionWords";

interface Props {
  view: DeletionView;
  /** What the section is called: the server's name where several passes are listed. */
  heading: ReactNode;
  /** The section's heading level on its page. */
  level: 2 | 3;
}

/** One deletion pass: where it stands, every step, each drive's erase, the way to
 *  run a failed pass again, and its certificate once it is verified. */
export function DeletionPipeline({ view, heading, level }: Props) {
  const { t } = useI18n();
  const headingId = useId();
  const Heading = level === 2 ? "h2" : "h3";
  const Subheading = level === 2 ? "h3" : "h4";
  const { run, resumeDeletion } = useDeletionRun();
  const { deletion } = view;
  return (
    <section
      aria-labelledby={headingId}
      className="card deletion-pipeline"
      data-testid="deletion-pipeline"
      data-state={deletion.state}
    >
      <Heading id={headingId}>{heading}</Heading>
      <PassSummary deletion={deletion} />
      <PipelineSteps view={view} />
      {deletion.state === "failed" && (
        <PassFailure
          deletion={deletion}
          Heading={Subheading}
          retrying={run.running}
          onRetry={() => void resumeDeletion([deletion.serverId])}
        />
      )}
      <JobProgress run={run} />
      <Subheading>{t("deletion.erasures")}</Subheading>
      <ErasureTable erasures={view.erasures} />
      {view.certificateId !== null && (
        <div className="actions">
          <CertificateOpenButton certificateId={view.certificateId} />
        </div>
      )}
    </section>
  );
}

/** Who started the pass, why, and where it is now. */
function PassSummary({ deletion }: { deletion: Deletion }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <>
      <p role="status" className={`deletion-state ${deletion.state}`}>
        {deletion.state === "running"
          ? deletion.step === null
            ? t("deletion.waiting")
            : t("deletion.runningStep", { step: stepLabel(deletion.step, t) })
          : deletion.state === "verified"
            ? t("deletion.verifiedAt", { time: format.dateTime(deletion.endedAt ?? deletion.startedAt) })
            : t("deletion.state.failed")}
      </p>
      <p className="hint">
        {t("deletion.startedBy", {
          name: deletion.startedBy,
          role: roleLabel(deletion.role, t),
          time: format.dateTime(deletion.startedAt),
        })}
        {deletion.reason !== null && ` ${t("deletion.reason")}: ${deletion.reason}`}
      </p>
    </>
  );
}

interface FailureProps {
  deletion: Deletion;
  Heading: "h3" | "h4";
  retrying: boolean;
  onRetry: () => void;
}

/** The step the pass stopped at and why, and Retry: the pass stays open, and its
 *  drives erased already are kept, so running it again is always safe. */
function PassFailure({ deletion, Heading, retrying, onRetry }: FailureProps) {
  const { t } = useI18n();
  const reviewing = useSnapshot() !== null;
  const hintId = useId();
  return (
    <div role="alert" className="error-panel deletion-failure">
      <Heading>{t("deletion.failedTitle", { step: stepLabel(deletion.step ?? "", t) })}</Heading>
      {knownErrorCode(deletion.errorCode) && <p>{t(errorMessageKey(deletion.errorCode))}</p>}
      {deletion.error !== null && (
        <p>
          <code>{deletion.error}</code>
        </p>
      )}
      <button
        type="button"
        data-testid="deletion-retry"
        aria-describedby={hintId}
        disabled={retrying || reviewing}
        onClick={onRetry}
      >
        {t("deletion.retry")}
      </button>
      <p id={hintId} className="hint">
        {t("deletion.retryHint")}
      </p>
    </div>
  );
}
