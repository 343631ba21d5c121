use std::path::{Path, PathBuf};

use crate::{Error, ErrorCode};

/// The environment variable that points Racksmith at another profile folder
/// (tests, a second lab, a colleague's exported snapshot).
pub const PROFILE_DIR_ENV: &str = "RACKSMITH_PROFILE_DIR";

/// A profile folder: the database, the logs, and later the lab's certificates.
#[derive(Debug, Clone)]
pub struct Profile {
    dir: PathBuf,
    demo: bool,
}

/// Whether (and how big) an in-process lab runs: a number of servers, or `off`.
/// The built-in demo profile runs one unless told otherwise.
pub const DEMO_LAB_ENV: &str = "RACKSMITH_DEMO_LAB";

/// The size of the demo fleet: enough to scroll and select, quick to enrol.
pub const DEMO_LAB_SERVERS: usize = 24;

impl Profile {
    /// `RACKSMITH_PROFILE_DIR` when set, else the built-in demo profile in the OS
    /// app-data folder. Debug builds use a folder of their own so that developing
    /// never touches the profile a released build uses.
    pub fn from_env() -> Result<Profile, Error> {
        if let Some(dir) = std::env::var_os(PROFILE_DIR_ENV).filter(|v| !v.is_empty()) {
            return Ok(Profile::at(PathBuf::from(dir)));
        }
        let data = dirs::data_dir().ok_or_else(|| {
            Error::new(
                ErrorCode::ProfileUnavailable,
                format!("this system has no app-data folder; set {PROFILE_DIR_ENV}"),
            )
        })?;
        let name = if cfg!(debug_assertions) {
            "demo-dev"
        } else {
            "demo"
        };
        Ok(Profile {
            dir: data.join("Racksmith").join("profiles").join(name),
            demo: true,
        })
    }

    pub fn at(dir: PathBuf) -> Profile {
        Profile { dir, demo: false }
    }

    /// How many lab servers this profile's app should run in-process: the demo
    /// profile's default, or what `RACKSMITH_DEMO_LAB` says.
    pub fn demo_lab_servers(&self) -> Result<Option<usize>, Error> {
        match std::env::var(DEMO_LAB_ENV) {
            Ok(value) if value.eq_ignore_ascii_case("off") || value == "0" => Ok(None),
            Ok(value) => value.trim().parse::<usize>().map(Some).map_err(|_| {
                Error::new(
                    ErrorCode::InvalidInput,
                    format!("{DEMO_LAB_ENV}={value:?}: write a number of servers or \"off\""),
                )
            }),
            Err(_) => Ok(self.demo.then_some(DEMO_LAB_SERVERS)),
        }
    }

    /// Where `rackctl lab up` describes the lab it runs for this profile.
    pub fn lab_file(&self) -> PathBuf {
        self.dir.join("lab.json")
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn database_path(&self) -> PathBuf {
        self.dir.join("racksmith.sqlite3")
    }

    pub fn log_dir(&self) -> PathBuf {
        self.dir.join("logs")
    }

    /// Creates the folder and its log folder if they are missing.
    pub fn ensure_exists(&self) -> Result<(), Error> {
        std::fs::create_dir_all(self.log_dir()).map_err(|e| {
            Error::new(
                ErrorCode::ProfileUnavailable,
                format!(
                    "cannot create the profile folder {}: {e}",
                    self.dir.display()
                ),
            )
        })
    }
}
