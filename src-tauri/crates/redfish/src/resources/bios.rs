use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Extra, Link};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Bios {
    pub attribute_registry: Option<String>,
    pub attributes: BTreeMap<String, serde_json::Value>,
    #[serde(rename = "@Redfish.Settings")]
    pub settings: Option<SettingsObject>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct SettingsObject {
    pub settings_object: Option<Link>,
    pub supported_apply_times: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct AttributeRegistry {
    pub id: Option<String>,
    pub registry_entries: RegistryEntries,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct RegistryEntries {
    pub attributes: Vec<RegistryAttribute>,
    pub dependencies: Vec<serde_json::Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct RegistryAttribute {
    pub attribute_name: Option<String>,
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    pub display_name: Option<String>,
    pub read_only: Option<bool>,
    pub value: Vec<serde_json::Value>,
    pub lower_bound: Option<i64>,
    pub upper_bound: Option<i64>,
    pub max_length: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}
