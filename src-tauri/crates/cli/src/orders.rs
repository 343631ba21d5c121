//! `rackctl order` and `rackctl agent`: scheduled orders from the command line,
//! and the headless runner that carries them out on a machine that stays on.

use std::collections::BTreeMap;
use std::path::Path;

use racksmith_core::order_runner::runner_name;
use racksmith_core::orders::{
    local_start, local_time_zone, OrderDraft, OrderTask, OrderView, WaitCondition,
};
use racksmith_core::{Core, Error, ErrorCode};
use racksmith_lifecycle::schedule::chrono::Utc;
use serde_json::json;

use crate::args::OrderCommand;
use crate::output::Output;
use crate::Report;

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidInput, message)
}

/// One `--task` as written on the command line.
pub fn parse_task(text: &str) -> Result<OrderTask, Error> {
    let (kind, rest) = text.split_once(':').unwrap_or((text, ""));
    match (kind.trim(), rest) {
        ("reboot", "") => Ok(OrderTask::Reboot),
        ("power-cycle", "") => Ok(OrderTask::PowerCycle),
        ("bmc-reset", "") => Ok(OrderTask::BmcReset),
        ("firmware", image) if !image.is_empty() => Ok(firmware_task(image)),
        ("bios", file) if !file.is_empty() => Ok(OrderTask::Bios {
            attributes: read_bios_file(Path::new(file))?,
        }),
        ("wait", spec) => {
            let (condition, minutes) = spec.split_once(':').unwrap_or((spec, "30"));
            let condition = match condition {
                "power-on" => WaitCondition::PowerOn,
                "power-off" => WaitCondition::PowerOff,
                "bmc-ready" => WaitCondition::BmcReady,
                other => {
                    return Err(invalid(format!(
                        "\"{other}\" is not a condition; wait for power-on, power-off or bmc-ready"
                    )))
                }
            };
            let timeout_minutes = minutes
                .parse()
                .map_err(|_| invalid(format!("\"{minutes}\" is not a number of minutes")))?;
            Ok(OrderTask::Wait {
                condition,
                timeout_minutes,
            })
        }
        _ => Err(invalid(format!(
            "\"{text}\" is not a task; use reboot, power-cycle, firmware:URL, bios:FILE, bmc-reset or wait:CONDITION[:MINUTES]"
        ))),
    }
}

/// `{"Attributes": {...}}` as a BMC shows them, or the attributes alone.
fn read_bios_file(path: &Path) -> Result<BTreeMap<String, serde_json::Value>, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| invalid(format!("cannot read {}: {e}", path.display())))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| invalid(format!("{} is not JSON: {e}", path.display())))?;
    let attributes = value.get("Attributes").unwrap_or(&value);
    let map = attributes
        .as_object()
        .ok_or_else(|| invalid(format!("{} holds no attributes object", path.display())))?;
    Ok(map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

/// A URL the BMC fetches, or a local file pushed to it.
pub fn firmware_task(image: &str) -> OrderTask {
    let lower = image.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        OrderTask::Firmware {
            image_url: image.to_owned(),
        }
    } else {
        let path = Path::new(image);
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        OrderTask::FirmwareFile {
            path: absolute.display().to_string(),
        }
    }
}

pub async fn firmware_show(core: &Core, id: &str) -> Result<Report, Error> {
    let view = core.firmware(id).await?;
    let mut lines = vec![format!(
        "{} ({}), baseline {}{}",
        view.name,
        view.model.as_deref().unwrap_or("unknown model"),
        view.baseline_file,
        if view.baseline_found {
            ""
        } else {
            " (names no such model)"
        }
    )];
    for c in &view.components {
        lines.push(format!(
            "  {:<12} {:<14} {}{}",
            c.id,
            c.version.as_deref().unwrap_or("?"),
            c.baseline
                .as_deref()
                .map(|b| format!("baseline {b}"))
                .unwrap_or_default(),
            if c.drift { "  DRIFT" } else { "" }
        ));
    }
    Report::new(&view, lines.join("\n"))
}

fn describe(view: &OrderView) -> String {
    let when = match &view.rrule {
        Some(rule) => format!("from {} {} repeating {rule}", view.start, view.time_zone),
        None => format!("at {} {}", view.start, view.time_zone),
    };
    let next = view
        .next_run
        .as_deref()
        .map_or("no run left".to_owned(), |t| format!("next {t}"));
    format!(
        "{}  {}  {} servers  {}  ({next})",
        view.id,
        view.name,
        view.servers.len(),
        when
    )
}

pub async fn order(core: &Core, command: OrderCommand) -> Result<Report, Error> {
    match command {
        OrderCommand::Add {
            name,
            servers,
            tasks,
            at,
            every,
            time_zone,
            window,
            grace,
            allow_stage_move,
            parallel,
            hand_to_bmc,
        } => {
            let time_zone = time_zone.unwrap_or_else(local_time_zone);
            let draft = OrderDraft {
                name,
                servers,
                tasks: tasks
                    .iter()
                    .map(|t| parse_task(t))
                    .collect::<Result<_, _>>()?,
                start: local_start(&at, &time_zone, Utc::now())?,
                time_zone,
                rrule: every,
                window_minutes: window,
                grace_minutes: grace,
                allow_stage_move,
                parallel,
                hand_to_bmc,
            };
            let view = core.save_order(None, draft, &core.actor().await?).await?;
            let mut human = format!("Saved order {}", describe(&view));
            for c in &view.conflicts {
                human.push_str(&format!(
                    "\nWarning: overlaps order \"{}\" ({}) on {} at {}",
                    c.name,
                    c.order_id,
                    c.servers.join(", "),
                    c.at
                ));
            }
            Report::new(&view, human)
        }
        OrderCommand::List => {
            let orders = core.orders().await?;
            let human = if orders.is_empty() {
                "No orders.".to_owned()
            } else {
                orders.iter().map(describe).collect::<Vec<_>>().join("\n")
            };
            Report::new(&orders, human)
        }
        OrderCommand::Show { id } => {
            let view = core.order(&id).await?;
            let mut human = describe(&view);
            for task in &view.tasks {
                human.push_str(&format!("\n  task: {}", task.label()));
            }
            for route in &view.routes {
                human.push_str(&format!(
                    "\n  task {} on {}: {:?}, {}",
                    route.task_index + 1,
                    route.server_name,
                    route.via,
                    route.detail
                ));
            }
            for run in &view.runs {
                human.push_str(&format!(
                    "\n  run {}  {:?}{}",
                    run.occurrence,
                    run.state,
                    run.note
                        .as_deref()
                        .map(|n| format!("  {n}"))
                        .unwrap_or_default()
                ));
            }
            Report::new(&view, human)
        }
        OrderCommand::Delete { id } => {
            core.delete_order(&id, &core.actor().await?).await?;
            Report::new(&json!({ "deleted": id }), format!("Deleted order {id}"))
        }
    }
}

/// `rackctl agent`: looks for due orders until Ctrl+C or SIGTERM; `--once`
/// runs what is due now and waits for it.
pub async fn agent(core: &Core, once: bool, out: &Output) -> Result<Option<Report>, Error> {
    let runner = runner_name("rackctl agent");
    if once {
        let tick = core.tick_orders(Utc::now(), &runner).await?;
        let mut started = Vec::new();
        for (run, handle) in tick.started {
            let _ = handle.await;
            let view = core.order(&run.order_id).await?;
            let state = view
                .runs
                .iter()
                .find(|r| r.occurrence == run.occurrence)
                .map(|r| (r.state, r.note.clone()));
            started.push(json!({
                "orderId": run.order_id, "name": run.name, "occurrence": run.occurrence,
                "jobId": run.job_id, "lateMinutes": run.late_minutes,
                "state": state.as_ref().map(|s| s.0), "note": state.and_then(|s| s.1),
            }));
        }
        // Deletions a process left half done are taken up, and waited for.
        let actor = core.actor().await?;
        let deletions = match core.resume_interrupted_deletions(&actor).await? {
            Some((job, handle)) => {
                let _ = handle.await;
                Some(core.job(&job.id).await?)
            }
            None => None,
        };
        let missed: Vec<_> = tick
            .missed
            .iter()
            .map(|(id, at)| json!({ "orderId": id, "occurrence": at }))
            .collect();
        let human = format!(
            "{} run(s) started and finished, {} missed, {} abandoned by a runner that stopped; {}",
            started.len(),
            missed.len(),
            tick.abandoned,
            match &deletions {
                Some(job) => format!(
                    "deletions resumed in job {} ({} of {} verified)",
                    job.job.id,
                    job.job.counts.succeeded,
                    job.servers.len()
                ),
                None => "no deletion to resume".to_owned(),
            }
        );
        let doc = json!({
            "runner": runner, "started": started, "missed": missed, "abandoned": tick.abandoned,
            "deletionsResumed": deletions,
        });
        return Report::new(&doc, human).map(Some);
    }
    out.print_raw(
        &json!({ "runner": runner, "running": true }),
        &format!("{runner}: running scheduled orders as they come due; Ctrl+C stops"),
    );
    core.run_orders_until(&runner, stop_signal()).await;
    Ok(None)
}

/// Ctrl+C anywhere, and SIGTERM where there is one (systemd and launchd stop services with it).
async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_as_written_on_the_command_line() {
        assert_eq!(parse_task("reboot").expect("ok"), OrderTask::Reboot);
        assert_eq!(
            parse_task("firmware:http://10.0.0.1/fw.bin").expect("ok"),
            OrderTask::Firmware {
                image_url: "http://10.0.0.1/fw.bin".into()
            }
        );
        assert_eq!(
            parse_task("wait:bmc-ready:5").expect("ok"),
            OrderTask::Wait {
                condition: WaitCondition::BmcReady,
                timeout_minutes: 5
            }
        );
        assert!(parse_task("format-c").is_err());
        assert!(parse_task("wait:forever").is_err());
        assert!(parse_task("bios:/no/such.json").is_err());
    }
}
