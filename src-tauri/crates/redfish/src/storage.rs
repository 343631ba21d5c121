//! Hardware RAID over Redfish: the controllers with the RAID types they
//! support, the drives as a bay map (free or in which volume), the volumes, and
//! creating and deleting volumes (a 201 with Location, or a 202 task followed
//! to its end).

use futures_util::future::join_all;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use specta::Type;

use crate::resources::{link_of, ComputerSystem, Drive, Storage, Volume};
use crate::{Client, Error, Outcome};

/// One storage subsystem as the RAID wizard shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StorageView {
    pub path: String,
    pub id: String,
    pub name: Option<String>,
    pub controller: Option<String>,
    /// Redfish `RAIDType` values ("RAID1", "RAID10", ...).
    pub raid_types: Vec<String>,
    pub drives: Vec<BayDrive>,
    pub volumes: Vec<VolumeView>,
    /// Where new volumes are POSTed.
    pub volumes_path: Option<String>,
    /// What a new volume may ask for, where the controller says.
    pub options: VolumeOptions,
}

/// The strip sizes and cache policies a controller offers for new volumes, from
/// the `@Redfish.AllowableValues` annotations of its Volumes collection; empty
/// where it does not say (the wizard then leaves them to the controller).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct VolumeOptions {
    #[specta(type = Vec<specta_typescript::Number>)]
    pub strip_sizes: Vec<u64>,
    pub write_cache: Vec<String>,
    pub read_cache: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BayDrive {
    pub path: String,
    pub id: String,
    pub model: Option<String>,
    pub serial: Option<String>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub capacity_bytes: Option<u64>,
    pub media_type: Option<String>,
    pub protocol: Option<String>,
    pub health: Option<String>,
    /// The volume it belongs to (as a member or a dedicated spare), if any.
    pub volume: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct VolumeView {
    pub path: String,
    pub id: String,
    pub name: Option<String>,
    pub raid_type: Option<String>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub capacity_bytes: Option<u64>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub strip_size_bytes: Option<u64>,
    pub write_cache_policy: Option<String>,
    pub read_cache_policy: Option<String>,
    pub health: Option<String>,
    pub drives: Vec<String>,
    pub spares: Vec<String>,
}

/// A volume to create: drives by their resource paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVolume {
    pub name: Option<String>,
    pub raid_type: String,
    pub drives: Vec<String>,
    pub spares: Vec<String>,
    /// All of the drives when absent.
    pub capacity_bytes: Option<u64>,
    pub strip_size_bytes: Option<u64>,
    pub write_cache_policy: Option<String>,
    pub read_cache_policy: Option<String>,
}

/// How long a controller may take to delete a volume it answered 202 for.
const DELETE_DEADLINE: std::time::Duration = std::time::Duration::from_secs(600);

fn last_segment(path: &str) -> String {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .to_owned()
}

fn volume_view(path: &str, v: Volume) -> VolumeView {
    VolumeView {
        path: v.odata_id.unwrap_or_else(|| path.to_owned()),
        id: v.id.unwrap_or_else(|| last_segment(path)),
        name: v.name,
        raid_type: v.raid_type,
        capacity_bytes: v.capacity_bytes,
        strip_size_bytes: v.strip_size_bytes,
        write_cache_policy: v.write_cache_policy,
        read_cache_policy: v.read_cache_policy,
        health: v.status.and_then(|s| s.health),
        drives: v.links.drives.into_iter().map(|l| l.odata_id).collect(),
        spares: v
            .links
            .dedicated_spare_drives
            .into_iter()
            .map(|l| l.odata_id)
            .collect(),
    }
}

async fn read_one(client: &Client, storage: Storage) -> Result<StorageView, Error> {
    let path = storage.odata_id.clone().unwrap_or_default();
    let volumes_path = storage.volumes.as_ref().map(|l| l.odata_id.clone());
    let (volumes, options): (Vec<VolumeView>, VolumeOptions) = match &volumes_path {
        Some(collection) => {
            let body: Value = client.get(collection).await?;
            let links: Vec<String> =
                serde_json::from_value::<crate::resources::Collection>(body.clone())
                    .unwrap_or_default()
                    .links();
            let volumes = join_all(links.iter().map(|l| client.get::<Volume>(l)))
                .await
                .into_iter()
                .zip(&links)
                .map(|(v, l)| v.map(|v| volume_view(l, v)))
                .collect::<Result<_, _>>()?;
            (volumes, volume_options(&body))
        }
        None => (Vec::new(), VolumeOptions::default()),
    };
    let drive_links: Vec<String> = storage.drives.iter().map(|d| d.odata_id.clone()).collect();
    let drives: Vec<Drive> = join_all(drive_links.iter().map(|l| client.get::<Drive>(l)))
        .await
        .into_iter()
        .collect::<Result<_, _>>()?;
    let drives = drives
        .into_iter()
        .zip(&drive_links)
        .map(|(d, link)| {
            let path = d.odata_id.clone().unwrap_or_else(|| link.clone());
            let volume = volumes
                .iter()
                .find(|v| v.drives.contains(&path) || v.spares.contains(&path))
                .map(|v| v.id.clone());
            BayDrive {
                id: d.id.unwrap_or_else(|| last_segment(&path)),
                path,
                model: d.model,
                serial: d.serial_number,
                capacity_bytes: d.capacity_bytes,
                media_type: d.media_type,
                protocol: d.protocol,
                health: d.status.and_then(|s| s.health),
                volume,
            }
        })
        .collect();
    let controller = storage.storage_controllers.first();
    Ok(StorageView {
        id: storage.id.clone().unwrap_or_else(|| last_segment(&path)),
        name: storage.name.clone(),
        controller: controller.and_then(|c| c.model.clone().or(c.name.clone())),
        raid_types: storage
            .storage_controllers
            .iter()
            .flat_map(|c| c.supported_raid_types.iter().cloned())
            .fold(Vec::new(), |mut all, t| {
                if !all.contains(&t) {
                    all.push(t);
                }
                all
            }),
        path,
        drives,
        volumes,
        volumes_path,
        options,
    })
}

fn volume_options(collection: &Value) -> VolumeOptions {
    let allowed = |property: &str| -> Vec<Value> {
        collection
            .get(format!("{property}@Redfish.AllowableValues"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let texts = |property: &str| -> Vec<String> {
        allowed(property)
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    };
    VolumeOptions {
        strip_sizes: allowed("StripSizeBytes")
            .iter()
            .filter_map(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
            .collect(),
        write_cache: texts("WriteCachePolicy"),
        read_cache: texts("ReadCachePolicy"),
    }
}

/// Every storage subsystem of a system, with its drives and volumes.
pub async fn read_storage(client: &Client, system_path: &str) -> Result<Vec<StorageView>, Error> {
    let system: ComputerSystem = client.get(system_path).await?;
    let Some(collection) = link_of(&system.storage) else {
        return Ok(Vec::new());
    };
    let storages: Vec<Storage> = client.members(collection).await?;
    let mut views = Vec::with_capacity(storages.len());
    for storage in storages {
        views.push(read_one(client, storage).await?);
    }
    Ok(views)
}

fn links(paths: &[String]) -> Value {
    Value::Array(paths.iter().map(|p| json!({ "@odata.id": p })).collect())
}

/// Creates a volume and returns its path, following a task when the BMC
/// answers 202; the volume is then read back, so a path returned exists.
pub async fn create_volume(
    client: &Client,
    volumes_path: &str,
    new: &NewVolume,
) -> Result<VolumeView, Error> {
    let mut body = json!({ "RAIDType": new.raid_type, "Links": { "Drives": links(&new.drives) } });
    if let Some(name) = &new.name {
        body["Name"] = json!(name);
    }
    if !new.spares.is_empty() {
        body["Links"]["DedicatedSpareDrives"] = links(&new.spares);
    }
    if let Some(bytes) = new.capacity_bytes {
        body["CapacityBytes"] = json!(bytes);
    }
    if let Some(bytes) = new.strip_size_bytes {
        body["StripSizeBytes"] = json!(bytes);
    }
    if let Some(policy) = &new.write_cache_policy {
        body["WriteCachePolicy"] = json!(policy);
    }
    if let Some(policy) = &new.read_cache_policy {
        body["ReadCachePolicy"] = json!(policy);
    }
    let created = match client.action(volumes_path, body).await? {
        Outcome::Done(answer) => answer
            .location
            .clone()
            .or_else(|| answer.json::<Volume>().ok().and_then(|v| v.odata_id)),
        Outcome::Task(task) => {
            if !task.succeeded() {
                return Err(Error::Invalid(format!(
                    "{}: creating the volume ended {}: {}",
                    client.base_url(),
                    task.task_state.as_deref().unwrap_or("unfinished"),
                    task.message().unwrap_or_default()
                )));
            }
            None
        }
    };
    let path = match created {
        Some(location) => location_path(&location),
        // A task that named no volume: find the new one by its drives.
        None => find_by_drives(client, volumes_path, &new.drives).await?,
    };
    let volume: Volume = client.get(&path).await?;
    Ok(volume_view(&path, volume))
}

/// A Location header may be absolute; the client wants the path.
fn location_path(location: &str) -> String {
    match location.find("/redfish/") {
        Some(at) => location[at..].to_owned(),
        None => location.to_owned(),
    }
}

async fn find_by_drives(
    client: &Client,
    volumes_path: &str,
    drives: &[String],
) -> Result<String, Error> {
    let links = client
        .get::<crate::resources::Collection>(volumes_path)
        .await?
        .links();
    for link in links {
        let volume: Volume = client.get(&link).await?;
        let members: Vec<&str> = volume
            .links
            .drives
            .iter()
            .map(|l| l.odata_id.as_str())
            .collect();
        if drives.iter().all(|d| members.contains(&d.as_str())) {
            return Ok(link);
        }
    }
    Err(Error::Invalid(format!(
        "{}: the BMC reported the volume created but lists no volume on those drives",
        client.base_url()
    )))
}

pub async fn delete_volume(client: &Client, volume_path: &str) -> Result<(), Error> {
    let answer = client.delete(volume_path).await?;
    if answer.status.as_u16() == 202 {
        if let Some(monitor) = answer.location.clone() {
            let task = client.follow_task(&monitor, DELETE_DEADLINE).await?;
            if !task.succeeded() {
                return Err(Error::Invalid(format!(
                    "{}: deleting the volume ended {}: {}",
                    client.base_url(),
                    task.task_state.as_deref().unwrap_or("unfinished"),
                    task.message().unwrap_or_default()
                )));
            }
        }
    }
    Ok(())
}
