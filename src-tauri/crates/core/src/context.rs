use racksmith_inventory::{ServerSummary, Settings, Store, StoreError, Tab};
use serde::Serialize;
use specta::Type;

use std::sync::Arc;

use racksmith_redfish::Limits;

use crate::credentials::Vault;
use crate::fleet::Fleet;
use crate::{Error, Profile, VERSION};

/// Facts about this build and the open profile, for Settings and `rackctl version`.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub schema_version: u32,
    pub profile_dir: String,
    pub database_path: String,
    pub log_dir: String,
    /// The operating system's language as a BCP 47 tag, when it has one.
    pub os_locale: Option<String>,
    /// Set while an exported snapshot is shown read-only instead of the profile.
    pub snapshot: Option<crate::SnapshotInfo>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TabSummary {
    pub tab: Tab,
    pub server_count: u32,
}

/// The open profile. Every front end holds one and calls it; nothing here knows
/// about windows or terminals.
#[derive(Debug, Clone)]
pub struct Core {
    pub(crate) profile: Profile,
    pub(crate) store: Store,
    pub(crate) fleet: Arc<Fleet>,
    pub(crate) vault: Arc<Vault>,
    pub(crate) lab: Arc<tokio::sync::Mutex<Option<racksmith_lab::Lab>>>,
    pub(crate) jobs: Arc<crate::jobs::RunningJobs>,
    /// A snapshot opened for review: every change is refused.
    pub(crate) read_only: bool,
    pub(crate) snapshot: Option<Arc<crate::export::OpenSnapshot>>,
    /// Local image files served to BMCs while mounted, by server id.
    pub(crate) consoles: Arc<racksmith_console::Consoles>,
    pub(crate) served:
        Arc<std::sync::Mutex<std::collections::HashMap<String, crate::file_server::ServedFile>>>,
}

impl Core {
    pub fn open(profile: Profile) -> Result<Core, Error> {
        profile.ensure_exists()?;
        let store = Store::open(&profile.database_path(), VERSION)?;
        tracing::info!(profile = %profile.dir().display(), "profile opened");
        Ok(Core {
            vault: Arc::new(Vault::new(profile.lab_file())),
            profile,
            store,
            fleet: Arc::new(Fleet::new(Limits::default())),
            lab: Arc::default(),
            jobs: Arc::default(),
            read_only: false,
            snapshot: None,
            served: Arc::default(),
            consoles: Arc::default(),
        })
    }

    /// The same profile with other BMC limits (benchmarks and tests).
    pub fn with_limits(mut self, limits: Limits) -> Core {
        self.fleet = Arc::new(Fleet::new(limits));
        self
    }

    /// Logs out of every BMC and stops the in-process lab, for app exit.
    pub async fn shutdown(&self) {
        self.consoles.close_all().await;
        self.fleet.close_all().await;
        if let Some(lab) = self.lab.lock().await.take() {
            lab.shutdown();
        }
    }

    /// The caps every BMC call of this core shares (and its request count).
    pub fn limits(&self) -> &Limits {
        self.fleet.limits()
    }

    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// The refusal every change to a snapshot under review gets.
    pub(crate) fn refuse_in_snapshot(&self) -> Result<(), Error> {
        if self.read_only {
            return Err(racksmith_lifecycle::snapshot_refusal().into());
        }
        Ok(())
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Runs a store call on the blocking pool so async callers never stall on disk.
    pub(crate) async fn with_store<T, F>(&self, call: F) -> Result<T, Error>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.store.clone();
        Ok(tokio::task::spawn_blocking(move || call(&store)).await??)
    }

    pub fn app_info(&self) -> AppInfo {
        AppInfo {
            version: VERSION.to_owned(),
            schema_version: self.store.schema_version(),
            profile_dir: self.profile.dir().display().to_string(),
            database_path: self.store.path().display().to_string(),
            log_dir: self.profile.log_dir().display().to_string(),
            os_locale: sys_locale::get_locale(),
            snapshot: self.snapshot_info(),
        }
    }

    pub async fn list_servers(&self, tab: Tab) -> Result<Vec<ServerSummary>, Error> {
        self.with_store(move |store| store.list_servers(tab)).await
    }

    pub async fn tab_summaries(&self) -> Result<Vec<TabSummary>, Error> {
        let counts = self.with_store(Store::count_by_tab).await?;
        Ok(counts
            .into_iter()
            .map(|(tab, server_count)| TabSummary { tab, server_count })
            .collect())
    }

    pub async fn settings(&self) -> Result<Settings, Error> {
        self.with_store(Store::settings).await
    }

    pub async fn save_settings(&self, settings: Settings) -> Result<Settings, Error> {
        self.with_store(move |store| {
            store.save_settings(&settings)?;
            store.settings()
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ErrorCode, LanguagePref, ThemePref};

    fn core() -> (tempfile::TempDir, Core) {
        let dir = tempfile::tempdir().expect("temp dir");
        let core = Core::open(Profile::at(dir.path().join("profile"))).expect("open");
        (dir, core)
    }

    #[tokio::test]
    async fn a_fresh_profile_has_empty_tabs_and_default_settings() {
        let (_dir, core) = core();
        let tabs = core.tab_summaries().await.expect("tabs");
        assert_eq!(tabs.len(), 5);
        assert!(tabs.iter().all(|t| t.server_count == 0));
        assert!(core
            .list_servers(Tab::InService)
            .await
            .expect("list")
            .is_empty());
        assert_eq!(
            core.settings().await.expect("settings"),
            Settings::default()
        );
    }

    #[tokio::test]
    async fn saved_settings_come_back() {
        let (_dir, core) = core();
        let chosen = Settings {
            language: LanguagePref::Ja,
            theme: ThemePref::Light,
            operator_mode: true,
        };
        assert_eq!(core.save_settings(chosen).await.expect("save"), chosen);
    }

    #[test]
    fn app_info_reports_this_build_and_profile() {
        let (dir, core) = core();
        let info = core.app_info();
        assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(info.schema_version, racksmith_inventory::SCHEMA_VERSION);
        assert!(info
            .database_path
            .starts_with(&*dir.path().to_string_lossy()));
    }

    #[test]
    fn an_unwritable_profile_folder_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, b"x").expect("write");
        let err = Core::open(Profile::at(file.join("profile"))).expect_err("must fail");
        assert_eq!(err.code, ErrorCode::ProfileUnavailable);
    }
}
