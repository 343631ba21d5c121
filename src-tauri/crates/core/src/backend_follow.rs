//! The cache follows each Ironic while the app or `rackctl agent` runs: what
//! Ironic's own operators (or Nova) did to a node shows on the tabs within a
//! minute, without anyone pressing Sync. Nodes in the middle of a transition
//! are left for the next look, so a move Racksmith is driving is recorded by
//! the move itself once Ironic is there.

use std::time::Duration;

use racksmith_inventory::BackendRecord;
use racksmith_lifecycle::Actor;

use crate::backends::SyncAudit;
use crate::{Core, Error, SyncReport};

/// Overrides how often backends are followed, in seconds (0 turns it off).
pub const BACKEND_FOLLOW_ENV: &str = "RACKSMITH_BACKEND_SYNC_SECS";
const BACKEND_FOLLOW_DEFAULT: Duration = Duration::from_secs(60);

/// How often the runner syncs the backends: once a minute unless the
/// environment says otherwise; `None` when it says 0.
pub fn backend_follow_every() -> Option<Duration> {
    match std::env::var(BACKEND_FOLLOW_ENV)
        .ok()
        .and_then(|text| text.trim().parse::<u64>().ok())
    {
        Some(0) => None,
        Some(seconds) => Some(Duration::from_secs(seconds)),
        None => Some(BACKEND_FOLLOW_DEFAULT),
    }
}

impl Core {
    /// Syncs every backend once; a backend that cannot be read is logged and
    /// tried again at the next look.
    pub async fn follow_backends(&self) {
        if self.read_only() {
            return;
        }
        let (backends, actor) = match (self.backends().await, self.actor().await) {
            (Ok(backends), Ok(actor)) => (backends, actor),
            (Err(error), _) | (_, Err(error)) => {
                tracing::warn!(%error, "could not look at the backends to follow them");
                return;
            }
        };
        for backend in backends {
            let url = backend.url.clone();
            match self.follow_backend(backend, &actor).await {
                Ok(report) if report.counts.changed() => {
                    tracing::info!(backend = %url, counts = ?report.counts, "followed Ironic")
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(backend = %url, %error, "could not follow Ironic"),
            }
        }
    }

    async fn follow_backend(
        &self,
        backend: BackendRecord,
        actor: &Actor,
    ) -> Result<SyncReport, Error> {
        let client = self.ironic(&backend).await?;
        let resting: Vec<_> = client
            .nodes()
            .await?
            .into_iter()
            .filter(|node| node.target_provision_state.is_none())
            .collect();
        self.sync_nodes(
            backend,
            &client,
            &resting,
            ("backend_follow", SyncAudit::WhenChanged),
            actor,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_sets_how_often_and_zero_turns_it_off() {
        // One test owns the variable, so no other test races it.
        std::env::set_var(BACKEND_FOLLOW_ENV, "0");
        assert_eq!(backend_follow_every(), None);
        std::env::set_var(BACKEND_FOLLOW_ENV, "5");
        assert_eq!(backend_follow_every(), Some(Duration::from_secs(5)));
        std::env::set_var(BACKEND_FOLLOW_ENV, "soon");
        assert_eq!(backend_follow_every(), Some(BACKEND_FOLLOW_DEFAULT));
        std::env::remove_var(BACKEND_FOLLOW_ENV);
        assert_eq!(backend_follow_every(), Some(BACKEND_FOLLOW_DEFAULT));
    }
}
