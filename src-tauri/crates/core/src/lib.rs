//! The application core: one context that the desktop app's commands, `rackctl`
//! and the tests all call, so every front end gets the same behaviour and guards.

mod backend_follow;
mod backends;
mod bios;
mod bmc_settings;
mod bmcs;
mod build_job;
mod certificates;
mod console;
mod console_sessions;
mod context;
pub mod credentials;
mod deletion;
mod deletion_erase;
mod deletion_pipeline;
mod detail;
mod enrol;
mod error;
mod export;
mod file_server;
mod fleet;
mod import;
mod ironic_bios;
mod ironic_deletion;
mod ironic_enrol;
mod ironic_jobs;
mod ironic_media;
mod ironic_moves;
mod ironic_refresh;
mod jobs;
mod lab;
pub mod logging;
pub mod maintenance;
mod order_handoff;
pub mod order_runner;
mod order_tasks;
pub mod orders;
mod profile;
mod profiles;
mod raid;
mod reach;
mod refresh;
mod stages;

pub use backend_follow::{backend_follow_every, BACKEND_FOLLOW_ENV};
pub use backends::{IronicSignIn, SyncReport};
pub use bios::{check_bios_values, BiosChange, BiosCheck, BiosView};
pub use bmc_settings::{BmcAccountView, BmcSettingsView};
pub use build_job::ServerPreflight;
pub use certificates::{CertificateFile, CertificateFormat};
pub use console::{
    bmc_host, parse_vnc_address, BmcAccess, BootDevice, ConsoleEndpoint, MediaSlotView,
    MediaSource, MediaView, ServedView,
};
pub use console_sessions::{ConsoleInput, ConsoleOpen, ConsoleOpened, SavedFile};
pub use context::{AppInfo, Core, TabSummary};
pub use deletion::{expected_confirmation, DeletionRequest, DeletionView, PIPELINE};
pub use deletion_pipeline::DELETION_BASELINE_FILE;
pub use detail::{BmcView, IronicNodeLink, PowerReading, ServerDetail, TrustView};
pub use enrol::{AddBmcRequest, CertificateView, EnrolResult, TrustChoice};
pub use error::{Error, ErrorCode};
pub use export::{ExportFormat, ExportedFile, ServerPlace, SnapshotInfo};
pub use import::{AcceptedCertificate, ImportReport, ImportRequest, ImportRowReport};
pub use ironic_enrol::IronicEnrolment;
pub use jobs::{JobEvent, JobKind, JobRequest, PowerOp};
pub use lab::LabEnrolReport;
pub use profile::{Profile, DEMO_LAB_ENV};
pub use profiles::ProfileEntry;
pub use racksmith_build as build;
pub use racksmith_certificate::{capacity as certificate_capacity, ErasureCertificate, Language};
pub use racksmith_console as console_client;
pub use racksmith_inventory::{
    AuditEntry, AuditFilter, AuditVerdict, JobDetail, JobRecord, LanguagePref, LifecycleDates,
    Location, ServerPage, ServerQuery, ServerSummary, Settings, Stage, Tab, ThemePref,
    SCHEMA_VERSION,
};
pub use racksmith_inventory::{BackendRecord, SyncCounts};
pub use racksmith_lifecycle::{
    Action, ActionRule, Actor, MoveRequest, MoveRule, Refusal, RefusalCode, Role,
};
pub use racksmith_redfish::facts;
pub use racksmith_redfish::storage::{BayDrive, StorageView, VolumeOptions, VolumeView};
pub use racksmith_redfish::{Limits, Secret};
pub use raid::{RaidApplied, RaidApply, RaidReview};
pub use refresh::{RefreshEvent, RefreshOutcome};
pub use stages::ServerActions;

/// The version of this build, the same for the app and `rackctl`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
