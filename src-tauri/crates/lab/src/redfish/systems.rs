//! The computer system: power, boot override, locator LED, processors, memory and
//! its network interfaces.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use tokio::time::Instant;

use super::error::{RedfishError, RedfishResult};
use super::root::odata_type;
use super::{
    action_body, body_object, bool_field, check_if_match, collection, enum_field, link, member,
    no_content, only_writable, resource, status, Shared, CHASSIS, MANAGER, SYSTEM,
};
use crate::model::{Health, VENDOR};
use crate::power::{BOOT_ENABLED, BOOT_MODES, BOOT_TARGETS, RESET_TYPES};
use crate::server::SimServer;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/redfish/v1/Systems", get(systems))
        .route(SYSTEM, get(system).patch(update))
        .route(
            "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset",
            post(reset),
        )
        .route("/redfish/v1/Systems/1/ResetActionInfo", get(reset_info))
        .route("/redfish/v1/Systems/1/Processors", get(processors))
        .route("/redfish/v1/Systems/1/Processors/{id}", get(processor))
        .route("/redfish/v1/Systems/1/Memory", get(memory))
        .route("/redfish/v1/Systems/1/Memory/{id}", get(dimm))
        .route("/redfish/v1/Systems/1/EthernetInterfaces", get(nics))
        .route("/redfish/v1/Systems/1/EthernetInterfaces/{id}", get(nic))
}

async fn systems() -> Response {
    resource(collection(
        "/redfish/v1/Systems",
        "ComputerSystemCollection",
        "Computer System Collection",
        [SYSTEM.to_owned()],
    ))
}

/// The worst health among the parts that roll up into the system.
fn rollup(server: &SimServer) -> &'static str {
    let hw = &server.hardware;
    let parts = hw
        .memory
        .iter()
        .map(|d| d.health)
        .chain(hw.drives.iter().map(|d| d.health));
    let worst = parts.fold(Health::Ok, |worst, h| match (worst, h) {
        (Health::Critical, _) | (_, Health::Critical) => Health::Critical,
        (Health::Warning, _) | (_, Health::Warning) => Health::Warning,
        _ => Health::Ok,
    });
    worst.as_str()
}

pub fn system_json(server: &SimServer) -> Value {
    let hw = &server.hardware;
    let state = server.state();
    let cores: u32 = hw.processors.iter().map(|p| p.cores).sum();
    json!({
        "@odata.id": SYSTEM,
        "@odata.type": odata_type("ComputerSystem"),
        "Id": "1",
        "Name": "System",
        "SystemType": "Physical",
        "Manufacturer": VENDOR,
        "Model": hw.model,
        "SKU": hw.sku,
        "SerialNumber": hw.serial,
        "UUID": hw.uuid,
        "AssetTag": hw.asset_tag,
        "HostName": format!("lab-{:04}", server.number),
        "PowerState": state.power.state_name(),
        "BiosVersion": state.firmware.version("BIOS"),
        "LocationIndicatorActive": state.locator,
        "Status": status(rollup(server)),
        "Boot": {
            "BootSourceOverrideEnabled": state.boot.enabled,
            "BootSourceOverrideTarget": state.boot.target,
            "BootSourceOverrideTarget@Redfish.AllowableValues": BOOT_TARGETS,
            "BootSourceOverrideMode": state.boot.mode,
        },
        "ProcessorSummary": {
            "Count": hw.processors.len(),
            "CoreCount": cores,
            "Model": hw.processors.first().map(|p| p.model),
        },
        "MemorySummary": {
            "TotalSystemMemoryGiB": hw.memory_gib(),
        },
        "Processors": link("/redfish/v1/Systems/1/Processors"),
        "Memory": link("/redfish/v1/Systems/1/Memory"),
        "EthernetInterfaces": link("/redfish/v1/Systems/1/EthernetInterfaces"),
        "Storage": link("/redfish/v1/Systems/1/Storage"),
        "Bios": link("/redfish/v1/Systems/1/Bios"),
        "Links": {
            "Chassis": [link(CHASSIS)],
            "ManagedBy": [link(MANAGER)],
        },
        "Actions": {
            "#ComputerSystem.Reset": {
                "target": "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset",
                "@Redfish.ActionInfo": "/redfish/v1/Systems/1/ResetActionInfo",
            }
        },
    })
}

async fn system(State(server): State<Shared>) -> Response {
    resource(system_json(&server))
}

async fn update(
    State(server): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> RedfishResult<Response> {
    let map = body_object(&body)?;
    let current = system_json(&server);
    check_if_match(&headers, &current)?;
    only_writable(
        &map,
        &["Boot", "LocationIndicatorActive", "AssetTag"],
        &current,
    )?;
    let boot = match map.get("Boot") {
        None => None,
        Some(Value::Object(boot)) => {
            only_writable(
                boot,
                &[
                    "BootSourceOverrideEnabled",
                    "BootSourceOverrideTarget",
                    "BootSourceOverrideMode",
                ],
                &current["Boot"],
            )?;
            Some((
                enum_field(boot, "BootSourceOverrideEnabled", &BOOT_ENABLED)?,
                enum_field(boot, "BootSourceOverrideTarget", &BOOT_TARGETS)?,
                enum_field(boot, "BootSourceOverrideMode", &BOOT_MODES)?,
            ))
        }
        Some(other) => return Err(RedfishError::property_value_type_error(other, "Boot")),
    };
    let locator = bool_field(&map, "LocationIndicatorActive")?;
    if map.contains_key("AssetTag") {
        // The lab's asset tags come from the seed; accept only the same value.
        return Err(RedfishError::property_not_writable("AssetTag"));
    }
    {
        let mut state = server.state();
        if let Some((enabled, target, mode)) = boot {
            if let Some(v) = enabled {
                state.boot.enabled = v;
            }
            if let Some(v) = target {
                state.boot.target = v;
            }
            if let Some(v) = mode {
                state.boot.mode = v;
            }
            let summary = format!(
                "Boot override set to {} {}.",
                state.boot.enabled, state.boot.target
            );
            state.log("OK", summary);
        }
        if let Some(on) = locator {
            state.locator = on;
            state.log(
                "OK",
                if on {
                    "The locator LED was turned on."
                } else {
                    "The locator LED was turned off."
                },
            );
        }
    }
    server.events.changed(SYSTEM);
    Ok(resource(system_json(&server)))
}

async fn reset(State(server): State<Shared>, body: Bytes) -> RedfishResult<Response> {
    let map = action_body(&body)?;
    let reset_type = match map.get("ResetType") {
        None => {
            return Err(RedfishError::action_parameter_missing(
                "ComputerSystem.Reset",
                "ResetType",
            ))
        }
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(RedfishError::action_parameter_not_in_list(
                other,
                "ResetType",
                "ComputerSystem.Reset",
            ))
        }
    };
    {
        let mut state = server.state();
        let changed = state
            .power
            .reset(&reset_type, Instant::now(), &server.clock)?;
        state.log("OK", format!("A {reset_type} reset was requested."));
        if changed {
            server
                .events
                .powering(state.power.state_name() == "PoweringOn");
            server.replanned();
        }
    }
    Ok(no_content())
}

async fn reset_info() -> Response {
    resource(json!({
        "@odata.id": "/redfish/v1/Systems/1/ResetActionInfo",
        "@odata.type": odata_type("ActionInfo"),
        "Id": "ResetActionInfo",
        "Name": "Reset Action Info",
        "Parameters": [{
            "Name": "ResetType",
            "Required": true,
            "DataType": "String",
            "AllowableValues": RESET_TYPES,
        }],
    }))
}

async fn processors(State(server): State<Shared>) -> Response {
    let ids = server
        .hardware
        .processors
        .iter()
        .map(|p| format!("/redfish/v1/Systems/1/Processors/{}", p.id));
    resource(collection(
        "/redfish/v1/Systems/1/Processors",
        "ProcessorCollection",
        "Processors Collection",
        ids,
    ))
}

async fn processor(
    State(server): State<Shared>,
    Path(id): Path<String>,
) -> RedfishResult<Response> {
    let (index, p) = server
        .hardware
        .processors
        .iter()
        .enumerate()
        .find(|(_, p)| p.id == id)
        .ok_or_else(|| RedfishError::not_found("Processor", &id))?;
    Ok(resource(json!({
        "@odata.id": format!("/redfish/v1/Systems/1/Processors/{}", p.id),
        "@odata.type": odata_type("Processor"),
        "Id": p.id,
        "Name": format!("Processor {}", index + 1),
        "Socket": format!("CPU {}", index + 1),
        "ProcessorType": "CPU",
        "ProcessorArchitecture": "x86",
        "InstructionSet": "x86-64",
        "Manufacturer": VENDOR,
        "Model": p.model,
        "TotalCores": p.cores,
        "TotalThreads": p.threads,
        "MaxSpeedMHz": p.max_speed_mhz,
        "Status": status("OK"),
    })))
}

async fn memory(State(server): State<Shared>) -> Response {
    let ids = server
        .hardware
        .memory
        .iter()
        .map(|d| format!("/redfish/v1/Systems/1/Memory/{}", d.id));
    resource(collection(
        "/redfish/v1/Systems/1/Memory",
        "MemoryCollection",
        "Memory Collection",
        ids,
    ))
}

async fn dimm(State(server): State<Shared>, Path(id): Path<String>) -> RedfishResult<Response> {
    let d = member(&server.hardware.memory, &id, "Memory", |d| &d.id)?;
    Ok(resource(json!({
        "@odata.id": format!("/redfish/v1/Systems/1/Memory/{}", d.id),
        "@odata.type": odata_type("Memory"),
        "Id": d.id,
        "Name": format!("DIMM {}", d.id),
        "MemoryLocation": { "Socket": 1, "Slot": d.id.as_bytes().last().map_or(1, |b| u32::from(b - b'0')) },
        "MemoryDeviceType": "DDR5",
        "MemoryType": "DRAM",
        "CapacityMiB": d.capacity_mib,
        "OperatingSpeedMhz": d.speed_mhz,
        "Manufacturer": VENDOR,
        "PartNumber": d.part_number,
        "SerialNumber": d.serial,
        "Status": status(d.health.as_str()),
    })))
}

async fn nics(State(server): State<Shared>) -> Response {
    let ids = server
        .hardware
        .nics
        .iter()
        .map(|n| format!("/redfish/v1/Systems/1/EthernetInterfaces/{}", n.id));
    resource(collection(
        "/redfish/v1/Systems/1/EthernetInterfaces",
        "EthernetInterfaceCollection",
        "Ethernet Interfaces",
        ids,
    ))
}

async fn nic(State(server): State<Shared>, Path(id): Path<String>) -> RedfishResult<Response> {
    let n = member(&server.hardware.nics, &id, "EthernetInterface", |n| &n.id)?;
    let up = server.state().power.state_name() == "On";
    Ok(resource(json!({
        "@odata.id": format!("/redfish/v1/Systems/1/EthernetInterfaces/{}", n.id),
        "@odata.type": odata_type("EthernetInterface"),
        "Id": n.id,
        "Name": format!("Network port {}", n.id),
        "MACAddress": n.mac,
        "PermanentMACAddress": n.mac,
        "SpeedMbps": n.speed_mbps,
        "LinkStatus": if up { "LinkUp" } else { "LinkDown" },
        "InterfaceEnabled": true,
        "Status": status("OK"),
    })))
}
