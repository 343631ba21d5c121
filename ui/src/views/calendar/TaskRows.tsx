import { useId } from "react";

import { ChoiceField } from "../../components/ChoiceField";
import { TextField } from "../../components/TextField";
import { useI18n } from "../../i18n";
import { taskKinds, taskRow, waitConditions, type TaskRow } from "./orderForm";

interface Props {
  rows: readonly TaskRow[];
  onChange: (rows: TaskRow[]) => void;
}

/** An order's tasks in the order they run on each server: each one a group of its
 *  own, moved up or down, removed, or added at the end. */
export function TaskRows({ rows, onChange }: Props) {
  const { t } = useI18n();
  const change = (id: number, edit: Partial<TaskRow>) => {
    onChange(rows.map((r) => (r.id === id ? { ...r, ...edit } : r)));
  };
  const swap = (i: number, j: number) => {
    const next = [...rows];
    const a = next[i];
    const b = next[j];
    if (!a || !b) return;
    next[i] = b;
    next[j] = a;
    onChange(next);
  };
  return (
    <fieldset className="task-rows">
      <legend>{t("order.tasks")}</legend>
      <p className="hint">{t("order.tasksHint")}</p>
      {rows.length === 0 && <p className="warning">{t("order.noTasks")}</p>}
      <ol className="task-list">
        {rows.map((row, i) => (
          <li key={row.id}>
            <fieldset>
              <legend>{t("order.taskN", { n: i + 1 })}</legend>
              <ChoiceField
                label={t("order.taskKind")}
                value={row.kind}
                choices={taskKinds}
                describe={(kind) => t(`order.task.${kind}`)}
                disabled={false}
                onChange={(kind) => {
                  change(row.id, { kind });
                }}
              />
              <TaskParameters row={row} change={change} />
              <div className="actions">
                <button
                  type="button"
                  className="secondary"
                  disabled={i === 0}
                  onClick={() => {
                    swap(i, i - 1);
                  }}
                >
                  {t("order.moveUp")}
                </button>
                <button
                  type="button"
                  className="secondary"
                  disabled={i === rows.length - 1}
                  onClick={() => {
                    swap(i, i + 1);
                  }}
                >
                  {t("order.moveDown")}
                </button>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    onChange(rows.filter((r) => r.id !== row.id));
                  }}
                >
                  {t("order.removeTask")}
                </button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            onChange([...rows, taskRow()]);
          }}
        >
          {t("order.addTask")}
        </button>
      </div>
    </fieldset>
  );
}

function TaskParameters({ row, change }: { row: TaskRow; change: (id: number, edit: Partial<TaskRow>) => void }) {
  const { t } = useI18n();
  const biosId = useId();
  const biosHintId = useId();
  switch (row.kind) {
    case "firmware":
      return (
        <TextField
          label={t("order.imageUrl")}
          type="url"
          spellCheck={false}
          placeholder="https://files.example/bios-2.19.bin"
          value={row.imageUrl}
          onChange={(imageUrl) => {
            change(row.id, { imageUrl });
          }}
        />
      );
    case "firmwareFile":
      return (
        <>
          <TextField
            label={t("order.imagePath")}
            spellCheck={false}
            placeholder="/srv/firmware/bios-2.19.bin"
            value={row.path}
            onChange={(path) => {
              change(row.id, { path });
            }}
          />
          <p className="hint">{t("order.imagePathHint")}</p>
        </>
      );
    case "bios":
      return (
        <div className="field wide">
          <label htmlFor={biosId}>{t("order.biosValues")}</label>
          <textarea
            id={biosId}
            rows={3}
            spellCheck={false}
            placeholder={"ProcVirtualization=Enabled\nBootMode=Uefi"}
            aria-describedby={biosHintId}
            value={row.bios}
            onChange={(e) => {
              change(row.id, { bios: e.target.value });
            }}
          />
          <p id={biosHintId} className="hint field-hint">
            {t("order.biosHint")}
          </p>
        </div>
      );
    case "wait":
      return (
        <>
          <ChoiceField
            label={t("order.waitFor")}
            value={row.condition}
            choices={waitConditions}
            describe={(condition) => t(`order.wait.${condition}`)}
            disabled={false}
            onChange={(condition) => {
              change(row.id, { condition });
            }}
          />
          <TextField
            label={t("order.timeout")}
            type="number"
            min={1}
            max={1440}
            value={row.timeout}
            onChange={(timeout) => {
              change(row.id, { timeout });
            }}
          />
        </>
      );
    default:
      return null;
  }
}
