//! The local inventory cache: one SQLite file per profile, migrated in order,
//! shared by the desktop app and `rackctl`.

mod bmcs;
mod error;
mod migrations;
mod servers;
mod settings;
mod stage;
mod store;

pub use bmcs::{BmcRecord, EnrolledSystem, FactsUpdate, Origin, RefreshTarget, TrustRecord};
pub use error::StoreError;
pub use migrations::SCHEMA_VERSION;
pub use servers::{now, Location, NewServer, ServerSummary};
pub use settings::{LanguagePref, Settings, ThemePref};
pub use stage::{Stage, Tab};
pub use store::Store;
