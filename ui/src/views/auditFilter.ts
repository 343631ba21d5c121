import type { AuditFilter } from "../ipc";

/** The filter form as typed: text boxes, and dates as YYYY-MM-DD in the user's time zone. */
export interface AuditForm {
  actor: string;
  action: string;
  target: string;
  outcome: string;
  since: string;
  until: string;
}

export const emptyAuditForm: AuditForm = { actor: "", action: "", target: "", outcome: "", since: "", until: "" };

// The log keeps its newest entries first; this many are as many as a table can show usefully.
export const auditLimit = 500;

/** The backend compares RFC 3339 text, so bounds are whole seconds in UTC, with no
 *  fraction: a fraction would sort after the same second written without one. */
function bound(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const at = new Date(`${date}T${time}`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString().replace(/\.\d+Z$/, "Z");
}

const text = (value: string) => (value.trim() === "" ? null : value.trim());

export function auditFilterOf(form: AuditForm): AuditFilter {
  return {
    actor: text(form.actor),
    action: text(form.action),
    target: text(form.target),
    outcome: text(form.outcome),
    // From the start of the first day to the end of the last, on the user's clock.
    since: bound(form.since, "00:00:00"),
    until: bound(form.until, "23:59:59"),
    limit: auditLimit,
    beforeSeq: null,
  };
}
