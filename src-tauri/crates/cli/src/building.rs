//! `rackctl bios` and `rackctl build`: BIOS values and building servers from a
//! profile, over the same core as the app.

use std::collections::BTreeMap;

use racksmith_core::build::{AttributeKind, BuildProfile};
use racksmith_core::{BiosChange, BiosView, Core, Error, ErrorCode, JobKind, ServerPreflight};
use serde_json::Value;

use crate::args::{BiosCommand, BuildCommand, ProfileCommand};
use crate::lifecycle::run_job;
use crate::Report;

/// NAME=VALUE with the value typed: JSON numbers and booleans stay so, the rest is text.
fn parse_values(pairs: &[String]) -> Result<BTreeMap<String, Value>, Error> {
    pairs
        .iter()
        .map(|pair| {
            let (name, value) = pair.split_once('=').ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidInput,
                    format!("\"{pair}\" is not NAME=VALUE"),
                )
            })?;
            let typed = match serde_json::from_str::<Value>(value) {
                Ok(v @ (Value::Number(_) | Value::Bool(_))) => v,
                _ => Value::String(value.to_owned()),
            };
            Ok((name.trim().to_owned(), typed))
        })
        .collect()
}

fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn kind_text(kind: &AttributeKind) -> String {
    match kind {
        AttributeKind::Enumeration { values } => values.join("|"),
        AttributeKind::Integer { lower, upper, .. } => format!(
            "{}..{}",
            lower.map_or(String::new(), |l| l.to_string()),
            upper.map_or(String::new(), |u| u.to_string())
        ),
        AttributeKind::String { pattern, .. } => {
            format!(
                "text{}",
                pattern
                    .as_deref()
                    .map_or(String::new(), |p| format!(" {p}"))
            )
        }
        AttributeKind::Boolean => "true|false".into(),
        AttributeKind::Password => "password".into(),
        AttributeKind::Other { name } => name.clone(),
    }
}

fn bios_text(view: &BiosView) -> String {
    let mut lines = Vec::new();
    if view.registry.is_none() {
        lines.push(
            "the BMC publishes no attribute registry: values are checked by the BMC alone".into(),
        );
    }
    for (name, value) in &view.current {
        let pending = view
            .pending
            .get(name)
            .map_or(String::new(), |p| format!(" -> {} at next reset", show(p)));
        let allowed = view
            .registry
            .as_ref()
            .and_then(|r| r.attribute(name))
            .map_or(String::new(), |a| format!("  [{}]", kind_text(&a.kind)));
        let locked = view
            .locked
            .get(name)
            .map_or(String::new(), |why| format!("  (locked: {why})"));
        lines.push(format!(
            "{name:<24} {}{pending}{allowed}{locked}",
            show(value)
        ));
    }
    lines.join("\n")
}

pub async fn bios(core: &Core, command: BiosCommand) -> Result<Report, Error> {
    match command {
        BiosCommand::Show { id } => {
            let view = core.bios(&id).await?;
            let human = bios_text(&view);
            Report::new(&view, human)
        }
        BiosCommand::Set {
            id,
            values,
            apply_time,
        } => {
            let change = BiosChange {
                values: parse_values(&values)?,
                apply_time: apply_time.map(|t| t.redfish().to_owned()),
            };
            let view = core.set_bios(&id, change, &core.actor().await?).await?;
            // Applied at once (Ironic's step, or an immediate apply time) leaves nothing pending.
            let head = match view.pending.len() {
                0 => "applied; the BIOS reads back as below".to_owned(),
                n => format!("{n} value(s) pending until the next reset"),
            };
            let human = format!("{head}\n{}", bios_text(&view));
            Report::new(&view, human)
        }
        BiosCommand::Reset { id } => {
            let view = core.reset_bios(&id, &core.actor().await?).await?;
            let human = format!(
                "defaults restored at the next reset ({} value(s) pending)",
                view.pending.len()
            );
            Report::new(&view, human)
        }
    }
}

/// A profile file when the path exists, else a saved profile of that name.
async fn load_profile(core: &Core, reference: &str) -> Result<BuildProfile, Error> {
    let path = std::path::Path::new(reference);
    if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::new(
                ErrorCode::InvalidInput,
                format!("cannot read {reference}: {e}"),
            )
        })?;
        return BuildProfile::from_file(&text)
            .map_err(|why| Error::new(ErrorCode::InvalidInput, format!("{reference}: {why}")));
    }
    core.build_profile(reference).await
}

fn preflight_text(results: &[ServerPreflight]) -> String {
    let mut lines = Vec::new();
    for r in results {
        lines.push(format!(
            "{:<24} {}",
            r.name,
            if r.passed { "ready" } else { "NOT READY" }
        ));
        if let Some(error) = &r.error {
            lines.push(format!("    cannot be read: {}", error.message));
        }
        for c in &r.checks {
            lines.push(format!(
                "    {} {:<16} {}",
                if c.ok { "ok  " } else { "FAIL" },
                c.check,
                c.message
            ));
        }
    }
    lines.join("\n")
}

pub async fn build(core: &Core, command: BuildCommand, json: bool) -> Result<Report, Error> {
    match command {
        BuildCommand::Preflight { profile, servers } => {
            let profile = load_profile(core, &profile).await?;
            let results = core.preflight_build(&profile, &servers).await?;
            let failed = results.iter().any(|r| !r.passed);
            Ok(Report::new(&results, preflight_text(&results))?.failed_if(failed))
        }
        BuildCommand::Apply { profile, servers } => {
            let profile = load_profile(core, &profile).await?;
            let kind = JobKind::Build {
                profile: Box::new(profile),
            };
            run_job(core, kind, servers, json).await
        }
        BuildCommand::Profile(command) => profiles(core, command).await,
    }
}

async fn profiles(core: &Core, command: ProfileCommand) -> Result<Report, Error> {
    let actor = core.actor().await?;
    match command {
        ProfileCommand::List => {
            let entries = core.build_profiles().await?;
            let human = entries
                .iter()
                .map(|e| {
                    format!(
                        "{:<24} {}  (by {} at {})",
                        e.profile.name,
                        e.profile.description.as_deref().unwrap_or(""),
                        e.updated_by,
                        e.updated_at
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Report::new(&entries, human)
        }
        ProfileCommand::Show { name } => {
            let profile = core.build_profile(&name).await?;
            let human = serde_json::to_string_pretty(&profile.to_file()).unwrap_or_default();
            Report::new(&profile, human)
        }
        ProfileCommand::Import { file } => {
            let entry = core.import_build_profile_file(&file, &actor).await?;
            let human = format!("profile {} saved", entry.profile.name);
            Report::new(&entry, human)
        }
        ProfileCommand::Export { name, file } => {
            let exported = core.export_build_profile(&name, Some(file)).await?;
            let human = format!("profile {name} written to {}", exported.path);
            Report::new(&exported, human)
        }
        ProfileCommand::Delete { name } => {
            core.delete_build_profile(&name, &actor).await?;
            Report::new(
                &serde_json::json!({ "deleted": name }),
                format!("profile {name} deleted"),
            )
        }
    }
}
