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
    pub links: Option<RootLinks>,
    pub oem: Option<serde_json::Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct RootLinks {
    pub sessions: Option<Link>,
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

/// The standard place of the sessions collection, for a root that has a
/// SessionService but forgot `Links.Sessions`.
pub const DEFAULT_SESSIONS: &str = "/redfish/v1/SessionService/Sessions";

impl ServiceRoot {
    /// Where to log in: `Links.Sessions`, else the standard path when a
    /// SessionService is advertised, else nowhere (the BMC takes Basic only).
    pub fn sessions_path(&self) -> Option<String> {
        let linked = self
            .links
            .as_ref()
            .and_then(|l| l.sessions.as_ref())
            .map(|l| l.odata_id.clone());
        linked.or_else(|| {
            self.session_service
                .as_ref()
                .map(|_| DEFAULT_SESSIONS.to_owned())
        })
    }

    /// `$expand=.($levels=1)` is only sent where the service says it understands it.
    pub fn supports_expand(&self) -> bool {
        self.protocol_features_supported
            .as_ref()
            .and_then(|p| p.expand_query.as_ref())
            .is_some_and(|e| e.no_links == Some(true) && e.levels == Some(true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(json: serde_json::Value) -> ServiceRoot {
        serde_json::from_value(json).expect("root")
    }

    #[test]
    fn logs_in_where_the_root_links_sessions() {
        let linked = root(serde_json::json!({
            "SessionService": {"@odata.id": "/redfish/v1/SessionService"},
            "Links": {"Sessions": {"@odata.id": "/redfish/v1/Sessions"}}
        }));
        assert_eq!(
            linked.sessions_path().as_deref(),
            Some("/redfish/v1/Sessions")
        );
        let unlinked = root(serde_json::json!({
            "SessionService": {"@odata.id": "/redfish/v1/SessionService"}
        }));
        assert_eq!(unlinked.sessions_path().as_deref(), Some(DEFAULT_SESSIONS));
        // sushy-tools' fake driver: no SessionService at all, Basic only.
        let none = root(serde_json::json!({"Systems": {"@odata.id": "/redfish/v1/Systems"}}));
        assert_eq!(none.sessions_path(), None);
    }
}
