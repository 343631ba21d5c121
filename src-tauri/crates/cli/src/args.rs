use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};
use racksmith_core::build::RaidLevel;
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
    /// Review an exported JSON inventory instead of the profile: read-only.
    #[arg(long, global = true, value_name = "FILE")]
    pub snapshot: Option<std::path::PathBuf>,
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
    /// Move servers between lifecycle stages (never touches the hardware).
    #[command(subcommand)]
    Stage(StageCommand),
    /// Power a server on or off, or restart it, as a job.
    Power {
        #[arg(value_enum)]
        op: PowerArg,
        /// Server ids or names.
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Turn the locator LED on or off, as a job.
    Locate {
        #[arg(value_enum)]
        state: OnOff,
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Jobs: every action on hardware, with a result per server.
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// The hash-chained audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// RAID layouts: what a level gives on given drives, or why it cannot be built.
    #[command(subcommand)]
    Raid(RaidCommand),
    /// BIOS settings of one server, checked against its attribute registry.
    #[command(subcommand)]
    Bios(BiosCommand),
    /// Build servers from a profile (BIOS values, a RAID layout, BMC settings).
    #[command(subcommand)]
    Build(BuildCommand),
    /// The KVM console: a screenshot of any server's screen, for a ticket.
    #[command(subcommand)]
    Console(ConsoleCommand),
    /// Virtual media: mount an ISO (a URL, or a local file served while it is
    /// mounted) on a server's virtual CD, or eject it.
    #[command(subcommand)]
    Media(MediaCommand),
    /// The device a server boots from at its next start only.
    #[command(subcommand)]
    Boot(BootCommand),
    /// Firmware: versions against the baseline, and updates (Maintenance).
    #[command(subcommand)]
    Firmware(FirmwareCommand),
    /// Run order tasks now on servers, as a job (reboot-capable: Maintenance).
    Maintain {
        /// Server ids or names, comma-separated.
        #[arg(long, required = true, value_delimiter = ',')]
        servers: Vec<String>,
        /// As for `order add --task`.
        #[arg(long = "task", required = true)]
        tasks: Vec<String>,
    },
    /// Scheduled orders: tasks for servers at a set time, once or recurring.
    #[command(subcommand)]
    Order(OrderCommand),
    /// Run scheduled orders as they come due, until stopped (for a machine that
    /// stays on: run it as a systemd service, a launchd agent or a Windows service).
    Agent {
        /// Run what is due now, wait for it to finish, and exit.
        #[arg(long)]
        once: bool,
    },
    /// Delete servers (In service or Maintenance): erase every drive beyond
    /// recovery, reset the BMC and BIOS, check firmware, and return them to
    /// stock with an erasure certificate. Servers already in Deletion resume.
    Delete {
        /// Server ids or names, comma-separated.
        #[arg(long, required = true, value_delimiter = ',')]
        servers: Vec<String>,
        /// The server's name for one server, the number of servers for several.
        #[arg(long, required = true)]
        confirm: String,
        #[arg(long)]
        reason: Option<String>,
        /// Run the pipeline here and wait for its end; otherwise the desktop app
        /// or `rackctl agent` runs it.
        #[arg(long)]
        wait: bool,
    },
    /// Each server's pass through the deletion pipeline, open ones first.
    Deletions {
        /// One server (id or name): its open pass, else its last.
        server: Option<String>,
    },
    /// Erasure certificates of deleted servers.
    #[command(subcommand)]
    Certificate(CertificateCommand),
    /// Fleet engines driven instead of each BMC (OpenStack Ironic).
    #[command(subcommand)]
    Backend(BackendCommand),
    /// Bring every backend's nodes (or one backend's, by id or URL) into the local cache.
    Sync { backend: Option<String> },
    /// Write the inventory (or the servers a filter matches) to a file.
    Export {
        #[arg(long, value_enum)]
        format: FormatArg,
        file: std::path::PathBuf,
        #[command(flatten)]
        filter: ServerFilter,
    },
}

#[derive(Debug, Subcommand)]
pub enum BackendCommand {
    /// Add a backend; its API is reached (and its version agreed) first.
    #[command(subcommand)]
    Add(BackendKind),
    /// The backends, with the API version agreed and the last sync.
    List,
    /// Enroll a machine in an Ironic backend and manage it (Ironic checks its BMC);
    /// it then shows in Inventory.
    Enroll {
        /// The backend (id or URL); the only one when omitted.
        #[arg(long)]
        backend: Option<String>,
        #[arg(long)]
        name: String,
        /// redfish, fake-hardware, or another hardware type the Ironic enables.
        #[arg(long)]
        driver: String,
        /// The BMC's Redfish URL (redfish driver).
        #[arg(long)]
        bmc_address: Option<String>,
        /// The system's path on the BMC, e.g. /redfish/v1/Systems/1.
        #[arg(long)]
        system_id: Option<String>,
        #[arg(long)]
        bmc_user: Option<String>,
        /// Read the BMC password from standard input (it is handed to Ironic).
        #[arg(long, requires = "bmc_user")]
        password_stdin: bool,
    },
    /// Ask Ironic to inspect a node in stock or being built, and read back what it found.
    Inspect { server: String },
}

#[derive(Debug, Subcommand)]
pub enum BackendKind {
    /// An OpenStack Ironic API.
    #[command(group(clap::ArgGroup::new("sign_in").required(true).args(["no_auth", "auth_url"])))]
    Ironic {
        /// The API root, e.g. http://127.0.0.1:6385
        #[arg(long)]
        url: String,
        /// A standalone Ironic that needs no sign-in (auth_strategy = noauth).
        #[arg(long)]
        no_auth: bool,
        /// Keystone's identity API, e.g. http://127.0.0.1:5000/v3
        #[arg(long)]
        auth_url: Option<String>,
        /// The Keystone user (with --password-stdin).
        #[arg(
            long,
            requires = "auth_url",
            conflicts_with = "application_credential_id"
        )]
        user: Option<String>,
        #[arg(long, requires = "user")]
        user_domain: Option<String>,
        /// Scope the token to this project; without it the token is system-scoped.
        #[arg(long, requires = "user")]
        project: Option<String>,
        #[arg(long, requires = "project")]
        project_domain: Option<String>,
        /// An application credential's id (its secret with --password-stdin).
        #[arg(long, requires = "auth_url")]
        application_credential_id: Option<String>,
        /// Read the password, or the application credential's secret, from standard input.
        #[arg(long, requires = "auth_url")]
        password_stdin: bool,
        /// CA certificates (PEM) that Ironic's and Keystone's HTTPS certificates
        /// must chain to; nothing else is trusted.
        #[arg(long)]
        ca_bundle: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CertificateCommand {
    /// A certificate by its id, or a server's newest (by id or name).
    Show { id: String },
    /// Write a certificate as PDF or JSON.
    Export {
        id: String,
        #[arg(long, value_enum)]
        format: CertificateFormatArg,
        #[arg(long)]
        out: std::path::PathBuf,
        /// The PDF's language.
        #[arg(long, value_enum, default_value = "en")]
        lang: LanguageArg,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CertificateFormatArg {
    Pdf,
    Json,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LanguageArg {
    En,
    Ja,
}

#[derive(Debug, Subcommand)]
pub enum FirmwareCommand {
    /// Each component's version as the BMC lists it, and drift from the
    /// baseline file (`firmware-baseline.toml` in the profile folder).
    Show { id: String },
    /// Update from a URL (the BMC fetches it) or a local file (pushed to the
    /// BMC), follow the task to its end and verify the new version.
    Update {
        #[arg(required = true, value_delimiter = ',')]
        ids: Vec<String>,
        /// http(s) URL or a file path.
        image: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrderCommand {
    /// Save an order; it runs when due while the app or `rackctl agent` runs.
    Add {
        #[arg(long)]
        name: String,
        /// Server ids or names, comma-separated.
        #[arg(long, required = true, value_delimiter = ',')]
        servers: Vec<String>,
        /// In order: reboot, power-cycle, firmware:URL|FILE, bios:FILE (JSON of
        /// attributes), bmc-reset, wait:power-on|power-off|bmc-ready[:MINUTES].
        #[arg(long = "task", required = true)]
        tasks: Vec<String>,
        /// `now`, an ISO 8601 time with an offset, or a local time (YYYY-MM-DDTHH:MM).
        #[arg(long)]
        at: String,
        /// An iCalendar RRULE, e.g. FREQ=WEEKLY;BYDAY=WE.
        #[arg(long)]
        every: Option<String>,
        /// The IANA time zone the time is in; this computer's by default.
        #[arg(long)]
        time_zone: Option<String>,
        /// Length of the maintenance window, in minutes.
        #[arg(long, default_value_t = 60)]
        window: u32,
        /// How late a missed run may still start, in minutes.
        #[arg(long, default_value_t = 0)]
        grace: u32,
        /// Move servers in service to Maintenance for the run, and back after.
        #[arg(long)]
        allow_stage_move: bool,
        /// Servers worked on at once.
        #[arg(long, default_value_t = 8)]
        parallel: u32,
        /// Stage firmware on BMCs that can apply it in a maintenance window on
        /// their own (at save time, and ahead of each later run).
        #[arg(long)]
        hand_to_bmc: bool,
    },
    /// Every order, with its next run.
    List,
    /// One order and each of its runs (planned, running, done, failed, missed).
    Show { id: String },
    /// Delete an order (not while it runs).
    Delete { id: String },
}

#[derive(Debug, Subcommand)]
pub enum RaidCommand {
    /// Usable capacity and drive failures survived (decimal units: 960GB, 1.92TB).
    Plan {
        #[arg(long, value_parser = serde_names::<RaidLevel>(&RaidLevel::ALL))]
        level: RaidLevel,
        /// Member drive sizes, comma-separated.
        #[arg(long, required = true, value_delimiter = ',')]
        drives: Vec<String>,
        /// Spans for raid10, raid50 and raid60 (the fewest that work by default).
        #[arg(long)]
        spans: Option<u32>,
        /// Hot spare sizes, comma-separated.
        #[arg(long, value_delimiter = ',')]
        hot_spares: Vec<String>,
    },
    /// A server's controllers, bay map and volumes.
    Show { id: String },
    /// Create a volume on a server; drives in existing volumes need those
    /// volumes named in --delete-volumes (their data is destroyed).
    Apply {
        id: String,
        #[arg(long, value_parser = serde_names::<RaidLevel>(&RaidLevel::ALL))]
        level: RaidLevel,
        /// Member drive ids, comma-separated.
        #[arg(long, required = true, value_delimiter = ',')]
        drives: Vec<String>,
        #[arg(long, value_delimiter = ',')]
        hot_spares: Vec<String>,
        #[arg(long)]
        spans: Option<u32>,
        #[arg(long)]
        name: Option<String>,
        /// The storage controller id; the first one by default.
        #[arg(long)]
        storage: Option<String>,
        /// Volume ids to delete first (confirms their data is destroyed).
        #[arg(long, value_delimiter = ',')]
        delete_volumes: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum BiosCommand {
    /// Current values, pending ones, and what the registry allows.
    Show { id: String },
    /// Set values (NAME=VALUE; numbers and true/false are typed). Every value is
    /// checked against the registry first; nothing is sent if one is refused.
    Set {
        id: String,
        #[arg(required = true, value_name = "NAME=VALUE")]
        values: Vec<String>,
        /// When the BMC applies them (it must offer that time).
        #[arg(long, value_enum)]
        apply_time: Option<ApplyTimeArg>,
    },
    /// Every attribute back to its default at the next reset.
    Reset { id: String },
}

#[derive(Debug, Subcommand)]
pub enum ConsoleCommand {
    /// Save the screen as a PNG: of an enrolled server (its BMC's KVM-IP), or
    /// of any VNC server by address.
    Snapshot {
        /// Server id or name.
        #[arg(long, required_unless_present = "vnc", conflicts_with = "vnc")]
        server: Option<String>,
        /// HOST:PORT of a VNC server.
        #[arg(long)]
        vnc: Option<String>,
        /// Read the VNC password from standard input.
        #[arg(long, requires = "vnc")]
        password_stdin: bool,
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum MediaCommand {
    /// Mount an image: a URL the BMC fetches, or a local file that rackctl
    /// serves to the BMC and keeps serving until the media is ejected (Ctrl+C
    /// ejects it).
    Insert {
        id: String,
        #[arg(value_name = "URL|FILE")]
        source: String,
        /// Also boot from the virtual CD at the next start only.
        #[arg(long)]
        boot_once: bool,
    },
    Eject {
        id: String,
    },
    /// The virtual drives, what they hold, and the next-boot override.
    Show {
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum BootCommand {
    /// Boot from DEVICE at the next start only (cd, pxe, hdd, bios, usb).
    Once { id: String, device: String },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ApplyTimeArg {
    OnReset,
    Immediate,
}

impl ApplyTimeArg {
    pub fn redfish(self) -> &'static str {
        match self {
            ApplyTimeArg::OnReset => "OnReset",
            ApplyTimeArg::Immediate => "Immediate",
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum BuildCommand {
    /// Check the servers against the profile without changing anything.
    Preflight {
        /// A profile file, or the name of a saved profile.
        #[arg(long)]
        profile: String,
        #[arg(long, required = true, value_delimiter = ',')]
        servers: Vec<String>,
    },
    /// Build the servers from the profile as one job (each server preflighted,
    /// set up, rebooted where needed and verified); waits for the end.
    Apply {
        /// A profile file, or the name of a saved profile.
        #[arg(long)]
        profile: String,
        #[arg(long, required = true, value_delimiter = ',')]
        servers: Vec<String>,
    },
    /// Saved build profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    List,
    Show {
        name: String,
    },
    /// Save a profile file in the inventory (replacing one of the same name).
    Import {
        file: std::path::PathBuf,
    },
    Export {
        name: String,
        file: std::path::PathBuf,
    },
    Delete {
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum StageCommand {
    /// Move a server to STAGE. Moves to operator-hold, deletion and retired, and
    /// back from building to inventory, need --reason; a hold also --until.
    Move {
        id: String,
        #[arg(value_enum)]
        stage: StageArg,
        #[arg(long)]
        reason: Option<String>,
        /// When an operator hold is planned to end (RFC 3339, e.g. 2026-12-01T06:00:00Z).
        #[arg(long)]
        until: Option<String>,
    },
    /// What may be done to a server now, and the moves open to it.
    Show { id: String },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StageArg {
    Inventory,
    Building,
    InService,
    Maintenance,
    OperatorHold,
    Deletion,
    Retired,
}

impl StageArg {
    pub fn stage(self) -> racksmith_core::Stage {
        use racksmith_core::Stage;
        match self {
            StageArg::Inventory => Stage::Inventory,
            StageArg::Building => Stage::Building,
            StageArg::InService => Stage::InService,
            StageArg::Maintenance => Stage::MaintenanceCustomer,
            StageArg::OperatorHold => Stage::MaintenanceOperator,
            StageArg::Deletion => Stage::Deletion,
            StageArg::Retired => Stage::Retired,
        }
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PowerArg {
    On,
    /// Cut the power at once.
    Off,
    /// Ask the OS to shut down.
    Shutdown,
    /// Ask the OS to restart.
    Restart,
    Cycle,
    /// Restart at once.
    Reset,
}

impl PowerArg {
    pub fn op(self) -> racksmith_core::PowerOp {
        use racksmith_core::PowerOp;
        match self {
            PowerArg::On => PowerOp::On,
            PowerArg::Off => PowerOp::Off,
            PowerArg::Shutdown => PowerOp::Shutdown,
            PowerArg::Restart => PowerOp::Restart,
            PowerArg::Cycle => PowerOp::PowerCycle,
            PowerArg::Reset => PowerOp::Reset,
        }
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Json,
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// The latest jobs, newest first.
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// One job: each server's state, step and result, and the log.
    Show { id: String },
    /// Run a job again on its servers that did not succeed.
    Retry { id: String },
    /// Ask a running job to stop, whichever process runs it: servers under way
    /// finish their step, the rest are not started.
    Cancel { id: String },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Entries, newest first, filtered.
    List {
        #[arg(long)]
        actor: Option<String>,
        /// e.g. stage_move, power_cycle, export.
        #[arg(long)]
        action: Option<String>,
        /// A server name.
        #[arg(long)]
        target: Option<String>,
        /// ok, refused, failed, partial, cancelled, interrupted, started.
        #[arg(long)]
        outcome: Option<String>,
        /// RFC 3339.
        #[arg(long)]
        since: Option<String>,
        #[arg(long)]
        until: Option<String>,
        #[arg(long, default_value_t = 500)]
        limit: u32,
        /// Only entries before this number (the next page back).
        #[arg(long)]
        before: Option<u32>,
    },
    /// Write the entries a filter matches to a file (newest first).
    Export {
        #[arg(long, value_enum)]
        format: FormatArg,
        file: std::path::PathBuf,
        #[arg(long)]
        action: Option<String>,
        #[arg(long)]
        target: Option<String>,
        #[arg(long)]
        since: Option<String>,
        #[arg(long)]
        until: Option<String>,
    },
    /// Re-compute the hash chain; exits non-zero if an entry was tampered with.
    Verify,
}

/// Which servers a listing or an export covers.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ServerFilter {
    #[arg(long, value_parser = serde_names::<Tab>(&Tab::ALL))]
    pub tab: Option<Tab>,
    /// Text in the name, model, serial, asset tag, BMC address or location.
    #[arg(long)]
    pub search: Option<String>,
    /// End of support within this many days (or already past).
    #[arg(long)]
    pub eosl_within: Option<u32>,
    /// Warranty ending within this many days (or already ended).
    #[arg(long)]
    pub warranty_within: Option<u32>,
    /// Only servers whose BMC could not be reached at the last contact.
    #[arg(long)]
    pub unreachable: bool,
}

impl ServerFilter {
    pub fn query(&self) -> racksmith_core::ServerQuery {
        racksmith_core::ServerQuery {
            tab: self.tab,
            text: self.search.clone(),
            eosl_within_days: self.eosl_within,
            warranty_within_days: self.warranty_within,
            unreachable_only: self.unreachable,
            ..racksmith_core::ServerQuery::default()
        }
    }
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
    /// List servers, all of them or those a filter matches.
    List {
        #[command(flatten)]
        filter: ServerFilter,
    },
    /// Everything known about one server (by id or name).
    Show { id: String },
    /// Record where a server stands and its asset tag (an empty value clears one).
    Place {
        id: String,
        #[arg(long)]
        site: Option<String>,
        #[arg(long)]
        room: Option<String>,
        #[arg(long)]
        rack: Option<String>,
        /// The lowest rack unit the server occupies (1 to 60; 0 clears it).
        #[arg(long)]
        u: Option<u32>,
        #[arg(long)]
        asset_tag: Option<String>,
    },
    /// Set the dates a field team plans by (YYYY-MM-DD; an empty value clears one).
    Dates {
        id: String,
        #[arg(long)]
        received: Option<String>,
        #[arg(long)]
        warranty_end: Option<String>,
        #[arg(long)]
        eosl: Option<String>,
    },
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
    /// Offer consoles only as OpenBMC does: RFB in a WebSocket at `/kvm/0`
    /// on the HTTPS port, no VNC port.
    #[arg(long, conflicts_with = "no_vnc")]
    pub kvm_websocket_only: bool,
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
