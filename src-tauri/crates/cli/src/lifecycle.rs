//! `rackctl stage|power|locate|jobs|audit|export`: the lifecycle over the same
//! core as the app, so a refusal here is the app's refusal.

use racksmith_core::{
    AuditFilter, Core, Error, ExportFormat, JobDetail, JobEvent, JobKind, JobRecord, JobRequest,
    LifecycleDates, ServerActions,
};

use crate::args::{AuditCommand, FormatArg, JobsCommand, ServerFilter, StageCommand};
use crate::{output, Report};

pub async fn stage(core: &Core, command: StageCommand) -> Result<Report, Error> {
    let actor = core.actor().await?;
    match command {
        StageCommand::Move {
            id,
            stage,
            reason,
            until,
        } => {
            let request = racksmith_core::MoveRequest {
                to: stage.stage(),
                reason,
                hold_until: until,
            };
            let moved = core.move_stage(&id, request, &actor).await?;
            let human = format!("{} is now in {}", moved.name, moved.stage.as_str());
            Report::new(&moved, human)
        }
        StageCommand::Show { id } => {
            let actions = core.server_actions(&id, &actor).await?;
            let human = actions_text(&actions);
            Report::new(&actions, human)
        }
    }
}

fn actions_text(actions: &ServerActions) -> String {
    let mut lines = vec![String::from("ACTIONS")];
    for rule in &actions.actions {
        let why = rule.refusal.as_ref().map_or(String::new(), |r| {
            format!("  ({}: {})", r.code.as_str(), r.message)
        });
        let mark = if rule.allowed { "yes" } else { "no " };
        lines.push(format!("  {mark} {}{why}", rule.action.as_str()));
    }
    lines.push(String::from("MOVES"));
    for rule in &actions.moves {
        let why = rule.refusal.as_ref().map_or(String::new(), |r| {
            format!("  ({}: {})", r.code.as_str(), r.message)
        });
        let mark = if rule.allowed { "yes" } else { "no " };
        lines.push(format!("  {mark} {}{why}", rule.to.as_str()));
    }
    lines.join("\n")
}

/// Runs a job to its end (the job dies with this process otherwise) and reports
/// each server; any server that did not succeed makes the exit code non-zero.
pub async fn run_job(
    core: &Core,
    kind: JobKind,
    ids: Vec<String>,
    json: bool,
) -> Result<Report, Error> {
    let actor = core.actor().await?;
    let request = JobRequest { kind, servers: ids };
    let (started, handle) = core
        .start_job(request, &actor, None, move |event| progress(event, json))
        .await?;
    eprintln_unless(json, &format!("job {} started", started.id));
    job_report(core, handle).await
}

pub async fn retry(core: &Core, id: &str, json: bool) -> Result<Report, Error> {
    let actor = core.actor().await?;
    let (started, handle) = core
        .retry_failed(id, &actor, move |event| progress(event, json))
        .await?;
    eprintln_unless(json, &format!("job {} retries job {id}", started.id));
    job_report(core, handle).await
}

fn eprintln_unless(json: bool, line: &str) {
    if !json {
        eprintln!("{line}");
    }
}

pub fn progress(event: JobEvent, json: bool) {
    if let JobEvent::Server {
        name,
        state,
        error,
        step,
        ..
    } = event
    {
        let why = error.map(|e| format!(": {e}")).unwrap_or_default();
        let step = step.map(|s| format!(" ({s})")).unwrap_or_default();
        eprintln_unless(json, &format!("  {name:<24} {}{step}{why}", state.as_str()));
    }
}

/// Waits for the job's end and reports each of its servers.
pub async fn job_report(
    core: &Core,
    handle: tokio::task::JoinHandle<Result<JobRecord, Error>>,
) -> Result<Report, Error> {
    let job = handle.await.map_err(|e| {
        Error::new(
            racksmith_core::ErrorCode::Internal,
            format!("the job task failed: {e}"),
        )
    })??;
    let detail = core.job(&job.id).await?;
    let failed = detail.job.counts.succeeded != detail.servers.len() as u32;
    Ok(Report::new(&detail, job_text(&detail))?.failed_if(failed))
}

fn job_text(detail: &JobDetail) -> String {
    let job = &detail.job;
    let mut lines = vec![format!(
        "job {}  {}  {}  by {} ({})  started {}",
        job.id,
        job.kind,
        job.state.as_str(),
        job.actor,
        job.role,
        job.created_at
    )];
    if let Some(of) = &job.retry_of {
        lines.push(format!("retries job {of}"));
    }
    for server in &detail.servers {
        let extra = server
            .error
            .as_deref()
            .or(server.result.as_deref())
            .unwrap_or("");
        lines.push(format!(
            "  {:<24} {:<12} {}",
            server.server_name,
            server.state.as_str(),
            extra
        ));
    }
    lines.join("\n")
}

pub async fn jobs(core: &Core, command: JobsCommand, json: bool) -> Result<Report, Error> {
    match command {
        JobsCommand::List { limit } => {
            let jobs = core.jobs(limit).await?;
            let mut lines = vec![format!(
                "{:<38} {:<18} {:<12} {:>5} {:>5} {:>5}  {}",
                "ID", "KIND", "STATE", "OK", "FAIL", "LEFT", "STARTED"
            )];
            for job in &jobs {
                let c = &job.counts;
                lines.push(format!(
                    "{:<38} {:<18} {:<12} {:>5} {:>5} {:>5}  {}",
                    job.id,
                    job.kind,
                    job.state.as_str(),
                    c.succeeded,
                    c.failed,
                    c.total - c.succeeded - c.failed,
                    job.created_at
                ));
            }
            Report::new(&jobs, lines.join("\n"))
        }
        JobsCommand::Show { id } => {
            let detail = core.job(&id).await?;
            Report::new(&detail, job_text(&detail))
        }
        JobsCommand::Retry { id } => retry(core, &id, json).await,
        JobsCommand::Cancel { id } => {
            core.cancel_job(&id, &core.actor().await?).await?;
            let human = format!("job {id} was asked to stop");
            Report::new(&serde_json::json!({ "cancelRequested": id }), human)
        }
    }
}

pub async fn audit(core: &Core, command: AuditCommand) -> Result<Report, Error> {
    match command {
        AuditCommand::List {
            actor,
            action,
            target,
            outcome,
            since,
            until,
            limit,
            before,
        } => {
            let filter = AuditFilter {
                actor,
                action,
                target,
                outcome,
                since,
                until,
                limit: Some(limit),
                before_seq: before,
            };
            let entries = core.audit(filter).await?;
            let lines: Vec<String> = entries
                .iter()
                .map(|e| {
                    format!(
                        "{:>6} {} {:<16} {:<8} {:<16} {:<20} {:<10} {}",
                        e.seq,
                        e.at,
                        e.actor,
                        e.role,
                        e.action,
                        e.target.as_deref().unwrap_or("-"),
                        e.outcome,
                        e.detail.as_deref().unwrap_or("")
                    )
                })
                .collect();
            Report::new(&entries, lines.join("\n"))
        }
        AuditCommand::Export {
            format,
            file,
            action,
            target,
            since,
            until,
        } => {
            let actor = core.actor().await?;
            let filter = AuditFilter {
                action,
                target,
                since,
                until,
                ..AuditFilter::default()
            };
            let written = core
                .export_audit(filter, export_format(format), &file, &actor)
                .await?;
            let human = format!("{} entries written to {}", written.count, written.path);
            Report::new(&written, human)
        }
        AuditCommand::Verify => {
            let verdict = core.verify_audit().await?;
            let human = if verdict.intact {
                format!("The audit chain of {} entries is intact.", verdict.entries)
            } else {
                format!(
                    "The audit chain is BROKEN at entry {}: {}",
                    verdict.broken_at.unwrap_or(0),
                    verdict.problem.as_deref().unwrap_or("")
                )
            };
            let intact = verdict.intact;
            Ok(Report::new(&verdict, human)?.failed_if(!intact))
        }
    }
}

fn export_format(format: FormatArg) -> ExportFormat {
    match format {
        FormatArg::Json => ExportFormat::Json,
        FormatArg::Csv => ExportFormat::Csv,
    }
}

pub async fn export(
    core: &Core,
    format: FormatArg,
    file: &std::path::Path,
    filter: &ServerFilter,
) -> Result<Report, Error> {
    let actor = core.actor().await?;
    let written = core
        .export_to(filter.query(), export_format(format), file, &actor)
        .await?;
    let human = format!("{} servers written to {}", written.count, written.path);
    Report::new(&written, human)
}

/// Given and empty clears; not given keeps.
fn pick(given: Option<String>, kept: Option<String>) -> Option<String> {
    match given {
        Some(text) if text.trim().is_empty() => None,
        Some(text) => Some(text.trim().to_owned()),
        None => kept,
    }
}

pub async fn place(
    core: &Core,
    id: &str,
    [site, room, rack, asset_tag]: [Option<String>; 4],
    u: Option<u32>,
) -> Result<Report, Error> {
    let actor = core.actor().await?;
    let current = core.find_server(id).await?;
    let place = racksmith_core::ServerPlace {
        location: racksmith_core::Location {
            site: pick(site, current.location.site),
            room: pick(room, current.location.room),
            rack: pick(rack, current.location.rack),
            rack_unit: match u {
                Some(0) => None,
                Some(u) => Some(u),
                None => current.location.rack_unit,
            },
        },
        asset_tag: pick(asset_tag, current.asset_tag),
    };
    let saved = core.set_server_place(id, place, &actor).await?;
    let human = output::server_table(std::slice::from_ref(&saved));
    Report::new(&saved, human)
}

pub async fn dates(
    core: &Core,
    id: &str,
    received: Option<String>,
    warranty_end: Option<String>,
    eosl: Option<String>,
) -> Result<Report, Error> {
    let actor = core.actor().await?;
    let current = core.find_server(id).await?.dates;
    let dates = LifecycleDates {
        received_on: pick(received, current.received_on),
        warranty_end: pick(warranty_end, current.warranty_end),
        eosl_on: pick(eosl, current.eosl_on),
    };
    let saved = core.set_server_dates(id, dates, &actor).await?;
    let human = output::server_table(std::slice::from_ref(&saved));
    Report::new(&saved, human)
}

/// Marks jobs left running by a process that is gone, before anything else.
pub async fn recover(core: &Core) -> Result<(), Error> {
    for job in core.recover_jobs().await? {
        eprintln!(
            "rackctl: job {} ({}) was interrupted when its process ended; see `rackctl jobs show {}`",
            job.id, job.kind, job.id
        );
    }
    Ok(())
}
