//! The jobs engine: every action on hardware runs as a persisted job, a row per
//! server, so a crash leaves a record of what finished and what did not. A job
//! holds a lock file while it runs; a later start that can take the lock knows
//! the job's process is gone, marks the job interrupted and re-reads its
//! servers' power state. Nothing is re-run on its own.

use std::collections::HashMap;
use std::fs::File;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::join_all;
use racksmith_build::BuildProfile;
use racksmith_inventory::{JobDetail, JobRecord, JobServerState, NewJob, ServerSummary};
use racksmith_lifecycle::{Action, Actor};
use racksmith_redfish::power;
use serde::{Deserialize, Serialize};
use specta::Type;
use tokio::sync::{watch, Semaphore};

use crate::{Core, Error, ErrorCode};

/// Servers worked on at once in one job (the Redfish caps still apply beneath).
const JOB_CONCURRENCY: usize = 16;
/// How long a power change may take to show (a graceful shutdown can take minutes).
const POWER_SETTLE: Duration = Duration::from_secs(600);
const POWER_POLL: Duration = Duration::from_millis(500);
const CANCEL_POLL: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PowerOp {
    On,
    /// Cut the power at once.
    Off,
    /// Ask the OS to shut down.
    Shutdown,
    /// Ask the OS to restart.
    Restart,
    PowerCycle,
    /// Restart at once.
    Reset,
}

impl PowerOp {
    pub const ALL: [PowerOp; 6] = [
        PowerOp::On,
        PowerOp::Off,
        PowerOp::Shutdown,
        PowerOp::Restart,
        PowerOp::PowerCycle,
        PowerOp::Reset,
    ];

    pub fn action(self) -> Action {
        match self {
            PowerOp::On => Action::PowerOn,
            PowerOp::Off => Action::ForceOff,
            PowerOp::Shutdown => Action::GracefulShutdown,
            PowerOp::Restart => Action::GracefulRestart,
            PowerOp::PowerCycle => Action::PowerCycle,
            PowerOp::Reset => Action::ForceRestart,
        }
    }

    fn reset_type(self) -> &'static str {
        match self {
            PowerOp::On => "On",
            PowerOp::Off => "ForceOff",
            PowerOp::Shutdown => "GracefulShutdown",
            PowerOp::Restart => "GracefulRestart",
            PowerOp::PowerCycle => "PowerCycle",
            PowerOp::Reset => "ForceRestart",
        }
    }

    /// The same request in Ironic's words.
    pub(crate) fn ironic_target(self) -> &'static str {
        match self {
            PowerOp::On => "power on",
            PowerOp::Off => "power off",
            PowerOp::Shutdown => "soft power off",
            PowerOp::Restart => "soft rebooting",
            PowerOp::PowerCycle | PowerOp::Reset => "rebooting",
        }
    }

    /// The power state the server ends in.
    pub(crate) fn settles_at(self) -> &'static str {
        match self {
            PowerOp::Off | PowerOp::Shutdown => "Off",
            _ => "On",
        }
    }
}

/// What a job does to each of its servers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum JobKind {
    Power {
        op: PowerOp,
    },
    Locate {
        on: bool,
    },
    /// Builds each server from a profile (kept whole, so a retry builds the same).
    Build {
        profile: Box<BuildProfile>,
    },
    /// One run of a scheduled order: its tasks on each server, in turn.
    #[serde(rename_all = "camelCase")]
    Order {
        order_id: String,
        order_name: String,
        /// The occurrence this run is for (UTC).
        occurrence: String,
        tasks: Vec<crate::orders::OrderTask>,
        allow_stage_move: bool,
        parallel: u32,
    },
    /// Reboot-capable tasks started by hand (Maintenance), in turn on each server.
    Maintenance {
        tasks: Vec<crate::orders::OrderTask>,
    },
    /// The deletion pipeline on each server's open pass.
    Delete,
}

impl JobKind {
    /// Every action the guard is asked for, for each server, before the job starts.
    fn actions(&self) -> Vec<Action> {
        match self {
            JobKind::Power { op } => vec![op.action()],
            JobKind::Locate { .. } => vec![Action::Locate],
            JobKind::Build { .. } => vec![Action::BuildProfile],
            JobKind::Order { .. } => vec![Action::ScheduleOrder],
            JobKind::Delete => vec![Action::Erase],
            JobKind::Maintenance { tasks } => {
                let mut actions: Vec<Action> = Vec::new();
                for action in tasks.iter().map(crate::orders::OrderTask::action) {
                    if !actions.contains(&action) {
                        actions.push(action);
                    }
                }
                actions
            }
        }
    }

    /// The name it is stored and audited under.
    pub fn name(&self) -> String {
        match self {
            JobKind::Power { op } => op.action().as_str().to_owned(),
            JobKind::Locate { on } => format!("locate_{}", if *on { "on" } else { "off" }),
            JobKind::Build { .. } => "build".to_owned(),
            JobKind::Order { .. } => "order_run".to_owned(),
            JobKind::Maintenance { .. } => "maintenance".to_owned(),
            JobKind::Delete => "delete".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct JobRequest {
    pub kind: JobKind,
    /// Server ids or names.
    pub servers: Vec<String>,
}

/// Progress of a running job, as it happens.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum JobEvent {
    #[serde(rename_all = "camelCase")]
    Server {
        job_id: String,
        server_id: String,
        name: String,
        state: JobServerState,
        step: Option<String>,
        error: Option<String>,
        /// The stable code of the error, for the UI to translate.
        error_code: Option<String>,
        result: Option<String>,
    },
    Finished {
        job: JobRecord,
    },
}

/// The jobs this process runs, each with its cancel switch and its lock file.
#[derive(Debug, Default)]
pub struct RunningJobs {
    jobs: Mutex<HashMap<String, (watch::Sender<bool>, File)>>,
}

impl RunningJobs {
    fn insert(&self, id: &str, cancel: watch::Sender<bool>, lock: File) {
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.insert(id.to_owned(), (cancel, lock));
        }
    }

    fn remove(&self, id: &str) {
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.remove(id);
        }
    }

    fn cancel(&self, id: &str) -> bool {
        self.jobs
            .lock()
            .ok()
            .and_then(|jobs| jobs.get(id).map(|(cancel, _)| cancel.send(true).is_ok()))
            .unwrap_or(false)
    }

    fn owns(&self, id: &str) -> bool {
        self.jobs.lock().is_ok_and(|jobs| jobs.contains_key(id))
    }
}

pub(crate) type Progress = Arc<dyn Fn(JobEvent) + Send + Sync>;

impl Core {
    fn job_lock_path(&self, id: &str) -> PathBuf {
        self.profile.dir().join("jobs").join(format!("{id}.lock"))
    }

    /// Another process asks the job's own process to stop by leaving this file.
    fn job_cancel_path(&self, id: &str) -> PathBuf {
        self.profile.dir().join("jobs").join(format!("{id}.cancel"))
    }

    /// Turns a cancel request left by another process (rackctl, the app) into
    /// this process's cancel switch, for as long as the job runs here.
    fn watch_for_cancel_requests(&self, id: &str) {
        let (core, id) = (self.clone(), id.to_owned());
        tokio::spawn(async move {
            let request = core.job_cancel_path(&id);
            while core.jobs.owns(&id) {
                if request.exists() {
                    core.jobs.cancel(&id);
                    break;
                }
                tokio::time::sleep(CANCEL_POLL).await;
            }
        });
    }

    /// The servers named by ids or names, each once, in the order first named.
    pub(crate) async fn servers_of(&self, keys: &[String]) -> Result<Vec<ServerSummary>, Error> {
        let mut servers: Vec<ServerSummary> = Vec::new();
        for key in keys {
            let server = self.find_server(key).await?;
            if !servers.iter().any(|s| s.id == server.id) {
                servers.push(server);
            }
        }
        Ok(servers)
    }

    /// Checks every server against the guards (all must pass, or nothing starts),
    /// records the job, and runs it in the background.
    pub async fn start_job(
        &self,
        request: JobRequest,
        actor: &Actor,
        retry_of: Option<String>,
        progress: impl Fn(JobEvent) + Send + Sync + 'static,
    ) -> Result<(JobRecord, tokio::task::JoinHandle<Result<JobRecord, Error>>), Error> {
        if request.servers.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "a job needs at least one server",
            ));
        }
        let servers = self.servers_of(&request.servers).await?;
        match &request.kind {
            JobKind::Build { profile } => crate::profiles::check_profile(profile)?,
            JobKind::Maintenance { tasks } | JobKind::Order { tasks, .. } => {
                crate::orders::check_tasks(tasks)?
            }
            _ => {}
        }
        let params = serde_json::to_value(&request.kind).unwrap_or_default();
        // An order's servers are checked one by one as the run reaches them: one
        // server out of Maintenance fails alone, with its reason.
        let checked_per_server = matches!(request.kind, JobKind::Order { .. });
        // Every server is checked (and each refusal audited) so one answer names
        // all the servers in the way, not just the first.
        let mut refused: Vec<Error> = Vec::new();
        for server in servers.iter().filter(|_| !checked_per_server) {
            for action in request.kind.actions() {
                if let Err(error) = self
                    .guard_action(server, action, &request.kind.name(), actor, params.clone())
                    .await
                {
                    refused.push(error);
                    break;
                }
            }
        }
        if let Some(first) = refused.first() {
            let message = refused
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            return Err(Error::new(first.code, message));
        }
        let id = uuid::Uuid::new_v4().to_string();
        let lock_path = self.job_lock_path(&id);
        let lock = lock_file(&lock_path)?;
        let new = NewJob {
            id: id.clone(),
            kind: request.kind.name(),
            params,
            actor: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            servers: servers
                .iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect(),
            retry_of,
        };
        let record = self.with_store(move |store| store.create_job(&new)).await?;
        let (cancel, cancelled) = watch::channel(false);
        self.jobs.insert(&id, cancel, lock);
        self.watch_for_cancel_requests(&id);
        let core = self.clone();
        let at_once = match &request.kind {
            JobKind::Order { parallel, .. } => (*parallel as usize).clamp(1, JOB_CONCURRENCY),
            _ => JOB_CONCURRENCY,
        };
        let kind = Arc::new(request.kind);
        let progress: Progress = Arc::new(progress);
        let actor = actor.clone();
        let handle = tokio::spawn(async move {
            let slots = Arc::new(Semaphore::new(at_once));
            let work = servers.into_iter().map(|server| {
                let (core, slots, progress, cancelled, id, kind, actor) = (
                    core.clone(),
                    slots.clone(),
                    progress.clone(),
                    cancelled.clone(),
                    id.clone(),
                    kind.clone(),
                    actor.clone(),
                );
                async move {
                    let Ok(_slot) = slots.acquire().await else {
                        return;
                    };
                    if *cancelled.borrow() {
                        return;
                    }
                    core.run_one(&id, &kind, &server, &actor, &progress).await;
                }
            });
            join_all(work).await;
            let was_cancelled = *cancelled.borrow();
            let finished = {
                let id = id.clone();
                core.with_store(move |store| store.finish_job(&id, was_cancelled))
                    .await
            };
            core.jobs.remove(&id);
            let _ = std::fs::remove_file(core.job_lock_path(&id));
            let _ = std::fs::remove_file(core.job_cancel_path(&id));
            match finished {
                Ok(job) => {
                    progress(JobEvent::Finished { job: job.clone() });
                    Ok(job)
                }
                Err(error) => {
                    tracing::error!(job = %id, %error, "could not record the end of a job");
                    Err(error)
                }
            }
        });
        Ok((record, handle))
    }

    /// Starts a job and waits for its end (for `rackctl`).
    pub async fn run_job(
        &self,
        request: JobRequest,
        actor: &Actor,
        progress: impl Fn(JobEvent) + Send + Sync + 'static,
    ) -> Result<JobDetail, Error> {
        let (_, handle) = self.start_job(request, actor, None, progress).await?;
        let job = handle.await??;
        self.job(&job.id).await
    }

    async fn run_one(
        &self,
        job_id: &str,
        kind: &JobKind,
        server: &ServerSummary,
        actor: &Actor,
        progress: &Progress,
    ) {
        let step = match kind {
            JobKind::Power { op } => format!("sending {}", op.reset_type()),
            JobKind::Locate { on } => {
                format!("turning the locator LED {}", if *on { "on" } else { "off" })
            }
            JobKind::Build { .. } => "preflight".to_owned(),
            JobKind::Order { .. } => "checking the stage".to_owned(),
            JobKind::Maintenance { .. } => "starting".to_owned(),
            JobKind::Delete => "starting the deletion pipeline".to_owned(),
        };
        if let Err(error) = self.record_step(job_id, server, step, progress).await {
            tracing::error!(job = %job_id, %error, "could not record a job step");
        }
        let (state, error, code, result) =
            match self.act(job_id, kind, server, actor, progress).await {
                Ok(result) => (JobServerState::Succeeded, None, None, Some(result)),
                Err(e) => (
                    JobServerState::Failed,
                    Some(e.message),
                    Some(e.code.name()),
                    None,
                ),
            };
        let (job, sid) = (job_id.to_owned(), server.id.clone());
        let (e2, c2, r2) = (error.clone(), code.clone(), result.clone());
        if let Err(e) = self
            .with_store(move |store| {
                store.job_server_finished(
                    &job,
                    &sid,
                    state,
                    e2.as_deref(),
                    c2.as_deref(),
                    r2.as_deref(),
                )
            })
            .await
        {
            tracing::error!(job = %job_id, error = %e, "could not record a server's end in a job");
        }
        progress(JobEvent::Server {
            job_id: job_id.to_owned(),
            server_id: server.id.clone(),
            name: server.name.clone(),
            state,
            step: None,
            error,
            error_code: code,
            result,
        });
    }

    /// Records the step a server is at and tells the watcher; the event goes out
    /// even if the record fails, and the caller decides what that failure means.
    pub(crate) async fn record_step(
        &self,
        job_id: &str,
        server: &ServerSummary,
        step: String,
        progress: &Progress,
    ) -> Result<(), Error> {
        let (job, sid, st) = (job_id.to_owned(), server.id.clone(), step.clone());
        let recorded = self
            .with_store(move |store| store.job_server_started(&job, &sid, &st))
            .await;
        progress(JobEvent::Server {
            job_id: job_id.to_owned(),
            server_id: server.id.clone(),
            name: server.name.clone(),
            state: JobServerState::Running,
            step: Some(step),
            error: None,
            error_code: None,
            result: None,
        });
        recorded
    }

    /// Does one server's part; the result is what the hardware says afterwards.
    async fn act(
        &self,
        job_id: &str,
        kind: &JobKind,
        server: &ServerSummary,
        actor: &Actor,
        progress: &Progress,
    ) -> Result<String, Error> {
        if let JobKind::Delete = kind {
            // The pipeline reaches the BMC (or Ironic) itself, so an unreachable
            // one fails a step of the pass (with its reason) rather than only the job.
            return self.delete_one(job_id, server, actor, progress).await;
        }
        if let Some((backend, node)) = self.ironic_link(server).await? {
            // A node of an Ironic fleet is driven through Ironic, never its BMC.
            return self
                .act_through_ironic(job_id, kind, server, &backend, &node, progress)
                .await;
        }
        let crate::reach::Reached {
            client,
            system_path,
        } = self.reach(server).await?;
        match kind {
            JobKind::Locate { on } => {
                power::set_locator(&client, &system_path, *on).await?;
                Ok(format!("locator {}", if *on { "on" } else { "off" }))
            }
            JobKind::Order {
                order_id,
                order_name,
                occurrence,
                tasks,
                allow_stage_move,
                ..
            } => {
                let work = crate::order_tasks::OrderWork {
                    order_id: order_id.clone(),
                    order_name: order_name.clone(),
                    occurrence: occurrence.clone(),
                    tasks: tasks.clone(),
                    allow_stage_move: *allow_stage_move,
                };
                self.run_order_on(job_id, &work, server, actor, progress)
                    .await
            }
            JobKind::Maintenance { tasks } => self
                .run_tasks(
                    job_id,
                    tasks,
                    &[],
                    server,
                    actor,
                    serde_json::json!({}),
                    progress,
                )
                .await
                .map(|done| done.join("; ")),
            JobKind::Delete => self.delete_one(job_id, server, actor, progress).await,
            JobKind::Build { profile } => {
                let reached = crate::reach::Reached {
                    client,
                    system_path,
                };
                self.build_one(job_id, profile, server, &reached, progress)
                    .await
            }
            JobKind::Power { op } => {
                power::reset(&client, &system_path, op.reset_type()).await?;
                let waiting = format!("waiting for power {}", op.settles_at());
                self.record_step(job_id, server, waiting, progress).await?;
                let reached = crate::reach::Reached {
                    client,
                    system_path,
                };
                wait_for_power(&reached, op.settles_at())
                    .await
                    .map_err(|e| match e.code {
                        ErrorCode::BmcTimeout => Error::new(
                            e.code,
                            format!(
                                "{} accepted {} but {}",
                                server.name,
                                op.reset_type(),
                                e.message
                            ),
                        ),
                        _ => e,
                    })?;
                let id = server.id.clone();
                let s = op.settles_at().to_owned();
                self.with_store(move |store| store.record_power_state(&id, &s))
                    .await?;
                Ok(format!("power {}", op.settles_at()))
            }
        }
    }

    /// Asks a running job to stop, whichever process runs it: servers under way
    /// finish their step, the rest are not started. The request is audited; the
    /// job's end (cancelled) is recorded by the process that runs it.
    pub async fn cancel_job(&self, id: &str, actor: &Actor) -> Result<(), Error> {
        let job = self.job(id).await?.job;
        if job.state != racksmith_inventory::JobState::Running {
            return Err(Error::new(
                ErrorCode::Conflict,
                format!("job {id} is not running (it is {})", job.state.as_str()),
            ));
        }
        if !self.jobs.cancel(id) {
            if owner_is_gone(&self.job_lock_path(id)) {
                return Err(Error::new(
                    ErrorCode::Conflict,
                    format!("job {id} has no running process; it will be marked interrupted"),
                ));
            }
            std::fs::write(self.job_cancel_path(id), actor.name.as_bytes()).map_err(|e| {
                Error::new(
                    ErrorCode::ProfileUnavailable,
                    format!("cannot ask job {id} to stop: {e}"),
                )
            })?;
        }
        let entry = racksmith_inventory::NewAudit {
            actor: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            action: "job_cancel".into(),
            target: Some(id.to_owned()),
            params: serde_json::json!({ "jobId": id, "kind": job.kind }),
            outcome: "ok".into(),
            detail: None,
        };
        self.with_store(move |store| store.audit(entry)).await?;
        Ok(())
    }

    /// Runs the job again on the servers that failed, were interrupted or not reached.
    pub async fn retry_failed(
        &self,
        id: &str,
        actor: &Actor,
        progress: impl Fn(JobEvent) + Send + Sync + 'static,
    ) -> Result<(JobRecord, tokio::task::JoinHandle<Result<JobRecord, Error>>), Error> {
        let detail = self.job(id).await?;
        let kind: JobKind = serde_json::from_str(&detail.job.params).map_err(|e| {
            Error::new(
                ErrorCode::InvalidInput,
                format!("job {id} cannot be retried: {e}"),
            )
        })?;
        let servers: Vec<String> = detail
            .servers
            .iter()
            .filter(|s| s.state != JobServerState::Succeeded)
            .map(|s| s.server_id.clone())
            .collect();
        if servers.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                format!("every server of job {id} succeeded; nothing to retry"),
            ));
        }
        self.start_job(
            JobRequest { kind, servers },
            actor,
            Some(id.to_owned()),
            progress,
        )
        .await
    }

    /// Whether a job is running in some process now (its row says running and
    /// its lock is held).
    pub(crate) async fn job_is_live(&self, id: &str) -> Result<bool, Error> {
        if self.jobs.owns(id) {
            return Ok(true);
        }
        let job = self.job(id).await?.job;
        let lock = self.job_lock_path(id);
        Ok(job.state == racksmith_inventory::JobState::Running
            && lock.exists()
            && !owner_is_gone(&lock))
    }

    pub async fn jobs(&self, limit: u32) -> Result<Vec<JobRecord>, Error> {
        self.with_store(move |store| store.jobs(limit)).await
    }

    pub async fn job(&self, id: &str) -> Result<JobDetail, Error> {
        let id = id.to_owned();
        self.with_store(move |store| store.job(&id)).await
    }

    /// Marks jobs whose process is gone as interrupted and re-reads the power
    /// state of the servers they were working on. Returns the jobs marked.
    pub async fn recover_jobs(&self) -> Result<Vec<JobRecord>, Error> {
        let running = self.with_store(|store| store.running_jobs()).await?;
        let mut recovered = Vec::new();
        for id in running {
            if self.jobs.owns(&id) || !owner_is_gone(&self.job_lock_path(&id)) {
                continue;
            }
            let job = {
                let id = id.clone();
                self.with_store(move |store| store.interrupt_job(&id))
                    .await?
            };
            tracing::warn!(job = %id, "found a job whose process ended; marked interrupted");
            let detail = self.job(&id).await?;
            for server in detail
                .servers
                .iter()
                .filter(|s| s.state == JobServerState::Interrupted)
            {
                let line = match self.read_power_state(&server.server_id).await {
                    Ok(reading) => format!(
                        "after the interruption {} reports power {}",
                        server.server_name,
                        reading.power_state.as_deref().unwrap_or("unknown")
                    ),
                    Err(error) => format!(
                        "after the interruption {} could not be read: {error}",
                        server.server_name
                    ),
                };
                let (job, sid, l) = (id.clone(), server.server_id.clone(), line.clone());
                self.with_store(move |store| {
                    store.set_job_server_result(&job, &sid, &l)?;
                    store.job_log(&job, Some(&sid), "warn", &l)
                })
                .await?;
            }
            let _ = std::fs::remove_file(self.job_lock_path(&id));
            let _ = std::fs::remove_file(self.job_cancel_path(&id));
            recovered.push(job);
        }
        Ok(recovered)
    }
}

/// Waits until the server reports `wanted` ("On", "Off"); a graceful
/// shutdown may take minutes.
pub(crate) async fn wait_for_power(
    reached: &crate::reach::Reached,
    wanted: &str,
) -> Result<(), Error> {
    let deadline = tokio::time::Instant::now() + POWER_SETTLE;
    loop {
        let state = power::power_state(&reached.client, &reached.system_path).await?;
        if state.as_deref() == Some(wanted) {
            return Ok(());
        }
        if tokio::time::Instant::now() > deadline {
            return Err(Error::new(
                ErrorCode::BmcTimeout,
                format!(
                    "still reports power {} after {} s",
                    state.unwrap_or_else(|| "unknown".into()),
                    POWER_SETTLE.as_secs()
                ),
            ));
        }
        tokio::time::sleep(POWER_POLL).await;
    }
}

fn lock_file(path: &std::path::Path) -> Result<File, Error> {
    let fail = |e: std::io::Error| {
        Error::new(
            ErrorCode::ProfileUnavailable,
            format!("cannot create the job lock {}: {e}", path.display()),
        )
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let file = File::create(path).map_err(fail)?;
    file.try_lock()
        .map_err(|e| fail(std::io::Error::other(e.to_string())))?;
    Ok(file)
}

/// The lock is the job process's; if it can be taken, that process is gone.
fn owner_is_gone(path: &std::path::Path) -> bool {
    match std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
    {
        Ok(file) => file.try_lock().is_ok(),
        Err(_) => true,
    }
}
