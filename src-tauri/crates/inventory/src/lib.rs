//! The local inventory cache: one SQLite file per profile, migrated in order,
//! shared by the desktop app and `rackctl`.

mod audit;
mod backends;
mod bmcs;
mod building;
mod deletions;
mod error;
mod jobs;
mod migrations;
mod moves;
mod orders;
mod query;
mod servers;
mod settings;
mod snapshot;
mod stage;
mod store;

pub use audit::{redact, AuditEntry, AuditFilter, AuditVerdict, NewAudit, GENESIS};
pub use backends::{BackendRecord, SyncCounts, SyncedNode};
pub use bmcs::{BmcRecord, EnrolledSystem, FactsUpdate, Origin, RefreshTarget, TrustRecord};
pub use building::{CustomerAccount, StoredProfile};
pub use deletions::{
    Deletion, DeletionState, DeletionStep, Erasure, ErasureState, NewDeletion, StepState,
    StoredCertificate,
};
pub use error::StoreError;
pub use jobs::{
    JobCounts, JobDetail, JobLogLine, JobRecord, JobServer, JobServerState, JobState, NewJob,
};
pub use migrations::SCHEMA_VERSION;
pub use moves::{StageChange, StageMove};
pub use orders::{Handoff, OrderRun, RunState, StoredOrder};
pub use query::{ServerPage, ServerQuery, UNREACHABLE_CODES};
pub use servers::{now, Hold, LifecycleDates, Location, NewServer, ServerSummary};
pub use settings::{LanguagePref, Settings, ThemePref};
pub use snapshot::SnapshotServer;
pub use stage::{Stage, Tab};
pub use store::Store;
