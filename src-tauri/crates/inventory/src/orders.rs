//! Scheduled orders and the runs of their occurrences. Times are UTC in one
//! fixed shape (`YYYY-MM-DDTHH:MM:SSZ`), given by the caller so that a test's
//! clock is the only clock, and compared as text.

use r2d2_sqlite::rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::audit::append;
use crate::{NewAudit, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StoredOrder {
    pub id: String,
    pub name: String,
    /// The order as the core checked it, in JSON.
    pub body: String,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RunState {
    Running,
    Done,
    Failed,
    Missed,
}

impl RunState {
    pub fn as_str(self) -> &'static str {
        match self {
            RunState::Running => "running",
            RunState::Done => "done",
            RunState::Failed => "failed",
            RunState::Missed => "missed",
        }
    }

    fn parse(text: &str) -> RunState {
        match text {
            "running" => RunState::Running,
            "done" => RunState::Done,
            "missed" => RunState::Missed,
            _ => RunState::Failed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderRun {
    pub order_id: String,
    /// When the occurrence was planned to start (UTC).
    pub occurrence: String,
    pub state: RunState,
    pub runner: Option<String>,
    pub lease_until: Option<String>,
    pub job_id: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub note: Option<String>,
}

const RUN_COLUMNS: &str =
    "order_id, occurrence, state, runner, lease_until, job_id, started_at, finished_at, note";

fn run_of(row: &Row<'_>) -> r2d2_sqlite::rusqlite::Result<OrderRun> {
    Ok(OrderRun {
        order_id: row.get(0)?,
        occurrence: row.get(1)?,
        state: RunState::parse(&row.get::<_, String>(2)?),
        runner: row.get(3)?,
        lease_until: row.get(4)?,
        job_id: row.get(5)?,
        started_at: row.get(6)?,
        finished_at: row.get(7)?,
        note: row.get(8)?,
    })
}

fn order_of(row: &Row<'_>) -> r2d2_sqlite::rusqlite::Result<StoredOrder> {
    Ok(StoredOrder {
        id: row.get(0)?,
        name: row.get(1)?,
        body: row.get(2)?,
        created_at: row.get(3)?,
        created_by: row.get(4)?,
        updated_at: row.get(5)?,
    })
}

const ORDER_COLUMNS: &str = "id, name, body, created_at, created_by, updated_at";

/// Which way one task of one occurrence goes on one server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Handoff {
    pub order_id: String,
    pub occurrence: String,
    pub server_id: String,
    pub task_index: u32,
    /// `bmc`: staged on the BMC to apply in its window; `racksmith`: run at the time.
    pub via: String,
    pub detail: String,
    /// JSON object: component id → version when the task was staged.
    pub versions: String,
    pub at: String,
}

impl Store {
    /// Records (or replaces) which way a task goes.
    pub fn record_handoff(&self, handoff: &Handoff) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO order_handoffs (order_id, occurrence, server_id, task_index, via, detail, at, versions)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(order_id, occurrence, server_id, task_index)
             DO UPDATE SET via = ?5, detail = ?6, at = ?7, versions = ?8",
            params![
                handoff.order_id,
                handoff.occurrence,
                handoff.server_id,
                handoff.task_index,
                handoff.via,
                handoff.detail,
                handoff.at,
                handoff.versions
            ],
        )?;
        Ok(())
    }

    /// The hand-offs of one occurrence of an order.
    pub fn handoffs(&self, order_id: &str, occurrence: &str) -> Result<Vec<Handoff>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(
            "SELECT order_id, occurrence, server_id, task_index, via, detail, at, versions FROM order_handoffs
             WHERE order_id = ?1 AND occurrence = ?2 ORDER BY server_id, task_index",
        )?;
        let rows = statement.query_map([order_id, occurrence], |row| {
            Ok(Handoff {
                order_id: row.get(0)?,
                occurrence: row.get(1)?,
                server_id: row.get(2)?,
                task_index: row.get(3)?,
                via: row.get(4)?,
                detail: row.get(5)?,
                at: row.get(6)?,
                versions: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Saves a new order or replaces one's body, audited in the same transaction.
    pub fn save_order(&self, order: &StoredOrder, audit: NewAudit) -> Result<(), StoreError> {
        self.immediate(|tx| {
            tx.execute(
                "INSERT INTO orders (id, name, body, created_at, created_by, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET name = ?2, body = ?3, updated_at = ?6",
                params![
                    order.id,
                    order.name,
                    order.body,
                    order.created_at,
                    order.created_by,
                    order.updated_at
                ],
            )?;
            append(tx, audit)?;
            Ok(())
        })
    }

    pub fn delete_order(&self, id: &str, audit: NewAudit) -> Result<(), StoreError> {
        self.immediate(|tx| {
            let running: i64 = tx.query_row(
                "SELECT COUNT(*) FROM order_runs WHERE order_id = ?1 AND state = 'running'",
                [id],
                |row| row.get(0),
            )?;
            if running > 0 {
                return Err(StoreError::Changed(format!(
                    "order {id} is running; it can be deleted when the run ends"
                )));
            }
            if tx.execute("DELETE FROM orders WHERE id = ?1", [id])? == 0 {
                return Err(StoreError::NotFound {
                    what: "order",
                    id: id.to_owned(),
                });
            }
            append(tx, audit)?;
            Ok(())
        })
    }

    pub fn orders(&self) -> Result<Vec<StoredOrder>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(&format!(
            "SELECT {ORDER_COLUMNS} FROM orders ORDER BY created_at, id"
        ))?;
        let rows = statement.query_map([], order_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn order(&self, id: &str) -> Result<StoredOrder, StoreError> {
        self.conn()?
            .query_row(
                &format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?1"),
                [id],
                order_of,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "order",
                id: id.to_owned(),
            })
    }

    /// Every run of an order, oldest first.
    pub fn order_runs(&self, order_id: &str) -> Result<Vec<OrderRun>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(&format!(
            "SELECT {RUN_COLUMNS} FROM order_runs WHERE order_id = ?1 ORDER BY occurrence"
        ))?;
        let rows = statement.query_map([order_id], run_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Runs of every order whose occurrence lies in `[from, to]`.
    pub fn runs_between(&self, from: &str, to: &str) -> Result<Vec<OrderRun>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(&format!(
            "SELECT {RUN_COLUMNS} FROM order_runs WHERE occurrence >= ?1 AND occurrence <= ?2
             ORDER BY occurrence"
        ))?;
        let rows = statement.query_map([from, to], run_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Takes an occurrence to run. Only one runner ever gets `true` for it.
    pub fn claim_run(
        &self,
        order_id: &str,
        occurrence: &str,
        runner: &str,
        now: &str,
        lease_until: &str,
    ) -> Result<bool, StoreError> {
        self.immediate(|tx| {
            let made = tx.execute(
                "INSERT OR IGNORE INTO order_runs (order_id, occurrence, state, runner, lease_until, started_at)
                 VALUES (?1, ?2, 'running', ?3, ?4, ?5)",
                params![order_id, occurrence, runner, lease_until, now],
            )?;
            Ok(made == 1)
        })
    }

    /// Records an occurrence nobody ran in time. False if it already has a run.
    pub fn mark_missed(
        &self,
        order_id: &str,
        occurrence: &str,
        now: &str,
        note: &str,
    ) -> Result<bool, StoreError> {
        self.immediate(|tx| {
            let made = tx.execute(
                "INSERT OR IGNORE INTO order_runs (order_id, occurrence, state, finished_at, note)
                 VALUES (?1, ?2, 'missed', ?3, ?4)",
                params![order_id, occurrence, now, note],
            )?;
            Ok(made == 1)
        })
    }

    /// Extends the lease of a run this runner holds; false if it is no longer its own.
    pub fn renew_lease(
        &self,
        order_id: &str,
        occurrence: &str,
        runner: &str,
        lease_until: &str,
    ) -> Result<bool, StoreError> {
        let changed = self.conn()?.execute(
            "UPDATE order_runs SET lease_until = ?4
             WHERE order_id = ?1 AND occurrence = ?2 AND runner = ?3 AND state = 'running'",
            params![order_id, occurrence, runner, lease_until],
        )?;
        Ok(changed == 1)
    }

    pub fn attach_run_job(
        &self,
        order_id: &str,
        occurrence: &str,
        job_id: &str,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE order_runs SET job_id = ?3 WHERE order_id = ?1 AND occurrence = ?2",
            params![order_id, occurrence, job_id],
        )?;
        Ok(())
    }

    /// Ends a run this runner holds.
    pub fn finish_run(
        &self,
        order_id: &str,
        occurrence: &str,
        runner: &str,
        state: RunState,
        now: &str,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE order_runs SET state = ?4, finished_at = ?5, note = ?6, lease_until = NULL
             WHERE order_id = ?1 AND occurrence = ?2 AND runner = ?3 AND state = 'running'",
            params![order_id, occurrence, runner, state.as_str(), now, note],
        )?;
        Ok(())
    }

    /// Fails the runs whose runner stopped renewing its lease (it crashed or was
    /// killed): nothing is re-run on its own. Returns the runs so ended.
    pub fn abandon_stale_runs(&self, now: &str) -> Result<Vec<OrderRun>, StoreError> {
        self.immediate(|tx| {
            let stale: Vec<OrderRun> = {
                let mut statement = tx.prepare(&format!(
                    "SELECT {RUN_COLUMNS} FROM order_runs WHERE state = 'running' AND lease_until < ?1"
                ))?;
                let rows = statement.query_map([now], run_of)?;
                rows.collect::<Result<_, _>>()?
            };
            tx.execute(
                "UPDATE order_runs SET state = 'failed', finished_at = ?1, lease_until = NULL,
                    note = 'the runner stopped before the run finished; see its job for what was done'
                 WHERE state = 'running' AND lease_until < ?1",
                [now],
            )?;
            Ok(stale)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::scratch_store as test_store;

    fn order(id: &str) -> StoredOrder {
        StoredOrder {
            id: id.into(),
            name: "firmware".into(),
            body: "{}".into(),
            created_at: "2026-11-24T00:00:00Z".into(),
            created_by: "tester".into(),
            updated_at: "2026-11-24T00:00:00Z".into(),
        }
    }

    fn audit(action: &str) -> NewAudit {
        NewAudit {
            actor: "tester".into(),
            role: "customer".into(),
            action: action.into(),
            target: None,
            params: serde_json::json!({}),
            outcome: "ok".into(),
            detail: None,
        }
    }

    #[test]
    fn only_one_runner_claims_an_occurrence() {
        let (_dir, store) = test_store();
        store
            .save_order(&order("o1"), audit("order_add"))
            .expect("save");
        let t = "2026-11-25T13:00:00Z";
        assert!(store
            .claim_run("o1", t, "app", t, "2026-11-25T13:02:00Z")
            .expect("claim"));
        assert!(!store
            .claim_run("o1", t, "agent", t, "2026-11-25T13:02:00Z")
            .expect("claim"));
        assert!(!store.mark_missed("o1", t, t, "late").expect("missed"));
        // The holder renews; the other cannot.
        assert!(store
            .renew_lease("o1", t, "app", "2026-11-25T13:04:00Z")
            .expect("renew"));
        assert!(!store
            .renew_lease("o1", t, "agent", "2026-11-25T13:09:00Z")
            .expect("renew"));
        store
            .finish_run("o1", t, "app", RunState::Done, "2026-11-25T13:03:00Z", None)
            .expect("finish");
        let runs = store.order_runs("o1").expect("runs");
        assert_eq!(runs.len(), 1);
        assert_eq!(
            (runs[0].state, runs[0].runner.as_deref()),
            (RunState::Done, Some("app"))
        );
    }

    #[test]
    fn a_run_whose_lease_ran_out_is_failed_not_rerun() {
        let (_dir, store) = test_store();
        store
            .save_order(&order("o1"), audit("order_add"))
            .expect("save");
        let t = "2026-11-25T13:00:00Z";
        assert!(store
            .claim_run("o1", t, "app", t, "2026-11-25T13:02:00Z")
            .expect("claim"));
        assert!(store
            .abandon_stale_runs("2026-11-25T13:01:00Z")
            .expect("none yet")
            .is_empty());
        assert!(
            store.delete_order("o1", audit("order_delete")).is_err(),
            "running"
        );
        let stale = store
            .abandon_stale_runs("2026-11-25T13:03:00Z")
            .expect("stale");
        assert_eq!(stale.len(), 1);
        let runs = store.order_runs("o1").expect("runs");
        assert_eq!(runs[0].state, RunState::Failed);
        assert!(!store
            .claim_run("o1", t, "agent", t, "2026-11-25T13:09:00Z")
            .expect("claim"));
        store
            .delete_order("o1", audit("order_delete"))
            .expect("delete");
        assert!(store.order_runs("o1").expect("runs").is_empty());
    }
}
