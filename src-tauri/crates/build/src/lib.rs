//! The Building stage's rules, kept pure so the UI, `rackctl` and the jobs
//! engine get one answer and the arithmetic is tested on its own.

mod raid;
mod size;

pub use raid::{
    plan, Media, PlanDrive, RaidLevel, RaidPlan, RaidRefusal, RaidRequest, RaidWarning,
};
pub use size::{format_bytes, parse_size};
