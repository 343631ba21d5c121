//! The erase step: every drive erased with the strongest method it offers, all
//! at once, each task followed to its end. A drive counts as erased only when
//! its task said so; a task cut short by a crash is followed again on resume,
//! and a drive whose task cannot be found any more is erased again.

use std::collections::HashMap;
use std::sync::Mutex;

use futures_util::future::join_all;
use racksmith_inventory::{Deletion, Erasure, ErasureState, ServerSummary};
use racksmith_redfish::erase::{
    erasable_drives, start_erase, ErasableDrive, ErasePlan, EraseStarted, SERVICE_DEFAULT,
};
use racksmith_redfish::TaskPoll;

use crate::jobs::Progress;
use crate::reach::Reached;
use crate::{Core, Error, ErrorCode};

/// How long one drive's erase may take (an overwrite of a large disk takes hours).
const ERASE_DEADLINE: std::time::Duration = std::time::Duration::from_secs(48 * 3600);

/// How one drive's erase ended this run.
enum Ended {
    Completed,
    /// Erased and verified on an earlier run of this pass.
    Kept,
    Failed(String),
}

/// What every drive's erase in one run of the step shares.
struct EraseRun<'a> {
    job_id: &'a str,
    pass: &'a Deletion,
    server: &'a ServerSummary,
    reached: &'a Reached,
    progress: &'a Progress,
    /// Each drive's last reported percentage, for the job's step line.
    percents: Mutex<HashMap<String, u32>>,
}

impl Core {
    pub(crate) async fn erase_drives(
        &self,
        job_id: &str,
        pass: &Deletion,
        server: &ServerSummary,
        reached: &Reached,
        progress: &Progress,
    ) -> Result<String, Error> {
        let drives = erasable_drives(&reached.client, &reached.system_path).await?;
        if drives.is_empty() {
            return Ok("the server reports no drives".to_owned());
        }
        let id = pass.id.clone();
        let before: HashMap<String, Erasure> = self
            .with_store(move |store| store.erasures(&id))
            .await?
            .into_iter()
            .map(|e| (e.drive_id.clone(), e))
            .collect();
        let run = EraseRun {
            job_id,
            pass,
            server,
            reached,
            progress,
            percents: Mutex::default(),
        };
        let (run, before) = (&run, &before);
        let work = drives.iter().map(|drive| async move {
            let ended = self.erase_one(run, drive, before.get(&drive.id)).await;
            (drive, ended)
        });
        let mut failed = Vec::new();
        let (mut erased, mut kept) = (0, 0);
        for (drive, ended) in join_all(work).await {
            match ended {
                Ok(Ended::Completed) => erased += 1,
                Ok(Ended::Kept) => kept += 1,
                Ok(Ended::Failed(why)) => failed.push(format!(
                    "drive {} (serial {}) failed its erase: {why}",
                    drive.id,
                    drive.serial.as_deref().unwrap_or("unknown")
                )),
                Err(error) => failed.push(format!("drive {}: {}", drive.id, error.message)),
            }
        }
        if !failed.is_empty() {
            return Err(Error::new(ErrorCode::EraseFailed, failed.join("; ")));
        }
        Ok(if kept == 0 {
            format!("{erased} drives erased")
        } else {
            format!("{erased} drives erased, {kept} erased earlier on this pass")
        })
    }

    async fn erase_one(
        &self,
        run: &EraseRun<'_>,
        drive: &ErasableDrive,
        earlier: Option<&Erasure>,
    ) -> Result<Ended, Error> {
        let EraseRun {
            job_id,
            pass,
            server,
            reached,
            ..
        } = *run;
        let clean_now = drive.reports_sanitized != Some(false) && drive.erasing_task.is_none();
        if let Some(done) = earlier {
            if done.state == ErasureState::Completed && clean_now {
                return Ok(Ended::Kept);
            }
            if done.state == ErasureState::Running {
                // Cut short last time: follow the task it started, if the BMC still has it.
                if let Some(task) = done.task.clone().or(drive.erasing_task.clone()) {
                    match self.follow_erase(run, drive, &task).await {
                        Ok(ended) => return Ok(ended),
                        Err(error) if is_gone(&error) => {
                            self.job_note(job_id, server, "warn", &format!(
                                "the erase task {task} of drive {} is gone from the BMC; erasing it again",
                                drive.id
                            ))
                            .await;
                        }
                        Err(error) => return Err(error),
                    }
                }
            }
        }
        if let Some(task) = drive.erasing_task.clone() {
            // An erase under way that this pass did not record (a crash right
            // after the request): follow it rather than ask for a second one.
            return self.follow_erase(run, drive, &task).await;
        }
        let plan = drive.plan().ok_or_else(|| {
            let why = if drive.target.is_none() {
                "has no Drive.SecureErase action".to_owned()
            } else {
                format!(
                    "offers only erase types Racksmith does not know ({})",
                    drive.methods.join(", ")
                )
            };
            Error::new(ErrorCode::EraseFailed, format!("drive {} {why}", drive.id))
        })?;
        let method = match plan {
            ErasePlan::Method(method) => method,
            ErasePlan::ServiceDefault => SERVICE_DEFAULT,
        };
        let record = Erasure {
            drive_id: drive.id.clone(),
            drive_path: drive.path.clone(),
            model: drive.model.clone(),
            serial: drive.serial.clone(),
            capacity_bytes: drive.capacity_bytes,
            method: method.to_owned(),
            task: None,
            started_at: racksmith_inventory::now(),
            ended_at: None,
            state: ErasureState::Running,
            message: None,
        };
        let (id, r) = (pass.id.clone(), record.clone());
        self.with_store(move |store| store.erasure_requested(&id, &r))
            .await?;
        match start_erase(&reached.client, drive, plan).await? {
            EraseStarted::Task(task) => {
                let (id, d, t) = (pass.id.clone(), drive.id.clone(), task.clone());
                self.with_store(move |store| store.erasure_task(&id, &d, &t))
                    .await?;
                self.follow_erase(run, drive, &task).await
            }
            EraseStarted::Done => {
                self.erasure_end(pass, drive, ErasureState::Completed, None, None)
                    .await?;
                Ok(Ended::Completed)
            }
        }
    }

    async fn follow_erase(
        &self,
        run: &EraseRun<'_>,
        drive: &ErasableDrive,
        task: &str,
    ) -> Result<Ended, Error> {
        let (pass, reached) = (run.pass, run.reached);
        let deadline = tokio::time::Instant::now() + ERASE_DEADLINE;
        loop {
            match reached.client.poll_task(task).await? {
                TaskPoll::Finished(done) => {
                    let at = done.end_time.clone();
                    return if done.succeeded() {
                        self.erasure_end(pass, drive, ErasureState::Completed, at, None)
                            .await?;
                        Ok(Ended::Completed)
                    } else {
                        let why = done.message().unwrap_or_else(|| {
                            format!(
                                "the task ended {}",
                                done.task_state.as_deref().unwrap_or("without a state")
                            )
                        });
                        self.erasure_end(pass, drive, ErasureState::Failed, at, Some(why.clone()))
                            .await?;
                        Ok(Ended::Failed(why))
                    };
                }
                TaskPoll::Running { percent, wait } => {
                    if let Some(percent) = percent {
                        self.erase_progress(run, &drive.id, percent).await;
                    }
                    if tokio::time::Instant::now() > deadline {
                        return Err(Error::new(
                            ErrorCode::BmcTimeout,
                            format!(
                                "the erase of drive {} did not end within {} h",
                                drive.id,
                                ERASE_DEADLINE.as_secs() / 3600
                            ),
                        ));
                    }
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    async fn erasure_end(
        &self,
        pass: &Deletion,
        drive: &ErasableDrive,
        state: ErasureState,
        at: Option<String>,
        message: Option<String>,
    ) -> Result<(), Error> {
        let (id, d) = (pass.id.clone(), drive.id.clone());
        let at = at.unwrap_or_else(racksmith_inventory::now);
        self.with_store(move |store| store.erasure_ended(&id, &d, state, &at, message.as_deref()))
            .await?;
        Ok(())
    }

    /// Shows progress in tens of percent, so a long erase does not flood the job record.
    async fn erase_progress(&self, run: &EraseRun<'_>, drive: &str, percent: u32) {
        let summary = {
            let Ok(mut seen) = run.percents.lock() else {
                return;
            };
            let last = seen.get(drive).copied();
            if last.is_some_and(|l| percent / 10 == l / 10) {
                return;
            }
            seen.insert(drive.to_owned(), percent);
            let mut parts: Vec<String> = seen.iter().map(|(d, p)| format!("{d} {p}%")).collect();
            parts.sort();
            parts.join(", ")
        };
        let _ = self
            .record_step(
                run.job_id,
                run.server,
                format!("erasing drives: {summary}"),
                run.progress,
            )
            .await;
    }
}

/// The BMC no longer knows the task (it restarted, or dropped finished tasks).
fn is_gone(error: &Error) -> bool {
    error.code == ErrorCode::NotFound || error.message.contains("HTTP 404")
}
