//! Bios, its pending Settings, ResetBios, and the attribute registry that
//! describes every attribute.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};
use tokio::time::Instant;

use super::error::{RedfishError, RedfishResult};
use super::root::odata_type;
use super::{
    body_object, check_if_match, collection, link, no_content, only_writable, resource, Shared,
};
use crate::bios::{self, Kind, Refusal, ATTRIBUTES, DEPENDENCIES, REGISTRY};
use crate::power::Power;
use crate::server::SimServer;

const BIOS: &str = "/redfish/v1/Systems/1/Bios";
const SETTINGS: &str = "/redfish/v1/Systems/1/Bios/Settings";
const REGISTRIES: &str = "/redfish/v1/Registries";
const REGISTRY_FILE: &str = "/redfish/v1/Registries/BiosAttributeRegistry";
const REGISTRY_DOC: &str =
    "/redfish/v1/Registries/BiosAttributeRegistry/BiosAttributeRegistry.json";
const APPLY_TIMES: [&str; 2] = ["OnReset", "Immediate"];

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(BIOS, get(current))
        .route(SETTINGS, get(pending).patch(change))
        .route(
            "/redfish/v1/Systems/1/Bios/Actions/Bios.ResetBios",
            post(reset_bios),
        )
        .route(REGISTRIES, get(registries))
        .route(REGISTRY_FILE, get(registry_file))
        .route(REGISTRY_DOC, get(registry))
}

fn bios_json(id: &str, name: &str, attributes: &Map<String, Value>, settings: bool) -> Value {
    let mut body = json!({
        "@odata.id": id,
        "@odata.type": odata_type("Bios"),
        "Id": if settings { "Settings" } else { "Bios" },
        "Name": name,
        "AttributeRegistry": REGISTRY,
        "Attributes": attributes,
    });
    if !settings {
        body["@Redfish.Settings"] = json!({
            "@odata.type": "#Settings.v1_3_5.Settings",
            "SettingsObject": link(SETTINGS),
            "SupportedApplyTimes": APPLY_TIMES,
        });
        body["Actions"] = json!({ "#Bios.ResetBios": { "target": "/redfish/v1/Systems/1/Bios/Actions/Bios.ResetBios" } });
    }
    body
}

fn current_json(server: &SimServer) -> Value {
    let state = server.state();
    let attributes: Map<String, Value> = state.bios.current.clone().into_iter().collect();
    bios_json(
        BIOS,
        "BIOS Configuration Current Settings",
        &attributes,
        false,
    )
}

/// The settings object shows every attribute as it will be after the next reset.
fn pending_json(server: &SimServer) -> Value {
    let state = server.state();
    let mut attributes: Map<String, Value> = state.bios.current.clone().into_iter().collect();
    attributes.extend(state.bios.pending.clone());
    bios_json(
        SETTINGS,
        "BIOS Configuration Pending Settings",
        &attributes,
        true,
    )
}

async fn current(State(server): State<Shared>) -> Response {
    resource(current_json(&server))
}

async fn pending(State(server): State<Shared>) -> Response {
    resource(pending_json(&server))
}

fn refusal(r: Refusal) -> RedfishError {
    match r {
        Refusal::Unknown(name) => RedfishError::property_unknown(format!("Attributes/{name}")),
        Refusal::ReadOnly(name) => {
            RedfishError::property_not_writable(format!("Attributes/{name}"))
        }
        Refusal::NotInList(value, name) => {
            RedfishError::property_value_not_in_list(value, format!("Attributes/{name}"))
        }
        Refusal::OutOfRange(value, name) => {
            RedfishError::property_value_out_of_range(value, format!("Attributes/{name}"))
        }
        Refusal::WrongType(value, name) => {
            RedfishError::property_value_type_error(value, format!("Attributes/{name}"))
        }
        Refusal::Conflict(why) => {
            RedfishError::property_value_conflict("Attributes", "the requested values", BIOS)
                .because(why)
        }
    }
}

/// Starts the reset that applies pending settings now ("Immediate" apply time).
fn reset_now(server: &SimServer) {
    let mut state = server.state();
    let kind = if state.power.power == Power::On {
        "ForceRestart"
    } else {
        "On"
    };
    if state
        .power
        .reset(kind, Instant::now(), &server.clock)
        .unwrap_or(false)
    {
        state.log("OK", "The server is restarting to apply BIOS settings.");
        drop(state);
        server.replanned();
    }
}

async fn change(
    State(server): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> RedfishResult<Response> {
    let map = body_object(&body)?;
    let shown = pending_json(&server);
    check_if_match(&headers, &shown)?;
    only_writable(&map, &["Attributes", "@Redfish.SettingsApplyTime"], &shown)?;
    let requested = match map.get("Attributes") {
        Some(Value::Object(a)) => a.clone(),
        Some(other) => return Err(RedfishError::property_value_type_error(other, "Attributes")),
        None => Map::new(),
    };
    let apply = match map.get("@Redfish.SettingsApplyTime") {
        None => "OnReset".to_owned(),
        Some(Value::Object(t)) => {
            super::enum_field(t, "ApplyTime", &APPLY_TIMES)?.unwrap_or_else(|| "OnReset".into())
        }
        Some(other) => {
            return Err(RedfishError::property_value_type_error(
                other,
                "@Redfish.SettingsApplyTime",
            ))
        }
    };
    {
        let mut state = server.state();
        if state.power.in_transition() && apply == "Immediate" {
            return Err(RedfishError::resource_in_use());
        }
        let new_pending = bios::validate(&state.bios.current, &state.bios.pending, &requested)
            .map_err(refusal)?;
        state.bios.pending = new_pending;
        let names: Vec<&String> = requested.keys().collect();
        state.log(
            "OK",
            format!("BIOS settings {names:?} are pending ({apply})."),
        );
    }
    server.events.changed(SETTINGS);
    if apply == "Immediate" {
        reset_now(&server);
    }
    Ok(resource(pending_json(&server)))
}

/// Back to defaults at the next reset, as real BIOSes do.
async fn reset_bios(State(server): State<Shared>) -> Response {
    let mut state = server.state();
    let defaults = bios::defaults(&server.hardware);
    let current = state.bios.current.clone();
    state.bios.pending = defaults
        .into_iter()
        .filter(|(k, v)| current.get(k) != Some(v))
        .collect();
    state.log("OK", "BIOS defaults will be restored at the next reset.");
    no_content()
}

async fn registries() -> Response {
    resource(collection(
        REGISTRIES,
        "MessageRegistryFileCollection",
        "Registry File Collection",
        [REGISTRY_FILE.to_owned()],
    ))
}

async fn registry_file() -> Response {
    resource(json!({
        "@odata.id": REGISTRY_FILE,
        "@odata.type": odata_type("MessageRegistryFile"),
        "Id": "BiosAttributeRegistry",
        "Name": "BIOS Attribute Registry File",
        "Registry": "RacksmithLabBiosAttributeRegistry.1.0",
        "Languages": ["en"],
        "Location": [{ "Language": "en", "Uri": REGISTRY_DOC }],
    }))
}

fn registry_entry(a: &bios::Attribute, default: &Value) -> Value {
    let mut entry = json!({
        "AttributeName": a.name,
        "DisplayName": a.display,
        "ReadOnly": a.read_only,
        "DefaultValue": default,
    });
    match &a.kind {
        Kind::Enumeration(values) => {
            entry["Type"] = json!("Enumeration");
            entry["Value"] = values
                .iter()
                .map(|v| json!({"ValueName": v, "ValueDisplayName": v}))
                .collect();
        }
        Kind::Integer { lower, upper } => {
            entry["Type"] = json!("Integer");
            entry["LowerBound"] = json!(lower);
            entry["UpperBound"] = json!(upper);
            entry["ScalarIncrement"] = json!(1);
        }
        Kind::String {
            max_length,
            pattern,
        } => {
            entry["Type"] = json!("String");
            entry["MaxLength"] = json!(max_length);
            entry["ValueExpression"] = json!(pattern);
        }
        Kind::Boolean => entry["Type"] = json!("Boolean"),
    }
    entry
}

async fn registry(State(server): State<Shared>) -> Response {
    let defaults = bios::defaults(&server.hardware);
    let attributes: Vec<Value> = ATTRIBUTES
        .iter()
        .map(|a| registry_entry(a, &defaults[a.name]))
        .collect();
    let dependencies: Vec<Value> = DEPENDENCIES
        .iter()
        .map(|d| {
            json!({
                "DependencyFor": d.attribute,
                "Type": "Map",
                "Dependency": {
                    "MapFrom": [{
                        "MapFromAttribute": d.unless,
                        "MapFromProperty": "CurrentValue",
                        "MapFromCondition": "NEQ",
                        "MapFromValue": d.equals,
                    }],
                    "MapToAttribute": d.attribute,
                    "MapToProperty": "ReadOnly",
                    "MapToValue": true,
                }
            })
        })
        .collect();
    resource(json!({
        "@odata.type": odata_type("AttributeRegistry"),
        "Id": REGISTRY,
        "Name": "Racksmith Lab BIOS Attribute Registry",
        "Language": "en",
        "OwningEntity": "Racksmith Lab",
        "RegistryVersion": "1.0.0",
        "SupportedSystems": [{ "ProductName": server.hardware.model, "SystemId": server.hardware.sku.replace('-', "") }],
        "RegistryEntries": { "Attributes": attributes, "Dependencies": dependencies },
    }))
}
