use racksmith_core::{Core, Error, Profile};

/// What the window holds: the open profile, or the reason it could not be opened
/// (a newer database, an unwritable folder), which every command then reports so
/// the UI can show it instead of failing silently.
pub struct AppState {
    core: Result<Core, Error>,
}

impl AppState {
    pub fn open(profile: Result<Profile, Error>) -> AppState {
        let core = profile.and_then(Core::open);
        if let Err(error) = &core {
            tracing::error!(code = ?error.code, %error, "the profile could not be opened");
        }
        AppState { core }
    }

    pub fn core(&self) -> Result<&Core, Error> {
        self.core.as_ref().map_err(Clone::clone)
    }
}
