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
}

impl Core {
    pub async fn server_detail(&self, server_id: &str) -> Result<ServerDetail, Error> {
        let id = server_id.to_owned();
        let (server, facts, bmc) = self
            .with_store(move |store| {
                let server = store.server_summary(&id)?;
                let facts = store.server_facts(&id)?;
                let bmc = server.bmc_id.as_deref().map(|b| store.bmc(b)).transpose()?;
                Ok((server, facts, bmc))
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
        Ok(ServerDetail { server, bmc, facts })
    }

    pub async fn all_servers(&self) -> Result<Vec<ServerSummary>, Error> {
        self.with_store(|store| store.all_servers()).await
    }
}
