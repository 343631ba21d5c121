//! One server with everything known about it, for the detail view.

use racksmith_inventory::{Origin, ServerSummary, TrustRecord};
use racksmith_redfish::facts::SystemFacts;
use serde::Serialize;
use specta::Type;

use crate::{Core, Error, ErrorCode};

#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TrustView {
    Pinned { sha256: String },
    CaBundle { path: String },
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BmcView {
    pub id: String,
    pub address: String,
    pub username: String,
    /// Where the password is kept (a reference, never the password).
    pub credential: String,
    pub trust: TrustView,
    pub from_lab: bool,
    pub vendor: Option<String>,
    pub last_contact_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ServerDetail {
    pub server: ServerSummary,
    pub bmc: Option<BmcView>,
    pub facts: Option<SystemFacts>,
    /// The Ironic node the server is driven through, when it is one.
    pub ironic: Option<IronicNodeLink>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct IronicNodeLink {
    pub backend_id: String,
    /// The Ironic API it was synced from.
    pub url: String,
    /// The node's uuid in that Ironic.
    pub node: String,
}

impl Core {
    pub async fn server_detail(&self, server_id: &str) -> Result<ServerDetail, Error> {
        let id = server_id.to_owned();
        let (server, facts, bmc, ironic) = self
            .with_store(move |store| {
                let server = store.server_summary(&id)?;
                let facts = store.server_facts(&id)?;
                let bmc = server.bmc_id.as_deref().map(|b| store.bmc(b)).transpose()?;
                let ironic = store.backend_link(&id)?;
                Ok((server, facts, bmc, ironic))
            })
            .await?;
        let facts = facts
            .map(|json| serde_json::from_str::<SystemFacts>(&json))
            .transpose()
            .map_err(|e| {
                Error::new(
                    ErrorCode::Database,
                    format!("the stored facts of {} cannot be read: {e}", server.name),
                )
            })?;
        let bmc = bmc.map(|b| BmcView {
            id: b.id,
            address: b.address,
            username: b.username,
            credential: b.credential,
            trust: match b.trust {
                TrustRecord::Pinned(sha256) => TrustView::Pinned { sha256 },
                TrustRecord::CaBundle(path) => TrustView::CaBundle { path },
            },
            from_lab: b.origin == Origin::Lab,
            vendor: b.vendor,
            last_contact_at: b.last_contact_at,
        });
        let ironic = ironic.map(|(backend, node)| IronicNodeLink {
            backend_id: backend.id,
            url: backend.url,
            node,
        });
        Ok(ServerDetail {
            server,
            bmc,
            facts,
            ironic,
        })
    }

    pub async fn all_servers(&self) -> Result<Vec<ServerSummary>, Error> {
        self.with_store(|store| store.all_servers()).await
    }
}

/// The power state as the BMC reports it right now.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PowerReading {
    pub server_id: String,
    pub name: String,
    pub power_state: Option<String>,
    pub read_at: String,
}

impl Core {
    /// A server by its id or its unique name, as people type them.
    pub async fn find_server(&self, key: &str) -> Result<ServerSummary, Error> {
        let key = key.to_owned();
        self.with_store(move |store| store.find_server(&key)).await
    }

    pub async fn read_power_state(&self, server_id: &str) -> Result<PowerReading, Error> {
        let id = server_id.to_owned();
        let (server, target) = self
            .with_store(move |store| {
                let server = store.server_summary(&id)?;
                let target = store.refresh_targets(Some(&[id]))?.remove(0);
                Ok((server, target))
            })
            .await?;
        let id = target.bmc_id.clone();
        let bmc = self.with_store(move |store| store.bmc(&id)).await?;
        let client = self.client_for(&bmc).await?;
        let system: racksmith_redfish::resources::ComputerSystem =
            client.get(&target.system_path).await?;
        if let Err(error) = client.close().await {
            tracing::warn!(bmc = %bmc.address, %error, "logout failed");
        }
        Ok(PowerReading {
            server_id: server.id,
            name: server.name,
            power_state: system.power_state,
            read_at: racksmith_inventory::now(),
        })
    }

    /// Files a password in the OS keyring under `name`, for `keyring:<name>` in a CSV.
    pub async fn store_secret(
        &self,
        name: &str,
        secret: racksmith_redfish::Secret,
    ) -> Result<(), Error> {
        if name.trim().is_empty() || name.starts_with("bmc/") {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "choose a secret name that is not empty and does not start with bmc/ (those are Racksmith's own)",
            ));
        }
        let vault = self.vault.clone();
        let name = name.to_owned();
        tokio::task::spawn_blocking(move || vault.store(&name, &secret)).await?
    }
}
