//! BIOS settings over Redfish: the current attributes, the pending ones in the
//! settings object, the apply times the BMC supports, the attribute registry
//! found through /redfish/v1/Registries, changing values and ResetBios.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::resources::{link_of, AttributeRegistry, Bios, ComputerSystem};
use crate::{Client, Error};

/// One system's BIOS as the editor needs it.
#[derive(Debug, Clone, Default)]
pub struct BiosReading {
    pub bios_path: String,
    pub registry_id: Option<String>,
    pub current: BTreeMap<String, Value>,
    /// Values waiting for the next reset: only those that differ from current.
    pub pending: BTreeMap<String, Value>,
    /// Where changes are PATCHed; the Bios resource itself when it names none.
    pub settings_path: String,
    /// `OnReset`, `Immediate`, ... as `@Redfish.Settings` lists them.
    pub apply_times: Vec<String>,
    pub reset_bios_target: Option<String>,
    /// Absent when the BMC publishes no registry (or one this client cannot find).
    pub registry: Option<AttributeRegistry>,
}

fn reset_target(bios: &Bios) -> Option<String> {
    bios.extra
        .get("Actions")
        .and_then(|a| a.get("#Bios.ResetBios"))
        .and_then(|a| a.get("target"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The registry file whose `Registry` or `Id` names the Bios's
/// `AttributeRegistry` (versions may be shortened), read from its English location.
async fn find_registry(client: &Client, wanted: &str) -> Result<Option<AttributeRegistry>, Error> {
    let root = client.service_root().await?;
    let Some(collection) = link_of(&root.registries).map(str::to_owned) else {
        return Ok(None);
    };
    let files: Vec<Value> = match client.members(&collection).await {
        Ok(files) => files,
        Err(e) if e.status() == Some(404) => return Ok(None),
        Err(e) => return Err(e),
    };
    let names = |file: &Value| -> bool {
        ["Registry", "Id"].iter().any(|key| {
            file.get(*key)
                .and_then(Value::as_str)
                .is_some_and(|name| !name.is_empty() && wanted.starts_with(name))
        })
    };
    let Some(file) = files.iter().find(|f| names(f)) else {
        return Ok(None);
    };
    let locations = file
        .get("Location")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let english = locations
        .iter()
        .find(|l| l.get("Language").and_then(Value::as_str) == Some("en"))
        .or(locations.first());
    let Some(uri) = english
        .and_then(|l| l.get("Uri"))
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return Ok(None);
    };
    match client.get::<AttributeRegistry>(&uri).await {
        Ok(registry) => Ok(Some(registry)),
        Err(e) if e.status() == Some(404) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Reads the BIOS of a system, or says it has none.
pub async fn read_bios(client: &Client, system_path: &str) -> Result<BiosReading, Error> {
    let system: ComputerSystem = client.get(system_path).await?;
    let bios_path = link_of(&system.bios).map(str::to_owned).ok_or_else(|| {
        Error::Invalid(format!(
            "{}: {system_path} has no Bios resource",
            client.base_url()
        ))
    })?;
    let bios: Bios = client.get(&bios_path).await?;
    let settings = bios.settings.clone().unwrap_or_default();
    let settings_path = settings
        .settings_object
        .as_ref()
        .map(|l| l.odata_id.clone())
        .unwrap_or_else(|| bios_path.clone());
    let pending = if settings_path != bios_path {
        match client.get::<Bios>(&settings_path).await {
            Ok(future) => future
                .attributes
                .into_iter()
                .filter(|(k, v)| bios.attributes.get(k) != Some(v))
                .collect(),
            // A settings object that is linked but absent holds nothing pending.
            Err(e) if e.status() == Some(404) => BTreeMap::new(),
            Err(e) => return Err(e),
        }
    } else {
        BTreeMap::new()
    };
    let registry = match &bios.attribute_registry {
        Some(name) => find_registry(client, name).await?,
        None => None,
    };
    Ok(BiosReading {
        registry_id: bios.attribute_registry.clone(),
        reset_bios_target: reset_target(&bios),
        current: bios.attributes,
        pending,
        settings_path,
        apply_times: settings.supported_apply_times,
        registry,
        bios_path,
    })
}

/// PATCHes attribute values to the settings object, with the apply time when
/// the BMC lists apply times (others take the values for the next reset).
pub async fn set_attributes(
    client: &Client,
    settings_path: &str,
    values: &BTreeMap<String, Value>,
    apply_time: Option<&str>,
) -> Result<(), Error> {
    let mut body = json!({ "Attributes": values });
    if let Some(time) = apply_time {
        body["@Redfish.SettingsApplyTime"] = json!({ "ApplyTime": time });
    }
    client.patch(settings_path, body, None).await?;
    Ok(())
}

/// Asks for every attribute's default at the next reset.
pub async fn reset_to_defaults(client: &Client, reading: &BiosReading) -> Result<(), Error> {
    let target = reading.reset_bios_target.clone().unwrap_or_else(|| {
        format!(
            "{}/Actions/Bios.ResetBios",
            reading.bios_path.trim_end_matches('/')
        )
    });
    client.action(&target, json!({})).await?;
    Ok(())
}
