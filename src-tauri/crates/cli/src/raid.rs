//! `rackctl raid plan`: the wizard's review step on the command line.

use racksmith_core::build::{
    format_bytes, parse_size, plan, PlanDrive, RaidLevel, RaidPlan, RaidRequest,
};
use racksmith_core::{Core, Error, ErrorCode, RaidApply, StorageView};

use crate::args::RaidCommand;
use crate::Report;

fn sizes(texts: &[String]) -> Result<Vec<PlanDrive>, Error> {
    texts
        .iter()
        .map(|t| parse_size(t).map(PlanDrive::sized))
        .collect::<Result<_, _>>()
        .map_err(|why| Error::new(ErrorCode::InvalidInput, why))
}

fn human(p: &RaidPlan) -> String {
    let mut lines = vec![format!(
        "{} on {} drives{}: usable {} ({} bytes) of {} raw",
        p.level.redfish(),
        p.drives,
        if p.spans > 1 {
            format!(" in {} spans", p.spans)
        } else {
            String::new()
        },
        format_bytes(p.usable_bytes),
        p.usable_bytes,
        format_bytes(p.raw_bytes),
    )];
    let failures = |n: u32| {
        if n == 1 {
            String::from("1 drive failure")
        } else {
            format!("{n} drive failures")
        }
    };
    lines.push(if p.fault_tolerance_best > p.fault_tolerance {
        format!(
            "survives {} (up to {} when they fall in different spans)",
            failures(p.fault_tolerance),
            p.fault_tolerance_best
        )
    } else {
        format!("survives {}", failures(p.fault_tolerance))
    });
    for warning in &p.warnings {
        lines.push(format!("warning: {}", warning.message));
    }
    lines.join("\n")
}

fn bytes(b: Option<u64>) -> String {
    b.map_or_else(|| "?".to_owned(), format_bytes)
}

fn storage_text(storages: &[StorageView]) -> String {
    let mut lines = Vec::new();
    for s in storages {
        lines.push(format!(
            "{} {} (offers {})",
            s.id,
            s.controller.as_deref().unwrap_or(""),
            s.raid_types.join(", ")
        ));
        for d in &s.drives {
            lines.push(format!(
                "  {:<14} {:>9} {:<4} {:<8} {}",
                d.id,
                bytes(d.capacity_bytes),
                d.media_type.as_deref().unwrap_or("?"),
                d.health.as_deref().unwrap_or("?"),
                d.volume
                    .as_deref()
                    .map_or("free".to_owned(), |v| format!("in volume {v}"))
            ));
        }
        for v in &s.volumes {
            lines.push(format!(
                "  volume {} {} {} {} on {} drives",
                v.id,
                v.name.as_deref().unwrap_or(""),
                v.raid_type.as_deref().unwrap_or("?"),
                bytes(v.capacity_bytes),
                v.drives.len()
            ));
        }
    }
    lines.join("\n")
}

/// `raid show` and `raid apply`, which need a server.
pub async fn on_server(core: &Core, command: RaidCommand) -> Result<Report, Error> {
    match command {
        RaidCommand::Show { id } => {
            let storages = core.storage(&id).await?;
            let human = storage_text(&storages);
            Report::new(&storages, human)
        }
        RaidCommand::Apply {
            id,
            level,
            drives,
            hot_spares,
            spans,
            name,
            storage,
            delete_volumes,
        } => {
            let storage_id = match storage {
                Some(s) => s,
                None => core
                    .storage(&id)
                    .await?
                    .first()
                    .map(|s| s.id.clone())
                    .ok_or_else(|| {
                        Error::new(
                            ErrorCode::NotFound,
                            format!("{id} has no storage controller"),
                        )
                    })?,
            };
            let apply = RaidApply {
                storage_id,
                level,
                drives,
                hot_spares,
                spans,
                name,
                capacity_bytes: None,
                strip_size_bytes: None,
                write_cache_policy: None,
                read_cache_policy: None,
                delete_volumes,
            };
            let applied = core.apply_raid(&id, apply, &core.actor().await?).await?;
            let human = format!(
                "volume {} ({} {}) created and verified{}",
                applied.volume.id,
                applied.volume.raid_type.as_deref().unwrap_or("?"),
                bytes(applied.volume.capacity_bytes),
                if applied.deleted.is_empty() {
                    String::new()
                } else {
                    format!("; deleted {}", applied.deleted.join(", "))
                }
            );
            Report::new(&applied, human)
        }
        RaidCommand::Plan {
            level,
            drives,
            spans,
            hot_spares,
        } => plan_report(level, &drives, spans, &hot_spares),
    }
}

/// `raid plan`: pure arithmetic, so it needs no profile.
pub fn plan_report(
    level: RaidLevel,
    drives: &[String],
    spans: Option<u32>,
    hot_spares: &[String],
) -> Result<Report, Error> {
    let request = RaidRequest {
        level,
        drives: sizes(drives)?,
        spans,
        hot_spares: sizes(hot_spares)?,
    };
    let planned = plan(&request)?;
    Report::new(&planned, human(&planned))
}
