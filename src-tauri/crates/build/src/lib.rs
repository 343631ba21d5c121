//! The Building stage's rules, kept pure so the UI, `rackctl` and the jobs
//! engine get one answer and the arithmetic is tested on its own.

mod bios;
mod preflight;
mod profile;
mod raid;
mod size;

pub use bios::{
    check_changes, differing, AttributeKind, BiosAttribute, BiosDependency, BiosRefusal,
    BiosRegistry,
};
pub use preflight::{
    preflight, DrivePick, Preflight, PreflightCheck, ServerBuildState, ServerDrive,
};
pub use profile::{
    hostname_for, hostname_ok, version_at_least, AccountSpec, BmcSettings, BuildProfile,
    NetworkMode, ProfileProblem, RaidLayout, ACCOUNT_ROLES, PROFILE_FORMAT,
};
pub use raid::{
    plan, Media, PlanDrive, RaidLevel, RaidPlan, RaidRefusal, RaidRequest, RaidWarning,
};
pub use size::{format_bytes, parse_size};
