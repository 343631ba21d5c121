//! `rackctl`: the headless command line over Racksmith's core. Every command takes
//! `--json`; with it, stdout carries exactly one JSON document (the result, or
//! `{"error": {"code", "message"}}`) and the exit code is non-zero on error.

mod args;
mod backends;
mod bmc;
mod building;
mod deletion;
mod in_service;
mod lab;
mod lifecycle;
mod orders;
mod output;
mod raid;

use clap::Parser;
use racksmith_core::{logging, Core, Error, Profile, Settings};
use serde::Serialize;

use args::{Cli, Command, LabCommand, OnOff, RaidCommand, ServersCommand, SettingsCommand};
use output::Output;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let out = Output::new(cli.json);
    let opened = Opened {
        snapshot: cli.snapshot,
        json: cli.json,
    };
    match run(cli.command, &opened, &out).await {
        Ok(Some(report)) => {
            out.print(&report);
            if report.failed {
                std::process::ExitCode::FAILURE
            } else {
                std::process::ExitCode::SUCCESS
            }
        }
        Ok(None) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            out.error(&error);
            std::process::ExitCode::FAILURE
        }
    }
}

/// What a command produced: a JSON value for `--json`, and the same for people.
pub struct Report {
    json: serde_json::Value,
    human: String,
    /// The command ran but something in it failed (a bad row, a server that did
    /// not answer): the report is printed and the exit code is non-zero.
    failed: bool,
}

impl Report {
    fn new<T: Serialize>(value: &T, human: String) -> Result<Report, Error> {
        let json = serde_json::to_value(value).map_err(|e| {
            Error::new(
                racksmith_core::ErrorCode::Internal,
                format!("cannot encode the result: {e}"),
            )
        })?;
        Ok(Report {
            json,
            human,
            failed: false,
        })
    }

    fn failed_if(mut self, failed: bool) -> Report {
        self.failed = failed;
        self
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Version {
    name: &'static str,
    version: &'static str,
    schema_version: u32,
}

/// How this run opens its core: the profile, or a snapshot under review.
struct Opened {
    snapshot: Option<std::path::PathBuf>,
    json: bool,
}

impl Opened {
    /// The core, after marking jobs a vanished process left running.
    async fn core(&self) -> Result<(Core, logging::LogGuard), Error> {
        let profile = Profile::from_env()?;
        let guard = logging::init(&profile, "rackctl")?;
        let core = match &self.snapshot {
            Some(file) => {
                let text = std::fs::read_to_string(file).map_err(|e| {
                    Error::new(
                        racksmith_core::ErrorCode::InvalidInput,
                        format!("cannot read {}: {e}", file.display()),
                    )
                })?;
                Core::open_snapshot(&text, &file.display().to_string())?
            }
            None => {
                let core = Core::open(profile)?;
                lifecycle::recover(&core).await?;
                core
            }
        };
        Ok((core, guard))
    }
}

/// Runs one command. `None`: the command printed its own output already.
async fn run(command: Command, opened: &Opened, out: &Output) -> Result<Option<Report>, Error> {
    if let Command::Lab(LabCommand::Up(args)) = &command {
        return lab::up(args, out).await.map(|()| None);
    }
    if let Command::Media(media) = command {
        let (core, _log) = opened.core().await?;
        let report = in_service::media(&core, media, out).await;
        core.shutdown().await;
        return report;
    }
    if let Command::Agent { once } = command {
        let (core, _log) = opened.core().await?;
        let report = orders::agent(&core, once, out).await;
        core.shutdown().await;
        return report;
    }
    if let Command::Console(console) = command {
        // A bare VNC address needs no profile.
        if let crate::args::ConsoleCommand::Snapshot { vnc: Some(_), .. } = &console {
            return in_service::console(None, console).await.map(Some);
        }
        let (core, _log) = opened.core().await?;
        let report = in_service::console(Some(&core), console).await;
        core.shutdown().await;
        return report.map(Some);
    }
    one_shot(command, opened).await.map(Some)
}

async fn one_shot(command: Command, opened: &Opened) -> Result<Report, Error> {
    let open_core = || opened.core();
    match command {
        Command::Lab(LabCommand::Up(_)) => unreachable!("handled by run"),
        // Needs no profile, so it answers even where the database cannot be opened.
        Command::Version => {
            let version = Version {
                name: "rackctl",
                version: racksmith_core::VERSION,
                schema_version: racksmith_core::SCHEMA_VERSION,
            };
            let human = format!(
                "rackctl {} (database schema {})",
                version.version, version.schema_version
            );
            Report::new(&version, human)
        }
        Command::Profile => {
            let (core, _log) = open_core().await?;
            let info = core.app_info();
            let human = format!(
                "profile   {}\ndatabase  {} (schema {})\nlogs      {}",
                info.profile_dir, info.database_path, info.schema_version, info.log_dir
            );
            Report::new(&info, human)
        }
        Command::Lab(LabCommand::Enrol) => {
            let (core, _log) = open_core().await?;
            let report = core.enrol_running_lab().await?;
            let human = format!(
                "{} lab servers enrolled, {} already enrolled and followed to their new address",
                report.enrolled, report.followed
            );
            Report::new(&report, human)
        }
        Command::Bmc(command) => {
            let (core, _log) = open_core().await?;
            let report = bmc::bmc(&core, command).await;
            core.shutdown().await;
            report
        }
        Command::Server(command) => {
            let (core, _log) = open_core().await?;
            bmc::server(&core, command).await
        }
        Command::Secret(command) => {
            let (core, _log) = open_core().await?;
            bmc::secret(&core, command).await
        }
        Command::Servers(ServersCommand::List { tab }) => {
            let (core, _log) = open_core().await?;
            let servers = match tab {
                Some(tab) => core.list_servers(tab).await?,
                None => {
                    let mut all = Vec::new();
                    for tab in racksmith_core::Tab::ALL {
                        all.extend(core.list_servers(tab).await?);
                    }
                    all
                }
            };
            let human = output::server_table(&servers);
            Report::new(&servers, human)
        }
        // Pure arithmetic: no profile needed.
        Command::Raid(RaidCommand::Plan {
            level,
            drives,
            spans,
            hot_spares,
        }) => raid::plan_report(level, &drives, spans, &hot_spares),
        Command::Raid(command) => {
            let (core, _log) = open_core().await?;
            let report = raid::on_server(&core, command).await;
            core.shutdown().await;
            report
        }
        Command::Bios(command) => {
            let (core, _log) = open_core().await?;
            let report = building::bios(&core, command).await;
            core.shutdown().await;
            report
        }
        Command::Build(command) => {
            let (core, _log) = open_core().await?;
            let report = building::build(&core, command, opened.json).await;
            core.shutdown().await;
            report
        }
        Command::Console(_) | Command::Media(_) | Command::Agent { .. } => {
            unreachable!("handled by run")
        }
        Command::Firmware(crate::args::FirmwareCommand::Show { id }) => {
            let (core, _log) = open_core().await?;
            let report = orders::firmware_show(&core, &id).await;
            core.shutdown().await;
            report
        }
        Command::Firmware(crate::args::FirmwareCommand::Update { ids, image }) => {
            let (core, _log) = open_core().await?;
            let kind = racksmith_core::JobKind::Maintenance {
                tasks: vec![orders::firmware_task(&image)],
            };
            let report = lifecycle::run_job(&core, kind, ids, opened.json).await;
            core.shutdown().await;
            report
        }
        Command::Maintain { servers, tasks } => {
            let (core, _log) = open_core().await?;
            let tasks = tasks
                .iter()
                .map(|t| orders::parse_task(t))
                .collect::<Result<Vec<_>, _>>()?;
            let kind = racksmith_core::JobKind::Maintenance { tasks };
            let report = lifecycle::run_job(&core, kind, servers, opened.json).await;
            core.shutdown().await;
            report
        }
        Command::Backend(command) => {
            let (core, _log) = open_core().await?;
            backends::backend(&core, command).await
        }
        Command::Sync { backend } => {
            let (core, _log) = open_core().await?;
            backends::sync(&core, backend).await
        }
        Command::Delete {
            servers,
            confirm,
            reason,
            wait,
        } => {
            let (core, _log) = open_core().await?;
            let request = racksmith_core::DeletionRequest {
                servers,
                confirm,
                reason,
            };
            let report = deletion::delete(&core, request, wait, opened.json).await;
            core.shutdown().await;
            report
        }
        Command::Deletions { server } => {
            let (core, _log) = open_core().await?;
            deletion::deletions(&core, server).await
        }
        Command::Certificate(command) => {
            let (core, _log) = open_core().await?;
            deletion::certificate(&core, command).await
        }
        Command::Order(command) => {
            let (core, _log) = open_core().await?;
            let report = orders::order(&core, command).await;
            core.shutdown().await;
            report
        }
        Command::Boot(command) => {
            let (core, _log) = open_core().await?;
            let report = in_service::boot(&core, command).await;
            core.shutdown().await;
            report
        }
        Command::Stage(command) => {
            let (core, _log) = open_core().await?;
            lifecycle::stage(&core, command).await
        }
        Command::Power { op, ids } => {
            let (core, _log) = open_core().await?;
            let kind = racksmith_core::JobKind::Power { op: op.op() };
            let report = lifecycle::run_job(&core, kind, ids, opened.json).await;
            core.shutdown().await;
            report
        }
        Command::Locate { state, ids } => {
            let (core, _log) = open_core().await?;
            let kind = racksmith_core::JobKind::Locate {
                on: matches!(state, OnOff::On),
            };
            let report = lifecycle::run_job(&core, kind, ids, opened.json).await;
            core.shutdown().await;
            report
        }
        Command::Jobs(command) => {
            let (core, _log) = open_core().await?;
            let report = lifecycle::jobs(&core, command, opened.json).await;
            core.shutdown().await;
            report
        }
        Command::Audit(command) => {
            let (core, _log) = open_core().await?;
            lifecycle::audit(&core, command).await
        }
        Command::Export {
            format,
            file,
            filter,
        } => {
            let (core, _log) = open_core().await?;
            lifecycle::export(&core, format, &file, &filter).await
        }
        Command::Settings(SettingsCommand::Show) => {
            let (core, _log) = open_core().await?;
            let settings = core.settings().await?;
            let human = output::settings_text(&settings);
            Report::new(&settings, human)
        }
        Command::Settings(SettingsCommand::Set {
            language,
            theme,
            operator_mode,
        }) => {
            let (core, _log) = open_core().await?;
            let current = core.settings().await?;
            let wanted = Settings {
                language: language.unwrap_or(current.language),
                theme: theme.unwrap_or(current.theme),
                operator_mode: operator_mode.unwrap_or(current.operator_mode),
            };
            let saved = core.save_settings(wanted).await?;
            let human = output::settings_text(&saved);
            Report::new(&saved, human)
        }
    }
}
