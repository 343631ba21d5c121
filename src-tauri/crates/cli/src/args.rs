use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};
use racksmith_core::{LanguagePref, Tab, ThemePref};
use serde::de::DeserializeOwned;
use serde::Serialize;

#[derive(Debug, Parser)]
#[command(
    name = "rackctl",
    version,
    about = "Racksmith's command line: the same core as the desktop app, without a window",
    after_help = "The profile folder is RACKSMITH_PROFILE_DIR when set, else the demo profile in the OS app-data folder."
)]
pub struct Cli {
    /// Print one JSON document on stdout instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// This build's version and database schema.
    Version,
    /// Where the open profile keeps its database and logs.
    Profile,
    /// Servers in the local inventory cache.
    #[command(subcommand)]
    Servers(ServersCommand),
    /// The preferences shared with the desktop app.
    #[command(subcommand)]
    Settings(SettingsCommand),
}

#[derive(Debug, Subcommand)]
pub enum ServersCommand {
    /// List servers, all of them or those on one lifecycle tab.
    List {
        #[arg(long, value_parser = serde_names::<Tab>(&Tab::ALL))]
        tab: Option<Tab>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    Show,
    Set {
        #[arg(long, value_parser = serde_names::<LanguagePref>(&[LanguagePref::System, LanguagePref::En, LanguagePref::Ja]))]
        language: Option<LanguagePref>,
        #[arg(long, value_parser = serde_names::<ThemePref>(&[ThemePref::System, ThemePref::Light, ThemePref::Dark]))]
        theme: Option<ThemePref>,
    },
}

fn serde_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Accepts exactly the names the IPC and JSON output use for these enum values,
/// so the command line never drifts from the app.
fn serde_names<T>(values: &[T]) -> impl clap::builder::TypedValueParser<Value = T>
where
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
{
    let names: Vec<String> = values.iter().map(serde_name).collect();
    PossibleValuesParser::new(names).map(|name| {
        serde_json::from_value(serde_json::Value::String(name))
            .expect("a possible value always deserializes")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn tab_names_match_the_ipc_names() {
        let cli = Cli::try_parse_from([
            "rackctl",
            "servers",
            "list",
            "--tab",
            "in_service",
            "--json",
        ])
        .expect("parse");
        assert!(cli.json);
        assert!(matches!(
            cli.command,
            Command::Servers(ServersCommand::List {
                tab: Some(Tab::InService)
            })
        ));
        assert!(
            Cli::try_parse_from(["rackctl", "servers", "list", "--tab", "in-service"]).is_err()
        );
    }
}
