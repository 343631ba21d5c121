//! Virtual media through Ironic (API 1.89+): the driver inserts and ejects the
//! image on the BMC, and reads back what is inserted.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::{Client, Error};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct VmediaSlot {
    #[serde(default)]
    pub media_types: Vec<String>,
    #[serde(default)]
    pub inserted: bool,
    pub image: Option<String>,
}

impl Client {
    /// Inserts `url` as a virtual CD (Ironic's driver talks to the BMC).
    pub async fn attach_cd(&self, id: &str, url: &str) -> Result<(), Error> {
        let _: Value = self
            .send(
                Method::POST,
                &format!("/v1/nodes/{id}/vmedia"),
                Some(json!({ "device_type": "cdrom", "image_url": url })),
            )
            .await?;
        Ok(())
    }

    pub async fn detach_cd(&self, id: &str) -> Result<(), Error> {
        let _: Value = self
            .send(
                Method::DELETE,
                &format!("/v1/nodes/{id}/vmedia?device_types=cdrom"),
                None,
            )
            .await?;
        Ok(())
    }

    /// The virtual media devices as the driver reads them from the BMC.
    pub async fn vmedia(&self, id: &str) -> Result<Vec<VmediaSlot>, Error> {
        let answer: Value = self
            .send(Method::GET, &format!("/v1/nodes/{id}/vmedia"), None)
            .await?;
        // A list, or a list under "vmedia", depending on the release.
        let list = answer.get("vmedia").cloned().unwrap_or(answer);
        serde_json::from_value(list).map_err(|e| Error::Malformed {
            url: format!("{}/v1/nodes/{id}/vmedia", self.base_url()),
            detail: e.to_string(),
        })
    }
}

impl Client {
    /// The next boot device and whether it persists, as Ironic reads it.
    pub async fn boot_device(&self, id: &str) -> Result<(String, bool), Error> {
        let answer: Value = self
            .send(
                Method::GET,
                &format!("/v1/nodes/{id}/management/boot_device"),
                None,
            )
            .await?;
        Ok((
            answer["boot_device"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            answer["persistent"].as_bool().unwrap_or(false),
        ))
    }
}
