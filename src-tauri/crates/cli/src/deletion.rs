//! `rackctl delete`, `rackctl deletions` and `rackctl certificate`: the deletion
//! pipeline and its certificates over the same core as the app.

use racksmith_core::{
    CertificateFormat, Core, DeletionRequest, DeletionView, ErasureCertificate, Error, Language,
};

use crate::args::{CertificateCommand, CertificateFormatArg, LanguageArg};
use crate::Report;

pub async fn delete(
    core: &Core,
    request: DeletionRequest,
    wait: bool,
    json: bool,
) -> Result<Report, Error> {
    let actor = core.actor().await?;
    if !wait {
        let servers = core.begin_deletion(request, &actor).await?;
        let mut views = Vec::new();
        for id in &servers {
            if let Some(view) = core.server_deletion(id).await? {
                views.push(view);
            }
        }
        let human = format!(
            "{} server(s) moved to Deletion; the pipeline runs in the Racksmith app or `rackctl agent` \
             (or here with --wait)\n{}",
            views.len(),
            passes_text(&views)
        );
        return Report::new(&views, human);
    }
    let (started, handle) = core
        .start_deletion(request, &actor, move |event| {
            crate::lifecycle::progress(event, json)
        })
        .await?;
    if !json {
        eprintln!("job {} started", started.id);
    }
    let report = crate::lifecycle::job_report(core, handle).await?;
    Ok(report)
}

pub async fn deletions(core: &Core, server: Option<String>) -> Result<Report, Error> {
    let views = match server {
        Some(key) => core.server_deletion(&key).await?.into_iter().collect(),
        None => core.deletions(200).await?,
    };
    let human = passes_text(&views);
    Report::new(&views, human)
}

fn passes_text(views: &[DeletionView]) -> String {
    let mut lines = Vec::new();
    for view in views {
        let d = &view.deletion;
        lines.push(format!(
            "{:<20} {:<9} step {:<15} started {} by {}{}",
            d.server_name,
            d.state.as_str(),
            d.step.as_deref().unwrap_or("-"),
            d.started_at,
            d.started_by,
            d.error
                .as_deref()
                .map(|e| format!("\n    error: {e}"))
                .unwrap_or_default()
        ));
        for e in &view.erasures {
            lines.push(format!(
                "    {:<14} {:<18} {:<10}{}",
                e.drive_id,
                e.method,
                format!("{:?}", e.state).to_lowercase(),
                e.message
                    .as_deref()
                    .map(|m| format!(" {m}"))
                    .unwrap_or_default()
            ));
        }
        if let Some(id) = &view.certificate_id {
            lines.push(format!("    certificate {id}"));
        }
    }
    if lines.is_empty() {
        "no deletions".to_owned()
    } else {
        lines.join("\n")
    }
}

pub async fn certificate(core: &Core, command: CertificateCommand) -> Result<Report, Error> {
    match command {
        CertificateCommand::Show { id } => {
            let certificate = core.certificate(&id).await?;
            let human = certificate_text(&certificate);
            Report::new(&certificate, human)
        }
        CertificateCommand::Export {
            id,
            format,
            out,
            lang,
        } => {
            let format = match format {
                CertificateFormatArg::Pdf => CertificateFormat::Pdf,
                CertificateFormatArg::Json => CertificateFormat::Json,
            };
            let language = match lang {
                LanguageArg::En => Language::En,
                LanguageArg::Ja => Language::Ja,
            };
            let file = core
                .export_certificate(&id, format, language, Some(out))
                .await?;
            let human = format!("wrote {}", file.path);
            Report::new(&file, human)
        }
    }
}

fn certificate_text(c: &ErasureCertificate) -> String {
    let mut lines = vec![
        format!(
            "certificate {}  issued {}  by {}",
            c.certificate_id, c.issued_at, c.issuer
        ),
        format!(
            "server {}  model {}  serial {}",
            c.server.name,
            c.server.model.as_deref().unwrap_or("-"),
            c.server.serial.as_deref().unwrap_or("-")
        ),
        format!(
            "started {} by {} ({})  ended {}  result {}",
            c.started_at, c.started_by, c.role, c.ended_at, c.result
        ),
    ];
    for d in &c.drives {
        lines.push(format!(
            "  {:<14} {:<20} {:<14} {:>9}  {:<18} ended {}",
            d.id,
            d.model.as_deref().unwrap_or("-"),
            d.serial.as_deref().unwrap_or("-"),
            racksmith_core::certificate_capacity(d.capacity_bytes),
            d.method,
            d.ended_at
        ));
    }
    // The firmware step's own words: the baseline's absence, a match, or the drift.
    if let Some(detail) = c
        .steps
        .iter()
        .find(|s| s.step == "firmware_check")
        .and_then(|s| s.detail.as_deref())
    {
        lines.push(format!("firmware: {detail}"));
    }
    lines.join("\n")
}
