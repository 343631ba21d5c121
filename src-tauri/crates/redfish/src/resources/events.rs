use serde::{Deserialize, Serialize};

use super::Extra;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct EventService {
    pub service_enabled: Option<bool>,
    pub server_sent_event_uri: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}
