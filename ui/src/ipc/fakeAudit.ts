// The fake backend's audit log: a hash chain like the real one, so a test can
// forge an entry and see Verify find it.
import type { AuditEntry, AuditFilter, AuditVerdict } from "./bindings";

export const genesis = "0".repeat(16);

/** FNV-1a, twice over, as 16 hex digits: not a secure hash, but any change shows. */
function digest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x811c9dc5) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

function hashOf(entry: Omit<AuditEntry, "hash">): string {
  const { seq, at, actor, role, action, target, params, outcome, detail, prevHash } = entry;
  return digest(JSON.stringify([prevHash, seq, at, actor, role, action, target, params, outcome, detail]));
}

export type NewAudit = Pick<AuditEntry, "actor" | "role" | "action" | "target" | "outcome" | "detail"> & {
  params: unknown;
};

export function appendAudit(log: AuditEntry[], entry: NewAudit, at: string): AuditEntry {
  const last = log.at(-1);
  const unhashed = {
    ...entry,
    params: JSON.stringify(entry.params),
    seq: (last?.seq ?? 0) + 1,
    at,
    prevHash: last?.hash ?? genesis,
  };
  const written = { ...unhashed, hash: hashOf(unhashed) };
  log.push(written);
  return written;
}

/** An RFC 3339 time as a number to compare, as SQLite's julianday reads it: only the
 *  first three digits of a fraction count, and a bound that is no time matches nothing. */
function timeOf(text: string): number {
  return Date.parse(text.replace(/(\.\d{3})\d+/, "$1"));
}

export function auditEntries(log: readonly AuditEntry[], filter: AuditFilter): AuditEntry[] {
  const matches = (wanted: string | null, value: string | null) => wanted === null || wanted === value;
  const since = filter.since === null ? null : timeOf(filter.since);
  const until = filter.until === null ? null : timeOf(filter.until);
  return log
    .filter(
      (e) =>
        matches(filter.actor, e.actor) &&
        matches(filter.action, e.action) &&
        matches(filter.target, e.target) &&
        matches(filter.outcome, e.outcome) &&
        (since === null || timeOf(e.at) >= since) &&
        (until === null || timeOf(e.at) <= until) &&
        (filter.beforeSeq === null || e.seq < filter.beforeSeq),
    )
    .reverse()
    .slice(0, filter.limit ?? 500);
}

export function verifyAudit(log: readonly AuditEntry[]): AuditVerdict {
  let prev = genesis;
  for (const [index, entry] of log.entries()) {
    const expected = index + 1;
    const problem =
      entry.seq !== expected
        ? `entry ${expected} is missing`
        : entry.prevHash !== prev
          ? `entry ${entry.seq} does not link to the entry before it`
          : hashOf(entry) !== entry.hash
            ? `entry ${entry.seq} was changed after it was written`
            : null;
    if (problem !== null) return { entries: log.length, intact: false, brokenAt: expected, problem };
    prev = entry.hash;
  }
  return { entries: log.length, intact: true, brokenAt: null, problem: null };
}
