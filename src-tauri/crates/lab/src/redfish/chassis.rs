//! The chassis and its sensors, in both the legacy Thermal/Power shape and the
//! newer ThermalSubsystem/PowerSubsystem shape, since clients read either.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::error::RedfishResult;
use super::root::odata_type;
use super::{collection, link, member, resource, status, Shared, CHASSIS, MANAGER, SYSTEM};
use crate::model::{Fan, VENDOR};
use crate::server::SimServer;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/redfish/v1/Chassis", get(list))
        .route(CHASSIS, get(chassis))
        .route("/redfish/v1/Chassis/1/Thermal", get(thermal))
        .route("/redfish/v1/Chassis/1/Power", get(power))
        .route(
            "/redfish/v1/Chassis/1/ThermalSubsystem",
            get(thermal_subsystem),
        )
        .route("/redfish/v1/Chassis/1/ThermalSubsystem/Fans", get(fans))
        .route("/redfish/v1/Chassis/1/ThermalSubsystem/Fans/{id}", get(fan))
        .route("/redfish/v1/Chassis/1/PowerSubsystem", get(power_subsystem))
        .route(
            "/redfish/v1/Chassis/1/PowerSubsystem/PowerSupplies",
            get(supplies),
        )
        .route(
            "/redfish/v1/Chassis/1/PowerSubsystem/PowerSupplies/{id}",
            get(supply),
        )
}

fn is_on(server: &SimServer) -> bool {
    server.state().power.state_name() == "On"
}

/// Readings that follow the power state: a running server's fans spin faster; a
/// failed fan reads nothing.
fn fan_rpm(on: bool, fan: &Fan) -> u32 {
    match (fan.health.as_str(), on) {
        ("OK", true) => fan.rpm,
        ("OK", false) => fan.rpm / 3,
        _ => 0,
    }
}

fn watts(server: &SimServer) -> u32 {
    if is_on(server) {
        180 + 95 * server.hardware.processors.len() as u32 + 6 * server.hardware.drives.len() as u32
    } else {
        12
    }
}

async fn list() -> Response {
    resource(collection(
        "/redfish/v1/Chassis",
        "ChassisCollection",
        "Chassis Collection",
        [CHASSIS.to_owned()],
    ))
}

async fn chassis(State(server): State<Shared>) -> Response {
    let hw = &server.hardware;
    let power_state = if is_on(&server) { "On" } else { "Off" };
    let unhealthy = hw.fans.iter().any(|f| f.health.as_str() != "OK")
        || hw.power_supplies.iter().any(|p| p.health.as_str() != "OK");
    resource(json!({
        "@odata.id": CHASSIS,
        "@odata.type": odata_type("Chassis"),
        "Id": "1",
        "Name": "Chassis",
        "ChassisType": "RackMount",
        "Manufacturer": VENDOR,
        "Model": hw.model,
        "SerialNumber": hw.serial,
        "AssetTag": hw.asset_tag,
        "PowerState": power_state,
        "Status": status(if unhealthy { "Warning" } else { "OK" }),
        "Thermal": link("/redfish/v1/Chassis/1/Thermal"),
        "Power": link("/redfish/v1/Chassis/1/Power"),
        "ThermalSubsystem": link("/redfish/v1/Chassis/1/ThermalSubsystem"),
        "PowerSubsystem": link("/redfish/v1/Chassis/1/PowerSubsystem"),
        "Links": {
            "ComputerSystems": [link(SYSTEM)],
            "ManagedBy": [link(MANAGER)],
        },
    }))
}

async fn thermal(State(server): State<Shared>) -> Response {
    let on = is_on(&server);
    let inlet = 22;
    let cpu = if on { 58 } else { 24 };
    let temperatures: Vec<Value> = [("Inlet Temp", inlet, 42), ("CPU Temp", cpu, 95)]
        .iter()
        .enumerate()
        .map(|(i, (name, reading, critical))| {
            json!({
                "@odata.id": format!("/redfish/v1/Chassis/1/Thermal#/Temperatures/{i}"),
                "MemberId": i.to_string(),
                "Name": name,
                "ReadingCelsius": reading,
                "UpperThresholdCritical": critical,
                "Status": status("OK"),
            })
        })
        .collect();
    let fans: Vec<Value> = server
        .hardware
        .fans
        .iter()
        .enumerate()
        .map(|(i, f)| {
            json!({
                "@odata.id": format!("/redfish/v1/Chassis/1/Thermal#/Fans/{i}"),
                "MemberId": i.to_string(),
                "Name": f.id,
                "Reading": fan_rpm(on, f),
                "ReadingUnits": "RPM",
                "Status": status(f.health.as_str()),
            })
        })
        .collect();
    resource(json!({
        "@odata.id": "/redfish/v1/Chassis/1/Thermal",
        "@odata.type": odata_type("Thermal"),
        "Id": "Thermal",
        "Name": "Thermal",
        "Temperatures": temperatures,
        "Fans": fans,
    }))
}

async fn power(State(server): State<Shared>) -> Response {
    let supplies: Vec<Value> = server
        .hardware
        .power_supplies
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({
                "@odata.id": format!("/redfish/v1/Chassis/1/Power#/PowerSupplies/{i}"),
                "MemberId": i.to_string(),
                "Name": p.id,
                "PowerCapacityWatts": p.capacity_watts,
                "Status": status(p.health.as_str()),
            })
        })
        .collect();
    resource(json!({
        "@odata.id": "/redfish/v1/Chassis/1/Power",
        "@odata.type": odata_type("Power"),
        "Id": "Power",
        "Name": "Power",
        "PowerControl": [{
            "@odata.id": "/redfish/v1/Chassis/1/Power#/PowerControl/0",
            "MemberId": "0",
            "Name": "System Power Control",
            "PowerConsumedWatts": watts(&server),
        }],
        "PowerSupplies": supplies,
    }))
}

async fn thermal_subsystem() -> Response {
    resource(json!({
        "@odata.id": "/redfish/v1/Chassis/1/ThermalSubsystem",
        "@odata.type": odata_type("ThermalSubsystem"),
        "Id": "ThermalSubsystem",
        "Name": "Thermal Subsystem",
        "Status": status("OK"),
        "Fans": link("/redfish/v1/Chassis/1/ThermalSubsystem/Fans"),
    }))
}

async fn fans(State(server): State<Shared>) -> Response {
    let ids = server
        .hardware
        .fans
        .iter()
        .map(|f| format!("/redfish/v1/Chassis/1/ThermalSubsystem/Fans/{}", f.id));
    resource(collection(
        "/redfish/v1/Chassis/1/ThermalSubsystem/Fans",
        "FanCollection",
        "Fans",
        ids,
    ))
}

async fn fan(State(server): State<Shared>, Path(id): Path<String>) -> RedfishResult<Response> {
    let f = member(&server.hardware.fans, &id, "Fan", |f| &f.id)?;
    let rpm = fan_rpm(is_on(&server), f);
    Ok(resource(json!({
        "@odata.id": format!("/redfish/v1/Chassis/1/ThermalSubsystem/Fans/{}", f.id),
        "@odata.type": odata_type("Fan"),
        "Id": f.id,
        "Name": f.id,
        "SpeedPercent": { "Reading": (rpm * 100 / 9000).min(100), "SpeedRPM": rpm },
        "Status": status(f.health.as_str()),
    })))
}

async fn power_subsystem(State(server): State<Shared>) -> Response {
    let capacity: u32 = server
        .hardware
        .power_supplies
        .iter()
        .map(|p| p.capacity_watts)
        .sum();
    resource(json!({
        "@odata.id": "/redfish/v1/Chassis/1/PowerSubsystem",
        "@odata.type": odata_type("PowerSubsystem"),
        "Id": "PowerSubsystem",
        "Name": "Power Subsystem",
        "CapacityWatts": capacity,
        "Status": status("OK"),
        "PowerSupplies": link("/redfish/v1/Chassis/1/PowerSubsystem/PowerSupplies"),
    }))
}

async fn supplies(State(server): State<Shared>) -> Response {
    let ids = server.hardware.power_supplies.iter().map(|p| {
        format!(
            "/redfish/v1/Chassis/1/PowerSubsystem/PowerSupplies/{}",
            p.id
        )
    });
    resource(collection(
        "/redfish/v1/Chassis/1/PowerSubsystem/PowerSupplies",
        "PowerSupplyCollection",
        "Power Supplies",
        ids,
    ))
}

async fn supply(State(server): State<Shared>, Path(id): Path<String>) -> RedfishResult<Response> {
    let p = member(&server.hardware.power_supplies, &id, "PowerSupply", |p| {
        &p.id
    })?;
    Ok(resource(json!({
        "@odata.id": format!("/redfish/v1/Chassis/1/PowerSubsystem/PowerSupplies/{}", p.id),
        "@odata.type": odata_type("PowerSupply"),
        "Id": p.id,
        "Name": p.id,
        "Manufacturer": VENDOR,
        "PowerCapacityWatts": p.capacity_watts,
        "Status": status(p.health.as_str()),
    })))
}
