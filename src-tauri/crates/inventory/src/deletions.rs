//! Deletions: each server's pass through the Deletion stage, the steps of its
//! pipeline, each drive's erase, and the erasure certificate issued when the
//! pass is verified. A pass stays open (running or failed) until then, so a
//! crash or a failed step leaves the record a retry starts from.

use r2d2_sqlite::rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::audit::append;
use crate::moves::move_in;
use crate::servers::now;
use crate::{NewAudit, Stage, StageMove, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DeletionState {
    Running,
    Failed,
    Verified,
}

impl DeletionState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeletionState::Running => "running",
            DeletionState::Failed => "failed",
            DeletionState::Verified => "verified",
        }
    }

    fn parse(text: &str) -> DeletionState {
        match text {
            "running" => DeletionState::Running,
            "verified" => DeletionState::Verified,
            _ => DeletionState::Failed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Deletion {
    pub id: String,
    pub server_id: String,
    pub server_name: String,
    pub started_by: String,
    pub role: String,
    pub reason: Option<String>,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub state: DeletionState,
    pub step: Option<String>,
    pub error: Option<String>,
    pub error_code: Option<String>,
    pub job_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    Running,
    Done,
    Failed,
}

impl StepState {
    fn parse(text: &str) -> StepState {
        match text {
            "running" => StepState::Running,
            "done" => StepState::Done,
            _ => StepState::Failed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DeletionStep {
    pub step: String,
    pub state: StepState,
    pub started_at: String,
    pub ended_at: Option<String>,
    /// What the step did or found, in words (or why it failed).
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErasureState {
    Running,
    Completed,
    Failed,
}

impl ErasureState {
    fn as_str(self) -> &'static str {
        match self {
            ErasureState::Running => "running",
            ErasureState::Completed => "completed",
            ErasureState::Failed => "failed",
        }
    }

    fn parse(text: &str) -> ErasureState {
        match text {
            "running" => ErasureState::Running,
            "completed" => ErasureState::Completed,
            _ => ErasureState::Failed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Erasure {
    pub drive_id: String,
    pub drive_path: String,
    pub model: Option<String>,
    pub serial: Option<String>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub capacity_bytes: Option<u64>,
    /// The Redfish SanitizationType asked for.
    pub method: String,
    /// The BMC's task monitor, once the BMC accepted the erase.
    pub task: Option<String>,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub state: ErasureState,
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StoredCertificate {
    pub id: String,
    pub deletion_id: String,
    pub server_id: String,
    pub server_name: String,
    pub issued_at: String,
    /// The certificate as issued, in JSON.
    pub body: String,
}

/// A server entering Deletion: the move and the open pass are written together.
#[derive(Debug, Clone)]
pub struct NewDeletion {
    pub id: String,
    pub change: StageMove,
}

const DELETION_COLUMNS: &str = "id, server_id, server_name, started_by, role, reason, started_at,
    ended_at, state, step, error, error_code, job_id";

fn deletion_of(row: &Row<'_>) -> r2d2_sqlite::rusqlite::Result<Deletion> {
    Ok(Deletion {
        id: row.get(0)?,
        server_id: row.get(1)?,
        server_name: row.get(2)?,
        started_by: row.get(3)?,
        role: row.get(4)?,
        reason: row.get(5)?,
        started_at: row.get(6)?,
        ended_at: row.get(7)?,
        state: DeletionState::parse(&row.get::<_, String>(8)?),
        step: row.get(9)?,
        error: row.get(10)?,
        error_code: row.get(11)?,
        job_id: row.get(12)?,
    })
}

const CERTIFICATE_COLUMNS: &str = "id, deletion_id, server_id, server_name, issued_at, body";

fn certificate_of(row: &Row<'_>) -> r2d2_sqlite::rusqlite::Result<StoredCertificate> {
    Ok(StoredCertificate {
        id: row.get(0)?,
        deletion_id: row.get(1)?,
        server_id: row.get(2)?,
        server_name: row.get(3)?,
        issued_at: row.get(4)?,
        body: row.get(5)?,
    })
}

fn changed(
    tx: &Transaction<'_>,
    sql: &str,
    values: impl r2d2_sqlite::rusqlite::Params,
) -> Result<(), StoreError> {
    if tx.execute(sql, values)? == 0 {
        return Err(StoreError::NotFound {
            what: "deletion",
            id: String::new(),
        });
    }
    Ok(())
}

impl Store {
    /// Moves every server to Deletion and opens its pass, with the request's
    /// audit entry, in one transaction: all of them or none.
    pub fn begin_deletions(
        &self,
        deletions: &[NewDeletion],
        audit: NewAudit,
    ) -> Result<(), StoreError> {
        self.immediate(|tx| {
            for new in deletions {
                let moved = move_in(tx, &new.change)?;
                tx.execute(
                    "INSERT INTO deletions (id, server_id, server_name, started_by, role, reason,
                        started_at, state)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'running')",
                    params![
                        new.id,
                        moved.id,
                        moved.name,
                        new.change.actor,
                        new.change.role,
                        new.change.reason,
                        now(),
                    ],
                )?;
            }
            append(tx, audit)?;
            Ok(())
        })
    }

    /// The server's pass that is not verified yet, if there is one.
    pub fn open_deletion(&self, server_id: &str) -> Result<Option<Deletion>, StoreError> {
        let conn = self.conn()?;
        Ok(conn
            .query_row(
                &format!(
                    "SELECT {DELETION_COLUMNS} FROM deletions
                     WHERE server_id = ?1 AND state <> 'verified'"
                ),
                [server_id],
                deletion_of,
            )
            .optional()?)
    }

    pub fn deletion(&self, id: &str) -> Result<Deletion, StoreError> {
        let conn = self.conn()?;
        conn.query_row(
            &format!("SELECT {DELETION_COLUMNS} FROM deletions WHERE id = ?1"),
            [id],
            deletion_of,
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: "deletion",
            id: id.to_owned(),
        })
    }

    /// Open passes first (oldest first), then the newest verified ones.
    pub fn deletions(&self, limit: u32) -> Result<Vec<Deletion>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(&format!(
            "SELECT {DELETION_COLUMNS} FROM deletions
             ORDER BY state = 'verified', CASE WHEN state = 'verified' THEN ended_at END DESC,
                      started_at
             LIMIT ?1"
        ))?;
        let rows = statement.query_map([limit], deletion_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The passes a job is (or should be) running now, oldest first.
    pub fn running_deletions(&self) -> Result<Vec<Deletion>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(&format!(
            "SELECT {DELETION_COLUMNS} FROM deletions WHERE state = 'running' ORDER BY started_at"
        ))?;
        let rows = statement.query_map([], deletion_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Names the job that will run the servers' open passes, as soon as it exists,
    /// so no other process takes them for stranded meanwhile.
    pub fn assign_deletion_job(
        &self,
        server_ids: &[String],
        job_id: &str,
    ) -> Result<(), StoreError> {
        self.immediate(|tx| {
            for server in server_ids {
                tx.execute(
                    "UPDATE deletions SET job_id = ?2 WHERE server_id = ?1 AND state <> 'verified'",
                    params![server, job_id],
                )?;
            }
            Ok(())
        })
    }

    /// A job takes the pass up (first run, retry or resume), unless another job
    /// that is still running has it: two pipelines never work on one server.
    pub fn deletion_resumed(&self, id: &str, job_id: &str) -> Result<(), StoreError> {
        self.immediate(|tx| {
            let holder: Option<String> = tx
                .query_row(
                    "SELECT d.job_id FROM deletions d JOIN jobs j ON j.id = d.job_id
                     WHERE d.id = ?1 AND j.state = 'running' AND j.id <> ?2",
                    params![id, job_id],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(holder) = holder {
                return Err(StoreError::Changed(format!(
                    "job {holder} is running this deletion already"
                )));
            }
            changed(
                tx,
                "UPDATE deletions SET state = 'running', job_id = ?2, error = NULL,
                    error_code = NULL
                 WHERE id = ?1 AND state <> 'verified'",
                params![id, job_id],
            )
        })
    }

    pub fn deletion_step_started(
        &self,
        id: &str,
        step: &str,
        position: u32,
    ) -> Result<(), StoreError> {
        self.immediate(|tx| {
            tx.execute(
                "INSERT INTO deletion_steps (deletion_id, step, position, state, started_at)
                 VALUES (?1, ?2, ?3, 'running', ?4)
                 ON CONFLICT (deletion_id, step) DO UPDATE SET state = 'running',
                    started_at = ?4, ended_at = NULL, detail = NULL",
                params![id, step, position, now()],
            )?;
            changed(
                tx,
                "UPDATE deletions SET step = ?2 WHERE id = ?1",
                params![id, step],
            )
        })
    }

    pub fn deletion_step_done(&self, id: &str, step: &str, detail: &str) -> Result<(), StoreError> {
        self.immediate(|tx| {
            changed(
                tx,
                "UPDATE deletion_steps SET state = 'done', ended_at = ?3, detail = ?4
                 WHERE deletion_id = ?1 AND step = ?2",
                params![id, step, now(), detail],
            )
        })
    }

    /// The step failed: the pass stays open, failed, with the reason.
    pub fn deletion_step_failed(
        &self,
        id: &str,
        step: &str,
        error: &str,
        code: &str,
    ) -> Result<(), StoreError> {
        self.immediate(|tx| {
            tx.execute(
                "UPDATE deletion_steps SET state = 'failed', ended_at = ?3, detail = ?4
                 WHERE deletion_id = ?1 AND step = ?2",
                params![id, step, now(), error],
            )?;
            changed(
                tx,
                "UPDATE deletions SET state = 'failed', step = ?2, error = ?3, error_code = ?4
                 WHERE id = ?1 AND state <> 'verified'",
                params![id, step, error, code],
            )
        })
    }

    /// In the pipeline's order.
    pub fn deletion_steps(&self, id: &str) -> Result<Vec<DeletionStep>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(
            "SELECT step, state, started_at, ended_at, detail FROM deletion_steps
             WHERE deletion_id = ?1 ORDER BY position",
        )?;
        let rows = statement.query_map([id], |row| {
            Ok(DeletionStep {
                step: row.get(0)?,
                state: StepState::parse(&row.get::<_, String>(1)?),
                started_at: row.get(2)?,
                ended_at: row.get(3)?,
                detail: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Written before the erase is asked for, so a crash right after the
    /// request still leaves a row to resume from.
    pub fn erasure_requested(
        &self,
        deletion_id: &str,
        erasure: &Erasure,
    ) -> Result<(), StoreError> {
        let conn = self.conn()?;
        conn.execute(
            "INSERT INTO erasures (deletion_id, drive_id, drive_path, model, serial,
                capacity_bytes, method, task, started_at, ended_at, state, message)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, 'running', NULL)
             ON CONFLICT (deletion_id, drive_id) DO UPDATE SET drive_path = ?3, model = ?4,
                serial = ?5, capacity_bytes = ?6, method = ?7, task = ?8, started_at = ?9,
                ended_at = NULL, state = 'running', message = NULL",
            params![
                deletion_id,
                erasure.drive_id,
                erasure.drive_path,
                erasure.model,
                erasure.serial,
                erasure.capacity_bytes.map(|c| c as i64),
                erasure.method,
                erasure.task,
                erasure.started_at,
            ],
        )?;
        Ok(())
    }

    pub fn erasure_task(
        &self,
        deletion_id: &str,
        drive_id: &str,
        task: &str,
    ) -> Result<(), StoreError> {
        let conn = self.conn()?;
        conn.execute(
            "UPDATE erasures SET task = ?3 WHERE deletion_id = ?1 AND drive_id = ?2",
            params![deletion_id, drive_id, task],
        )?;
        Ok(())
    }

    pub fn erasure_ended(
        &self,
        deletion_id: &str,
        drive_id: &str,
        state: ErasureState,
        ended_at: &str,
        message: Option<&str>,
    ) -> Result<(), StoreError> {
        let conn = self.conn()?;
        conn.execute(
            "UPDATE erasures SET state = ?3, ended_at = ?4, message = ?5
             WHERE deletion_id = ?1 AND drive_id = ?2",
            params![deletion_id, drive_id, state.as_str(), ended_at, message],
        )?;
        Ok(())
    }

    pub fn erasures(&self, deletion_id: &str) -> Result<Vec<Erasure>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(
            "SELECT drive_id, drive_path, model, serial, capacity_bytes, method, task,
                started_at, ended_at, state, message
             FROM erasures WHERE deletion_id = ?1 ORDER BY drive_id",
        )?;
        let rows = statement.query_map([deletion_id], |row| {
            Ok(Erasure {
                drive_id: row.get(0)?,
                drive_path: row.get(1)?,
                model: row.get(2)?,
                serial: row.get(3)?,
                capacity_bytes: row.get::<_, Option<i64>>(4)?.map(|c| c as u64),
                method: row.get(5)?,
                task: row.get(6)?,
                started_at: row.get(7)?,
                ended_at: row.get(8)?,
                state: ErasureState::parse(&row.get::<_, String>(9)?),
                message: row.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The pass is verified: its certificate is issued, the server is marked
    /// clean and returned to stock, all in one transaction.
    pub fn finish_deletion(
        &self,
        certificate: &StoredCertificate,
        back_to_stock: &StageMove,
        audit: NewAudit,
    ) -> Result<(), StoreError> {
        self.immediate(|tx| {
            let at = now();
            changed(
                tx,
                "UPDATE deletions SET state = 'verified', ended_at = ?2, step = NULL,
                    error = NULL, error_code = NULL
                 WHERE id = ?1 AND state <> 'verified'",
                params![certificate.deletion_id, at],
            )?;
            tx.execute(
                &format!(
                    "INSERT INTO certificates ({CERTIFICATE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                ),
                params![
                    certificate.id,
                    certificate.deletion_id,
                    certificate.server_id,
                    certificate.server_name,
                    certificate.issued_at,
                    certificate.body
                ],
            )?;
            tx.execute(
                "UPDATE servers SET cleaned_at = ?2 WHERE id = ?1",
                params![certificate.server_id, at],
            )?;
            debug_assert_eq!(back_to_stock.to, Stage::Inventory);
            move_in(tx, back_to_stock)?;
            append(tx, audit)?;
            Ok(())
        })
    }

    pub fn certificate(&self, id: &str) -> Result<StoredCertificate, StoreError> {
        let conn = self.conn()?;
        conn.query_row(
            &format!("SELECT {CERTIFICATE_COLUMNS} FROM certificates WHERE id = ?1"),
            [id],
            certificate_of,
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: "certificate",
            id: id.to_owned(),
        })
    }

    pub fn certificates_of_deletion(
        &self,
        deletion_id: &str,
    ) -> Result<Option<StoredCertificate>, StoreError> {
        let conn = self.conn()?;
        Ok(conn
            .query_row(
                &format!("SELECT {CERTIFICATE_COLUMNS} FROM certificates WHERE deletion_id = ?1"),
                [deletion_id],
                certificate_of,
            )
            .optional()?)
    }

    /// The server's most recent pass, whatever its state.
    pub fn last_deletion(&self, server_id: &str) -> Result<Option<Deletion>, StoreError> {
        let conn = self.conn()?;
        Ok(conn
            .query_row(
                &format!(
                    "SELECT {DELETION_COLUMNS} FROM deletions WHERE server_id = ?1
                     ORDER BY started_at DESC LIMIT 1"
                ),
                [server_id],
                deletion_of,
            )
            .optional()?)
    }

    /// A server's certificates, newest first.
    pub fn certificates_of(&self, server_id: &str) -> Result<Vec<StoredCertificate>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(&format!(
            "SELECT {CERTIFICATE_COLUMNS} FROM certificates WHERE server_id = ?1
             ORDER BY issued_at DESC"
        ))?;
        let rows = statement.query_map([server_id], certificate_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::scratch_store;
    use crate::NewServer;

    fn add(store: &Store, name: &str, stage: Stage) -> String {
        store
            .insert_server(&NewServer {
                stage,
                ..NewServer::named(name)
            })
            .expect("insert")
            .id
    }

    fn audit(action: &str) -> NewAudit {
        NewAudit {
            actor: "alice".into(),
            role: "customer".into(),
            action: action.into(),
            target: None,
            params: serde_json::json!({}),
            outcome: "ok".into(),
            detail: None,
        }
    }

    fn change(id: &str, from: Stage, to: Stage) -> StageMove {
        StageMove {
            server_id: id.into(),
            from,
            to,
            actor: "alice".into(),
            role: "customer".into(),
            reason: Some("contract ended".into()),
            hold_until: None,
        }
    }

    #[test]
    fn a_pass_opens_with_the_move_fails_resumes_and_closes_with_its_certificate() {
        let (_dir, store) = scratch_store();
        let id = add(&store, "web-1", Stage::InService);
        store
            .begin_deletions(
                &[NewDeletion {
                    id: "d1".into(),
                    change: change(&id, Stage::InService, Stage::Deletion),
                }],
                audit("delete"),
            )
            .expect("begin");
        let open = store.open_deletion(&id).expect("read").expect("open");
        assert_eq!(open.state, DeletionState::Running);
        assert_eq!(
            store.server_summary(&id).expect("server").stage,
            Stage::Deletion
        );
        // A second pass cannot open while one is.
        let again = store.begin_deletions(
            &[NewDeletion {
                id: "d2".into(),
                change: change(&id, Stage::Deletion, Stage::Deletion),
            }],
            audit("delete"),
        );
        assert!(again.is_err());

        store
            .deletion_step_started("d1", "erase_drives", 5)
            .expect("step");
        let erasure = Erasure {
            drive_id: "Disk.Bay.0".into(),
            drive_path: "/d/0".into(),
            model: Some("M".into()),
            serial: Some("S".into()),
            capacity_bytes: Some(1 << 40),
            method: "CryptographicErase".into(),
            task: None,
            started_at: now(),
            ended_at: None,
            state: ErasureState::Running,
            message: None,
        };
        store.erasure_requested("d1", &erasure).expect("requested");
        store
            .erasure_task("d1", "Disk.Bay.0", "/tasks/1")
            .expect("task");
        store
            .erasure_ended(
                "d1",
                "Disk.Bay.0",
                ErasureState::Failed,
                &now(),
                Some("media error"),
            )
            .expect("ended");
        store
            .deletion_step_failed("d1", "erase_drives", "Disk.Bay.0 failed", "erase_failed")
            .expect("failed");
        let failed = store.deletion("d1").expect("read");
        assert_eq!(failed.state, DeletionState::Failed);
        assert_eq!(failed.step.as_deref(), Some("erase_drives"));

        store.deletion_resumed("d1", "job-2").expect("resume");
        store.erasure_requested("d1", &erasure).expect("again");
        let rows = store.erasures("d1").expect("erasures");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].state, ErasureState::Running);
        assert_eq!(rows[0].task, None, "a new request forgets the old task");

        let certificate = StoredCertificate {
            id: "c1".into(),
            deletion_id: "d1".into(),
            server_id: id.clone(),
            server_name: "web-1".into(),
            issued_at: now(),
            body: "{}".into(),
        };
        store
            .finish_deletion(
                &certificate,
                &change(&id, Stage::Deletion, Stage::Inventory),
                audit("deletion_verified"),
            )
            .expect("finish");
        let server = store.server_summary(&id).expect("server");
        assert_eq!(server.stage, Stage::Inventory);
        assert!(server.cleaned_at.is_some());
        assert!(store.open_deletion(&id).expect("read").is_none());
        assert_eq!(store.certificates_of(&id).expect("list"), vec![certificate]);
        let conn = store.conn().expect("conn");
        assert!(conn
            .execute("UPDATE certificates SET body = 'forged'", [])
            .is_err());
        assert!(conn.execute("DELETE FROM certificates", []).is_err());
        // A closed pass cannot be failed or resumed afterwards.
        assert!(store.deletion_resumed("d1", "job-3").is_err());
    }
}
