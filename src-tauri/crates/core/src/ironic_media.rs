//! Virtual media and the boot device of an Ironic node, through Ironic. Before
//! it is deployed, the ISO is the node's deploy image (`instance_info.boot_iso`,
//! booted through virtual media by the ramdisk deploy when it goes into
//! service); once active, Ironic's driver inserts it on the BMC.

use racksmith_inventory::{BackendRecord, ServerSummary};
use racksmith_ironic::Client;
use serde_json::json;

use crate::console::{BootDevice, MediaSlotView, MediaSource, MediaView};
use crate::{Core, Error, ErrorCode};

/// The slot a not-yet-deployed node's deploy ISO is shown in.
const DEPLOY_SLOT: &str = "ironic-deploy-iso";

pub(crate) enum MediaOp {
    View,
    Insert { url: String, boot_once: bool },
    Eject,
    BootOnce(BootDevice),
}

fn ironic_device(device: BootDevice) -> &'static str {
    match device {
        BootDevice::Cd => "cdrom",
        BootDevice::Pxe => "pxe",
        BootDevice::Hdd => "disk",
        BootDevice::BiosSetup => "bios",
        BootDevice::Usb => "usb",
    }
}

fn ironic_target(device: &str) -> String {
    match device {
        "cdrom" => "Cd",
        "pxe" => "Pxe",
        "disk" => "Hdd",
        "bios" => "BiosSetup",
        "usb" => "Usb",
        other => other,
    }
    .to_owned()
}

impl Core {
    pub(crate) async fn media_through_ironic(
        &self,
        server: &ServerSummary,
        (backend, node): (BackendRecord, String),
        op: MediaOp,
    ) -> Result<MediaView, Error> {
        let client = self.ironic(&backend).await?;
        let deployed = client.node(&node).await?.provision_state == "active";
        match op {
            MediaOp::View => {}
            MediaOp::Insert { url, boot_once } => {
                if deployed {
                    client.attach_cd(&node, &url).await?;
                    if boot_once {
                        client.set_boot_device(&node, "cdrom", false).await?;
                    }
                } else {
                    client
                        .patch(
                            &node,
                            json!([{ "op": "add", "path": "/instance_info/boot_iso", "value": url }]),
                        )
                        .await?;
                }
            }
            MediaOp::Eject => {
                if deployed {
                    client.detach_cd(&node).await?;
                } else if client
                    .node(&node)
                    .await?
                    .instance_info
                    .get("boot_iso")
                    .is_some()
                {
                    client
                        .patch(
                            &node,
                            json!([{ "op": "remove", "path": "/instance_info/boot_iso" }]),
                        )
                        .await?;
                }
            }
            MediaOp::BootOnce(device) => {
                client
                    .set_boot_device(&node, ironic_device(device), false)
                    .await?;
            }
        }
        ironic_media_view(server, &client, &node, deployed).await
    }
}

async fn ironic_media_view(
    server: &ServerSummary,
    client: &Client,
    node: &str,
    deployed: bool,
) -> Result<MediaView, Error> {
    let slots = if deployed {
        client
            .vmedia(node)
            .await?
            .into_iter()
            .enumerate()
            .map(|(i, slot)| MediaSlotView {
                id: format!("ironic-vmedia-{i}"),
                name: slot.media_types.join("/"),
                media_types: slot.media_types,
                inserted: slot.inserted,
                image: slot.image.filter(|i| !i.is_empty()),
                write_protected: None,
            })
            .collect()
    } else {
        let facts = client.node(node).await?;
        let iso = facts
            .instance_info
            .get("boot_iso")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        vec![MediaSlotView {
            id: DEPLOY_SLOT.into(),
            name: "Deploy ISO (Ironic)".into(),
            media_types: vec!["CD".into()],
            inserted: iso.is_some(),
            image: iso,
            write_protected: Some(true),
        }]
    };
    let boot = client.boot_device(node).await.ok();
    Ok(MediaView {
        server_id: server.id.clone(),
        slots,
        boot_override: boot
            .as_ref()
            .map(|(_, persistent)| if *persistent { "Continuous" } else { "Once" }.to_owned()),
        boot_target: boot.map(|(device, _)| ironic_target(&device)),
        boot_targets: ["Cd", "Pxe", "Hdd", "BiosSetup"]
            .into_iter()
            .map(str::to_owned)
            .collect(),
        served: None,
    })
}

/// Only a URL Ironic's conductor (or the BMC) can fetch; a local file is not served to Ironic.
pub(crate) fn ironic_media_url(
    source: &MediaSource,
    server: &ServerSummary,
) -> Result<String, Error> {
    match source {
        MediaSource::Url(url) => crate::console::check_image_url(url),
        MediaSource::File(_) => Err(Error::new(
            ErrorCode::InvalidInput,
            format!(
                "{} is an Ironic node: give the ISO as an http(s) URL Ironic can fetch, not a file on this computer",
                server.name
            ),
        )),
    }
}
