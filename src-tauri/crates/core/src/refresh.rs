//! Refreshing facts from BMCs: one, a selection or all, concurrently within the
//! fleet's caps, each server ending with fresh facts or its own clear error.

use std::collections::BTreeMap;

use racksmith_inventory::RefreshTarget;
use racksmith_redfish::facts::read_system;
use serde::Serialize;
use specta::Type;

use crate::enrol::facts_update;
use crate::{Core, Error};

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RefreshOutcome {
    pub server_id: String,
    pub name: String,
    pub ok: bool,
    pub error: Option<Error>,
    pub refreshed_at: Option<String>,
}

/// Progress of a refresh, as it reaches the UI over a channel.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum RefreshEvent {
    Started { total: u32 },
    Server { outcome: RefreshOutcome },
    Finished { ok: u32, failed: u32 },
}

impl Core {
    /// Refreshes the servers named, or every enrolled server when `None`.
    pub async fn refresh(
        &self,
        server_ids: Option<Vec<String>>,
        progress: impl Fn(RefreshEvent) + Send + Sync,
    ) -> Result<Vec<RefreshOutcome>, Error> {
        self.refuse_in_snapshot()?;
        // Servers named that are Ironic nodes are read from Ironic; all of them
        // at once is what a backend's sync is for.
        let linked = match &server_ids {
            Some(ids) => self.ironic_servers(ids).await?,
            None => Vec::new(),
        };
        let server_ids = server_ids.map(|ids| {
            ids.into_iter()
                .filter(|id| !linked.iter().any(|(server, ..)| &server.id == id))
                .collect::<Vec<_>>()
        });
        let targets = self
            .with_store(move |store| store.refresh_targets(server_ids.as_deref()))
            .await?;
        progress(RefreshEvent::Started {
            total: u32::try_from(targets.len() + linked.len()).unwrap_or(u32::MAX),
        });
        let through_ironic = self.refresh_through_ironic(linked).await?;
        for outcome in &through_ironic {
            progress(RefreshEvent::Server {
                outcome: outcome.clone(),
            });
        }
        let mut by_bmc: BTreeMap<String, Vec<RefreshTarget>> = BTreeMap::new();
        for target in targets {
            by_bmc
                .entry(target.bmc_id.clone())
                .or_default()
                .push(target);
        }
        let progress = &progress;
        let runs = by_bmc
            .into_iter()
            .map(|(bmc_id, targets)| self.refresh_bmc(bmc_id, targets, progress));
        let outcomes: Vec<RefreshOutcome> = futures_util::future::join_all(runs)
            .await
            .into_iter()
            .flatten()
            .chain(through_ironic)
            .collect();
        let ok = outcomes.iter().filter(|o| o.ok).count();
        progress(RefreshEvent::Finished {
            ok: u32::try_from(ok).unwrap_or(u32::MAX),
            failed: u32::try_from(outcomes.len() - ok).unwrap_or(u32::MAX),
        });
        Ok(outcomes)
    }

    async fn refresh_bmc(
        &self,
        bmc_id: String,
        targets: Vec<RefreshTarget>,
        progress: &(impl Fn(RefreshEvent) + Send + Sync),
    ) -> Vec<RefreshOutcome> {
        let id = bmc_id.clone();
        let client = match self.with_store(move |store| store.bmc(&id)).await {
            Ok(bmc) => self.client_for(&bmc).await,
            Err(error) => Err(error),
        };
        let mut outcomes = Vec::with_capacity(targets.len());
        for target in targets {
            let read = match &client {
                Ok(client) => read_system(client, &target.system_path)
                    .await
                    .map_err(Error::from),
                Err(error) => Err(error.clone()),
            };
            let outcome = self.record(&target, read).await;
            progress(RefreshEvent::Server {
                outcome: outcome.clone(),
            });
            outcomes.push(outcome);
        }
        // BMCs have few sessions; a console that only refreshes now and then
        // should not sit on one.
        if let Ok(client) = client {
            if let Err(error) = client.close().await {
                tracing::warn!(bmc = %client.base_url(), %error, "logout after refresh failed");
            }
        }
        outcomes
    }

    async fn record(
        &self,
        target: &RefreshTarget,
        read: Result<racksmith_redfish::facts::SystemFacts, Error>,
    ) -> RefreshOutcome {
        let server_id = target.server_id.clone();
        let stored = match read {
            Ok(facts) => match facts_update(&facts) {
                Ok(update) => {
                    let at = update.read_at.clone();
                    self.with_store(move |store| store.record_facts(&server_id, &update))
                        .await
                        .map(|()| at)
                }
                Err(error) => Err(error),
            },
            Err(error) => Err(error),
        };
        match stored {
            Ok(at) => RefreshOutcome {
                server_id: target.server_id.clone(),
                name: target.server_name.clone(),
                ok: true,
                error: None,
                refreshed_at: Some(at),
            },
            Err(error) => {
                tracing::warn!(server = %target.server_name, %error, "refresh failed");
                let (id, code, message) = (
                    target.server_id.clone(),
                    error.code.name(),
                    error.message.clone(),
                );
                if let Err(store_error) = self
                    .with_store(move |store| store.record_refresh_error(&id, &code, &message))
                    .await
                {
                    tracing::error!(%store_error, "could not record a refresh error");
                }
                RefreshOutcome {
                    server_id: target.server_id.clone(),
                    name: target.server_name.clone(),
                    ok: false,
                    error: Some(error),
                    refreshed_at: None,
                }
            }
        }
    }
}
