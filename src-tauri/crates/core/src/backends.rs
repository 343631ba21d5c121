//! Driving a fleet through OpenStack Ironic: a backend is added (its API
//! reached and its microversion agreed first), and a sync brings its nodes into
//! the local cache with the stage their provision state means, so the tabs,
//! offline review and exports work the same as for BMCs.

use racksmith_inventory::{BackendRecord, NewAudit, SyncCounts, SyncedNode};
use racksmith_ironic::{Auth, Client, Credential, Endpoint, Hidden, Keystone, Node};
use racksmith_lifecycle::{ironic_stage, Actor, IronicNodeState};
use racksmith_redfish::Secret;
use serde::{Deserialize, Serialize};
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

/// How Racksmith signs in to an Ironic: not at all (a standalone Ironic), or
/// through Keystone. The secret goes to the OS keyring, never to SQLite.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum IronicSignIn {
    None,
    #[serde(rename_all = "camelCase")]
    Password {
        auth_url: String,
        user: String,
        /// "Default" when not given.
        user_domain: Option<String>,
        /// Scope to this project; without one the token is system-scoped.
        project: Option<String>,
        project_domain: Option<String>,
        #[specta(type = String)]
        password: Secret,
    },
    #[serde(rename_all = "camelCase")]
    ApplicationCredential {
        auth_url: String,
        id: String,
        #[specta(type = String)]
        secret: Secret,
    },
}

/// The non-secret half of a sign-in, as stored with the backend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum StoredSignIn {
    None,
    #[serde(rename_all = "camelCase")]
    Password {
        auth_url: String,
        user: String,
        user_domain: String,
        project: Option<String>,
        project_domain: String,
    },
    #[serde(rename_all = "camelCase")]
    ApplicationCredential {
        auth_url: String,
        id: String,
    },
}

impl IronicSignIn {
    /// The stored half and the secret, checked for what Keystone needs.
    fn split(self) -> Result<(StoredSignIn, Option<Secret>), Error> {
        let url_ok = |url: &str| url.starts_with("http://") || url.starts_with("https://");
        let invalid = |what: &str| Error::new(ErrorCode::InvalidInput, what.to_owned());
        let domain = |d: Option<String>| {
            d.map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| "Default".to_owned())
        };
        match self {
            IronicSignIn::None => Ok((StoredSignIn::None, None)),
            IronicSignIn::Password {
                auth_url,
                user,
                user_domain,
                project,
                project_domain,
                password,
            } => {
                if !url_ok(auth_url.trim()) {
                    return Err(invalid(
                        "the Keystone URL must start with http:// or https://",
                    ));
                }
                if user.trim().is_empty() || password.is_empty() {
                    return Err(invalid("Keystone needs a user name and a password"));
                }
                Ok((
                    StoredSignIn::Password {
                        auth_url: auth_url.trim().to_owned(),
                        user: user.trim().to_owned(),
                        user_domain: domain(user_domain),
                        project: project
                            .map(|p| p.trim().to_owned())
                            .filter(|p| !p.is_empty()),
                        project_domain: domain(project_domain),
                    },
                    Some(password),
                ))
            }
            IronicSignIn::ApplicationCredential {
                auth_url,
                id,
                secret,
            } => {
                if !url_ok(auth_url.trim()) {
                    return Err(invalid(
                        "the Keystone URL must start with http:// or https://",
                    ));
                }
                if id.trim().is_empty() || secret.is_empty() {
                    return Err(invalid(
                        "an application credential needs its id and its secret",
                    ));
                }
                Ok((
                    StoredSignIn::ApplicationCredential {
                        auth_url: auth_url.trim().to_owned(),
                        id: id.trim().to_owned(),
                    },
                    Some(secret),
                ))
            }
        }
    }
}

impl StoredSignIn {
    fn auth(&self, secret: Option<&Secret>) -> Result<Auth, Error> {
        let secret = || {
            secret.map(|s| Hidden::new(s.expose())).ok_or_else(|| {
                Error::new(ErrorCode::SecretMissing, "the Keystone secret is missing")
            })
        };
        Ok(match self {
            StoredSignIn::None => Auth::None,
            StoredSignIn::Password {
                auth_url,
                user,
                user_domain,
                project,
                project_domain,
            } => Auth::Keystone(Keystone {
                auth_url: auth_url.clone(),
                credential: Credential::Password {
                    user: user.clone(),
                    user_domain: user_domain.clone(),
                    password: secret()?,
                    project: project.clone(),
                    project_domain: project_domain.clone(),
                },
            }),
            StoredSignIn::ApplicationCredential { auth_url, id } => Auth::Keystone(Keystone {
                auth_url: auth_url.clone(),
                credential: Credential::ApplicationCredential {
                    id: id.clone(),
                    secret: secret()?,
                },
            }),
        })
    }

    fn name(&self) -> &'static str {
        match self {
            StoredSignIn::None => "none",
            StoredSignIn::Password { .. } => "password",
            StoredSignIn::ApplicationCredential { .. } => "application_credential",
        }
    }
}

impl From<racksmith_ironic::Error> for Error {
    fn from(error: racksmith_ironic::Error) -> Error {
        use racksmith_ironic::Error as E;
        let code = match &error {
            E::Unreachable { .. } => ErrorCode::BmcUnreachable,
            E::Untrusted { .. } => ErrorCode::BmcTls,
            E::Status { status: 404, .. } => ErrorCode::NotFound,
            E::Status { status: 409, .. } => ErrorCode::Conflict,
            // Ironic answered, not the BMC: its words say what it refused.
            E::Status { .. } | E::Malformed { .. } => ErrorCode::IronicRefused,
            E::Failed { .. } => ErrorCode::IronicError,
            E::TimedOut { .. } => ErrorCode::BmcTimeout,
            E::Invalid(_) => ErrorCode::InvalidInput,
            E::SignIn { .. } => ErrorCode::LoginRefused,
        };
        Error::new(code, error.to_string())
    }
}

/// Whether a sync is written to the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SyncAudit {
    Always,
    /// A sync every minute that finds nothing new is not worth a line.
    WhenChanged,
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

    /// A client of the Ironic a server is a node of, and its node id there.
    pub(crate) async fn ironic_node(
        &self,
        server: &racksmith_inventory::ServerSummary,
    ) -> Result<Option<(Client, String)>, Error> {
        match self.ironic_link(server).await? {
            Some((backend, node)) => Ok(Some((self.ironic(&backend).await?, node))),
            None => Ok(None),
        }
    }

    pub(crate) async fn ironic(&self, backend: &BackendRecord) -> Result<Client, Error> {
        let stored: StoredSignIn = serde_json::from_str(&backend.auth).map_err(|e| {
            Error::new(
                ErrorCode::Database,
                format!(
                    "the sign-in of the Ironic at {} cannot be read: {e}",
                    backend.url
                ),
            )
        })?;
        let secret = match &backend.secret_ref {
            Some(reference) => {
                let reference = crate::credentials::CredentialRef::parse(reference)?;
                let vault = self.vault.clone();
                Some(tokio::task::spawn_blocking(move || vault.resolve(&reference)).await??)
            }
            None => None,
        };
        Ok(Client::connect(Endpoint {
            url: backend.url.clone(),
            auth: stored.auth(secret.as_ref())?,
            ca_bundle: backend.ca_bundle.clone(),
        })
        .await?)
    }

    /// Adds an Ironic once its API answers and, with Keystone, the sign-in works;
    /// the secret is filed in the OS keyring under the backend's id.
    pub async fn add_ironic_backend(
        &self,
        url: &str,
        sign_in: IronicSignIn,
        ca_bundle: Option<String>,
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
        let (stored, secret) = sign_in.split()?;
        let client = Client::connect(Endpoint {
            url: url.clone(),
            auth: stored.auth(secret.as_ref())?,
            ca_bundle: ca_bundle.clone(),
        })
        .await?;
        // The root answers anyone: a listing proves the sign-in is accepted.
        client.nodes_paged(1).await?;
        let id = uuid::Uuid::new_v4().to_string();
        let secret_ref = match secret {
            Some(secret) => {
                let account = format!("ironic/{id}");
                let (vault, a) = (self.vault.clone(), account.clone());
                tokio::task::spawn_blocking(move || vault.store(&a, &secret)).await??;
                Some(crate::credentials::CredentialRef::Keyring(account).to_string())
            }
            None => None,
        };
        let record = BackendRecord {
            id,
            kind: "ironic".into(),
            url: url.clone(),
            auth: serde_json::to_string(&stored).unwrap_or_default(),
            secret_ref,
            api_version: Some(client.version()),
            created_at: racksmith_inventory::now(),
            synced_at: None,
            ca_bundle,
        };
        let audit = NewAudit {
            actor: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            action: "backend_add".into(),
            target: Some(url),
            params: serde_json::json!({
                "kind": "ironic", "auth": stored.name(), "apiVersion": client.version()
            }),
            outcome: "ok".into(),
            detail: None,
        };
        let saved = record.clone();
        if let Err(error) = self
            .with_store(move |store| store.add_backend(&saved, audit))
            .await
        {
            // Nothing is kept of a backend that was not added.
            let vault = self.vault.clone();
            let account = format!("ironic/{}", record.id);
            let _ = tokio::task::spawn_blocking(move || vault.forget(&account)).await;
            return Err(error);
        }
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
        self.sync_nodes(
            backend,
            &client,
            &nodes,
            ("backend_sync", SyncAudit::Always),
            actor,
        )
        .await
    }

    /// Writes `nodes` of the backend into the cache, in one transaction audited
    /// as `action` (or, for `SyncAudit::WhenChanged`, only if it changed something).
    pub(crate) async fn sync_nodes(
        &self,
        backend: BackendRecord,
        client: &Client,
        nodes: &[Node],
        (action, audit): (&str, SyncAudit),
        actor: &Actor,
    ) -> Result<SyncReport, Error> {
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
        let (id, version, actor_name, role, url, action) = (
            backend.id.clone(),
            client.version(),
            actor.name.clone(),
            actor.role.as_str().to_owned(),
            backend.url.clone(),
            action.to_owned(),
        );
        let v = version.clone();
        let counts = self
            .with_store(move |store| {
                store.sync_nodes(&id, &v, &synced_nodes, |counts| {
                    (audit == SyncAudit::Always || counts.changed()).then(|| NewAudit {
                        actor: actor_name,
                        role,
                        action,
                        target: Some(url),
                        params: serde_json::to_value(counts).unwrap_or_default(),
                        outcome: "ok".into(),
                        detail: None,
                    })
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
