//! The firmware components Ironic's firmware interface cached for a node
//! (API 1.86+): what the Firmware section shows for a node of an Ironic fleet.

use reqwest::Method;
use serde::Deserialize;

use crate::{Client, Error};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FirmwareComponent {
    /// `bios`, `bmc`, or `nic:<id>`, as Ironic names it.
    pub component: String,
    pub initial_version: Option<String>,
    pub current_version: Option<String>,
    pub last_version_flashed: Option<String>,
}

impl Client {
    pub async fn firmware(&self, id: &str) -> Result<Vec<FirmwareComponent>, Error> {
        #[derive(Deserialize)]
        struct List {
            firmware: Vec<FirmwareComponent>,
        }
        let list: List = self
            .send(Method::GET, &format!("/v1/nodes/{id}/firmware"), None)
            .await?;
        Ok(list.firmware)
    }
}
