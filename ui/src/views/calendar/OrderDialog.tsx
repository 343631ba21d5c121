import { useId, useRef, useState, type SubmitEvent } from "react";

import { Modal } from "../../components/Modal";
import { TextField } from "../../components/TextField";
import type { OrderView } from "../../ipc";
import { useI18n } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { FormProblems, OrderError } from "./OrderError";
import { draftOf, maxWindowMinutes, type OrderForm } from "./orderForm";
import { useSaveOrder, useServerChoices } from "./orderQueries";
import { RepeatFields } from "./RepeatFields";
import { ServerPicker } from "./ServerPicker";
import { TaskRows } from "./TaskRows";

interface Props {
  /** The saved order being edited; a new one when null. */
  editing: OrderView | null;
  initial: OrderForm;
  /** A snapshot under review: nothing can be saved. */
  disabled: boolean;
  onSaved: (order: OrderView) => void;
  onClosed: () => void;
}

/** A new order, or a saved one changed: what runs, on which servers, when, and how
 *  long it may take. The backend checks it when it is saved; a refusal is shown
 *  here with everything as typed, so it can be fixed and saved again. */
export function OrderDialog({ editing, initial, disabled, onSaved, onClosed }: Props) {
  const { t } = useI18n();
  const format = useFormat();
  const dialog = useRef<HTMLDialogElement>(null);
  const [form, setForm] = useState(initial);
  const [problems, setProblems] = useState<readonly string[]>([]);
  const save = useSaveOrder();
  const servers = useServerChoices();
  const update = (change: Partial<OrderForm>) => {
    setForm((f) => ({ ...f, ...change }));
  };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (save.isPending) return;
    const built = draftOf(form, t);
    setProblems(built.problems);
    if (!built.draft) {
      save.reset();
      return;
    }
    save.mutate(
      { id: editing?.id ?? null, draft: built.draft },
      {
        onSuccess: (order) => {
          onSaved(order);
          dialog.current?.close();
        },
      },
    );
  };

  const inService = (servers.data?.servers ?? []).filter(
    (s) => s.stage === "in_service" && form.servers.includes(s.id),
  ).length;
  const title = editing ? t("order.editTitle", { name: editing.name }) : t("order.newTitle");

  return (
    <Modal title={title} dialogRef={dialog} onClosed={onClosed} busy={save.isPending}>
      <form onSubmit={submit} className="order-form" noValidate>
        <TextField
          label={t("order.name")}
          value={form.name}
          required
          maxLength={120}
          onChange={(name) => {
            update({ name });
          }}
        />
        <StartField
          value={form.start}
          zone={form.timeZone}
          onChange={(start) => {
            update({ start });
          }}
        />
        <TextField
          label={t("order.timeZone")}
          spellCheck={false}
          value={form.timeZone}
          onChange={(timeZone) => {
            update({ timeZone });
          }}
        />
        <RepeatFields value={form} onChange={update} />
        <fieldset className="order-window">
          <legend>{t("order.when")}</legend>
          <TextField
            label={t("order.window")}
            type="number"
            min={1}
            max={maxWindowMinutes}
            value={form.window}
            onChange={(window) => {
              update({ window });
            }}
          />
          <TextField
            label={t("order.grace")}
            type="number"
            min={0}
            value={form.grace}
            onChange={(grace) => {
              update({ grace });
            }}
          />
          <p className="hint">{t("order.windowHint")}</p>
          <TextField
            label={t("order.parallel")}
            type="number"
            min={1}
            max={16}
            value={form.parallel}
            onChange={(parallel) => {
              update({ parallel });
            }}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={form.allowStageMove}
              onChange={(e) => {
                update({ allowStageMove: e.target.checked });
              }}
            />{" "}
            {t("order.allowStageMove")}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={form.handToBmc}
              onChange={(e) => {
                update({ handToBmc: e.target.checked });
              }}
            />{" "}
            {t("order.handToBmc")}
          </label>
          {inService > 0 && !form.allowStageMove && (
            <p className="warning" role="note">
              {t("order.inServiceHint", { count: format.number(inService) })}
            </p>
          )}
        </fieldset>
        <TaskRows
          rows={form.tasks}
          onChange={(tasks) => {
            update({ tasks });
          }}
        />
        <ServerPicker
          chosen={form.servers}
          known={editing?.servers ?? []}
          onChange={(chosen) => {
            update({ servers: chosen });
          }}
        />

        {problems.length > 0 && <FormProblems title={t("order.notSaved")} problems={problems} />}
        {save.isError && <OrderError title={t("order.notSaved")} error={save.error} />}
        {save.isPending && <p role="status">{t("order.saving")}</p>}
        <div className="dialog-actions">
          <button
            type="button"
            className="secondary"
            disabled={save.isPending}
            onClick={() => {
              dialog.current?.close();
            }}
          >
            {t("dialog.cancel")}
          </button>
          <button type="submit" disabled={disabled || save.isPending}>
            {t("order.save")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The start as the order's zone's clock shows it; a webview without a picker shows
 *  a text box, so the form checks the format too. */
function StartField({ value, zone, onChange }: { value: string; zone: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t("order.start")}</label>
      <input
        id={id}
        type="datetime-local"
        step={60}
        placeholder="YYYY-MM-DDTHH:MM"
        aria-describedby={hintId}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      />
      <p id={hintId} className="hint field-hint">
        {t("order.startHint", { zone })}
      </p>
    </div>
  );
}
