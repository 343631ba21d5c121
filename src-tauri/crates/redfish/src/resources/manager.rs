use serde::{Deserialize, Serialize};

use super::{Extra, Link, Status};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Manager {
    #[serde(rename = "@odata.id")]
    pub odata_id: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub manager_type: Option<String>,
    pub model: Option<String>,
    pub firmware_version: Option<String>,
    #[serde(rename = "UUID")]
    pub uuid: Option<String>,
    pub status: Option<Status>,
    pub network_protocol: Option<Link>,
    pub ethernet_interfaces: Option<Link>,
    pub virtual_media: Option<Link>,
    pub log_services: Option<Link>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ProtocolSetting {
    pub protocol_enabled: Option<bool>,
    pub port: Option<u16>,
    #[serde(rename = "NTPServers")]
    pub ntp_servers: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NetworkProtocol {
    pub host_name: Option<String>,
    #[serde(rename = "FQDN")]
    pub fqdn: Option<String>,
    #[serde(rename = "HTTPS")]
    pub https: Option<ProtocolSetting>,
    #[serde(rename = "IPMI")]
    pub ipmi: Option<ProtocolSetting>,
    #[serde(rename = "SSH")]
    pub ssh: Option<ProtocolSetting>,
    #[serde(rename = "KVMIP")]
    pub kvmip: Option<ProtocolSetting>,
    #[serde(rename = "VirtualMedia")]
    pub virtual_media: Option<ProtocolSetting>,
    #[serde(rename = "NTP")]
    pub ntp: Option<ProtocolSetting>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct IpAddress {
    pub address: Option<String>,
    pub subnet_mask: Option<String>,
    pub gateway: Option<String>,
    pub address_origin: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct EthernetInterface {
    #[serde(rename = "@odata.id")]
    pub odata_id: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "MACAddress")]
    pub mac_address: Option<String>,
    #[serde(rename = "PermanentMACAddress")]
    pub permanent_mac_address: Option<String>,
    pub speed_mbps: Option<u64>,
    pub link_status: Option<String>,
    pub host_name: Option<String>,
    #[serde(rename = "IPv4Addresses")]
    pub ipv4_addresses: Vec<IpAddress>,
    pub name_servers: Vec<String>,
    pub status: Option<Status>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ManagerAccount {
    pub id: Option<String>,
    pub user_name: Option<String>,
    pub role_id: Option<String>,
    pub enabled: Option<bool>,
    pub locked: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VirtualMedia {
    #[serde(rename = "@odata.id")]
    pub odata_id: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub image: Option<String>,
    pub inserted: Option<bool>,
    pub write_protected: Option<bool>,
    pub media_types: Vec<String>,
    pub connected_via: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}
