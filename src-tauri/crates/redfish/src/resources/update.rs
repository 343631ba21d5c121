use serde::{Deserialize, Serialize};

use super::{Extra, Link, Status};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct UpdateService {
    pub service_enabled: Option<bool>,
    pub http_push_uri: Option<String>,
    pub multipart_http_push_uri: Option<String>,
    pub firmware_inventory: Option<Link>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct SoftwareInventory {
    #[serde(rename = "@odata.id")]
    pub odata_id: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub version: Option<String>,
    pub updateable: Option<bool>,
    pub status: Option<Status>,
    #[serde(flatten)]
    pub extra: Extra,
}
