//! Storage: the RAID controller, its drives and volumes, and drive secure erase.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};
use tokio::time::Instant;

use super::error::{RedfishError, RedfishResult};
use super::root::odata_type;
use super::tasks::accepted;
use super::{
    action_body, body_object, collection, link, member, resource, status, string_field, Shared,
};
use crate::model::{Drive, Media, VENDOR};
use crate::server::SimServer;
use crate::storage::{NewVolume, READ_CACHE, WRITE_CACHE};
use crate::tasks::Effect;

const STORAGE: &str = "/redfish/v1/Systems/1/Storage";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(STORAGE, get(list))
        .route("/redfish/v1/Systems/1/Storage/{storage}", get(controller))
        .route(
            "/redfish/v1/Systems/1/Storage/{storage}/Drives/{drive}",
            get(drive),
        )
        .route(
            "/redfish/v1/Systems/1/Storage/{storage}/Drives/{drive}/Actions/Drive.SecureErase",
            post(secure_erase),
        )
        .route(
            "/redfish/v1/Systems/1/Storage/{storage}/Volumes",
            get(volumes).post(create_volume),
        )
        .route(
            "/redfish/v1/Systems/1/Storage/{storage}/Volumes/{volume}",
            get(volume).delete(delete_volume),
        )
}

fn base(server: &SimServer) -> String {
    format!("{STORAGE}/{}", server.hardware.controller.id)
}

fn drive_uri(server: &SimServer, id: &str) -> String {
    format!("{}/Drives/{id}", base(server))
}

fn check_storage(server: &SimServer, storage: &str) -> RedfishResult<()> {
    if storage == server.hardware.controller.id {
        Ok(())
    } else {
        Err(RedfishError::not_found("Storage", storage))
    }
}

async fn list(State(server): State<Shared>) -> Response {
    resource(collection(
        STORAGE,
        "StorageCollection",
        "Storage Collection",
        [base(&server)],
    ))
}

async fn controller(
    State(server): State<Shared>,
    Path(storage): Path<String>,
) -> RedfishResult<Response> {
    check_storage(&server, &storage)?;
    let c = &server.hardware.controller;
    let drives: Vec<Value> = server
        .hardware
        .drives
        .iter()
        .map(|d| link(&drive_uri(&server, &d.id)))
        .collect();
    Ok(resource(json!({
        "@odata.id": base(&server),
        "@odata.type": odata_type("Storage"),
        "Id": c.id,
        "Name": c.model,
        "Status": status("OK"),
        "StorageControllers": [{
            "@odata.id": format!("{}#/StorageControllers/0", base(&server)),
            "MemberId": "0",
            "Name": c.model,
            "Manufacturer": VENDOR,
            "Model": c.model,
            "FirmwareVersion": server.state().firmware.version(c.id),
            "SupportedRAIDTypes": c.raid_types,
            "SupportedDeviceProtocols": ["SAS", "SATA"],
            "SpeedGbps": 12,
            "Status": status("OK"),
        }],
        "Drives@odata.count": drives.len(),
        "Drives": drives,
        "Volumes": link(&format!("{}/Volumes", base(&server))),
        "Links": { "Enclosures": [link(super::CHASSIS)] },
    })))
}

fn find_drive<'a>(server: &'a SimServer, id: &str) -> RedfishResult<(usize, &'a Drive)> {
    server
        .hardware
        .drives
        .iter()
        .enumerate()
        .find(|(_, d)| d.id == id)
        .ok_or_else(|| RedfishError::not_found("Drive", id))
}

async fn drive(
    State(server): State<Shared>,
    Path((storage, id)): Path<(String, String)>,
) -> RedfishResult<Response> {
    check_storage(&server, &storage)?;
    let (index, d) = find_drive(&server, &id)?;
    let state = server.state();
    let ds = &state.storage.drives[index];
    let volume = state.storage.used_by(&d.id);
    let mut body = json!({
        "@odata.id": drive_uri(&server, &d.id),
        "@odata.type": odata_type("Drive"),
        "Id": d.id,
        "Name": format!("Drive in bay {}", d.bay),
        "Manufacturer": VENDOR,
        "Model": d.model,
        "SerialNumber": d.serial,
        "Revision": d.firmware,
        "CapacityBytes": d.capacity_bytes,
        "MediaType": if d.media == Media::Ssd { "SSD" } else { "HDD" },
        "Protocol": d.protocol,
        "BlockSizeBytes": 512,
        "PhysicalLocation": { "PartLocation": { "LocationOrdinalValue": d.bay, "LocationType": "Bay", "ServiceLabel": format!("Bay {}", d.bay) } },
        "HotspareType": if ds.spare_for.is_some() { "Dedicated" } else { "None" },
        "FailurePredicted": false,
        "Status": status(d.health.as_str()),
        "Links": { "Volumes": volume.map(|v| vec![link(&format!("{}/Volumes/{}", base(&server), v.id))]).unwrap_or_default() },
        "Actions": {
            "#Drive.SecureErase": {
                "target": format!("{}/Actions/Drive.SecureErase", drive_uri(&server, &d.id)),
                "SanitizationType@Redfish.AllowableValues": d.erase_methods,
            }
        },
        "Oem": { "RacksmithLab": {
            "Sanitized": ds.sanitized.is_some(),
            "SanitizationType": ds.sanitized.as_ref().map(|s| s.method.clone()),
            "SanitizedAt": ds.sanitized.as_ref().map(|s| s.at.clone()),
        } },
    });
    if let Some(task) = ds.erasing.and_then(|t| state.tasks.get(&t.to_string())) {
        body["Operations"] = json!([{ "OperationName": "Sanitize", "PercentageComplete": task.percent, "AssociatedTask": link(&task.uri()) }]);
    }
    Ok(resource(body))
}

/// Seconds a real drive takes to sanitize by this method.
fn erase_seconds(d: &Drive, method: &str) -> f64 {
    match method {
        "CryptographicErase" => 6.0,
        "BlockErase" => 90.0,
        // Overwrite writes every block: about 200 MB/s.
        _ => d.capacity_bytes as f64 / 200e6,
    }
}

async fn secure_erase(
    State(server): State<Shared>,
    Path((storage, id)): Path<(String, String)>,
    body: Bytes,
) -> RedfishResult<Response> {
    check_storage(&server, &storage)?;
    let (index, d) = find_drive(&server, &id)?;
    let map = action_body(&body)?;
    let method = match string_field(&map, "SanitizationType")? {
        None => d.erase_methods[0].to_owned(),
        Some(m) if d.erase_methods.contains(&m) => m.to_owned(),
        Some(m) => {
            return Err(RedfishError::action_parameter_not_in_list(
                m,
                "SanitizationType",
                "Drive.SecureErase",
            ))
        }
    };
    let mut state = server.state();
    if let Some(v) = state.storage.used_by(&d.id) {
        let why = format!(
            "drive {} belongs to volume {}; delete the volume first",
            d.id, v.name
        );
        return Err(RedfishError::resource_in_use().because(why));
    }
    if state.storage.drives[index].erasing.is_some() {
        return Err(RedfishError::resource_in_use()
            .because(format!("drive {} is already being erased", d.id)));
    }
    let fails_with =
        if d.health.as_str() == "Critical" || server.faults().failing_drives.contains(&d.id) {
            Some(format!(
                "Drive {} reported a media error during the erase; it is not sanitized.",
                d.id
            ))
        } else {
            None
        };
    let slow = server.faults().slow_tasks.unwrap_or(1.0);
    let duration = server.clock.scaled(erase_seconds(d, &method) * slow);
    let task = state.tasks.start(
        format!("Secure erase of {} ({method})", d.id),
        duration,
        Instant::now(),
        Effect::EraseDrive {
            drive: d.id.clone(),
            method: method.clone(),
        },
        fails_with,
    );
    state.storage.drives[index].erasing = Some(task.id);
    state.storage.drives[index].sanitized = None;
    state.log("OK", format!("A {method} erase of drive {} started.", d.id));
    drop(state);
    server.replanned();
    Ok(accepted(&task))
}

fn volume_json(server: &SimServer, v: &crate::storage::Volume) -> Value {
    let drives: Vec<Value> = v
        .drives
        .iter()
        .map(|d| link(&drive_uri(server, d)))
        .collect();
    let spares: Vec<Value> = v
        .spares
        .iter()
        .map(|d| link(&drive_uri(server, d)))
        .collect();
    json!({
        "@odata.id": format!("{}/Volumes/{}", base(server), v.id),
        "@odata.type": odata_type("Volume"),
        "Id": v.id,
        "Name": v.name,
        "RAIDType": v.raid_type,
        "CapacityBytes": v.capacity_bytes,
        "StripSizeBytes": v.strip_size_bytes,
        "WriteCachePolicy": v.write_cache,
        "ReadCachePolicy": v.read_cache,
        "Status": status("OK"),
        "Links": { "Drives": drives, "DedicatedSpareDrives": spares },
        "Oem": { "RacksmithLab": { "DriveFailuresTolerated": v.tolerates } },
    })
}

async fn volumes(
    State(server): State<Shared>,
    Path(storage): Path<String>,
) -> RedfishResult<Response> {
    check_storage(&server, &storage)?;
    let ids: Vec<String> = server
        .state()
        .storage
        .volumes
        .iter()
        .map(|v| format!("{}/Volumes/{}", base(&server), v.id))
        .collect();
    let mut body = collection(
        &format!("{}/Volumes", base(&server)),
        "VolumeCollection",
        "Volume Collection",
        ids,
    );
    // What a new volume may ask for, as controllers annotate their collection.
    let strips: Vec<u64> = server
        .hardware
        .controller
        .stripe_sizes_kib
        .iter()
        .map(|k| u64::from(*k) * 1024)
        .collect();
    body["StripSizeBytes@Redfish.AllowableValues"] = json!(strips);
    body["WriteCachePolicy@Redfish.AllowableValues"] = json!(WRITE_CACHE);
    body["ReadCachePolicy@Redfish.AllowableValues"] = json!(READ_CACHE);
    Ok(resource(body))
}

fn drive_ids(
    server: &SimServer,
    links: &Map<String, Value>,
    key: &str,
) -> RedfishResult<Vec<String>> {
    let Some(list) = links.get(key) else {
        return Ok(Vec::new());
    };
    let list = list
        .as_array()
        .ok_or_else(|| RedfishError::property_value_type_error(list, key))?;
    let prefix = format!("{}/Drives/", base(server));
    list.iter()
        .map(|entry| {
            let uri = entry["@odata.id"]
                .as_str()
                .ok_or_else(|| RedfishError::property_value_type_error(entry, key))?;
            uri.strip_prefix(&prefix)
                .map(str::to_owned)
                .ok_or_else(|| RedfishError::property_value_not_in_list(uri, key))
        })
        .collect()
}

async fn create_volume(
    State(server): State<Shared>,
    Path(storage): Path<String>,
    body: Bytes,
) -> RedfishResult<Response> {
    check_storage(&server, &storage)?;
    let map = body_object(&body)?;
    let raid_type = string_field(&map, "RAIDType")?
        .ok_or_else(|| RedfishError::create_missing_property("RAIDType"))?;
    let links = match map.get("Links") {
        Some(Value::Object(links)) => links.clone(),
        Some(other) => return Err(RedfishError::property_value_type_error(other, "Links")),
        None => return Err(RedfishError::create_missing_property("Links/Drives")),
    };
    let drives = drive_ids(&server, &links, "Drives")?;
    if drives.is_empty() {
        return Err(RedfishError::create_missing_property("Links/Drives"));
    }
    let capacity_bytes = match map.get("CapacityBytes") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or_else(|| RedfishError::property_value_type_error(v, "CapacityBytes"))?,
        ),
    };
    let strip_size_bytes = match map.get("StripSizeBytes") {
        None => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or_else(|| RedfishError::property_value_type_error(v, "StripSizeBytes"))?,
        ),
    };
    let new = NewVolume {
        name: string_field(&map, "Name")?.map(str::to_owned),
        raid_type: raid_type.to_owned(),
        capacity_bytes,
        drives,
        spares: drive_ids(&server, &links, "DedicatedSpareDrives")?,
        strip_size_bytes,
        write_cache: super::enum_field(&map, "WriteCachePolicy", &WRITE_CACHE)?,
        read_cache: super::enum_field(&map, "ReadCachePolicy", &READ_CACHE)?,
    };
    let mut state = server.state();
    let volume = state.storage.create(&server.hardware, new).map_err(|why| {
        RedfishError::property_value_conflict("RAIDType", raid_type, base(&server)).because(why)
    })?;
    state.log(
        "OK",
        format!("Volume {} ({}) was created.", volume.name, volume.raid_type),
    );
    let body = volume_json(&server, &volume);
    let mut response = (StatusCode::CREATED, axum::Json(body)).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("{}/Volumes/{}", base(&server), volume.id))
    {
        response.headers_mut().insert("location", location);
    }
    Ok(response)
}

async fn volume(
    State(server): State<Shared>,
    Path((storage, id)): Path<(String, String)>,
) -> RedfishResult<Response> {
    check_storage(&server, &storage)?;
    let state = server.state();
    let v = member(&state.storage.volumes, &id, "Volume", |v| &v.id)?;
    Ok(resource(volume_json(&server, v)))
}

async fn delete_volume(
    State(server): State<Shared>,
    Path((storage, id)): Path<(String, String)>,
) -> RedfishResult<Response> {
    check_storage(&server, &storage)?;
    let mut state = server.state();
    let volume = state
        .storage
        .delete(&server.hardware, &id)
        .ok_or_else(|| RedfishError::not_found("Volume", &id))?;
    state.log("OK", format!("Volume {} was deleted.", volume.name));
    Ok(StatusCode::NO_CONTENT.into_response())
}
