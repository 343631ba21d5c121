//! The application core: one context that the desktop app's commands, `rackctl`
//! and the tests all call, so every front end gets the same behaviour and guards.

mod context;
mod error;
pub mod logging;
mod profile;

pub use context::{AppInfo, Core, TabSummary};
pub use error::{Error, ErrorCode};
pub use profile::Profile;
pub use racksmith_inventory::{
    LanguagePref, ServerSummary, Settings, Stage, Tab, ThemePref, SCHEMA_VERSION,
};

/// The version of this build, the same for the app and `rackctl`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
