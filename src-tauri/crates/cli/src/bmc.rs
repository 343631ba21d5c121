//! `rackctl bmc …`, `rackctl server …`, `rackctl secret set`: enrolment and facts
//! over the same core as the app.

use std::io::Read;

use racksmith_core::{
    AcceptedCertificate, AddBmcRequest, Core, Error, ErrorCode, ImportRequest, Location, Secret,
    ServerDetail, TrustChoice,
};
use serde_json::json;

use crate::args::{BmcAdd, BmcCommand, SecretCommand, ServerCommand};
use crate::{output, Report};

pub(crate) fn read_password() -> Result<Secret, Error> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("cannot read the password from stdin: {e}"),
        )
    })?;
    let password = text.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            "no password on standard input",
        ));
    }
    Ok(Secret::new(password))
}

async fn server_ids(core: &Core, all: bool, keys: &[String]) -> Result<Option<Vec<String>>, Error> {
    if all {
        return Ok(None);
    }
    let mut ids = Vec::with_capacity(keys.len());
    for key in keys {
        ids.push(core.find_server(key).await?.id);
    }
    Ok(Some(ids))
}

fn detail_text(detail: &ServerDetail) -> String {
    let s = &detail.server;
    let h = detail.facts.as_ref().map(|f| &f.hardware);
    let field = |v: Option<&String>| v.map_or("-".to_owned(), Clone::clone);
    let mut lines = vec![
        format!("{}  ({:?})", s.name, s.stage),
        format!("  model      {}", field(s.model.as_ref())),
        format!("  serial     {}", field(s.serial.as_ref())),
        format!("  power      {}", field(s.power_state.as_ref())),
        format!("  health     {}", field(s.health.as_ref())),
        format!("  BMC        {}", field(s.bmc_address.as_ref())),
        format!("  refreshed  {}", field(s.refreshed_at.as_ref())),
    ];
    if let Some(h) = h {
        lines.push(format!(
            "  CPUs       {} x {}",
            h.cpu_count.unwrap_or(0),
            field(h.cpu_model.as_ref())
        ));
        lines.push(format!("  memory     {} GiB", h.memory_gib.unwrap_or(0.0)));
        lines.push(format!("  drives     {}", h.drives.len()));
        lines.push(format!(
            "  NICs       {}",
            h.nics
                .iter()
                .filter_map(|n| n.mac.clone())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(error) = &s.refresh_error {
        lines.push(format!("  last refresh failed: {error}"));
    }
    lines.join("\n")
}

/// A server's detail by its id or name, as people type them.
async fn detail_of(core: &Core, key: &str) -> Result<ServerDetail, Error> {
    core.server_detail(&core.find_server(key).await?.id).await
}

/// The BMC of a server named by id or name.
async fn bmc_of(core: &Core, key: &str) -> Result<racksmith_core::BmcView, Error> {
    detail_of(core, key)
        .await?
        .bmc
        .ok_or_else(|| Error::new(ErrorCode::NotFound, format!("{key} has no BMC")))
}

pub async fn bmc(core: &Core, command: BmcCommand) -> Result<Report, Error> {
    match command {
        BmcCommand::Add(args) => add(core, args).await,
        BmcCommand::Import {
            file,
            dry_run,
            accept_presented_certificates,
        } => {
            let csv = std::fs::read_to_string(&file).map_err(|e| {
                Error::new(
                    ErrorCode::InvalidInput,
                    format!("cannot read {}: {e}", file.display()),
                )
            })?;
            let mut report = core
                .import_csv(ImportRequest {
                    csv: csv.clone(),
                    dry_run: dry_run || accept_presented_certificates,
                    accepted: vec![],
                })
                .await?;
            if accept_presented_certificates && !dry_run && report.rows.iter().all(|r| r.ok) {
                let accepted = report
                    .rows
                    .iter()
                    .filter_map(|r| {
                        r.certificate.as_ref().map(|c| AcceptedCertificate {
                            line: r.line,
                            sha256: c.sha256.clone(),
                        })
                    })
                    .collect();
                report = core
                    .import_csv(ImportRequest {
                        csv,
                        dry_run: false,
                        accepted,
                    })
                    .await?;
            }
            let mut lines: Vec<String> = report
                .rows
                .iter()
                .map(|r| match &r.error {
                    None => format!(
                        "line {:<5} OK     {} ({} systems{})",
                        r.line,
                        r.address,
                        r.systems,
                        r.certificate
                            .as_ref()
                            .map(|c| format!(", certificate {}", c.sha256))
                            .unwrap_or_default()
                    ),
                    Some(e) => format!("line {:<5} FAILED {}", r.line, e.message),
                })
                .collect();
            let failed = report.rows.iter().any(|r| !r.ok);
            lines.push(if report.imported {
                format!("Imported: {} servers added.", report.servers_added)
            } else if failed {
                "Nothing was imported: fix the rows above and run again.".to_owned()
            } else {
                "Dry run: every row is good; nothing was stored.".to_owned()
            });
            Ok(Report::new(&report, lines.join("\n"))?.failed_if(failed))
        }
        BmcCommand::Refresh { all, ids } => {
            let ids = server_ids(core, all, &ids).await?;
            let outcomes = core.refresh(ids, |_| {}).await?;
            let failed = outcomes.iter().filter(|o| !o.ok).count();
            let mut lines: Vec<String> = outcomes
                .iter()
                .map(|o| match &o.error {
                    None => format!("{:<24} refreshed", o.name),
                    Some(e) => format!("{:<24} FAILED {}", o.name, e.message),
                })
                .collect();
            lines.push(format!(
                "{} refreshed, {failed} failed",
                outcomes.len() - failed
            ));
            let document = json!({
                "results": outcomes,
                "ok": outcomes.len() - failed,
                "failed": failed,
            });
            Ok(Report::new(&document, lines.join("\n"))?.failed_if(failed > 0))
        }
        BmcCommand::Show { all, ids } => {
            let ids = match server_ids(core, all, &ids).await? {
                Some(ids) => ids,
                None => core
                    .all_servers()
                    .await?
                    .into_iter()
                    .map(|s| s.id)
                    .collect(),
            };
            let mut details = Vec::with_capacity(ids.len());
            for id in ids {
                details.push(core.server_detail(&id).await?);
            }
            let human = details
                .iter()
                .map(detail_text)
                .collect::<Vec<_>>()
                .join("\n\n");
            Report::new(&json!({ "servers": details }), human)
        }
        BmcCommand::Power { id } => {
            let server = core.find_server(&id).await?;
            let reading = core.read_power_state(&server.id).await?;
            let human = format!(
                "{}: {}",
                reading.name,
                reading.power_state.as_deref().unwrap_or("unknown")
            );
            Report::new(&reading, human)
        }
        BmcCommand::Certificate { id } => {
            let bmc = bmc_of(core, &id).await?;
            let shown = core.inspect_certificate(&bmc.address).await?;
            let human = format!(
                "{}\n  presented  {}\n  trusted    {}\n  subject    {}\n  valid      {} to {}",
                shown.address,
                shown.sha256,
                shown.pinned_sha256.as_deref().unwrap_or("-"),
                shown.subject,
                shown.not_before,
                shown.not_after
            );
            Report::new(&shown, human)
        }
        BmcCommand::Trust { id, sha256 } => {
            let bmc = bmc_of(core, &id).await?;
            core.trust_certificate(&bmc.id, &sha256).await?;
            Report::new(
                &json!({"bmcId": bmc.id, "sha256": sha256}),
                format!("{} is now trusted with certificate {sha256}", bmc.address),
            )
        }
    }
}

async fn add(core: &Core, args: BmcAdd) -> Result<Report, Error> {
    let password = read_password()?;
    let shown = core.inspect_certificate(&args.url).await?;
    let sha256 = match (args.sha256, args.accept_presented_certificate) {
        (Some(sha256), _) => sha256,
        (None, true) => shown.sha256.clone(),
        (None, false) => {
            return Err(Error::new(
                ErrorCode::CertificateUntrusted,
                format!(
                    "{} presents certificate {} (subject {}, valid {} to {}). Check it, then run again with --sha256 {} or --accept-presented-certificate",
                    shown.address, shown.sha256, shown.subject, shown.not_before, shown.not_after, shown.sha256
                ),
            ))
        }
    };
    let result = core
        .add_bmc(AddBmcRequest {
            address: args.url,
            username: args.user,
            password,
            trust: TrustChoice::Pinned { sha256 },
            location: Location {
                site: args.site,
                room: args.room,
                rack: args.rack,
                rack_unit: args.u,
            },
            asset_tag: args.asset_tag,
        })
        .await?;
    let human = format!(
        "Enrolled {} (certificate {}):\n{}",
        shown.address,
        shown.sha256,
        output::server_table(&result.servers)
    );
    Report::new(
        &json!({"certificate": shown, "bmcId": result.bmc_id, "servers": result.servers}),
        human,
    )
}

pub async fn server(core: &Core, command: ServerCommand) -> Result<Report, Error> {
    match command {
        ServerCommand::List { filter } => {
            let page = core.query_servers(filter.query()).await?;
            let human = output::server_table(&page.servers);
            Report::new(
                &json!({ "servers": page.servers, "total": page.total }),
                human,
            )
        }
        ServerCommand::Place {
            id,
            site,
            room,
            rack,
            u,
            asset_tag,
        } => crate::lifecycle::place(core, &id, [site, room, rack, asset_tag], u).await,
        ServerCommand::Dates {
            id,
            received,
            warranty_end,
            eosl,
        } => crate::lifecycle::dates(core, &id, received, warranty_end, eosl).await,
        ServerCommand::Show { id } => {
            let detail = detail_of(core, &id).await?;
            let human = detail_text(&detail);
            Report::new(&detail, human)
        }
    }
}

pub async fn secret(core: &Core, command: SecretCommand) -> Result<Report, Error> {
    match command {
        SecretCommand::Set { name, .. } => {
            let password = read_password()?;
            core.store_secret(&name, password).await?;
            let reference = format!("keyring:{name}");
            Report::new(
                &json!({ "stored": reference }),
                format!("Stored in the OS keyring; refer to it as {reference}"),
            )
        }
    }
}
