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
    Server(ServerCommand),
    /// The same as `server list`, kept for scripts written before `server`.
    #[command(subcommand, hide = true)]
    Servers(ServersCommand),
    /// Enrol BMCs and read what they know.
    #[command(subcommand)]
    Bmc(BmcCommand),
    /// Passwords in the OS keyring, for `keyring:<name>` in an import file.
    #[command(subcommand)]
    Secret(SecretCommand),
    /// The preferences shared with the desktop app.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// The built-in lab of simulated BMCs.
    #[command(subcommand)]
    Lab(LabCommand),
}

#[derive(Debug, Subcommand)]
pub enum LabCommand {
    /// Start a lab, print how to reach each server, and run until stopped (Ctrl-C).
    Up(LabUp),
    /// Enrol every server of the lab running for this profile (`rackctl lab up`).
    Enrol,
}

#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// List servers, all of them or those on one lifecycle tab.
    List {
        #[arg(long, value_parser = serde_names::<Tab>(&Tab::ALL))]
        tab: Option<Tab>,
    },
    /// Everything known about one server (by id or name).
    Show { id: String },
}

#[derive(Debug, Subcommand)]
pub enum BmcCommand {
    /// Enrol one BMC. Shows its certificate; trust it with --sha256 (checked against
    /// what the BMC presents) or --accept-presented-certificate.
    Add(BmcAdd),
    /// Enrol many BMCs from a CSV file (address,user,secret,site,room,rack,u,asset_tag[,sha256]).
    Import {
        file: std::path::PathBuf,
        /// Check every row and contact every BMC, but store nothing.
        #[arg(long)]
        dry_run: bool,
        /// Pin the certificate each BMC presents now for rows without a sha256.
        #[arg(long)]
        accept_presented_certificates: bool,
    },
    /// Read fresh facts from the BMCs of these servers (ids or names), or of all.
    Refresh {
        #[arg(long, conflicts_with = "ids")]
        all: bool,
        #[arg(required_unless_present = "all")]
        ids: Vec<String>,
    },
    /// The stored facts of these servers, or of all.
    Show {
        #[arg(long, conflicts_with = "ids")]
        all: bool,
        #[arg(required_unless_present = "all")]
        ids: Vec<String>,
    },
    /// The power state of a server, read from its BMC now.
    Power { id: String },
    /// The certificate a server's BMC presents now, next to the one trusted.
    Certificate { id: String },
    /// Trust the certificate a server's BMC presents now (after it changed).
    Trust {
        id: String,
        /// The fingerprint you checked; it must match what the BMC presents.
        #[arg(long)]
        sha256: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct BmcAdd {
    /// https://host[:port]
    pub url: String,
    #[arg(long)]
    pub user: String,
    /// Read the password from standard input (so it stays out of the shell history).
    #[arg(long, required = true)]
    pub password_stdin: bool,
    /// The certificate's SHA-256 fingerprint you checked.
    #[arg(long, conflicts_with = "accept_presented_certificate")]
    pub sha256: Option<String>,
    /// Pin whatever certificate the BMC presents now (it is printed).
    #[arg(long)]
    pub accept_presented_certificate: bool,
    #[arg(long)]
    pub site: Option<String>,
    #[arg(long)]
    pub room: Option<String>,
    #[arg(long)]
    pub rack: Option<String>,
    /// The lowest rack unit the server occupies.
    #[arg(long)]
    pub u: Option<u32>,
    #[arg(long)]
    pub asset_tag: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Store a password, read from standard input, as keyring:<name>.
    Set {
        name: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct LabUp {
    /// How many simulated servers (1 to 5,000); overrides the spec file.
    #[arg(long)]
    pub servers: Option<usize>,
    /// A lab spec file (TOML, or JSON by its .json extension) with faults and settings.
    #[arg(long)]
    pub spec: Option<std::path::PathBuf>,
    /// The seed the fleet is grown from; overrides the spec file.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Speed of power transitions and tasks: 1 is real-BMC speed, 0.01 a hundred times faster.
    #[arg(long)]
    pub time_scale: Option<f64>,
    /// Added latency per request, as MIN-MAX milliseconds (e.g. 100-300).
    #[arg(long, value_parser = parse_latency)]
    pub latency_ms: Option<racksmith_lab::LatencyRange>,
    /// Share of requests answered with a 5xx error, 0 to 1.
    #[arg(long)]
    pub error_rate: Option<f64>,
    /// Share of requests never answered, 0 to 1.
    #[arg(long)]
    pub timeout_rate: Option<f64>,
    /// Share of connections closed without an answer, 0 to 1.
    #[arg(long)]
    pub drop_rate: Option<f64>,
    /// Share of answers with JSON cut short, 0 to 1.
    #[arg(long)]
    pub malformed_rate: Option<f64>,
    /// Serve no VNC consoles.
    #[arg(long)]
    pub no_vnc: bool,
}

fn parse_latency(text: &str) -> Result<racksmith_lab::LatencyRange, String> {
    let (min, max) = text.split_once('-').unwrap_or((text, text));
    let number = |s: &str| {
        s.trim()
            .parse::<u64>()
            .map_err(|_| format!("{text:?} is not MIN-MAX milliseconds"))
    };
    Ok(racksmith_lab::LatencyRange {
        min: number(min)?,
        max: number(max)?,
    })
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
        /// Act as the operator (true) or as the customer (false).
        #[arg(long)]
        operator_mode: Option<bool>,
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
