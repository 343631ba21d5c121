use serde::Deserialize;
use serde_json::Value;

/// A node as Ironic lists it (the fields Racksmith reads; the rest is kept).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Node {
    pub uuid: String,
    pub name: Option<String>,
    pub driver: Option<String>,
    pub raid_interface: Option<String>,
    pub deploy_interface: Option<String>,
    #[serde(default)]
    pub instance_info: Value,
    pub bios_interface: Option<String>,
    /// Manual clean or servicing under way: the step running now.
    #[serde(default)]
    pub clean_step: Value,
    pub provision_state: String,
    pub target_provision_state: Option<String>,
    pub power_state: Option<String>,
    pub target_power_state: Option<String>,
    #[serde(default)]
    pub maintenance: bool,
    pub maintenance_reason: Option<String>,
    #[serde(default)]
    pub retired: bool,
    pub retired_reason: Option<String>,
    pub last_error: Option<String>,
    #[serde(default)]
    pub properties: Value,
    #[serde(default)]
    pub extra: Value,
    pub resource_class: Option<String>,
    pub updated_at: Option<String>,
}
