//! Firmware over Redfish: the inventory of components and versions, and
//! `UpdateService.SimpleUpdate` by URL with the apply times the BMC offers
//! (`@Redfish.OperationApplyTimeSupport`), followed to the end of its task.

use serde_json::{json, Value};

use crate::resources::{link_of, SoftwareInventory, UpdateService};
use crate::{Client, Error, Outcome};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    pub id: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub updateable: Option<bool>,
}

/// What the BMC's UpdateService offers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateOffer {
    pub service_path: String,
    pub simple_update: Option<String>,
    pub multipart_push: Option<String>,
    /// `Immediate`, `OnReset`, `AtMaintenanceWindowStart`, ...
    pub apply_times: Vec<String>,
    /// Start (RFC 3339) and length in seconds of the BMC's own window.
    pub maintenance_window: Option<(String, u64)>,
    /// The FirmwareInventory collection, if the service links one.
    pub inventory_path: Option<String>,
}

impl UpdateOffer {
    pub fn supports(&self, apply_time: &str) -> bool {
        self.apply_times.iter().any(|t| t == apply_time)
    }
}

async fn service(client: &Client) -> Result<(String, UpdateService), Error> {
    let path = link_of(&client.service_root().await?.update_service)
        .map(str::to_owned)
        .ok_or_else(|| Error::Invalid(format!("{} has no UpdateService", client.base_url())))?;
    let service: UpdateService = client.get(&path).await?;
    Ok((path, service))
}

pub async fn offer(client: &Client) -> Result<UpdateOffer, Error> {
    let (service_path, service) = service(client).await?;
    // As a Value, so an absent key reads as null (a Map's index would panic).
    let extra = Value::Object(service.extra.clone());
    let action = &extra["Actions"]["#UpdateService.SimpleUpdate"];
    let support = if action["@Redfish.OperationApplyTimeSupport"].is_object() {
        &action["@Redfish.OperationApplyTimeSupport"]
    } else {
        &extra["@Redfish.OperationApplyTimeSupport"]
    };
    let apply_times = support["SupportedValues"]
        .as_array()
        .map(|v| {
            v.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let window = support["MaintenanceWindowStartTime"]
        .as_str()
        .zip(support["MaintenanceWindowDurationInSeconds"].as_u64())
        .map(|(s, d)| (s.to_owned(), d));
    Ok(UpdateOffer {
        simple_update: action["target"].as_str().map(str::to_owned),
        multipart_push: service.multipart_http_push_uri.clone(),
        apply_times,
        maintenance_window: window,
        inventory_path: link_of(&service.firmware_inventory).map(str::to_owned),
        service_path,
    })
}

/// Every firmware component the BMC lists, with its version.
pub async fn inventory(client: &Client) -> Result<Vec<Component>, Error> {
    components(client, &offer(client).await?).await
}

/// The components, for a caller that has read the UpdateService already.
pub async fn components(client: &Client, offer: &UpdateOffer) -> Result<Vec<Component>, Error> {
    let Some(collection) = offer.inventory_path.as_deref() else {
        return Ok(Vec::new());
    };
    let items: Vec<SoftwareInventory> = client.members(collection).await?;
    Ok(items
        .into_iter()
        .map(|item| Component {
            id: item.id.unwrap_or_default(),
            name: item.name,
            version: item.version,
            updateable: item.updateable,
        })
        .collect())
}

/// When the BMC is to apply an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyAt {
    /// As soon as the image is checked (the BMC may restart the host or itself).
    Immediate,
    /// At the next host reset, which the caller then makes.
    OnReset,
    /// When the window opens, by the BMC alone: start (RFC 3339) and seconds.
    Window { start: String, seconds: u64 },
}

impl ApplyAt {
    fn redfish(&self) -> &'static str {
        match self {
            ApplyAt::Immediate => "Immediate",
            ApplyAt::OnReset => "OnReset",
            ApplyAt::Window { .. } => "AtMaintenanceWindowStart",
        }
    }
}

/// Asks the BMC to fetch and stage an image, and follows its task to the end.
/// Returns the task's last message, if any.
pub async fn simple_update(
    client: &Client,
    offer: &UpdateOffer,
    image_uri: &str,
    apply: &ApplyAt,
) -> Result<Option<String>, Error> {
    let target = offer.simple_update.clone().ok_or_else(|| {
        Error::Invalid(format!(
            "{} offers no UpdateService.SimpleUpdate",
            client.base_url()
        ))
    })?;
    let mut body = json!({ "ImageURI": image_uri, "TransferProtocol": "HTTP" });
    if !offer.apply_times.is_empty() {
        if !offer.supports(apply.redfish()) {
            return Err(Error::Invalid(format!(
                "{} cannot apply an update {} (it offers {})",
                client.base_url(),
                apply.redfish(),
                offer.apply_times.join(", ")
            )));
        }
        body["@Redfish.OperationApplyTime"] = json!(apply.redfish());
    }
    if let ApplyAt::Window { start, seconds } = apply {
        body["@Redfish.MaintenanceWindow"] = json!({
            "MaintenanceWindowStartTime": start,
            "MaintenanceWindowDurationInSeconds": seconds,
        });
    }
    task_outcome(client, client.action(&target, body).await?)
}

fn task_outcome(client: &Client, outcome: Outcome) -> Result<Option<String>, Error> {
    match outcome {
        Outcome::Done(_) => Ok(None),
        Outcome::Task(task) if task.succeeded() => Ok(task.message()),
        Outcome::Task(task) => Err(Error::Invalid(format!(
            "{}: the firmware update ended {}: {}",
            client.base_url(),
            task.task_state.as_deref().unwrap_or("unfinished"),
            task.message().unwrap_or_else(|| "no reason given".into())
        ))),
    }
}

/// Pushes a local image to `MultipartHttpPushUri` and follows its task.
pub async fn push_update(
    client: &Client,
    offer: &UpdateOffer,
    file_name: &str,
    bytes: std::sync::Arc<Vec<u8>>,
    apply: &ApplyAt,
) -> Result<Option<String>, Error> {
    let target = offer.multipart_push.clone().ok_or_else(|| {
        Error::Invalid(format!(
            "{} takes no uploaded images (no MultipartHttpPushUri); give a URL instead",
            client.base_url()
        ))
    })?;
    let mut parameters = json!({});
    if !offer.apply_times.is_empty() {
        parameters["@Redfish.OperationApplyTime"] = json!(apply.redfish());
    }
    let upload = crate::transport::Upload {
        parameters,
        file_name: file_name.to_owned(),
        bytes,
    };
    task_outcome(client, client.upload(&target, upload).await?)
}

/// Restarts the BMC itself (`Manager.Reset`, graceful where offered).
pub async fn reset_manager(client: &Client, manager_path: &str) -> Result<(), Error> {
    let manager: Value = client.get(manager_path).await?;
    let action = &manager["Actions"]["#Manager.Reset"];
    let target = action["target"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| {
            format!(
                "{}/Actions/Manager.Reset",
                manager_path.trim_end_matches('/')
            )
        });
    let allowed: Vec<&str> = action["ResetType@Redfish.AllowableValues"]
        .as_array()
        .map(|v| v.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let kind = if allowed.is_empty() || allowed.contains(&"GracefulRestart") {
        "GracefulRestart"
    } else {
        allowed[0]
    };
    client.action(&target, json!({ "ResetType": kind })).await?;
    Ok(())
}

/// Components whose version differs between two readings: (id, before, after).
pub fn changed(before: &[Component], after: &[Component]) -> Vec<(String, String, String)> {
    after
        .iter()
        .filter_map(|a| {
            let old = before.iter().find(|b| b.id == a.id)?.version.clone();
            let new = a.version.clone();
            (old != new).then(|| {
                (
                    a.id.clone(),
                    old.unwrap_or_default(),
                    new.unwrap_or_default(),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str, v: &str) -> Component {
        Component {
            id: id.into(),
            name: None,
            version: Some(v.into()),
            updateable: Some(true),
        }
    }

    #[test]
    fn only_changed_versions_are_named() {
        let before = [c("BIOS", "2.19.2"), c("BMC", "5.10")];
        let after = [c("BIOS", "2.30.1"), c("BMC", "5.10"), c("NIC.1", "1.0")];
        assert_eq!(
            changed(&before, &after),
            vec![("BIOS".into(), "2.19.2".into(), "2.30.1".into())]
        );
    }
}
