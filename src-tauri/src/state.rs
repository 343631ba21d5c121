use racksmith_core::{Core, Error, LabEnrolReport, Profile};
use tokio::sync::watch;

type DemoLab = Option<Result<Option<LabEnrolReport>, Error>>;

/// What the window holds: the open profile, or the reason it could not be opened
/// (a newer database, an unwritable folder), which every command then reports so
/// the UI can show it instead of failing silently.
pub struct AppState {
    core: Result<Core, Error>,
    /// A snapshot opened for review shows instead of the profile until closed.
    snapshot: std::sync::RwLock<Option<Core>>,
    /// `None` until the demo lab has started (or was found not wanted).
    demo: watch::Sender<DemoLab>,
    /// The file picker and browser, once the window's app handle exists.
    desktop: std::sync::OnceLock<Box<dyn crate::desktop::Desktop>>,
}

impl AppState {
    pub fn open(profile: Result<Profile, Error>) -> AppState {
        let core = profile.and_then(Core::open);
        if let Err(error) = &core {
            tracing::error!(code = ?error.code, %error, "the profile could not be opened");
        }
        AppState {
            core,
            snapshot: std::sync::RwLock::default(),
            demo: watch::Sender::new(None),
            desktop: std::sync::OnceLock::new(),
        }
    }

    pub fn set_desktop(&self, desktop: Box<dyn crate::desktop::Desktop>) {
        let _ = self.desktop.set(desktop);
    }

    pub fn desktop(&self) -> Result<&dyn crate::desktop::Desktop, Error> {
        self.desktop.get().map(|d| &**d).ok_or_else(|| {
            Error::new(
                racksmith_core::ErrorCode::Internal,
                "no desktop window is open",
            )
        })
    }

    /// Starts this profile's in-process lab, if it wants one, and enrols it.
    pub async fn start_demo_lab(&self) {
        let outcome = match self.live() {
            Ok(core) => match core.profile().demo_lab_servers() {
                Ok(Some(servers)) => core.start_demo_lab(servers).await.map(Some),
                Ok(None) => Ok(None),
                Err(error) => Err(error),
            },
            Err(error) => Err(error),
        };
        if let Err(error) = &outcome {
            tracing::error!(%error, "the demo lab could not start");
        }
        self.demo.send_replace(Some(outcome));
    }

    pub async fn demo_lab_ready(&self) -> Result<Option<LabEnrolReport>, Error> {
        let mut ready = self.demo.subscribe();
        let outcome = ready
            .wait_for(Option::is_some)
            .await
            .map_err(|_| Error::new(racksmith_core::ErrorCode::Internal, "the app is closing"))?;
        outcome.clone().unwrap_or(Ok(None))
    }

    /// Logs out of every BMC and stops the lab.
    pub async fn shutdown(&self) {
        if let Ok(core) = self.live() {
            core.shutdown().await;
        }
    }

    /// Marks jobs a previous run left unfinished (crash, kill) as interrupted.
    pub async fn recover_jobs(&self) {
        if let Ok(core) = self.live() {
            match core.recover_jobs().await {
                Ok(jobs) if !jobs.is_empty() => {
                    tracing::warn!(
                        count = jobs.len(),
                        "jobs of an earlier run marked interrupted"
                    )
                }
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "interrupted jobs could not be recovered"),
            }
        }
    }

    /// Runs scheduled orders as they come due for as long as the app runs;
    /// `rackctl agent` does the same headless, and the store's lease lets only
    /// one of them run each occurrence.
    pub async fn run_orders(&self) {
        if let Ok(core) = self.live() {
            let runner = racksmith_core::order_runner::runner_name("Racksmith app");
            core.run_orders_until(&runner, std::future::pending()).await;
        }
    }

    fn live(&self) -> Result<&Core, Error> {
        self.core.as_ref().map_err(Clone::clone)
    }

    /// What the window shows: the snapshot under review, else the profile.
    pub fn core(&self) -> Result<Core, Error> {
        if let Some(snapshot) = self.snapshot.read().ok().and_then(|s| s.clone()) {
            return Ok(snapshot);
        }
        self.live().cloned()
    }

    /// The profile itself, even while a snapshot is shown: preferences belong
    /// to the user, not to the snapshot under review.
    pub fn profile_core(&self) -> Result<Core, Error> {
        self.live().cloned()
    }

    /// The profile's facts, and the snapshot shown instead of it, if one is.
    pub fn app_info(&self) -> Result<racksmith_core::AppInfo, Error> {
        let mut info = self.live()?.app_info();
        info.snapshot = self.core()?.snapshot_info();
        Ok(info)
    }

    /// Shows an exported inventory read-only in place of the profile.
    pub fn open_snapshot(
        &self,
        text: &str,
        label: &str,
    ) -> Result<racksmith_core::SnapshotInfo, Error> {
        let core = Core::open_snapshot(text, label)?;
        let info = core.snapshot_info().ok_or_else(|| {
            Error::new(
                racksmith_core::ErrorCode::Internal,
                "the snapshot has no description",
            )
        })?;
        if let Ok(mut shown) = self.snapshot.write() {
            *shown = Some(core);
        }
        Ok(info)
    }

    pub fn close_snapshot(&self) {
        if let Ok(mut shown) = self.snapshot.write() {
            *shown = None;
        }
    }
}
