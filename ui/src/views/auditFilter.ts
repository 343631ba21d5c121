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

// A page of the log, newest first; "Older entries" asks for the next this many.
export const auditLimit = 500;

/** The first or the last millisecond of a day on the user's clock, as UTC. The
 *  backend compares times, not text (julianday, to the millisecond), so the last
 *  millisecond takes in an entry written at any fraction of the day's last second. */
function bound(date: string, edge: "start" | "end"): string | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!day) return null;
  const [year, month, dayOfMonth] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])];
  // The next day's start less one, rather than 23:59:59.999, holds where the clock jumps at midnight.
  const at =
    edge === "start"
      ? new Date(year, month, dayOfMonth).getTime()
      : new Date(year, month, dayOfMonth + 1).getTime() - 1;
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

const text = (value: string) => (value.trim() === "" ? null : value.trim());

export function auditFilterOf(form: AuditForm): AuditFilter {
  return {
    actor: text(form.actor),
    action: text(form.action),
    target: text(form.target),
    outcome: text(form.outcome),
    // From the start of the first day to the end of the last, on the user's clock.
    since: bound(form.since, "start"),
    until: bound(form.until, "end"),
    limit: auditLimit,
    beforeSeq: null,
  };
}
