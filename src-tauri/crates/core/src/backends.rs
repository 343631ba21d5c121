//! Driving a fleet through OpenStack Ironic: a backend is added (its API
//! reached and its microversion agreed first), and a sync brings its nodes into
//! the local cache with the stage their provision state means, so the tabs,
//! offline review and exports work the same as for BMCs.

use racksmith_inventory::{BackendRecord, NewAudit, SyncCounts, SyncedNode};
use racksmith_ironic::{Auth, Client, Endpoint, Node};
use racksmith_lifecycle::{ironic_stage, Actor, IronicNodeState};
use serde::Serialize;
use specta::Type;

use crate::{Core, Error, ErrorCode};

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    pub backend: BackendRecord,
    /// The API microversion agreed for this sync.
    pub api_version: String,
    pub nodes: u32,
    pub counts: SyncCounts,
}

impl From<racksmith_ironic::Error> for Error {
    fn from(error: racksmith_ironic::Error) -> Error {
        use racksmith_ironic::Error as E;
        let code = match &error {
            E::Unreachable { .. } => ErrorCode::BmcUnreachable,
            E::Status { status: 404, .. } => ErrorCode::NotFound,
            E::Status { status: 409, .. } => ErrorCode::Conflict,
            E::Status { .. } | E::Malformed { .. } => ErrorCode::BmcError,
            E::Failed { .. } => ErrorCode::IronicError,
            E::TimedOut { .. } => ErrorCode::BmcTimeout,
            E::Invalid(_) => ErrorCode::InvalidInput,
        };
        Error::new(code, error.to_string())
    }
}

/// A failed state or Ironic's last error, in Ironic's words.
fn problem_of(node: &Node) -> Option<String> {
    let failed = node.provision_state.ends_with(" failed") || node.provision_state == "error";
    match (&node.last_error, failed) {
        (Some(error), _) => Some(format!("Ironic: {}: {error}", node.provision_state)),
        (None, true) => Some(format!("Ironic: {}", node.provision_state)),
        (None, false) => None,
    }
}

fn synced(node: &Node, known: Option<racksmith_inventory::Stage>) -> SyncedNode {
    let state = IronicNodeState {
        provision_state: &node.provision_state,
        target_provision_state: node.target_provision_state.as_deref(),
        maintenance: node.maintenance,
        retired: node.retired,
    };
    let stage = ironic_stage(state, known);
    // What the node is in under a hold: releasing it returns the server there.
    let held_from = ironic_stage(
        IronicNodeState {
            maintenance: false,
            ..state
        },
        known.filter(|k| *k != racksmith_inventory::Stage::MaintenanceOperator),
    );
    let text = |key: &str| {
        node.properties
            .get(key)
            .or_else(|| node.extra.get(key))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    SyncedNode {
        external_id: node.uuid.clone(),
        name: node.name.clone().unwrap_or_else(|| node.uuid.clone()),
        stage,
        power_state: node.power_state.as_deref().map(|p| match p {
            "power on" => "On".to_owned(),
            "power off" => "Off".to_owned(),
            other => other.to_owned(),
        }),
        model: text("model").or_else(|| node.resource_class.clone()),
        serial: text("serial_number").or_else(|| text("serial")),
        held_from,
        problem: problem_of(node),
        hold_reason: node.maintenance.then(|| {
            node.maintenance_reason
                .clone()
                .unwrap_or_else(|| "maintenance".into())
        }),
        because: format!(
            "Ironic: {}{}",
            node.provision_state,
            if node.maintenance {
                ", maintenance"
            } else {
                ""
            }
        ),
    }
}

impl Core {
    /// The Ironic and node a server is driven through, if it is an Ironic node.
    pub(crate) async fn ironic_link(
        &self,
        server: &racksmith_inventory::ServerSummary,
    ) -> Result<Option<(BackendRecord, String)>, Error> {
        let id = server.id.clone();
        self.with_store(move |store| store.backend_link(&id)).await
    }

    pub(crate) async fn ironic(&self, backend: &BackendRecord) -> Result<Client, Error> {
        Ok(Client::connect(Endpoint {
            url: backend.url.clone(),
            auth: Auth::None,
        })
        .await?)
    }

    /// Adds an Ironic that needs no sign-in (a standalone Ironic), once its API answers.
    pub async fn add_ironic_backend(
        &self,
        url: &str,
        actor: &Actor,
    ) -> Result<BackendRecord, Error> {
        self.refuse_in_snapshot()?;
        let url = url.trim().trim_end_matches('/').to_owned();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                format!("{url} is not an http:// or https:// URL"),
            ));
        }
        let client = Client::connect(Endpoint {
            url: url.clone(),
            auth: Auth::None,
        })
        .await?;
        let record = BackendRecord {
            id: uuid::Uuid::new_v4().to_string(),
            kind: "ironic".into(),
            url: url.clone(),
            auth: serde_json::json!({ "kind": "none" }).to_string(),
            secret_ref: None,
            api_version: Some(client.version()),
            created_at: racksmith_inventory::now(),
            synced_at: None,
        };
        let audit = NewAudit {
            actor: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            action: "backend_add".into(),
            target: Some(url),
            params: serde_json::json!({ "kind": "ironic", "auth": "none", "apiVersion": client.version() }),
            outcome: "ok".into(),
            detail: None,
        };
        let stored = record.clone();
        self.with_store(move |store| store.add_backend(&stored, audit))
            .await?;
        Ok(record)
    }

    pub async fn backends(&self) -> Result<Vec<BackendRecord>, Error> {
        self.with_store(|store| store.backends()).await
    }

    /// Reads every node of the backend (by id or URL) into the local cache.
    pub async fn sync_backend(&self, key: &str, actor: &Actor) -> Result<SyncReport, Error> {
        self.refuse_in_snapshot()?;
        let k = key.to_owned();
        let backend = self.with_store(move |store| store.backend(&k)).await?;
        let client = self.ironic(&backend).await?;
        let nodes = client.nodes().await?;
        let id = backend.id.clone();
        let known: std::collections::HashMap<String, racksmith_inventory::Stage> = self
            .with_store(move |store| store.backend_stages(&id))
            .await?
            .into_iter()
            .collect();
        let synced_nodes: Vec<SyncedNode> = nodes
            .iter()
            .map(|node| synced(node, known.get(&node.uuid).copied()))
            .collect();
        let (id, version, actor_name, role, url) = (
            backend.id.clone(),
            client.version(),
            actor.name.clone(),
            actor.role.as_str().to_owned(),
            backend.url.clone(),
        );
        let v = version.clone();
        let counts = self
            .with_store(move |store| {
                store.sync_nodes(&id, &v, &synced_nodes, |counts| NewAudit {
                    actor: actor_name,
                    role,
                    action: "backend_sync".into(),
                    target: Some(url),
                    params: serde_json::to_value(counts).unwrap_or_default(),
                    outcome: "ok".into(),
                    detail: None,
                })
            })
            .await?;
        let k = backend.id.clone();
        let backend = self.with_store(move |store| store.backend(&k)).await?;
        Ok(SyncReport {
            backend,
            api_version: version,
            nodes: nodes.len() as u32,
            counts,
        })
    }
}
