//! Refresh of servers that are Ironic nodes: each node is read again from
//! Ironic (never from its BMC) and written to the cache as a sync of just
//! those nodes, so Refresh means the same on every server of every backend.

use std::collections::BTreeMap;

use racksmith_inventory::{BackendRecord, ServerSummary};
use racksmith_ironic::Node;

use crate::backends::SyncAudit;
use crate::refresh::RefreshOutcome;
use crate::{Core, Error};

fn failed(server: &ServerSummary, error: Error) -> RefreshOutcome {
    RefreshOutcome {
        server_id: server.id.clone(),
        name: server.name.clone(),
        ok: false,
        error: Some(error),
        refreshed_at: None,
    }
}

impl Core {
    /// The servers among `ids` that are Ironic nodes, with their backend and node.
    pub(crate) async fn ironic_servers(
        &self,
        ids: &[String],
    ) -> Result<Vec<(ServerSummary, BackendRecord, String)>, Error> {
        let mut linked = Vec::new();
        for id in ids {
            let server = self.find_server(id).await?;
            if let Some((backend, node)) = self.ironic_link(&server).await? {
                linked.push((server, backend, node));
            }
        }
        Ok(linked)
    }

    /// Reads each node again from its Ironic and records it as a sync of those
    /// nodes (audited as `node_refresh`); a node Ironic cannot give fails alone.
    pub(crate) async fn refresh_through_ironic(
        &self,
        linked: Vec<(ServerSummary, BackendRecord, String)>,
    ) -> Result<Vec<RefreshOutcome>, Error> {
        let actor = self.actor().await?;
        let mut by_backend: BTreeMap<String, (BackendRecord, Vec<(ServerSummary, String)>)> =
            BTreeMap::new();
        for (server, backend, node) in linked {
            by_backend
                .entry(backend.id.clone())
                .or_insert_with(|| (backend, Vec::new()))
                .1
                .push((server, node));
        }
        let mut outcomes = Vec::new();
        for (backend, servers) in by_backend.into_values() {
            let client = match self.ironic(&backend).await {
                Ok(client) => client,
                Err(error) => {
                    outcomes.extend(servers.iter().map(|(s, _)| failed(s, error.clone())));
                    continue;
                }
            };
            let mut nodes: Vec<Node> = Vec::new();
            let mut read = Vec::new();
            for (server, node) in servers {
                match client.node(&node).await {
                    Ok(found) => {
                        nodes.push(found);
                        read.push(server);
                    }
                    Err(error) => outcomes.push(failed(&server, error.into())),
                }
            }
            if nodes.is_empty() {
                continue;
            }
            match self
                .sync_nodes(
                    backend,
                    &client,
                    &nodes,
                    ("node_refresh", SyncAudit::Always),
                    &actor,
                )
                .await
            {
                Ok(_) => {
                    for server in read {
                        let fresh = self.find_server(&server.id).await?;
                        outcomes.push(RefreshOutcome {
                            server_id: fresh.id,
                            name: fresh.name,
                            ok: true,
                            error: None,
                            refreshed_at: fresh.refreshed_at,
                        });
                    }
                }
                Err(error) => outcomes.extend(read.iter().map(|s| failed(s, error.clone()))),
            }
        }
        Ok(outcomes)
    }
}
