use serde::{Deserialize, Serialize};

use super::{Extra, Link, Status};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Storage {
    #[serde(rename = "@odata.id")]
    pub odata_id: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub status: Option<Status>,
    pub storage_controllers: Vec<StorageController>,
    pub controllers: Option<Link>,
    pub drives: Vec<Link>,
    pub volumes: Option<Link>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct StorageController {
    pub member_id: Option<String>,
    pub name: Option<String>,
    pub model: Option<String>,
    pub firmware_version: Option<String>,
    #[serde(rename = "SupportedRAIDTypes")]
    pub supported_raid_types: Vec<String>,
    pub status: Option<Status>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Drive {
    #[serde(rename = "@odata.id")]
    pub odata_id: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub serial_number: Option<String>,
    pub capacity_bytes: Option<u64>,
    pub media_type: Option<String>,
    pub protocol: Option<String>,
    pub status: Option<Status>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Volume {
    #[serde(rename = "@odata.id")]
    pub odata_id: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "RAIDType")]
    pub raid_type: Option<String>,
    pub capacity_bytes: Option<u64>,
    pub strip_size_bytes: Option<u64>,
    pub write_cache_policy: Option<String>,
    pub read_cache_policy: Option<String>,
    pub status: Option<Status>,
    pub links: VolumeLinks,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VolumeLinks {
    pub drives: Vec<Link>,
    pub dedicated_spare_drives: Vec<Link>,
    #[serde(flatten)]
    pub extra: Extra,
}
