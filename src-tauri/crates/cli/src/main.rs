//! `rackctl`: the headless command line over Racksmith's core. Every command takes
//! `--json`; with it, stdout carries exactly one JSON document (the result, or
//! `{"error": {"code", "message"}}`) and the exit code is non-zero on error.

mod args;
mod bmc;
mod lab;
mod output;

use clap::Parser;
use racksmith_core::{logging, Core, Error, Profile, Settings};
use serde::Serialize;

use args::{Cli, Command, LabCommand, ServersCommand, SettingsCommand};
use output::Output;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let out = Output::new(cli.json);
    match run(cli.command, &out).await {
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

fn open_core() -> Result<(Core, logging::LogGuard), Error> {
    let profile = Profile::from_env()?;
    let guard = logging::init(&profile, "rackctl")?;
    Ok((Core::open(profile)?, guard))
}

/// Runs one command. `None`: the command printed its own output already.
async fn run(command: Command, out: &Output) -> Result<Option<Report>, Error> {
    if let Command::Lab(LabCommand::Up(args)) = &command {
        return lab::up(args, out).await.map(|()| None);
    }
    one_shot(command).await.map(Some)
}

async fn one_shot(command: Command) -> Result<Report, Error> {
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
            let (core, _log) = open_core()?;
            let info = core.app_info();
            let human = format!(
                "profile   {}\ndatabase  {} (schema {})\nlogs      {}",
                info.profile_dir, info.database_path, info.schema_version, info.log_dir
            );
            Report::new(&info, human)
        }
        Command::Lab(LabCommand::Enrol) => {
            let (core, _log) = open_core()?;
            let report = core.enrol_running_lab().await?;
            let human = format!(
                "{} lab servers enrolled, {} already enrolled and followed to their new address",
                report.enrolled, report.followed
            );
            Report::new(&report, human)
        }
        Command::Bmc(command) => {
            let (core, _log) = open_core()?;
            let report = bmc::bmc(&core, command).await;
            core.shutdown().await;
            report
        }
        Command::Server(command) => {
            let (core, _log) = open_core()?;
            bmc::server(&core, command).await
        }
        Command::Secret(command) => {
            let (core, _log) = open_core()?;
            bmc::secret(&core, command).await
        }
        Command::Servers(ServersCommand::List { tab }) => {
            let (core, _log) = open_core()?;
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
        Command::Settings(SettingsCommand::Show) => {
            let (core, _log) = open_core()?;
            let settings = core.settings().await?;
            let human = output::settings_text(&settings);
            Report::new(&settings, human)
        }
        Command::Settings(SettingsCommand::Set {
            language,
            theme,
            operator_mode,
        }) => {
            let (core, _log) = open_core()?;
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
