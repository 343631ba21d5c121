import type { OccurrenceState } from "../../ipc";
import { useI18n } from "../../i18n";

export const occurrenceStates: readonly OccurrenceState[] = ["planned", "running", "done", "failed", "missed"];

/** A coloured mark for an occurrence's state, with a sign of its own drawn by the
 *  style sheet (so colour is not the only cue where the name is cut off); the
 *  state's name always goes beside it for assistive technology. */
export function StateSwatch({ state }: { state: OccurrenceState }) {
  return <span className={`state-swatch state-glyph order-${state}`} aria-hidden="true" />;
}

/** An occurrence's state in words, with its colour. */
export function StateText({ state }: { state: OccurrenceState }) {
  const { t } = useI18n();
  return (
    <span className="order-state-text">
      <StateSwatch state={state} /> {t(`calendar.state.${state}`)}
    </span>
  );
}

/** What each colour on the calendar means. */
export function StateLegend() {
  const { t } = useI18n();
  return (
    <ul className="state-legend" aria-label={t("calendar.legend")}>
      {occurrenceStates.map((state) => (
        <li key={state}>
          <StateText state={state} />
        </li>
      ))}
    </ul>
  );
}
