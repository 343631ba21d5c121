//! The jobs engine's memory: every hardware action is a job with a row per
//! server, so what finished and what did not survives any crash.

use r2d2_sqlite::rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::audit::append;
use crate::servers::unreadable;
use crate::{now, NewAudit, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Running,
    Succeeded,
    /// Every server failed.
    Failed,
    /// Some servers succeeded and some did not.
    Partial,
    Cancelled,
    /// Its process ended (crash, kill, power cut) before it finished.
    Interrupted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum JobServerState {
    Pending,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Interrupted,
    /// The job ended before it reached this server.
    NotStarted,
}

macro_rules! text_enum {
    ($ty:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),+ }
            }
            fn parse(text: &str) -> Result<$ty, StoreError> {
                match text {
                    $($text => Ok($ty::$variant),)+
                    other => Err(StoreError::UnknownValue { what: stringify!($ty), value: other.to_owned() }),
                }
            }
        }
    };
}

text_enum!(JobState {
    Running => "running",
    Succeeded => "succeeded",
    Failed => "failed",
    Partial => "partial",
    Cancelled => "cancelled",
    Interrupted => "interrupted",
});

text_enum!(JobServerState {
    Pending => "pending",
    Running => "running",
    Succeeded => "succeeded",
    Failed => "failed",
    Cancelled => "cancelled",
    Interrupted => "interrupted",
    NotStarted => "not_started",
});

/// A job about to start.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub id: String,
    /// What it does: "graceful_restart", "locate_on", ...
    pub kind: String,
    pub params: serde_json::Value,
    pub actor: String,
    pub role: String,
    /// (id, name) of each server, in the order they will be worked on.
    pub servers: Vec<(String, String)>,
    pub retry_of: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct JobCounts {
    pub total: u32,
    pub pending: u32,
    pub running: u32,
    pub succeeded: u32,
    pub failed: u32,
    pub cancelled: u32,
    pub interrupted: u32,
    pub not_started: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct JobRecord {
    pub id: String,
    pub kind: String,
    /// JSON.
    pub params: String,
    pub actor: String,
    pub role: String,
    pub state: JobState,
    pub created_at: String,
    pub finished_at: Option<String>,
    pub retry_of: Option<String>,
    /// When a later start found this job's process gone and marked it.
    pub recovered_at: Option<String>,
    pub counts: JobCounts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct JobServer {
    pub server_id: String,
    pub server_name: String,
    pub state: JobServerState,
    pub step: Option<String>,
    pub error: Option<String>,
    pub error_code: Option<String>,
    /// What the hardware said afterwards (after a crash: what it says now).
    pub result: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct JobLogLine {
    pub at: String,
    pub server_id: Option<String>,
    /// "info", "warn" or "error".
    pub level: String,
    pub line: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct JobDetail {
    pub job: JobRecord,
    pub servers: Vec<JobServer>,
    pub log: Vec<JobLogLine>,
}

const JOB_COLUMNS: &str = "j.id, j.kind, j.params, j.actor, j.role, j.state, j.created_at,
    j.finished_at, j.retry_of, j.recovered_at,
    COUNT(s.server_id) AS total,
    SUM(s.state = 'pending') AS pending, SUM(s.state = 'running') AS running,
    SUM(s.state = 'succeeded') AS succeeded, SUM(s.state = 'failed') AS failed,
    SUM(s.state = 'cancelled') AS cancelled, SUM(s.state = 'interrupted') AS interrupted,
    SUM(s.state = 'not_started') AS not_started";

const JOB_FROM: &str = "jobs j LEFT JOIN job_servers s ON s.job_id = j.id";

fn read_job(row: &Row<'_>) -> Result<JobRecord, r2d2_sqlite::rusqlite::Error> {
    let count = |name: &str| -> Result<u32, r2d2_sqlite::rusqlite::Error> {
        Ok(row.get::<_, Option<u32>>(name)?.unwrap_or(0))
    };
    Ok(JobRecord {
        id: row.get("id")?,
        kind: row.get("kind")?,
        params: row.get("params")?,
        actor: row.get("actor")?,
        role: row.get("role")?,
        state: JobState::parse(&row.get::<_, String>("state")?).map_err(unreadable)?,
        created_at: row.get("created_at")?,
        finished_at: row.get("finished_at")?,
        retry_of: row.get("retry_of")?,
        recovered_at: row.get("recovered_at")?,
        counts: JobCounts {
            total: count("total")?,
            pending: count("pending")?,
            running: count("running")?,
            succeeded: count("succeeded")?,
            failed: count("failed")?,
            cancelled: count("cancelled")?,
            interrupted: count("interrupted")?,
            not_started: count("not_started")?,
        },
    })
}

fn read_job_server(row: &Row<'_>) -> Result<JobServer, r2d2_sqlite::rusqlite::Error> {
    Ok(JobServer {
        server_id: row.get("server_id")?,
        server_name: row.get("server_name")?,
        state: JobServerState::parse(&row.get::<_, String>("state")?).map_err(unreadable)?,
        step: row.get("step")?,
        error: row.get("error")?,
        error_code: row.get("error_code")?,
        result: row.get("result")?,
        started_at: row.get("started_at")?,
        finished_at: row.get("finished_at")?,
    })
}

fn job_in(tx: &Transaction<'_>, id: &str) -> Result<JobRecord, StoreError> {
    tx.query_row(
        &format!("SELECT {JOB_COLUMNS} FROM {JOB_FROM} WHERE j.id = ?1 GROUP BY j.id"),
        [id],
        read_job,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        what: "job",
        id: id.to_owned(),
    })
}

/// What a job's end is, from its servers' ends.
fn overall(counts: &JobCounts, cancelled: bool) -> JobState {
    if cancelled {
        JobState::Cancelled
    } else if counts.failed == 0 && counts.succeeded == counts.total {
        JobState::Succeeded
    } else if counts.succeeded == 0 {
        JobState::Failed
    } else {
        JobState::Partial
    }
}

impl Store {
    pub fn create_job(&self, job: &NewJob) -> Result<JobRecord, StoreError> {
        self.immediate(|tx| {
            tx.execute(
                "INSERT INTO jobs (id, kind, params, actor, role, state, created_at, retry_of)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'running', ?6, ?7)",
                params![
                    job.id,
                    job.kind,
                    crate::redact(job.params.clone()).to_string(),
                    job.actor,
                    job.role,
                    now(),
                    job.retry_of
                ],
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO job_servers (job_id, server_id, server_name, position, state)
                 VALUES (?1, ?2, ?3, ?4, 'pending')",
            )?;
            for (position, (id, name)) in job.servers.iter().enumerate() {
                insert.execute(params![job.id, id, name, position as u32])?;
            }
            drop(insert);
            append(
                tx,
                NewAudit {
                    actor: job.actor.clone(),
                    role: job.role.clone(),
                    action: "job_started".into(),
                    target: Some(job.id.clone()),
                    params: serde_json::json!({
                        "kind": job.kind,
                        "params": job.params,
                        "servers": job.servers.iter().map(|(_, name)| name).collect::<Vec<_>>(),
                        "retryOf": job.retry_of,
                    }),
                    outcome: "started".into(),
                    detail: None,
                },
            )?;
            job_in(tx, &job.id)
        })
    }

    pub fn job_server_started(
        &self,
        job_id: &str,
        server_id: &str,
        step: &str,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE job_servers SET state = 'running', step = ?3, started_at = COALESCE(started_at, ?4)
             WHERE job_id = ?1 AND server_id = ?2",
            params![job_id, server_id, step, now()],
        )?;
        Ok(())
    }

    /// A server's end in a job, with its audit entry (the hardware action itself).
    #[allow(clippy::too_many_arguments)]
    pub fn job_server_finished(
        &self,
        job_id: &str,
        server_id: &str,
        state: JobServerState,
        error: Option<&str>,
        error_code: Option<&str>,
        result: Option<&str>,
    ) -> Result<(), StoreError> {
        self.immediate(|tx| {
            tx.execute(
                "UPDATE job_servers SET state = ?3, error = ?4, error_code = ?5, result = ?6, finished_at = ?7
                 WHERE job_id = ?1 AND server_id = ?2",
                params![job_id, server_id, state.as_str(), error, error_code, result, now()],
            )?;
            let job = job_in(tx, job_id)?;
            let name: String = tx.query_row(
                "SELECT server_name FROM job_servers WHERE job_id = ?1 AND server_id = ?2",
                [job_id, server_id],
                |r| r.get(0),
            )?;
            append(
                tx,
                NewAudit {
                    actor: job.actor,
                    role: job.role,
                    action: job.kind,
                    target: Some(name),
                    params: serde_json::json!({
                        "jobId": job_id,
                        "serverId": server_id,
                        "params": serde_json::from_str::<serde_json::Value>(&job.params).unwrap_or_default(),
                        "result": result,
                    }),
                    outcome: state.as_str().into(),
                    detail: error.map(str::to_owned),
                },
            )?;
            Ok(())
        })
    }

    pub fn job_log(
        &self,
        job_id: &str,
        server_id: Option<&str>,
        level: &str,
        line: &str,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO job_log (job_id, server_id, at, level, line) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![job_id, server_id, now(), level, line],
        )?;
        Ok(())
    }

    /// Ends a job: servers it never reached become not started; its state follows
    /// from its servers' (or is Cancelled). Audited.
    pub fn finish_job(&self, job_id: &str, cancelled: bool) -> Result<JobRecord, StoreError> {
        self.immediate(|tx| {
            tx.execute(
                "UPDATE job_servers SET state = 'not_started' WHERE job_id = ?1 AND state = 'pending'",
                [job_id],
            )?;
            let job = job_in(tx, job_id)?;
            let state = overall(&job.counts, cancelled);
            tx.execute(
                "UPDATE jobs SET state = ?2, finished_at = ?3 WHERE id = ?1",
                params![job_id, state.as_str(), now()],
            )?;
            append(
                tx,
                NewAudit {
                    actor: job.actor.clone(),
                    role: job.role.clone(),
                    action: "job_finished".into(),
                    target: Some(job_id.to_owned()),
                    params: serde_json::to_value(&job.counts).unwrap_or_default(),
                    outcome: state.as_str().into(),
                    detail: None,
                },
            )?;
            job_in(tx, job_id)
        })
    }

    /// Marks a job whose process is gone: servers it was working on become
    /// interrupted, those it never reached not started. Nothing is re-run.
    pub fn interrupt_job(&self, job_id: &str) -> Result<JobRecord, StoreError> {
        self.immediate(|tx| {
            let at = now();
            tx.execute(
                "UPDATE job_servers SET state = 'interrupted', finished_at = ?2
                 WHERE job_id = ?1 AND state = 'running'",
                params![job_id, at],
            )?;
            tx.execute(
                "UPDATE job_servers SET state = 'not_started' WHERE job_id = ?1 AND state = 'pending'",
                [job_id],
            )?;
            tx.execute(
                "UPDATE jobs SET state = 'interrupted', finished_at = ?2, recovered_at = ?2 WHERE id = ?1",
                params![job_id, at],
            )?;
            let job = job_in(tx, job_id)?;
            append(
                tx,
                NewAudit {
                    actor: job.actor.clone(),
                    role: job.role.clone(),
                    action: "job_interrupted".into(),
                    target: Some(job_id.to_owned()),
                    params: serde_json::to_value(&job.counts).unwrap_or_default(),
                    outcome: "interrupted".into(),
                    detail: Some("the process running this job ended before it finished".into()),
                },
            )?;
            Ok(job)
        })
    }

    /// What the hardware says now, for a server of a job (after recovery).
    pub fn set_job_server_result(
        &self,
        job_id: &str,
        server_id: &str,
        result: &str,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE job_servers SET result = ?3 WHERE job_id = ?1 AND server_id = ?2",
            params![job_id, server_id, result],
        )?;
        Ok(())
    }

    /// Newest first.
    pub fn jobs(&self, limit: u32) -> Result<Vec<JobRecord>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(&format!(
            "SELECT {JOB_COLUMNS} FROM {JOB_FROM} GROUP BY j.id ORDER BY j.created_at DESC, j.rowid DESC LIMIT ?1"
        ))?;
        let rows = statement.query_map([limit], read_job)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn running_jobs(&self) -> Result<Vec<String>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare("SELECT id FROM jobs WHERE state = 'running'")?;
        let rows = statement.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn job(&self, id: &str) -> Result<JobDetail, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let job = job_in(&tx, id)?;
        let servers = {
            let mut statement =
                tx.prepare("SELECT * FROM job_servers WHERE job_id = ?1 ORDER BY position")?;
            let rows = statement.query_map([id], read_job_server)?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        let log = {
            let mut statement = tx.prepare(
                "SELECT at, server_id, level, line FROM job_log WHERE job_id = ?1 ORDER BY id",
            )?;
            let rows = statement.query_map([id], |r| {
                Ok(JobLogLine {
                    at: r.get(0)?,
                    server_id: r.get(1)?,
                    level: r.get(2)?,
                    line: r.get(3)?,
                })
            })?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        Ok(JobDetail { job, servers, log })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NewServer;

    #[test]
    fn a_job_records_each_server_and_ends_partial_or_interrupted() {
        let (_dir, store) = crate::store::scratch_store();
        let servers: Vec<(String, String)> = (1..=3)
            .map(|n| {
                let s = store
                    .insert_server(&NewServer::named(&format!("web-{n}")))
                    .expect("insert");
                (s.id, s.name)
            })
            .collect();
        let new = |id: &str| NewJob {
            id: id.into(),
            kind: "power_restart".into(),
            params: serde_json::json!({"op": "restart"}),
            actor: "alice".into(),
            role: "customer".into(),
            servers: servers.clone(),
            retry_of: None,
        };
        store.create_job(&new("job-1")).expect("create");
        store
            .job_server_started("job-1", &servers[0].0, "reset")
            .expect("start");
        store
            .job_server_finished(
                "job-1",
                &servers[0].0,
                JobServerState::Succeeded,
                None,
                None,
                Some("On"),
            )
            .expect("ok");
        store
            .job_server_finished(
                "job-1",
                &servers[1].0,
                JobServerState::Failed,
                Some("timed out"),
                Some("bmc_timeout"),
                None,
            )
            .expect("failed");
        let done = store.finish_job("job-1", false).expect("finish");
        assert_eq!(done.state, JobState::Partial);
        assert_eq!(
            (
                done.counts.succeeded,
                done.counts.failed,
                done.counts.not_started
            ),
            (1, 1, 1)
        );

        store.create_job(&new("job-2")).expect("create");
        store
            .job_server_started("job-2", &servers[0].0, "reset")
            .expect("start");
        assert_eq!(
            store.running_jobs().expect("running"),
            vec!["job-2".to_owned()]
        );
        let interrupted = store.interrupt_job("job-2").expect("interrupt");
        assert_eq!(interrupted.state, JobState::Interrupted);
        assert_eq!(
            (
                interrupted.counts.interrupted,
                interrupted.counts.not_started
            ),
            (1, 2)
        );
        let detail = store.job("job-2").expect("detail");
        assert_eq!(detail.servers[0].state, JobServerState::Interrupted);
        assert!(detail.job.recovered_at.is_some());

        let audit = store
            .audit_entries(&crate::AuditFilter::default())
            .expect("audit");
        let actions: Vec<&str> = audit.iter().rev().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "job_started",
                "power_restart",
                "power_restart",
                "job_finished",
                "job_started",
                "job_interrupted"
            ]
        );
        assert!(store.verify_audit().expect("verify").intact);
    }
}
