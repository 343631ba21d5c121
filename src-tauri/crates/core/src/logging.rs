//! Logs go to a daily-rotated file in the profile folder, never to stdout, so
//! `rackctl --json` output stays machine-readable.

pub use tracing_appender::non_blocking::WorkerGuard as LogGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;

use crate::{Error, ErrorCode, Profile};

/// How many daily files are kept before the oldest is deleted.
const KEEP_DAYS: usize = 14;

/// Starts file logging for `component` ("racksmith", "rackctl"). Keep the guard
/// alive for as long as the program runs: dropping it flushes the last lines.
/// The level comes from `RACKSMITH_LOG` (a tracing filter), `info` by default.
pub fn init(profile: &Profile, component: &str) -> Result<LogGuard, Error> {
    profile.ensure_exists()?;
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix(component)
        .filename_suffix("log")
        .max_log_files(KEEP_DAYS)
        .build(profile.log_dir())
        .map_err(|e| {
            Error::new(
                ErrorCode::ProfileUnavailable,
                format!("cannot open the log: {e}"),
            )
        })?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter =
        EnvFilter::try_from_env("RACKSMITH_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    // A second init in one process (tests) keeps the first subscriber; that is fine.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init();
    Ok(guard)
}
