//! Starting a deletion: the typed confirmation, the move to Deletion and the
//! pipeline job, all or nothing; resuming a pass that failed or was cut short;
//! and reading passes and their certificates.

use racksmith_inventory::{
    Deletion, DeletionState, DeletionStep, Erasure, JobRecord, NewAudit, NewDeletion,
    ServerSummary, Stage, StageMove,
};
use racksmith_lifecycle::{check_move, Actor, MoveRequest};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::jobs::{JobEvent, JobKind, JobRequest};
use crate::{Core, Error, ErrorCode};

/// The steps of the pipeline, in order; every one runs on every pass.
pub const PIPELINE: [&str; 10] = [
    "power_off",
    "eject_media",
    "bmc_accounts",
    "bmc_settings",
    "raid_volumes",
    "erase_drives",
    "bios_reset",
    "firmware_check",
    "sel_archive",
    "verify",
];

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DeletionRequest {
    /// Server ids or names.
    pub servers: Vec<String>,
    /// The server's name for one server; the number of servers for several.
    pub confirm: String,
    pub reason: Option<String>,
}

/// A pass with its steps and erasures, as the Deletion tab shows it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DeletionView {
    pub deletion: Deletion,
    pub steps: Vec<DeletionStep>,
    pub erasures: Vec<Erasure>,
    /// Every step's name in order, so steps not reached yet can be shown.
    pub pipeline: Vec<String>,
    pub certificate_id: Option<String>,
}

/// How long a new pass may wait for its job before it counts as stranded.
const JOB_GRACE: std::time::Duration = std::time::Duration::from_secs(15);

fn just_opened(started_at: &str) -> bool {
    let Ok(at) =
        time::OffsetDateTime::parse(started_at, &time::format_description::well_known::Rfc3339)
    else {
        return false;
    };
    (time::OffsetDateTime::now_utc() - at) < JOB_GRACE
}

/// What the typed confirmation must be: the name for one server, the count for several.
pub fn expected_confirmation(servers: &[ServerSummary]) -> String {
    match servers {
        [one] => one.name.clone(),
        many => many.len().to_string(),
    }
}

impl Core {
    /// Checks the confirmation and every server's move first (nothing changes if
    /// any is refused), then moves them to Deletion and starts the pipeline.
    /// Servers already in Deletion with an open pass are resumed in the same job.
    pub async fn start_deletion(
        &self,
        request: DeletionRequest,
        actor: &Actor,
        progress: impl Fn(JobEvent) + Send + Sync + 'static,
    ) -> Result<(JobRecord, tokio::task::JoinHandle<Result<JobRecord, Error>>), Error> {
        let servers = self.begin_deletion(request, actor).await?;
        self.run_pipeline(servers, actor, progress).await
    }

    async fn run_pipeline(
        &self,
        servers: Vec<String>,
        actor: &Actor,
        progress: impl Fn(JobEvent) + Send + Sync + 'static,
    ) -> Result<(JobRecord, tokio::task::JoinHandle<Result<JobRecord, Error>>), Error> {
        let (job, handle) = self
            .start_job(
                JobRequest {
                    kind: JobKind::Delete,
                    servers: servers.clone(),
                },
                actor,
                None,
                progress,
            )
            .await?;
        let id = job.id.clone();
        self.with_store(move |store| store.assign_deletion_job(&servers, &id))
            .await?;
        Ok((job, handle))
    }

    /// The confirmation, the moves and the open passes, without running the
    /// pipeline: the app or `rackctl agent` picks the passes up. Returns the
    /// server ids.
    pub async fn begin_deletion(
        &self,
        request: DeletionRequest,
        actor: &Actor,
    ) -> Result<Vec<String>, Error> {
        self.refuse_in_snapshot()?;
        if request.servers.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "a deletion needs at least one server",
            ));
        }
        let servers = self.servers_of(&request.servers).await?;
        let expected = expected_confirmation(&servers);
        let names: Vec<&str> = servers.iter().map(|s| s.name.as_str()).collect();
        let params = serde_json::json!({
            "servers": servers.iter().map(|s| &s.id).collect::<Vec<_>>(),
            "names": names,
            "confirm": request.confirm,
            "reason": request.reason,
        });
        let audit = |outcome: &str, detail: Option<String>| NewAudit {
            actor: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            action: "delete".into(),
            target: Some(names.join(", ")),
            params: params.clone(),
            outcome: outcome.into(),
            detail,
        };
        if request.confirm.trim() != expected {
            let message = if servers.len() == 1 {
                format!(
                    "the confirmation must be the server's name, {expected}; nothing was deleted"
                )
            } else {
                format!(
                    "the confirmation must be the number of servers, {expected}; nothing was deleted"
                )
            };
            let entry = audit("refused", Some(message.clone()));
            self.with_store(move |store| store.audit(entry)).await?;
            return Err(Error::new(ErrorCode::ConfirmationMismatch, message));
        }
        let reason = request
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| "deletion confirmed by typing".to_owned());
        let mut entering = Vec::new();
        let mut refused = Vec::new();
        for server in &servers {
            if server.stage == Stage::Deletion {
                let id = server.id.clone();
                if self
                    .with_store(move |store| store.open_deletion(&id))
                    .await?
                    .is_none()
                {
                    refused.push(format!(
                        "{} is in Deletion with no pass open; it was verified clean already",
                        server.name
                    ));
                }
                continue;
            }
            let move_request = MoveRequest {
                to: Stage::Deletion,
                reason: Some(reason.clone()),
                hold_until: None,
            };
            match check_move(&self.server_state(server).await?, &move_request, actor) {
                Ok(()) => entering.push(NewDeletion {
                    id: uuid::Uuid::new_v4().to_string(),
                    change: StageMove {
                        server_id: server.id.clone(),
                        from: server.stage,
                        to: Stage::Deletion,
                        actor: actor.name.clone(),
                        role: actor.role.as_str().to_owned(),
                        reason: Some(reason.clone()),
                        hold_until: None,
                    },
                }),
                Err(refusal) => refused.push(refusal.message),
            }
        }
        if !refused.is_empty() {
            let message = format!("{}; nothing was deleted", refused.join("; "));
            let entry = audit("refused", Some(message.clone()));
            self.with_store(move |store| store.audit(entry)).await?;
            return Err(Error::new(ErrorCode::StageForbids, message));
        }
        let entry = audit("ok", None);
        self.with_store(move |store| store.begin_deletions(&entering, entry))
            .await?;
        Ok(servers.into_iter().map(|s| s.id).collect())
    }

    /// Runs the pipeline again for servers whose pass failed or was cut short.
    pub async fn resume_deletion(
        &self,
        servers: &[String],
        actor: &Actor,
        progress: impl Fn(JobEvent) + Send + Sync + 'static,
    ) -> Result<(JobRecord, tokio::task::JoinHandle<Result<JobRecord, Error>>), Error> {
        let servers = self.servers_of(servers).await?;
        for server in &servers {
            let id = server.id.clone();
            let open = self
                .with_store(move |store| store.open_deletion(&id))
                .await?;
            match open {
                Some(pass) => {
                    if self.pass_is_live(&pass).await? {
                        return Err(Error::new(
                            ErrorCode::Conflict,
                            format!("the deletion of {} is running now", server.name),
                        ));
                    }
                }
                None => {
                    return Err(Error::new(
                        ErrorCode::InvalidInput,
                        format!("{} has no deletion to resume", server.name),
                    ))
                }
            }
        }
        self.run_pipeline(servers.into_iter().map(|s| s.id).collect(), actor, progress)
            .await
    }

    /// Whether a job of some process is working on the pass now (or is about to:
    /// a pass opened moments ago gets its job named right after).
    async fn pass_is_live(&self, pass: &Deletion) -> Result<bool, Error> {
        if pass.state != DeletionState::Running {
            return Ok(false);
        }
        match pass.job_id.as_deref() {
            Some(job) => self.job_is_live(job).await,
            None => Ok(just_opened(&pass.started_at)),
        }
    }

    /// Passes left running by a process that is gone, resumed in one job (the
    /// app and the agent call this at start, after jobs are recovered).
    #[allow(clippy::type_complexity)]
    pub async fn resume_interrupted_deletions(
        &self,
        actor: &Actor,
    ) -> Result<Option<(JobRecord, tokio::task::JoinHandle<Result<JobRecord, Error>>)>, Error> {
        if self.read_only() {
            return Ok(None);
        }
        // Read on every runner tick: only the running passes, not the history.
        let passes = self.with_store(|store| store.running_deletions()).await?;
        let mut stranded: Vec<String> = Vec::new();
        for pass in &passes {
            if !self.pass_is_live(pass).await? {
                stranded.push(pass.server_id.clone());
            }
        }
        if stranded.is_empty() {
            return Ok(None);
        }
        tracing::warn!(servers = stranded.len(), "resuming deletions cut short");
        Ok(Some(self.resume_deletion(&stranded, actor, |_| {}).await?))
    }

    async fn deletion_view(&self, pass: Deletion) -> Result<DeletionView, Error> {
        let id = pass.server_id.clone();
        let ironic = self
            .with_store(move |store| store.backend_link(&id))
            .await?
            .is_some();
        let id = pass.id.clone();
        let (steps, erasures, certificate) = self
            .with_store(move |store| {
                let certificate = store.certificates_of_deletion(&id)?.map(|c| c.id);
                Ok::<_, racksmith_inventory::StoreError>((
                    store.deletion_steps(&id)?,
                    store.erasures(&id)?,
                    certificate,
                ))
            })
            .await?;
        Ok(DeletionView {
            deletion: pass,
            steps,
            erasures,
            pipeline: Core::pipeline_of(ironic),
            certificate_id: certificate,
        })
    }

    /// Open passes first, then the newest verified ones.
    pub async fn deletions(&self, limit: u32) -> Result<Vec<DeletionView>, Error> {
        let passes = self.with_store(move |store| store.deletions(limit)).await?;
        let mut views = Vec::new();
        for pass in passes {
            views.push(self.deletion_view(pass).await?);
        }
        Ok(views)
    }

    /// The server's open pass, else its last one.
    pub async fn server_deletion(&self, key: &str) -> Result<Option<DeletionView>, Error> {
        let server = self.find_server(key).await?;
        let id = server.id.clone();
        let pass = self
            .with_store(move |store| match store.open_deletion(&id)? {
                Some(open) => Ok(Some(open)),
                None => store.last_deletion(&id),
            })
            .await?;
        match pass {
            Some(pass) => Ok(Some(self.deletion_view(pass).await?)),
            None => Ok(None),
        }
    }
}
