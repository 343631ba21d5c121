use serde::{Deserialize, Serialize};

use super::{Extra, Link};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ServiceRoot {
    pub id: Option<String>,
    pub name: Option<String>,
    pub redfish_version: Option<String>,
    #[serde(rename = "UUID")]
    pub uuid: Option<String>,
    pub vendor: Option<String>,
    pub product: Option<String>,
    pub systems: Option<Link>,
    pub chassis: Option<Link>,
    pub managers: Option<Link>,
    pub session_service: Option<Link>,
    pub account_service: Option<Link>,
    pub update_service: Option<Link>,
    pub task_service: Option<Link>,
    pub event_service: Option<Link>,
    pub registries: Option<Link>,
    pub protocol_features_supported: Option<ProtocolFeatures>,
    pub oem: Option<serde_json::Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ProtocolFeatures {
    pub expand_query: Option<ExpandQuery>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ExpandQuery {
    pub expand_all: Option<bool>,
    pub levels: Option<bool>,
    pub links: Option<bool>,
    pub no_links: Option<bool>,
    pub max_levels: Option<u32>,
}

impl ServiceRoot {
    /// `$expand=.($levels=1)` is only sent where the service says it understands it.
    pub fn supports_expand(&self) -> bool {
        self.protocol_features_supported
            .as_ref()
            .and_then(|p| p.expand_query.as_ref())
            .is_some_and(|e| e.no_links == Some(true) && e.levels == Some(true))
    }
}
