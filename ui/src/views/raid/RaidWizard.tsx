import { useEffect, useId, useRef, useState } from "react";

import type { ServerSummary, StorageView, VolumeView } from "../../ipc";
import { useI18n } from "../../i18n";
import { ApplyStep } from "./ApplyStep";
import { BayMap } from "./BayMap";
import { ControllerStep } from "./ControllerStep";
import { LevelStep } from "./LevelStep";
import { ReviewStep } from "./ReviewStep";
import { VolumeStep } from "./VolumeStep";
import { isSpanned } from "../../ipc/raidLevels";
import { applyOf, initialChoice, offersLevel, parseGb, parseSpans, type RaidChoice } from "./raidDrives";
import { useApplyRaid, useRaidReview } from "./raidQueries";

const steps = ["controller", "drives", "level", "volume", "review", "create"] as const;
const reviewStep = steps.indexOf("review");
const createStep = steps.indexOf("create");

interface Props {
  server: ServerSummary;
  storages: readonly StorageView[];
  /** Whether the guards allow raid_build now; Create stays disabled otherwise. */
  allowed: boolean;
  onClose: () => void;
}

/** Whether a step has what it needs to go on. */
function stepReady(step: number, choice: RaidChoice, storage: StorageView | null): boolean {
  switch (steps[step]) {
    case "controller":
      return storage !== null;
    case "drives":
      return choice.drives.length > 0;
    case "level":
      return (
        storage !== null &&
        choice.level !== null &&
        offersLevel(storage, choice.level) &&
        (!isSpanned(choice.level) || parseSpans(choice.spans) !== undefined)
      );
    case "volume":
      return choice.name.trim() !== "" && (choice.sizeMode === "all" || parseGb(choice.sizeGb) !== undefined);
    default:
      return false;
  }
}

/** Controller, drives, level, volume, review, create: one step at a time, in the page. */
export function RaidWizard({ server, storages, allowed, onClose }: Props) {
  const { t } = useI18n();
  const titleId = useId();
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const [step, setStep] = useState(0);
  const [choice, setChoice] = useState(() => initialChoice(storages));
  const [deleting, setDeleting] = useState<readonly VolumeView[]>([]);
  const storage = storages.find((s) => s.id === choice.storageId) ?? null;
  const request = applyOf(choice);
  // The review does not depend on which deletions were confirmed.
  const review = useRaidReview(server.id, step === reviewStep && request ? { ...request, deleteVolumes: [] } : null);
  const apply = useApplyRaid(server.id);
  const change = (part: Partial<RaidChoice>) => {
    setChoice((before) => ({ ...before, ...part }));
  };

  // Each step's heading takes focus, so a keyboard or screen reader user starts there.
  useEffect(() => {
    stepHeading.current?.focus();
  }, [step]);

  const inTheWay = review.data?.inTheWay ?? [];
  const confirmed = inTheWay.every((v) => choice.deleteVolumes.includes(v.id));
  const canCreate = allowed && request !== null && review.isSuccess && confirmed && !apply.isPending;
  const create = () => {
    if (!request || !canCreate) return;
    setDeleting(inTheWay);
    setStep(createStep);
    apply.mutate({ ...request, deleteVolumes: inTheWay.map((v) => v.id) });
  };
  const back = () => {
    if (step === createStep) apply.reset();
    setStep((s) => Math.max(0, s - 1));
  };

  return (
    <section aria-labelledby={titleId} className="raid-wizard">
      <h3 id={titleId}>{t("raid.configure")}</h3>
      <ol className="raid-steps" aria-label={t("raid.steps")}>
        {steps.map((name, i) => (
          <li key={name} aria-current={i === step ? "step" : undefined}>
            {t(`raid.step.${name}`)}
          </li>
        ))}
      </ol>
      <h4 ref={stepHeading} tabIndex={-1}>
        {t("raid.stepOf", { n: step + 1, total: steps.length, name: t(`raid.step.${steps[step] ?? "controller"}`) })}
      </h4>
      {steps[step] === "controller" && (
        <ControllerStep
          storages={storages}
          value={choice.storageId}
          onChange={(storageId) => {
            // Drives, level and options belong to the controller: start them again.
            setChoice({ ...initialChoice(storages), storageId, name: choice.name });
          }}
        />
      )}
      {steps[step] === "drives" && storage && (
        <BayMap
          storage={storage}
          drives={choice.drives}
          hotSpares={choice.hotSpares}
          onChange={(drives, hotSpares) => {
            change({ drives, hotSpares });
          }}
        />
      )}
      {steps[step] === "level" && storage && (
        <LevelStep storage={storage} level={choice.level} spans={choice.spans} onChange={change} />
      )}
      {steps[step] === "volume" && storage && <VolumeStep storage={storage} choice={choice} onChange={change} />}
      {steps[step] === "review" && storage && (
        <ReviewStep
          storage={storage}
          choice={choice}
          review={review}
          onConfirm={(id, sure) => {
            change({
              deleteVolumes: sure ? [...choice.deleteVolumes, id] : choice.deleteVolumes.filter((v) => v !== id),
            });
          }}
        />
      )}
      {steps[step] === "create" && <ApplyStep deleting={deleting} apply={apply} />}
      <div className="dialog-actions">
        {apply.isSuccess ? (
          <button type="button" onClick={onClose}>
            {t("dialog.close")}
          </button>
        ) : (
          <>
            <button type="button" className="secondary" disabled={apply.isPending} onClick={onClose}>
              {t("dialog.cancel")}
            </button>
            <button type="button" className="secondary" disabled={step === 0 || apply.isPending} onClick={back}>
              {t("raid.back")}
            </button>
            {step < reviewStep && (
              <button
                type="button"
                disabled={!stepReady(step, choice, storage)}
                onClick={() => {
                  setStep(step + 1);
                }}
              >
                {t("raid.next")}
              </button>
            )}
            {step === reviewStep && (
              <button type="button" disabled={!canCreate} onClick={create}>
                {t("raid.create")}
              </button>
            )}
          </>
        )}
      </div>
    </section>
  );
}
