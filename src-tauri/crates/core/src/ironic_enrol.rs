//! Adding a machine to an Ironic fleet from the console (enroll, then manage,
//! which makes Ironic check it can reach the BMC), and asking Ironic to
//! inspect a node; each then read back into the cache like a sync.

use racksmith_inventory::{ServerSummary, Stage};
use racksmith_ironic::Verb;
use racksmith_lifecycle::Actor;
use racksmith_redfish::Secret;
use serde::Deserialize;
use serde_json::json;
use specta::Type;

use crate::backends::SyncAudit;
use crate::ironic_moves::IRONIC_TRANSITION;
use crate::{Core, Error, ErrorCode};

/// A machine to enroll in an Ironic: its name and driver, and for Redfish its
/// BMC (the password goes to Ironic, which keeps the BMC credentials of its fleet).
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct IronicEnrolment {
    pub name: String,
    /// `redfish`, `fake-hardware`, or another hardware type Ironic enables.
    pub driver: String,
    /// The BMC's Redfish URL (`https://10.0.0.5`), for the redfish driver.
    pub bmc_address: Option<String>,
    /// The system's path (`/redfish/v1/Systems/1`), when the BMC has several.
    pub system_id: Option<String>,
    pub bmc_username: Option<String>,
    #[specta(type = Option<String>)]
    pub bmc_password: Option<Secret>,
}

impl IronicEnrolment {
    fn body(&self) -> Result<serde_json::Value, Error> {
        let invalid = |what: &str| Error::new(ErrorCode::InvalidInput, what.to_owned());
        let name = self.name.trim();
        if name.is_empty() || name.chars().any(char::is_whitespace) {
            return Err(invalid("a node needs a name without spaces"));
        }
        let mut body = json!({ "name": name, "driver": self.driver.trim() });
        if self.driver.trim() == "redfish" {
            let (Some(address), Some(user), Some(password)) =
                (&self.bmc_address, &self.bmc_username, &self.bmc_password)
            else {
                return Err(invalid(
                    "the redfish driver needs the BMC's address, a user and its password",
                ));
            };
            let mut info = json!({
                "redfish_address": address.trim(),
                "redfish_username": user.trim(),
                "redfish_password": password.expose(),
            });
            if let Some(system) = &self.system_id {
                info["redfish_system_id"] = json!(system.trim());
            }
            body["driver_info"] = info;
        }
        Ok(body)
    }
}

impl Core {
    /// Enrolls the machine in the backend's Ironic and manages it; the node
    /// is then in the cache (in Inventory), or the error says what Ironic found.
    pub async fn enrol_ironic_node(
        &self,
        backend_key: &str,
        enrolment: IronicEnrolment,
        actor: &Actor,
    ) -> Result<ServerSummary, Error> {
        self.refuse_in_snapshot()?;
        let body = enrolment.body()?;
        let key = backend_key.to_owned();
        let backend = self.with_store(move |store| store.backend(&key)).await?;
        let client = self.ironic(&backend).await?;
        let node = client.create_node(&body).await?;
        // Managing makes Ironic validate the driver and reach the BMC.
        let managed = client
            .provision_and_wait(&node.uuid, Verb::Manage, &[], IRONIC_TRANSITION)
            .await;
        let current = client.node(&node.uuid).await?;
        self.sync_nodes(
            backend.clone(),
            &client,
            &[current],
            ("ironic_enrol", SyncAudit::Always),
            actor,
        )
        .await?;
        managed?;
        let (backend_id, uuid) = (backend.id.clone(), node.uuid.clone());
        let id = self
            .with_store(move |store| store.server_of_node(&backend_id, &uuid))
            .await?;
        self.find_server(&id).await
    }

    /// Asks Ironic to inspect a node in stock or being built (it may boot it),
    /// then reads what it found back into the cache.
    pub async fn inspect_ironic_node(
        &self,
        key: &str,
        actor: &Actor,
    ) -> Result<ServerSummary, Error> {
        self.refuse_in_snapshot()?;
        let server = self.find_server(key).await?;
        let Some((backend, node)) = self.ironic_link(&server).await? else {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                format!(
                    "{} is not an Ironic node; inspection is Ironic's",
                    server.name
                ),
            ));
        };
        if !matches!(server.stage, Stage::Inventory | Stage::Building) {
            return Err(Error::new(
                ErrorCode::StageForbids,
                format!(
                    "{} is {}; only a server in stock or being built is inspected",
                    server.name,
                    server.stage.as_str()
                ),
            ));
        }
        let client = self.ironic(&backend).await?;
        let inspected = client
            .provision_and_wait(&node, Verb::Inspect, &[], IRONIC_TRANSITION)
            .await;
        let current = client.node(&node).await?;
        self.sync_nodes(
            backend,
            &client,
            &[current],
            ("ironic_inspect", SyncAudit::Always),
            actor,
        )
        .await?;
        inspected?;
        self.find_server(&server.id).await
    }
}
