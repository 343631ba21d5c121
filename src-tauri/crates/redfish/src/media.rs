//! Virtual media (the BMC mounts an image from a URL as a CD or USB stick) and
//! the one-time boot override that boots from it.

use serde_json::{json, Value};

use crate::manager::manager_path;
use crate::resources::{link_of, Collection, ComputerSystem, Manager};
use crate::{Client, Error};

/// One virtual drive a BMC offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaSlot {
    pub path: String,
    pub id: String,
    pub name: String,
    pub media_types: Vec<String>,
    pub inserted: bool,
    pub image: Option<String>,
    pub write_protected: Option<bool>,
    insert_target: Option<String>,
    eject_target: Option<String>,
}

impl MediaSlot {
    /// Whether it can carry a CD/DVD image (an ISO).
    pub fn takes_cd(&self) -> bool {
        self.media_types.is_empty() || self.media_types.iter().any(|t| t == "CD" || t == "DVD")
    }

    fn parse(path: &str, v: &Value) -> MediaSlot {
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let action = |name: &str| {
            v.pointer(&format!("/Actions/#VirtualMedia.{name}/target"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let image = text("Image").filter(|i| !i.is_empty());
        MediaSlot {
            path: path.to_owned(),
            id: text("Id").unwrap_or_default(),
            name: text("Name").unwrap_or_default(),
            media_types: v
                .get("MediaTypes")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            // Older BMCs leave Inserted out: an image means inserted.
            inserted: v
                .get("Inserted")
                .and_then(Value::as_bool)
                .unwrap_or(image.is_some()),
            image,
            write_protected: v.get("WriteProtected").and_then(Value::as_bool),
            insert_target: action("InsertMedia"),
            eject_target: action("EjectMedia"),
        }
    }
}

/// The system's virtual media: under the system itself where the BMC puts it
/// there (Redfish 2021 and later), else under its manager.
pub async fn slots(client: &Client, system_path: &str) -> Result<Vec<MediaSlot>, Error> {
    let system: Value = client.get(system_path).await?;
    let collection = match system
        .pointer("/VirtualMedia/@odata.id")
        .and_then(Value::as_str)
    {
        Some(path) => path.to_owned(),
        None => {
            let manager: Manager = client
                .get(&manager_path(client, system_path).await?)
                .await?;
            link_of(&manager.virtual_media)
                .map(str::to_owned)
                .ok_or_else(|| {
                    Error::Invalid(format!("{} offers no virtual media", client.base_url()))
                })?
        }
    };
    let mut slots = Vec::new();
    for path in client.get::<Collection>(&collection).await?.links() {
        let v: Value = client.get(&path).await?;
        slots.push(MediaSlot::parse(&path, &v));
    }
    Ok(slots)
}

/// The slot for an ISO: the one named by `id`, or the first CD/DVD slot.
pub async fn cd_slot(
    client: &Client,
    system_path: &str,
    id: Option<&str>,
) -> Result<MediaSlot, Error> {
    let all = slots(client, system_path).await?;
    let found = match id {
        Some(id) => all.into_iter().find(|s| s.id == id),
        None => all.into_iter().find(MediaSlot::takes_cd),
    };
    found.ok_or_else(|| {
        Error::Invalid(format!(
            "{} has no virtual CD/DVD drive{}",
            client.base_url(),
            id.map(|i| format!(" named {i}")).unwrap_or_default()
        ))
    })
}

/// Mounts `image` (a URL the BMC fetches) read-only.
pub async fn insert(client: &Client, slot: &MediaSlot, image: &str) -> Result<(), Error> {
    let body = json!({ "Image": image, "Inserted": true, "WriteProtected": true });
    match &slot.insert_target {
        Some(target) => {
            client.action(target, body).await?;
        }
        // Without the action, Redfish lets the properties be patched.
        None => {
            client.patch(&slot.path, body, None).await?;
        }
    }
    Ok(())
}

pub async fn eject(client: &Client, slot: &MediaSlot) -> Result<(), Error> {
    match &slot.eject_target {
        Some(target) => {
            client.action(target, json!({})).await?;
        }
        None => {
            client
                .patch(
                    &slot.path,
                    json!({ "Image": null, "Inserted": false }),
                    None,
                )
                .await?;
        }
    }
    Ok(())
}

/// The boot override as the system reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BootOverride {
    pub enabled: Option<String>,
    pub target: Option<String>,
    pub allowed_targets: Vec<String>,
}

pub async fn boot_override(client: &Client, system_path: &str) -> Result<BootOverride, Error> {
    let system: ComputerSystem = client.get(system_path).await?;
    let boot = system.boot.unwrap_or_default();
    Ok(BootOverride {
        enabled: boot.boot_source_override_enabled,
        target: boot.boot_source_override_target,
        allowed_targets: boot.allowed_targets,
    })
}

/// Boots from `target` (Redfish names: Cd, Pxe, Hdd, BiosSetup, Usb) at the
/// next start only. Refused here when the BMC lists its targets and this is
/// not one of them.
pub async fn boot_once(client: &Client, system_path: &str, target: &str) -> Result<(), Error> {
    let current = boot_override(client, system_path).await?;
    if !current.allowed_targets.is_empty() && !current.allowed_targets.iter().any(|t| t == target) {
        return Err(Error::Invalid(format!(
            "{} cannot boot from {target} (it offers {})",
            client.base_url(),
            current.allowed_targets.join(", ")
        )));
    }
    let body = json!({ "Boot": { "BootSourceOverrideEnabled": "Once", "BootSourceOverrideTarget": target } });
    client.patch(system_path, body, None).await?;
    // Some BMCs accept the PATCH and keep the old device: say so rather than
    // let the user restart into the wrong one.
    let now = boot_override(client, system_path).await?;
    if now.target.as_deref() != Some(target) {
        return Err(Error::Invalid(format!(
            "{} accepted the boot override but still reports {}",
            client.base_url(),
            now.target.as_deref().unwrap_or("no boot device")
        )));
    }
    Ok(())
}
