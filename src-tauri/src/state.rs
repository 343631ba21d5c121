use racksmith_core::{Core, Error, LabEnrolReport, Profile};
use tokio::sync::watch;

type DemoLab = Option<Result<Option<LabEnrolReport>, Error>>;

/// What the window holds: the open profile, or the reason it could not be opened
/// (a newer database, an unwritable folder), which every command then reports so
/// the UI can show it instead of failing silently.
pub struct AppState {
    core: Result<Core, Error>,
    /// `None` until the demo lab has started (or was found not wanted).
    demo: watch::Sender<DemoLab>,
}

impl AppState {
    pub fn open(profile: Result<Profile, Error>) -> AppState {
        let core = profile.and_then(Core::open);
        if let Err(error) = &core {
            tracing::error!(code = ?error.code, %error, "the profile could not be opened");
        }
        AppState {
            core,
            demo: watch::Sender::new(None),
        }
    }

    /// Starts this profile's in-process lab, if it wants one, and enrols it.
    pub async fn start_demo_lab(&self) {
        let outcome = match self.core() {
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
        if let Ok(core) = self.core() {
            core.shutdown().await;
        }
    }

    pub fn core(&self) -> Result<&Core, Error> {
        self.core.as_ref().map_err(Clone::clone)
    }
}
