//! UpdateService: the firmware inventory, SimpleUpdate by URL and multipart push,
//! each a task that stages the image to apply at once, at the next reset, or when
//! a maintenance window opens.

use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use tokio::time::Instant;

use super::error::{RedfishError, RedfishResult};
use super::root::odata_type;
use super::tasks::accepted;
use super::{
    action_body, body_object, check_if_match, collection, link, only_writable, resource, status,
    string_field, Shared,
};
use crate::firmware::{read_package, ApplyAt};
use crate::server::SimServer;
use crate::tasks::Effect;

const SERVICE: &str = "/redfish/v1/UpdateService";
const INVENTORY: &str = "/redfish/v1/UpdateService/FirmwareInventory";
const PUSH: &str = "/redfish/v1/UpdateService/upload";
const APPLY_TIMES: [&str; 3] = ["Immediate", "OnReset", "AtMaintenanceWindowStart"];

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(SERVICE, get(service).patch(update_service))
        .route(INVENTORY, get(inventory))
        .route(
            "/redfish/v1/UpdateService/FirmwareInventory/{id}",
            get(component),
        )
        .route(
            "/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate",
            post(simple_update),
        )
        .route(PUSH, post(push))
}

fn apply_support(window: &(String, u64)) -> Value {
    json!({
        "SupportedValues": APPLY_TIMES,
        "MaintenanceWindowStartTime": window.0,
        "MaintenanceWindowDurationInSeconds": window.1,
        "MaintenanceWindowResource": link(SERVICE),
    })
}

fn service_json(server: &SimServer) -> Value {
    let window = server.state().maintenance_window.clone();
    json!({
        "@odata.id": SERVICE,
        "@odata.type": odata_type("UpdateService"),
        "Id": "UpdateService",
        "Name": "Update Service",
        "ServiceEnabled": true,
        "Status": status("OK"),
        "FirmwareInventory": link(INVENTORY),
        "MultipartHttpPushUri": PUSH,
        "@Redfish.OperationApplyTimeSupport": apply_support(&window),
        "@Redfish.MaintenanceWindow": {
            "MaintenanceWindowStartTime": window.0,
            "MaintenanceWindowDurationInSeconds": window.1,
        },
        "Actions": {
            "#UpdateService.SimpleUpdate": {
                "target": "/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate",
                "TransferProtocol@Redfish.AllowableValues": ["HTTP"],
                "@Redfish.OperationApplyTimeSupport": apply_support(&window),
            }
        },
    })
}

async fn service(State(server): State<Shared>) -> Response {
    resource(service_json(&server))
}

/// Reads a maintenance window from `@Redfish.MaintenanceWindow`.
fn window_of(map: &Map<String, Value>) -> RedfishResult<Option<(String, u64)>> {
    let Some(window) = map.get("@Redfish.MaintenanceWindow") else {
        return Ok(None);
    };
    let start = window["MaintenanceWindowStartTime"]
        .as_str()
        .ok_or_else(|| RedfishError::property_missing("MaintenanceWindowStartTime"))?;
    OffsetDateTime::parse(start, &Rfc3339).map_err(|_| {
        RedfishError::property_value_type_error(start, "MaintenanceWindowStartTime")
    })?;
    let seconds = window["MaintenanceWindowDurationInSeconds"]
        .as_u64()
        .ok_or_else(|| RedfishError::property_missing("MaintenanceWindowDurationInSeconds"))?;
    Ok(Some((start.to_owned(), seconds)))
}

async fn update_service(
    State(server): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> RedfishResult<Response> {
    let map = body_object(&body)?;
    let current = service_json(&server);
    check_if_match(&headers, &current)?;
    only_writable(&map, &["@Redfish.MaintenanceWindow"], &current)?;
    if let Some(window) = window_of(&map)? {
        server.state().maintenance_window = window;
    }
    Ok(resource(service_json(&server)))
}

async fn inventory(State(server): State<Shared>) -> Response {
    let ids: Vec<String> = server
        .state()
        .firmware
        .components
        .iter()
        .map(|c| format!("{INVENTORY}/{}", c.id))
        .collect();
    resource(collection(
        INVENTORY,
        "SoftwareInventoryCollection",
        "Firmware Inventory",
        ids,
    ))
}

async fn component(
    State(server): State<Shared>,
    Path(id): Path<String>,
) -> RedfishResult<Response> {
    let state = server.state();
    let c = state
        .firmware
        .get(&id)
        .ok_or_else(|| RedfishError::not_found("SoftwareInventory", &id))?;
    let staged = c.staged.as_ref();
    Ok(resource(json!({
        "@odata.id": format!("{INVENTORY}/{}", c.id),
        "@odata.type": odata_type("SoftwareInventory"),
        "Id": c.id,
        "Name": c.name,
        "Version": c.version,
        "Updateable": true,
        "Status": status("OK"),
        "Oem": { "RacksmithLab": {
            "StagedVersion": staged.map(|s| s.version.clone()),
            "ApplyTime": staged.map(|s| match s.apply {
                ApplyAt::Immediate => "Immediate",
                ApplyAt::OnReset => "OnReset",
                ApplyAt::MaintenanceWindow { .. } => "AtMaintenanceWindowStart",
            }),
        } },
    })))
}

/// When an update should apply, from `@Redfish.OperationApplyTime`.
fn apply_at(server: &SimServer, map: &Map<String, Value>) -> RedfishResult<ApplyAt> {
    let chosen = super::enum_field(map, "@Redfish.OperationApplyTime", &APPLY_TIMES)?;
    Ok(match chosen.as_deref() {
        None | Some("Immediate") => ApplyAt::Immediate,
        Some("OnReset") => ApplyAt::OnReset,
        _ => {
            let (start, seconds) = match window_of(map)? {
                Some(window) => window,
                None => server.state().maintenance_window.clone(),
            };
            let at = OffsetDateTime::parse(&start, &Rfc3339)
                .map_err(|_| RedfishError::property_missing("@Redfish.MaintenanceWindow"))?;
            // Wall-clock window to lab time: how far away it is, from now.
            let wait = (at - OffsetDateTime::now_utc()).as_seconds_f64().max(0.0);
            ApplyAt::MaintenanceWindow {
                start: Instant::now() + std::time::Duration::from_secs_f64(wait),
                seconds,
            }
        }
    })
}

/// Starts the task that checks and stages a downloaded image.
fn start_update(
    server: &SimServer,
    image: Result<Vec<u8>, String>,
    targets: &[String],
    apply: ApplyAt,
) -> Response {
    let mut state = server.state();
    let package = image.and_then(|bytes| read_package(&bytes));
    let (component, version, fails_with) = match package {
        Ok((component, version)) if state.firmware.get(&component).is_none() => {
            let why = format!("The image is for {component}, which this server does not have.");
            (component, version, Some(why))
        }
        Ok((component, version))
            if !targets.is_empty()
                && !targets
                    .iter()
                    .any(|t| t.ends_with(&format!("/{component}"))) =>
        {
            let why = format!("The image is for {component}, not for the targets named.");
            (component, version, Some(why))
        }
        Ok((component, version)) => (component, version, None),
        Err(why) => (
            String::from("unknown"),
            String::new(),
            Some(format!("The update failed: {why}.")),
        ),
    };
    let seconds = match component.as_str() {
        "BMC" => 30.0,
        "BIOS" => 20.0,
        _ => 15.0,
    } * server.faults().slow_tasks.unwrap_or(1.0);
    let task = state.tasks.start(
        format!("Firmware update of {component}"),
        server.clock.scaled(seconds),
        Instant::now(),
        Effect::StageFirmware {
            component: component.clone(),
            version: version.clone(),
            apply,
        },
        fails_with,
    );
    state.log(
        "OK",
        format!("A firmware update of {component} to {version} started."),
    );
    drop(state);
    server.replanned();
    accepted(&task)
}

fn targets_of(map: &Map<String, Value>) -> RedfishResult<Vec<String>> {
    match map.get("Targets") {
        None => Ok(Vec::new()),
        Some(Value::Array(list)) => list
            .iter()
            .map(|t| {
                t.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| RedfishError::property_value_type_error(t, "Targets"))
            })
            .collect(),
        Some(other) => Err(RedfishError::property_value_type_error(other, "Targets")),
    }
}

async fn simple_update(State(server): State<Shared>, body: Bytes) -> RedfishResult<Response> {
    let map = action_body(&body)?;
    let uri = string_field(&map, "ImageURI")?.ok_or_else(|| {
        RedfishError::action_parameter_missing("UpdateService.SimpleUpdate", "ImageURI")
    })?;
    if let Some(protocol) = string_field(&map, "TransferProtocol")? {
        if protocol != "HTTP" {
            return Err(RedfishError::action_parameter_not_in_list(
                protocol,
                "TransferProtocol",
                "UpdateService.SimpleUpdate",
            ));
        }
    }
    let targets = targets_of(&map)?;
    let apply = apply_at(&server, &map)?;
    let image = crate::fetch::download(uri).await;
    Ok(start_update(&server, image, &targets, apply))
}

/// Multipart push: an `UpdateParameters` JSON part and an `UpdateFile` part.
async fn push(State(server): State<Shared>, mut multipart: Multipart) -> RedfishResult<Response> {
    let mut parameters = Map::new();
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| {
        RedfishError::malformed_json().because("the multipart body could not be read")
    })? {
        match field.name() {
            Some("UpdateParameters") => {
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| RedfishError::malformed_json())?;
                parameters = body_object(&bytes)?;
            }
            Some("UpdateFile") => {
                file = Some(field.bytes().await.map_err(|_| {
                    RedfishError::malformed_json().because("the update file could not be read")
                })?);
            }
            _ => {}
        }
    }
    let file = file
        .ok_or_else(|| RedfishError::action_parameter_missing("MultipartHttpPush", "UpdateFile"))?;
    let targets = targets_of(&parameters)?;
    let apply = apply_at(&server, &parameters)?;
    Ok(start_update(&server, Ok(file.to_vec()), &targets, apply))
}
