//! `rackctl lab up`: runs the built-in lab in the foreground.

use racksmith_core::{Error, ErrorCode, Profile};
use racksmith_lab::{Lab, LabServerInfo, LabSpec};
use serde::Serialize;

use crate::args::LabUp;
use crate::output::Output;

#[derive(Serialize)]
struct Running<'a> {
    servers: &'a [LabServerInfo],
}

fn invalid(message: String) -> Error {
    Error::new(ErrorCode::InvalidInput, message)
}

pub fn spec_from(args: &LabUp) -> Result<LabSpec, Error> {
    let mut spec = match &args.spec {
        Some(path) => LabSpec::from_file(path).map_err(|e| invalid(e.to_string()))?,
        None => LabSpec::default(),
    };
    if let Some(n) = args.servers {
        spec.servers = n;
    }
    if let Some(seed) = args.seed {
        spec.seed = seed;
    }
    if let Some(scale) = args.time_scale {
        spec.time_scale = scale;
    }
    if let Some(latency) = args.latency_ms {
        spec.faults.latency_ms = Some(latency);
    }
    let rates = [
        (args.error_rate, &mut spec.faults.error_rate),
        (args.timeout_rate, &mut spec.faults.timeout_rate),
        (args.drop_rate, &mut spec.faults.drop_rate),
        (args.malformed_rate, &mut spec.faults.malformed_rate),
    ];
    for (given, field) in rates {
        if let Some(rate) = given {
            *field = rate;
        }
    }
    if args.no_vnc {
        spec.vnc = false;
    }
    if args.kvm_websocket_only {
        spec.kvm = racksmith_lab::KvmOffer::WebSocket;
    }
    spec.validate().map_err(|e| invalid(e.to_string()))?;
    Ok(spec)
}

fn human(servers: &[LabServerInfo]) -> String {
    let mut lines = vec![format!(
        "{:<10} {:<28} {:<10} {:<14} {}",
        "ID", "REDFISH", "VNC", "USER", "PASSWORD"
    )];
    for s in servers {
        lines.push(format!(
            "{:<10} {:<28} {:<10} {:<14} {}",
            s.id,
            s.redfish_url,
            s.vnc_port.map_or("-".to_owned(), |p| p.to_string()),
            s.username,
            s.password
        ));
    }
    lines.push(format!(
        "{} servers running; press Ctrl-C to stop.",
        servers.len()
    ));
    lines.join("\n")
}

pub async fn up(args: &LabUp, out: &Output) -> Result<(), Error> {
    let spec = spec_from(args)?;
    let profile = Profile::from_env()?;
    profile.ensure_exists()?;
    // Listening starts before the lab is announced, so a stop sent the moment
    // the JSON appears is caught rather than killing the process.
    let stop = StopSignal::listen().map_err(|e| {
        Error::new(
            ErrorCode::Internal,
            format!("cannot listen for a stop signal: {e}"),
        )
    })?;
    let lab = Lab::start(spec)
        .await
        .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
    let document = serde_json::to_value(Running {
        servers: lab.servers(),
    })
    .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
    // Where a running lab describes itself, so other commands can find it.
    let file = profile.lab_file();
    std::fs::write(&file, format!("{document}\n")).map_err(|e| {
        Error::new(
            ErrorCode::ProfileUnavailable,
            format!("cannot write {}: {e}", file.display()),
        )
    })?;
    out.print_raw(&document, &human(lab.servers()));
    let stopped = stop.wait().await;
    lab.shutdown();
    let _ = std::fs::remove_file(&file);
    stopped.map_err(|e| {
        Error::new(
            ErrorCode::Internal,
            format!("cannot wait for a stop signal: {e}"),
        )
    })
}

/// Ctrl-C, or SIGTERM as service managers send it.
struct StopSignal {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignal {
    fn listen() -> std::io::Result<StopSignal> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(StopSignal {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(StopSignal {})
        }
    }

    async fn wait(mut self) -> std::io::Result<()> {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => Ok(()),
                _ = self.terminate.recv() => Ok(()),
            }
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c().await
        }
    }
}
