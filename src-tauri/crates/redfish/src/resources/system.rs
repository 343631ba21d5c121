use serde::{Deserialize, Serialize};

use super::{Extra, Link, Status};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ComputerSystem {
    #[serde(rename = "@odata.id")]
    pub odata_id: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub host_name: Option<String>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub serial_number: Option<String>,
    #[serde(rename = "SKU")]
    pub sku: Option<String>,
    #[serde(rename = "UUID")]
    pub uuid: Option<String>,
    pub asset_tag: Option<String>,
    pub power_state: Option<String>,
    pub status: Option<Status>,
    pub bios_version: Option<String>,
    pub indicator_led: Option<String>,
    pub location_indicator_active: Option<bool>,
    pub processor_summary: Option<ProcessorSummary>,
    pub memory_summary: Option<MemorySummary>,
    pub boot: Option<Boot>,
    pub processors: Option<Link>,
    pub memory: Option<Link>,
    pub storage: Option<Link>,
    pub simple_storage: Option<Link>,
    pub ethernet_interfaces: Option<Link>,
    pub bios: Option<Link>,
    pub log_services: Option<Link>,
    pub actions: Option<SystemActions>,
    pub links: Option<SystemLinks>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct SystemLinks {
    pub chassis: Vec<Link>,
    pub managed_by: Vec<Link>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SystemActions {
    #[serde(rename = "#ComputerSystem.Reset")]
    pub reset: Option<ResetAction>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ResetAction {
    pub target: Option<String>,
    #[serde(rename = "ResetType@Redfish.AllowableValues")]
    pub allowed: Vec<String>,
    #[serde(rename = "@Redfish.ActionInfo")]
    pub action_info: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ProcessorSummary {
    pub count: Option<u32>,
    pub model: Option<String>,
    pub status: Option<Status>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct MemorySummary {
    #[serde(rename = "TotalSystemMemoryGiB")]
    pub total_system_memory_gib: Option<f64>,
    pub status: Option<Status>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Boot {
    pub boot_source_override_enabled: Option<String>,
    pub boot_source_override_target: Option<String>,
    pub boot_source_override_mode: Option<String>,
    #[serde(rename = "BootSourceOverrideTarget@Redfish.AllowableValues")]
    pub allowed_targets: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Processor {
    pub id: Option<String>,
    pub socket: Option<String>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub total_cores: Option<u32>,
    pub total_threads: Option<u32>,
    #[serde(rename = "MaxSpeedMHz")]
    pub max_speed_mhz: Option<u32>,
    pub status: Option<Status>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Memory {
    pub id: Option<String>,
    #[serde(rename = "CapacityMiB")]
    pub capacity_mib: Option<u64>,
    pub memory_device_type: Option<String>,
    pub device_locator: Option<String>,
    pub status: Option<Status>,
    #[serde(flatten)]
    pub extra: Extra,
}
