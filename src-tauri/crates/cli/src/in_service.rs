//! `rackctl console snapshot`, `media insert|eject|show` and `boot once`: the
//! In-service tools on the command line.

use std::time::Duration;

use racksmith_core::console_client::{capture, Target};
use racksmith_core::{
    parse_vnc_address, BootDevice, Core, Error, ErrorCode, MediaSource, MediaView,
};
use serde_json::json;

use crate::args::{BootCommand, ConsoleCommand, MediaCommand};
use crate::output::Output;
use crate::Report;

/// How long the screen must stay still before the picture is taken.
const SETTLE: Duration = Duration::from_millis(500);
const CAPTURE_DEADLINE: Duration = Duration::from_secs(30);
/// How often a serving `media insert` checks that the image is still mounted.
const WATCH_EVERY: Duration = Duration::from_secs(2);

pub async fn console(core: Option<&Core>, command: ConsoleCommand) -> Result<Report, Error> {
    let ConsoleCommand::Snapshot {
        server,
        vnc,
        password_stdin,
        out,
    } = command;
    let (target, label, address) = match (server, vnc, core) {
        (_, Some(address), _) => {
            let password = if password_stdin {
                Some(crate::bmc::read_password()?.expose().to_owned())
            } else {
                None
            };
            (
                Target {
                    transport: parse_vnc_address(&address)?,
                    password,
                },
                address.clone(),
                address,
            )
        }
        (Some(id), None, Some(core)) => {
            let (endpoint, target) = core.console_target(&id, None, &core.actor().await?).await?;
            (target, endpoint.name, endpoint.address)
        }
        _ => {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "name a --server or a --vnc address",
            ))
        }
    };
    let frame = capture(&target, SETTLE, CAPTURE_DEADLINE).await?;
    let png = frame.png().map_err(|e| {
        Error::new(
            ErrorCode::Internal,
            format!("the screenshot could not be encoded: {e}"),
        )
    })?;
    std::fs::write(&out, &png).map_err(|e| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("cannot write {}: {e}", out.display()),
        )
    })?;
    let (width, height) = frame.size();
    let path = out.display().to_string();
    Report::new(
        &json!({
            "path": path,
            "address": address,
            "width": width,
            "height": height,
            "bytes": png.len()
        }),
        format!("Saved the screen of {label} ({width}x{height}) to {path}"),
    )
}

/// A URL when it has a scheme BMCs fetch from; otherwise a local file.
fn source_of(text: &str) -> MediaSource {
    let lower = text.to_ascii_lowercase();
    if ["http://", "https://", "nfs://", "smb://", "cifs://"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        MediaSource::Url(text.to_owned())
    } else {
        let path = std::path::Path::new(text);
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        MediaSource::File(absolute.display().to_string())
    }
}

fn media_text(view: &MediaView) -> String {
    let mut lines: Vec<String> = view
        .slots
        .iter()
        .map(|s| {
            format!(
                "{:<6} {:<10} {}",
                s.id,
                s.media_types.join("/"),
                match (&s.image, s.inserted) {
                    (Some(image), true) => format!("holds {image}"),
                    _ => "empty".to_owned(),
                }
            )
        })
        .collect();
    lines.push(format!(
        "next boot: {}",
        match (view.boot_override.as_deref(), view.boot_target.as_deref()) {
            (Some("Once"), Some(t)) => format!("{t} (once)"),
            (Some("Continuous"), Some(t)) => format!("{t} (every boot)"),
            _ => "as configured".to_owned(),
        }
    ));
    if let Some(served) = &view.served {
        lines.push(format!("serving {} at {}", served.file, served.url));
    }
    lines.join("\n")
}

pub async fn media(
    core: &Core,
    command: MediaCommand,
    out: &Output,
) -> Result<Option<Report>, Error> {
    let actor = core.actor().await?;
    match command {
        MediaCommand::Show { id } => {
            let view = core.virtual_media(&id).await?;
            Report::new(&view, media_text(&view)).map(Some)
        }
        MediaCommand::Eject { id } => {
            let view = core.eject_media(&id, &actor).await?;
            Report::new(&view, format!("Ejected.\n{}", media_text(&view))).map(Some)
        }
        MediaCommand::Insert {
            id,
            source,
            boot_once,
        } => {
            let source = source_of(&source);
            let serving = matches!(source, MediaSource::File(_));
            let view = core.insert_media(&id, source, boot_once, &actor).await?;
            let report = Report::new(&view, format!("Mounted.\n{}", media_text(&view)))?;
            if !serving {
                return Ok(Some(report));
            }
            // The file must stay reachable while mounted: report now, then serve.
            out.print(&report);
            serve_until_ejected(core, &id).await?;
            Ok(None)
        }
    }
}

/// Keeps this process (and so the file server) alive until the image is
/// ejected, here by Ctrl+C or elsewhere (`rackctl media eject`, the app).
async fn serve_until_ejected(core: &Core, id: &str) -> Result<(), Error> {
    eprintln!("rackctl: serving the image until it is ejected (Ctrl+C ejects it)");
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {
                core.eject_media(id, &core.actor().await?).await?;
                eprintln!("rackctl: ejected");
                return Ok(());
            }
            _ = tokio::time::sleep(WATCH_EVERY) => {
                match core.virtual_media(id).await {
                    Ok(view) if view.served.is_none() => {
                        eprintln!("rackctl: the image was ejected; stopped serving it");
                        return Ok(());
                    }
                    Ok(_) => {}
                    // A BMC that does not answer for a moment is not an eject.
                    Err(e) => eprintln!("rackctl: cannot check the media now: {e}"),
                }
            }
        }
    }
}

pub async fn boot(core: &Core, command: BootCommand) -> Result<Report, Error> {
    let BootCommand::Once { id, device } = command;
    let device = BootDevice::parse(&device).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("\"{device}\" is not a boot device; use cd, pxe, hdd, bios or usb"),
        )
    })?;
    let view = core.boot_once(&id, device, &core.actor().await?).await?;
    Report::new(
        &view,
        format!("The next start boots from {} (once).", device.redfish()),
    )
}
