//! Typed Redfish resources. Each keeps what it does not name in `extra`, so an
//! unknown or OEM property is carried along, never a parse failure. Every field is
//! optional because real BMCs leave out what the schema calls required.

mod bios;
mod chassis;
mod events;
mod log;
mod manager;
mod root;
mod storage;
mod system;
mod task;
mod update;

pub use bios::{AttributeRegistry, Bios, RegistryAttribute, SettingsObject};
pub use chassis::{
    Chassis, Fan, Power, PowerControl, PowerSubsystem, Temperature, Thermal, ThermalSubsystem,
};
pub use events::EventService;
pub use log::{LogEntry, LogService};
pub use manager::{
    EthernetInterface, IpAddress, Manager, ManagerAccount, NetworkProtocol, ProtocolSetting,
    VirtualMedia,
};
pub use root::{ExpandQuery, ProtocolFeatures, RootLinks, ServiceRoot, DEFAULT_SESSIONS};
pub use storage::{Drive, Storage, StorageController, Volume};
pub use system::{
    Boot, ComputerSystem, Memory, MemorySummary, Processor, ProcessorSummary, ResetAction,
    SystemActions,
};
pub use task::Task;
pub use update::{SoftwareInventory, UpdateService};

use serde::{Deserialize, Serialize};

pub type Extra = serde_json::Map<String, serde_json::Value>;

/// `{"@odata.id": "/redfish/v1/..."}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    #[serde(rename = "@odata.id")]
    pub odata_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Status {
    pub state: Option<String>,
    pub health: Option<String>,
    pub health_rollup: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Collection {
    #[serde(rename = "Members")]
    pub members: Vec<serde_json::Value>,
    #[serde(rename = "Members@odata.count")]
    pub count: Option<u64>,
    #[serde(rename = "Members@odata.nextLink")]
    pub next_link: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Collection {
    /// The member links, whether the members came expanded or as bare links.
    pub fn links(&self) -> Vec<String> {
        self.members
            .iter()
            .filter_map(|m| m["@odata.id"].as_str().map(str::to_owned))
            .collect()
    }

    /// True when every member came with more than its link (`$expand` worked).
    pub fn is_expanded(&self) -> bool {
        !self.members.is_empty()
            && self
                .members
                .iter()
                .all(|m| m.as_object().is_some_and(|o| o.len() > 1))
    }
}

pub(crate) fn link_of(link: &Option<Link>) -> Option<&str> {
    link.as_ref().map(|l| l.odata_id.as_str())
}
