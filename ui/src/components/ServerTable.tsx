import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

import type { RefreshOutcome, ServerSummary } from "../ipc";
import { errorMessageKey, useI18n, type MessageKey } from "../i18n";
import { useFormat, type Format } from "../i18n/format";
import { routeHash } from "../app/routes";
import { useSnapshot } from "../app/queries";
import { useRefresh } from "../app/useRefresh";
import { RefreshStatus } from "./RefreshStatus";
import { locationText } from "./serverRows";

// Rows have one fixed height (long text is cut with an ellipsis and kept whole in
// a tooltip), so the virtualizer never has to measure them.
const rowHeight = 40;

const columns: readonly { key: string; label: MessageKey }[] = [
  { key: "name", label: "servers.name" },
  { key: "stage", label: "servers.stage" },
  { key: "model", label: "servers.model" },
  { key: "serial", label: "servers.serial" },
  { key: "bmc", label: "servers.bmc" },
  { key: "power", label: "servers.power" },
  { key: "health", label: "servers.health" },
  { key: "location", label: "servers.location" },
  { key: "refreshed", label: "servers.refreshed" },
];
// The selection checkbox, the columns and the refresh result.
const columnCount = columns.length + 2;

interface Props {
  /** One page of a tab, in the backend's order (by name); searching, sorting and
   *  paging are the backend's, since a tab may hold far more rows than a page. */
  servers: ServerSummary[];
  /** Where the page starts among all the servers matching, and how many match. */
  offset: number;
  total: number;
  /** What may be done to the servers selected (those still shown), under the toolbar. */
  selectionActions?: (selected: readonly ServerSummary[]) => ReactNode;
}

export function ServerTable({ servers: rows, offset, total, selectionActions }: Props) {
  const { t } = useI18n();
  const format = useFormat();
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const { run, start } = useRefresh();
  // A snapshot under review is a record, not a fleet: there is no BMC to ask.
  const reviewing = useSnapshot() !== null;
  // Only servers still listed count; a server that left the page is not refreshed by mistake.
  const chosenServers = useMemo(() => rows.filter((s) => selected.has(s.id)), [rows, selected]);
  const chosen = useMemo(() => chosenServers.map((s) => s.id), [chosenServers]);
  const requested = useMemo(() => (run.requested === null ? null : new Set(run.requested)), [run.requested]);

  const allShownSelected = rows.length > 0 && rows.every((s) => selected.has(s.id));
  const someShownSelected = rows.some((s) => selected.has(s.id));

  const toggle = useCallback((id: string, on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const toggleShown = (on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      for (const s of rows) {
        if (on) next.add(s.id);
        else next.delete(s.id);
      }
      return next;
    });
  };

  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the rows below read the virtualizer on every render, which is what it is for; nothing memoizes its results.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    getItemKey: (index) => rows[index]?.id ?? index,
  });
  // Another page starts at its top, not where the last one was scrolled to.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [offset]);
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  return (
    <>
      <div className="table-toolbar">
        <div className="actions">
          <button
            type="button"
            disabled={chosen.length === 0 || run.running || reviewing}
            onClick={() => void start(chosen)}
          >
            {t("refresh.selected", { count: format.number(chosen.length) })}
          </button>
          <button type="button" disabled={run.running || reviewing} onClick={() => void start(null)}>
            {t("refresh.all")}
          </button>
        </div>
      </div>
      {selectionActions?.(chosenServers)}
      <RefreshStatus run={run} />
      <div className="table-scroll" ref={scroller}>
        <table className="servers" aria-rowcount={total + 1}>
          <caption className="visually-hidden">{t("servers.caption")}</caption>
          <colgroup>
            <col className="col-select" />
            {columns.map((c) => (
              <col key={c.key} className={`col-${c.key}`} />
            ))}
            <col className="col-result" />
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col" className="select">
                <input
                  type="checkbox"
                  aria-label={t("servers.selectShown")}
                  checked={allShownSelected}
                  disabled={rows.length === 0}
                  ref={(box) => {
                    if (box) box.indeterminate = someShownSelected && !allShownSelected;
                  }}
                  onChange={(e) => {
                    toggleShown(e.target.checked);
                  }}
                />
              </th>
              {columns.map((c) => (
                <th key={c.key} scope="col">
                  {t(c.label)}
                </th>
              ))}
              <th scope="col">{t("servers.result")}</th>
            </tr>
          </thead>
          <tbody>
            {before > 0 && <Spacer height={before} />}
            {items.map((item) => {
              const server = rows[item.index];
              if (!server) return null;
              const outcome = run.outcomes.get(server.id);
              return (
                <ServerRow
                  key={server.id}
                  server={server}
                  rowIndex={offset + item.index + 2}
                  checked={selected.has(server.id)}
                  onToggle={toggle}
                  outcome={outcome}
                  waiting={run.running && !outcome && (requested === null || requested.has(server.id))}
                  format={format}
                />
              );
            })}
            {after > 0 && <Spacer height={after} />}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Stands in for the rows scrolled out of view, so the scroll bar is true to the list. */
function Spacer({ height }: { height: number }) {
  return (
    <tr aria-hidden="true" className="spacer">
      <td colSpan={columnCount} style={{ height }} />
    </tr>
  );
}

interface RowProps {
  server: ServerSummary;
  rowIndex: number;
  checked: boolean;
  onToggle: (id: string, on: boolean) => void;
  outcome: RefreshOutcome | undefined;
  waiting: boolean;
  format: Format;
}

const ServerRow = memo(function ServerRow({ server, rowIndex, checked, onToggle, outcome, waiting, format }: RowProps) {
  const { t } = useI18n();
  const dash = t("servers.unknown");
  const location = locationText(server.location, t);
  const failed = outcome ? !outcome.ok : server.refreshError !== null;
  // What the last contact said; this page's own refresh is newer when it has ended.
  // The backend decides which failures mean the BMC is out of reach.
  const unreachable = server.unreachable;
  return (
    <tr aria-rowindex={rowIndex} className={[checked && "selected", failed && "failed"].filter(Boolean).join(" ")}>
      <td className="select">
        <input
          type="checkbox"
          aria-label={t("servers.select", { name: server.name })}
          checked={checked}
          onChange={(e) => {
            onToggle(server.id, e.target.checked);
          }}
        />
      </td>
      <th scope="row">
        <a href={routeHash({ kind: "server", id: server.id })}>{server.name}</a>
      </th>
      <td>{t(`stage.${server.stage}`)}</td>
      <td title={server.model ?? undefined}>{server.model ?? dash}</td>
      <td title={server.serial ?? undefined}>{server.serial ?? dash}</td>
      <td title={server.bmcAddress ?? undefined}>{server.bmcAddress ?? dash}</td>
      <td>{server.powerState ?? dash}</td>
      <td>{server.health ?? dash}</td>
      <td title={location || undefined}>{location || dash}</td>
      <td>
        {unreachable && <span className="tag danger">{t("servers.unreachable")}</span>}
        {server.refreshedAt === null ? (
          t("servers.never")
        ) : (
          <time dateTime={server.refreshedAt} title={format.dateTime(server.refreshedAt)}>
            {format.ago(server.refreshedAt)}
          </time>
        )}
      </td>
      <ResultCell outcome={outcome} waiting={waiting} refreshError={server.refreshError} />
    </tr>
  );
});

function ResultCell({
  outcome,
  waiting,
  refreshError,
}: {
  outcome: RefreshOutcome | undefined;
  waiting: boolean;
  refreshError: string | null;
}) {
  const { t } = useI18n();
  if (waiting) return <td className="result">{t("refresh.waiting")}</td>;
  if (outcome?.ok) return <td className="result ok">{t("refresh.ok")}</td>;
  const text = outcome?.error
    ? `${t(errorMessageKey(outcome.error.code))} ${outcome.error.message}`
    : refreshError !== null
      ? t("servers.lastRefreshFailed", { message: refreshError })
      : "";
  return (
    <td className={text ? "result failed" : "result"} title={text || undefined}>
      {text}
    </td>
  );
}
