//! The audit log: append-only (triggers refuse UPDATE and DELETE), and each entry
//! carries the hash of the one before, so an edit made behind SQLite's back
//! breaks the chain where it was made.

use r2d2_sqlite::rusqlite::{params, Row, Transaction};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{now, Store, StoreError};

/// The hash the first entry chains from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    pub seq: u32,
    pub at: String,
    pub actor: String,
    pub role: String,
    /// What was done: "stage_move", "job_started", "power_on", ...
    pub action: String,
    /// The server (or BMC, or job) it was done to.
    pub target: Option<String>,
    /// Its parameters as JSON, secrets already redacted.
    pub params: String,
    /// "ok", "refused", "started", or a job's or a job server's end state
    /// ("succeeded", "failed", "partial", "cancelled", "interrupted", "not_started").
    pub outcome: String,
    pub detail: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// An entry before it is chained.
#[derive(Debug, Clone)]
pub struct NewAudit {
    pub actor: String,
    pub role: String,
    pub action: String,
    pub target: Option<String>,
    pub params: serde_json::Value,
    pub outcome: String,
    pub detail: Option<String>,
}

/// Filters for the Audit tab and `rackctl audit list`; all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub target: Option<String>,
    pub outcome: Option<String>,
    /// RFC 3339 bounds, inclusive.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Newest first; at most this many (default 500).
    pub limit: Option<u32>,
    /// Only entries older than this one: the next page after the last seen.
    pub before_seq: Option<u32>,
}

/// The outcome of re-computing the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditVerdict {
    pub entries: u32,
    pub intact: bool,
    /// The first entry whose hash or link does not hold, when one does not.
    pub broken_at: Option<u32>,
    pub problem: Option<String>,
}

const REDACTED: &str = "[REDACTED]";

/// Replaces the value of any key that names a secret. Callers never pass
/// secrets on purpose; this is the net under them.
pub fn redact(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| {
                    let lower = key.to_ascii_lowercase();
                    if ["password", "secret", "token", "passphrase"]
                        .iter()
                        .any(|s| lower.contains(s))
                    {
                        (key, Value::from(REDACTED))
                    } else {
                        (key, redact(value))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redact).collect()),
        other => other,
    }
}

fn hash_of(prev_hash: &str, seq: u32, entry: &AuditEntry) -> String {
    // A JSON array of strings has one spelling, so the hash input is unambiguous.
    let fields = [
        seq.to_string(),
        entry.at.clone(),
        entry.actor.clone(),
        entry.role.clone(),
        entry.action.clone(),
        entry.target.clone().unwrap_or_default(),
        entry.params.clone(),
        entry.outcome.clone(),
        entry.detail.clone().unwrap_or_default(),
    ];
    let text = serde_json::to_string(&fields).unwrap_or_default();
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    context.update(prev_hash.as_bytes());
    context.update(b"\n");
    context.update(text.as_bytes());
    context
        .finish()
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn read_entry(row: &Row<'_>) -> Result<AuditEntry, r2d2_sqlite::rusqlite::Error> {
    Ok(AuditEntry {
        seq: row.get("seq")?,
        at: row.get("at")?,
        actor: row.get("actor")?,
        role: row.get("role")?,
        action: row.get("action")?,
        target: row.get("target")?,
        params: row.get("params")?,
        outcome: row.get("outcome")?,
        detail: row.get("detail")?,
        prev_hash: row.get("prev_hash")?,
        hash: row.get("hash")?,
    })
}

/// Appends inside the caller's transaction, so the entry and the change it
/// records are written together or not at all.
pub(crate) fn append(tx: &Transaction<'_>, new: NewAudit) -> Result<AuditEntry, StoreError> {
    let (last_seq, prev_hash): (u32, String) = tx
        .query_row(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .or_else(|e| match e {
            r2d2_sqlite::rusqlite::Error::QueryReturnedNoRows => Ok((0, GENESIS.to_owned())),
            other => Err(other),
        })?;
    let seq = last_seq + 1;
    let mut entry = AuditEntry {
        seq,
        at: now(),
        actor: new.actor,
        role: new.role,
        action: new.action,
        target: new.target,
        params: redact(new.params).to_string(),
        outcome: new.outcome,
        detail: new.detail,
        prev_hash: prev_hash.clone(),
        hash: String::new(),
    };
    entry.hash = hash_of(&prev_hash, seq, &entry);
    tx.execute(
        "INSERT INTO audit (seq, at, actor, role, action, target, params, outcome, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            entry.seq,
            entry.at,
            entry.actor,
            entry.role,
            entry.action,
            entry.target,
            entry.params,
            entry.outcome,
            entry.detail,
            entry.prev_hash,
            entry.hash
        ],
    )?;
    Ok(entry)
}

impl Store {
    /// Appends one entry in a transaction of its own.
    pub fn audit(&self, new: NewAudit) -> Result<AuditEntry, StoreError> {
        self.immediate(|tx| append(tx, new))
    }

    pub fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(
            "SELECT * FROM audit
             WHERE (?1 IS NULL OR actor = ?1)
               AND (?2 IS NULL OR action = ?2)
               AND (?3 IS NULL OR target = ?3)
               AND (?4 IS NULL OR outcome = ?4)
               AND (?5 IS NULL OR julianday(at) >= julianday(?5))
               AND (?6 IS NULL OR julianday(at) <= julianday(?6))
               AND (?8 IS NULL OR seq < ?8)
             ORDER BY seq DESC LIMIT ?7",
        )?;
        let rows = statement.query_map(
            params![
                filter.actor,
                filter.action,
                filter.target,
                filter.outcome,
                filter.since,
                filter.until,
                filter.limit.unwrap_or(500),
                filter.before_seq
            ],
            read_entry,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Re-computes every hash from the first entry on.
    pub fn verify_audit(&self) -> Result<AuditVerdict, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare("SELECT * FROM audit ORDER BY seq")?;
        let mut rows = statement.query([])?;
        let mut prev = GENESIS.to_owned();
        let mut expected_seq = 1;
        let mut entries = 0;
        while let Some(row) = rows.next()? {
            let entry = read_entry(row)?;
            entries += 1;
            let problem = if entry.seq != expected_seq {
                Some(format!("entry {expected_seq} is missing"))
            } else if entry.prev_hash != prev {
                Some(format!(
                    "entry {} does not link to the entry before it",
                    entry.seq
                ))
            } else if hash_of(&prev, entry.seq, &entry) != entry.hash {
                Some(format!(
                    "entry {} was changed after it was written",
                    entry.seq
                ))
            } else {
                None
            };
            if let Some(problem) = problem {
                return Ok(AuditVerdict {
                    entries,
                    intact: false,
                    broken_at: Some(expected_seq),
                    problem: Some(problem),
                });
            }
            prev = entry.hash;
            expected_seq += 1;
        }
        Ok(AuditVerdict {
            entries,
            intact: true,
            broken_at: None,
            problem: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str, params: serde_json::Value) -> NewAudit {
        NewAudit {
            actor: "alice".into(),
            role: "customer".into(),
            action: action.into(),
            target: Some("web-1".into()),
            params,
            outcome: "ok".into(),
            detail: None,
        }
    }

    use crate::store::scratch_store as store;

    #[test]
    fn entries_chain_and_verify() {
        let (_dir, store) = store();
        let first = store
            .audit(entry("stage_move", serde_json::json!({"to": "building"})))
            .expect("first");
        let second = store
            .audit(entry("power_on", serde_json::json!({})))
            .expect("second");
        assert_eq!(first.prev_hash, GENESIS);
        assert_eq!(second.prev_hash, first.hash);
        let verdict = store.verify_audit().expect("verify");
        assert!(verdict.intact && verdict.entries == 2, "{verdict:?}");
    }

    #[test]
    fn secrets_in_parameters_are_redacted() {
        let (_dir, store) = store();
        let written = store
            .audit(entry("bmc_add", serde_json::json!({"user": "root", "Password": "hunter2", "nested": [{"authToken": "abc"}]})))
            .expect("audit");
        assert!(
            !written.params.contains("hunter2") && !written.params.contains("abc"),
            "{}",
            written.params
        );
        assert!(written.params.contains("root"));
    }

    #[test]
    fn the_log_refuses_edits_and_a_forged_edit_breaks_the_chain() {
        let (dir, store) = store();
        for n in 0..3 {
            store
                .audit(entry("power_on", serde_json::json!({"n": n})))
                .expect("audit");
        }
        let conn = store.conn().expect("conn");
        let refused = conn.execute("UPDATE audit SET outcome = 'failed' WHERE seq = 2", []);
        assert!(refused.is_err_and(|e| e.to_string().contains("append-only")));
        assert!(conn.execute("DELETE FROM audit WHERE seq = 2", []).is_err());
        drop(conn);
        // Someone with the file drops the trigger and edits entry 2.
        let raw =
            r2d2_sqlite::rusqlite::Connection::open(dir.path().join("db.sqlite3")).expect("raw");
        raw.execute_batch(
            "DROP TRIGGER audit_is_append_only_update; UPDATE audit SET outcome = 'failed' WHERE seq = 2;",
        )
        .expect("forge");
        let verdict = store.verify_audit().expect("verify");
        assert!(!verdict.intact);
        assert_eq!(verdict.broken_at, Some(2));
    }

    #[test]
    fn entries_filter_by_actor_action_and_target() {
        let (_dir, store) = store();
        store
            .audit(entry("power_on", serde_json::json!({})))
            .expect("a");
        let mut other = entry("stage_move", serde_json::json!({}));
        other.target = Some("db-1".into());
        store.audit(other).expect("b");
        let moves = store
            .audit_entries(&AuditFilter {
                action: Some("stage_move".into()),
                ..AuditFilter::default()
            })
            .expect("list");
        assert_eq!(moves.len(), 1);
        assert_eq!(moves[0].target.as_deref(), Some("db-1"));
        let all = store.audit_entries(&AuditFilter::default()).expect("all");
        assert_eq!(all.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![2, 1]);
    }

    #[test]
    fn time_bounds_hold_to_the_second_and_pages_go_back_by_seq() {
        let (_dir, store) = store();
        let first = store
            .audit(entry("power_on", serde_json::json!({})))
            .expect("a");
        store
            .audit(entry("power_off", serde_json::json!({})))
            .expect("b");
        // Stored times carry fractions of a second; a bound in whole seconds
        // must still take in the entries of that second.
        let second = format!("{}Z", &first.at[..19]);
        let since = store
            .audit_entries(&AuditFilter {
                since: Some(second.clone()),
                ..AuditFilter::default()
            })
            .expect("since");
        assert_eq!(since.len(), 2, "since {second}: {since:?}");
        let older = store
            .audit_entries(&AuditFilter {
                before_seq: Some(2),
                ..AuditFilter::default()
            })
            .expect("page");
        assert_eq!(older.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1]);
    }
}
