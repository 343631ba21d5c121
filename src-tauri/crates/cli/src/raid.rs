//! `rackctl raid plan`: the wizard's review step on the command line.

use racksmith_core::build::{format_bytes, parse_size, plan, PlanDrive, RaidPlan, RaidRequest};
use racksmith_core::{Error, ErrorCode};

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

pub fn raid(command: RaidCommand) -> Result<Report, Error> {
    match command {
        RaidCommand::Plan {
            level,
            drives,
            spans,
            hot_spares,
        } => {
            let request = RaidRequest {
                level,
                drives: sizes(&drives)?,
                spans,
                hot_spares: sizes(&hot_spares)?,
            };
            let planned = plan(&request)?;
            Report::new(&planned, human(&planned))
        }
    }
}
