//! The firmware inventory of a server against the user's baseline for its
//! model. (Updating it by hand is a job of kind `maintenance`; see jobs.rs.)

use std::collections::BTreeMap;
use std::path::PathBuf;

use racksmith_redfish::firmware;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{Core, Error, ErrorCode};

/// The file the user keeps: for each model, the version each component should
/// have, e.g. `["RS-220 Storage"]` then `BIOS = "2.30.1"`.
pub const BASELINE_FILE: &str = "firmware-baseline.toml";

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FirmwareComponentView {
    pub id: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub updateable: Option<bool>,
    /// What the baseline wants for this model, if it names the component.
    pub baseline: Option<String>,
    /// The version differs from the baseline's.
    pub drift: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FirmwareView {
    pub server_id: String,
    pub name: String,
    pub model: Option<String>,
    pub components: Vec<FirmwareComponentView>,
    /// Where the baseline file is (or would be).
    pub baseline_file: String,
    /// Whether the baseline names this server's model.
    pub baseline_found: bool,
    /// `Immediate`, `OnReset`, `AtMaintenanceWindowStart`, as the BMC offers them.
    pub apply_times: Vec<String>,
    /// The BMC takes uploaded images (multipart push).
    pub can_upload: bool,
    pub can_fetch: bool,
}

type Baseline = BTreeMap<String, BTreeMap<String, String>>;

/// How updates reach the server: the view's last three fields.
struct Offer {
    apply_times: Vec<String>,
    can_upload: bool,
    can_fetch: bool,
}

fn parse_baseline(text: &str, file: &str) -> Result<Baseline, Error> {
    toml::from_str(text).map_err(|e| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("the firmware baseline {file} cannot be read: {e}"),
        )
    })
}

/// Components with what the baseline says of each; components the baseline
/// does not name are not drift.
fn compare(
    components: Vec<firmware::Component>,
    wanted: Option<&BTreeMap<String, String>>,
) -> Vec<FirmwareComponentView> {
    components
        .into_iter()
        .map(|c| {
            let baseline = wanted.and_then(|w| w.get(&c.id).cloned());
            let drift = baseline
                .as_ref()
                .is_some_and(|b| c.version.as_deref() != Some(b.as_str()));
            FirmwareComponentView {
                id: c.id,
                name: c.name,
                version: c.version,
                updateable: c.updateable,
                baseline,
                drift,
            }
        })
        .collect()
}

impl Core {
    pub fn baseline_path(&self) -> PathBuf {
        self.profile.dir().join(BASELINE_FILE)
    }

    async fn baseline(&self) -> Result<Baseline, Error> {
        let path = self.baseline_path();
        match tokio::fs::read_to_string(&path).await {
            Ok(text) => parse_baseline(&text, &path.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Baseline::new()),
            Err(e) => Err(e.into()),
        }
    }

    /// The firmware a server's BMC lists now, against the baseline for its model.
    pub async fn firmware(&self, key: &str) -> Result<FirmwareView, Error> {
        self.refuse_in_snapshot()?;
        let server = self.find_server(key).await?;
        if let Some((client, node)) = self.ironic_node(&server).await? {
            return self.firmware_in_ironic(&server, &client, &node).await;
        }
        let reached = self.reach(&server).await?;
        self.firmware_of(&server, &reached).await
    }

    /// The components Ironic cached for the node, against the same baseline;
    /// an update goes by URL (a step Ironic runs), never as an upload.
    async fn firmware_in_ironic(
        &self,
        server: &racksmith_inventory::ServerSummary,
        client: &racksmith_ironic::Client,
        node: &str,
    ) -> Result<FirmwareView, Error> {
        let components = client
            .firmware(node)
            .await?
            .into_iter()
            .map(|c| firmware::Component {
                id: c.component,
                name: None,
                version: c.current_version,
                updateable: Some(true),
            })
            .collect();
        let offer = Offer {
            apply_times: Vec::new(),
            can_upload: false,
            can_fetch: true,
        };
        self.against_baseline(server, components, offer).await
    }

    /// The view of `components` against the baseline for the server's model.
    async fn against_baseline(
        &self,
        server: &racksmith_inventory::ServerSummary,
        components: Vec<firmware::Component>,
        offer: Offer,
    ) -> Result<FirmwareView, Error> {
        let baseline = self.baseline().await?;
        let wanted = server.model.as_ref().and_then(|m| baseline.get(m));
        Ok(FirmwareView {
            server_id: server.id.clone(),
            name: server.name.clone(),
            model: server.model.clone(),
            components: compare(components, wanted),
            baseline_file: self.baseline_path().display().to_string(),
            baseline_found: wanted.is_some(),
            apply_times: offer.apply_times,
            can_upload: offer.can_upload,
            can_fetch: offer.can_fetch,
        })
    }

    /// The firmware one reached server lists, against the baseline for its model.
    pub(crate) async fn firmware_of(
        &self,
        server: &racksmith_inventory::ServerSummary,
        reached: &crate::reach::Reached,
    ) -> Result<FirmwareView, Error> {
        let offer = firmware::offer(&reached.client).await?;
        let components = firmware::components(&reached.client, &offer).await?;
        let offered = Offer {
            can_upload: offer.multipart_push.is_some(),
            can_fetch: offer.simple_update.is_some(),
            apply_times: offer.apply_times,
        };
        self.against_baseline(server, components, offered).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drift_is_what_the_baseline_names_and_the_server_lacks() {
        let baseline = parse_baseline(
            "[\"RS-220 Storage\"]\nBIOS = \"2.30.1\"\nBMC = \"5.10\"\n",
            "f",
        )
        .expect("toml");
        let c = |id: &str, v: &str| firmware::Component {
            id: id.into(),
            name: None,
            version: Some(v.into()),
            updateable: Some(true),
        };
        let views = compare(
            vec![c("BIOS", "2.19.2"), c("BMC", "5.10"), c("NIC.1", "1.0")],
            baseline.get("RS-220 Storage"),
        );
        let drift: Vec<(&str, bool)> = views.iter().map(|v| (v.id.as_str(), v.drift)).collect();
        assert_eq!(
            drift,
            vec![("BIOS", true), ("BMC", false), ("NIC.1", false)]
        );
        assert!(parse_baseline("not = [toml", "f").is_err());
    }
}
