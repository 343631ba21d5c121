//! Reaching one server's BMC, and recording what was done to it: the two things
//! every direct hardware action (BIOS, RAID, BMC settings) starts and ends with.

use std::sync::Arc;

use racksmith_inventory::{NewAudit, ServerSummary};
use racksmith_lifecycle::{Action, Actor};
use racksmith_redfish::Client;

use crate::{Core, Error, ErrorCode};

/// A server's BMC client and the Redfish path of its system.
pub(crate) struct Reached {
    pub client: Arc<Client>,
    pub system_path: String,
}

impl Core {
    pub(crate) async fn reach(&self, server: &ServerSummary) -> Result<Reached, Error> {
        let (bmc, system_path) = self.bmc_of(server).await?;
        Ok(Reached {
            client: self.client_for(&bmc).await?,
            system_path,
        })
    }

    /// The enrolled BMC a server is reached through, and its system's path.
    pub(crate) async fn bmc_of(
        &self,
        server: &ServerSummary,
    ) -> Result<(racksmith_inventory::BmcRecord, String), Error> {
        let id = server.id.clone();
        let found = self
            .with_store(move |store| store.refresh_targets(Some(&[id])))
            .await;
        let target = match found {
            Ok(targets) => targets.into_iter().next(),
            // No BMC of ours: an Ironic node's is Ironic's, said as such.
            Err(error) if error.code == ErrorCode::NotFound => {
                return Err(self.owned_by_ironic(server).await?.unwrap_or(error));
            }
            Err(error) => return Err(error),
        };
        let target = target.ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidInput,
                format!("{} has no BMC to act through", server.name),
            )
        })?;
        let bmc_id = target.bmc_id.clone();
        let bmc = self.with_store(move |store| store.bmc(&bmc_id)).await?;
        Ok((bmc, target.system_path))
    }

    /// Why an Ironic node's BMC is out of reach: Ironic's conductor owns it, and
    /// what Ironic's API does not offer is never done behind its back.
    async fn owned_by_ironic(&self, server: &ServerSummary) -> Result<Option<Error>, Error> {
        Ok(self.ironic_link(server).await?.map(|(backend, node)| {
            Error::new(
                ErrorCode::InvalidInput,
                format!(
                    "{} is node {node} of the Ironic at {}; Racksmith reaches its hardware only through Ironic's API, which does not offer this",
                    server.name, backend.url
                ),
            )
        }))
    }

    /// A direct action on one server: the guard first (a refusal is audited by
    /// the guard), then the work, then an audit entry for its outcome.
    pub(crate) async fn audited<T, F, Fut>(
        &self,
        key: &str,
        action: Action,
        audit_name: &str,
        actor: &Actor,
        params: serde_json::Value,
        work: F,
    ) -> Result<T, Error>
    where
        F: FnOnce(ServerSummary) -> Fut,
        Fut: std::future::Future<Output = Result<T, Error>>,
    {
        let server = self.find_server(key).await?;
        self.guard_action(&server, action, audit_name, actor, params.clone())
            .await?;
        let result = work(server.clone()).await;
        self.audit_done(actor, audit_name, &server, params, &result)
            .await?;
        result
    }

    /// Audits the end of a direct action: ok, or failed with the error's code.
    pub(crate) async fn audit_done<T>(
        &self,
        actor: &Actor,
        action: &str,
        server: &ServerSummary,
        params: serde_json::Value,
        result: &Result<T, Error>,
    ) -> Result<(), Error> {
        let (outcome, detail) = match result {
            Ok(_) => ("ok", None),
            Err(e) => ("failed", Some(format!("{}: {}", e.code.name(), e.message))),
        };
        self.audit_server(actor, action, server, params, outcome, detail)
            .await
    }

    /// One audit entry about an action on a server.
    pub(crate) async fn audit_server(
        &self,
        actor: &Actor,
        action: &str,
        server: &ServerSummary,
        params: serde_json::Value,
        outcome: &str,
        detail: Option<String>,
    ) -> Result<(), Error> {
        let entry = NewAudit {
            actor: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            action: action.to_owned(),
            target: Some(server.name.clone()),
            params,
            outcome: outcome.to_owned(),
            detail,
        };
        self.with_store(move |store| store.audit(entry)).await?;
        Ok(())
    }
}
