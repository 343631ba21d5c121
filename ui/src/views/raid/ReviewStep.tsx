import type { UseQueryResult } from "@tanstack/react-query";
import { Fragment } from "react";

import { ErrorPanel } from "../../components/ErrorPanel";
import type { RaidPlan, RaidReview, RaidWarning, StorageView } from "../../ipc";
import { errorMessageKey, useI18n, type MessageKey } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { levelLabel } from "../../ipc/raidLevels";
import { controllerName, parseGb, volumeName, type RaidChoice } from "./raidDrives";

interface Props {
  storage: StorageView;
  choice: RaidChoice;
  review: UseQueryResult<RaidReview>;
  /** The user confirmed (or took back) deleting a volume in the way. */
  onConfirm: (volumeId: string, sure: boolean) => void;
}

/** Step 5: what the layout gives on the drives as they are now, what it warns
 *  of, why it cannot be built if it cannot, and which volumes it would delete. */
export function ReviewStep({ storage, choice, review, onConfirm }: Props) {
  const { t } = useI18n();
  return (
    <>
      {review.isPending && <p role="status">{t("raid.reviewing")}</p>}
      {review.isError &&
        (review.error.code === "impossible_layout" ? (
          <div role="alert" className="error-panel">
            <p>
              <strong>{t(errorMessageKey(review.error.code))}</strong>
            </p>
            <p>{review.error.message}</p>
          </div>
        ) : (
          <ErrorPanel error={review.error} title={t("raid.reviewFailed")} onRetry={() => void review.refetch()} />
        ))}
      {review.data && (
        <>
          <PlanFacts storage={storage} choice={choice} plan={review.data.plan} />
          <Warnings warnings={review.data.plan.warnings} />
          {review.data.inTheWay.length > 0 && (
            <fieldset className="raid-delete">
              <legend>{t("raid.inTheWay")}</legend>
              <p className="warning">{t("raid.inTheWayHint")}</p>
              <ul className="raid-choices">
                {review.data.inTheWay.map((v) => (
                  <li key={v.id}>
                    <label>
                      <input
                        type="checkbox"
                        checked={choice.deleteVolumes.includes(v.id)}
                        onChange={(e) => {
                          onConfirm(v.id, e.target.checked);
                        }}
                      />{" "}
                      {t("raid.deleteVolume", { name: volumeName(v) })}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
        </>
      )}
    </>
  );
}

function PlanFacts({ storage, choice, plan }: { storage: StorageView; choice: RaidChoice; plan: RaidPlan }) {
  const { t } = useI18n();
  const format = useFormat();
  const asked = choice.sizeMode === "gb" ? parseGb(choice.sizeGb) : undefined;
  const survives =
    plan.fault_tolerance === 0 ? t("raid.survivesNone") : t("raid.survives", { count: plan.fault_tolerance });
  const rows: [MessageKey, string][] = [
    ["raid.controllerLegend", controllerName(storage)],
    ["raid.layout", t("raid.layoutValue", { level: levelLabel(plan.level), drives: plan.drives, spans: plan.spans })],
    ["raid.members", choice.drives.join(", ")],
    ["raid.hotSpares", choice.hotSpares.length > 0 ? choice.hotSpares.join(", ") : t("raid.none")],
    ["raid.usable", format.bytes(plan.usable_bytes)],
    ["raid.raw", format.bytes(plan.raw_bytes)],
    ["raid.perDrive", format.bytes(plan.member_bytes)],
    [
      "raid.faultTolerance",
      plan.fault_tolerance_best > plan.fault_tolerance
        ? `${survives} ${t("raid.survivesBest", { best: plan.fault_tolerance_best })}`
        : survives,
    ],
    ["raid.volumeName", choice.name.trim()],
    ["raid.size", asked === undefined ? t("raid.sizeAll") : format.bytes(asked)],
  ];
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{t(label)}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

const warningKeys: Record<string, MessageKey> = {
  mixed_sizes: "raid.warning.mixed_sizes",
  mixed_media: "raid.warning.mixed_media",
  no_redundancy: "raid.warning.no_redundancy",
};

const plain = (text: string) => text.toLowerCase().replace(/[.\s]+$/, "");

/** Warnings translated by code, with the backend's own words (which carry the
 *  sizes) after; a code this build does not know shows the words alone. */
function Warnings({ warnings }: { warnings: readonly RaidWarning[] }) {
  const { t } = useI18n();
  if (warnings.length === 0) return null;
  return (
    <>
      <h4>{t("raid.warnings")}</h4>
      <ul className="raid-warnings">
        {warnings.map((w) => {
          const key = warningKeys[w.code];
          const text = key ? t(key) : w.message;
          return (
            <li key={w.code} className="warning">
              {text}
              {plain(text) !== plain(w.message) && (
                <>
                  {" "}
                  <code>{w.message}</code>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
