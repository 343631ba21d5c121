use serde::{Deserialize, Serialize};

use super::{Extra, Link};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct LogService {
    #[serde(rename = "@odata.id")]
    pub odata_id: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub log_entry_type: Option<String>,
    pub entries: Option<Link>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct LogEntry {
    pub id: Option<String>,
    pub created: Option<String>,
    pub severity: Option<String>,
    pub message: Option<String>,
    pub message_id: Option<String>,
    pub entry_type: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}
