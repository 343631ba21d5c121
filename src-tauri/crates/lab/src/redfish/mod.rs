//! The Redfish service of one simulated BMC.

pub mod error;

mod accounts;
mod auth;
mod bios;
mod chassis;
mod events;
mod kvm;
mod lab_control;
mod managers;
mod root;
mod sessions;
mod storage;
mod systems;
mod tasks;
mod update;

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Map, Value};

use crate::server::SimServer;
use error::{RedfishError, RedfishResult};

pub type Shared = Arc<SimServer>;

pub const SYSTEM: &str = "/redfish/v1/Systems/1";
pub const CHASSIS: &str = "/redfish/v1/Chassis/1";
pub const MANAGER: &str = "/redfish/v1/Managers/1";

pub fn router(server: Shared) -> Router {
    Router::new()
        .merge(root::routes())
        .merge(sessions::routes())
        .merge(accounts::routes())
        .merge(systems::routes())
        .merge(bios::routes())
        .merge(chassis::routes())
        .merge(managers::routes())
        .merge(storage::routes())
        .merge(tasks::routes())
        .merge(update::routes())
        .merge(events::routes())
        .merge(lab_control::routes())
        .merge(kvm::routes())
        .fallback(|| async { RedfishError::not_found("Resource", "the requested URI") })
        .layer(axum::middleware::from_fn_with_state(
            server.clone(),
            auth::authenticate,
        ))
        .with_state(server)
}

pub fn link(id: &str) -> Value {
    json!({ "@odata.id": id })
}

pub fn collection(
    id: &str,
    odata_type: &str,
    name: &str,
    members: impl IntoIterator<Item = String>,
) -> Value {
    let members: Vec<Value> = members.into_iter().map(|m| link(&m)).collect();
    json!({
        "@odata.id": id,
        "@odata.type": format!("#{odata_type}.{odata_type}"),
        "Name": name,
        "Members@odata.count": members.len(),
        "Members": members,
    })
}

pub fn status(health: &str) -> Value {
    json!({ "State": "Enabled", "Health": health })
}

/// A weak ETag over the resource's JSON, so clients can PATCH with If-Match.
pub fn etag(resource: &Value) -> String {
    let text = resource.to_string();
    // FNV-1a: stable and dependency-free; collisions only cost a spurious 412.
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("W/\"{hash:016x}\"")
}

/// A resource answer with the headers a Redfish client expects.
pub fn resource(value: Value) -> Response {
    let tag = etag(&value);
    let mut response = (StatusCode::OK, axum::Json(value)).into_response();
    let headers = response.headers_mut();
    if let Ok(tag) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, tag);
    }
    headers.insert("odata-version", HeaderValue::from_static("4.0"));
    response
}

/// Refuses a change whose If-Match names another version of the resource.
pub fn check_if_match(headers: &HeaderMap, current: &Value) -> RedfishResult<()> {
    let Some(wanted) = headers.get(header::IF_MATCH) else {
        return Ok(());
    };
    let wanted = wanted.to_str().unwrap_or_default().trim();
    if wanted == "*" || wanted == etag(current) {
        Ok(())
    } else {
        Err(RedfishError::precondition_failed())
    }
}

/// The request body as a JSON object, or Redfish's MalformedJSON.
pub fn body_object(body: &Bytes) -> RedfishResult<Map<String, Value>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(RedfishError::malformed_json()),
    }
}

/// A string property from a request, refusing other JSON types by name.
pub fn string_field<'a>(map: &'a Map<String, Value>, key: &str) -> RedfishResult<Option<&'a str>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(RedfishError::property_value_type_error(other, key)),
    }
}

pub fn bool_field(map: &Map<String, Value>, key: &str) -> RedfishResult<Option<bool>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(RedfishError::property_value_type_error(other, key)),
    }
}

/// One of a fixed list of values, or PropertyValueNotInList.
pub fn enum_field(
    map: &Map<String, Value>,
    key: &str,
    allowed: &[&str],
) -> RedfishResult<Option<String>> {
    match string_field(map, key)? {
        None => Ok(None),
        Some(v) if allowed.contains(&v) => Ok(Some(v.to_owned())),
        Some(v) => Err(RedfishError::property_value_not_in_list(v, key)),
    }
}

/// Refuses properties a PATCH may not carry: unknown ones and read-only ones.
pub fn only_writable(
    map: &Map<String, Value>,
    writable: &[&str],
    readable: &Value,
) -> RedfishResult<()> {
    for key in map.keys() {
        if writable.contains(&key.as_str()) || key.starts_with("@odata") {
            continue;
        }
        return Err(if readable.get(key).is_some() {
            RedfishError::property_not_writable(key)
        } else {
            RedfishError::property_unknown(key)
        });
    }
    Ok(())
}

/// The member of a fixed list that `id` names, or ResourceNotFound.
pub fn member<'a, T>(
    items: &'a [T],
    id: &str,
    kind: &str,
    id_of: impl Fn(&T) -> &str,
) -> RedfishResult<&'a T> {
    items
        .iter()
        .find(|item| id_of(item) == id)
        .ok_or_else(|| RedfishError::not_found(kind, id))
}

/// A task-less action's answer.
pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

pub fn action_body(body: &Bytes) -> RedfishResult<Map<String, Value>> {
    if body.is_empty() {
        return Ok(Map::new());
    }
    body_object(body)
}
