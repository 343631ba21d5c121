import { RadioChoices } from "../../components/RadioChoices";
import { TextField } from "../../components/TextField";
import { useI18n } from "../../i18n";
import { repeatChoices, weekdays, type OrderForm } from "./orderForm";
import { weekdayName } from "./orderWords";

type Repeat = Pick<OrderForm, "repeat" | "days" | "rrule">;

/** Whether an order repeats: not at all, every day, every week on the days ticked,
 *  or by an iCalendar rule written out. Each repeat starts at the order's start time. */
export function RepeatFields({ value, onChange }: { value: Repeat; onChange: (change: Partial<Repeat>) => void }) {
  const { t, language } = useI18n();
  return (
    <fieldset className="repeat-fields">
      <legend>{t("order.repeat")}</legend>
      <RadioChoices
        value={value.repeat}
        choices={repeatChoices}
        describe={(choice) => t(`order.repeat.${choice}`)}
        disabled={false}
        onChange={(repeat) => {
          onChange({ repeat });
        }}
      />
      {value.repeat === "weekly" && (
        <fieldset className="weekdays">
          <legend>{t("order.weekdays")}</legend>
          {weekdays.map((day) => (
            <label key={day} className="check">
              <input
                type="checkbox"
                checked={value.days.includes(day)}
                onChange={(e) => {
                  onChange({
                    days: e.target.checked ? [...value.days, day] : value.days.filter((d) => d !== day),
                  });
                }}
              />{" "}
              {weekdayName(day, language)}
            </label>
          ))}
        </fieldset>
      )}
      {value.repeat === "custom" && (
        <>
          <TextField
            label={t("order.rrule")}
            spellCheck={false}
            placeholder="FREQ=MONTHLY;BYDAY=1SA"
            value={value.rrule}
            onChange={(rrule) => {
              onChange({ rrule });
            }}
          />
          <p className="hint">{t("order.rruleHint")}</p>
        </>
      )}
    </fieldset>
  );
}
