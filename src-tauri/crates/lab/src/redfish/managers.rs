//! The BMC itself: its network protocols and interface, its own reset, virtual
//! media, and the system event log.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};
use tokio::time::Instant;

use super::error::{RedfishError, RedfishResult};
use super::root::odata_type;
use super::{
    action_body, body_object, bool_field, check_if_match, collection, link, no_content,
    only_writable, resource, status, string_field, Shared, CHASSIS, MANAGER, SYSTEM,
};
use crate::clock::timestamp;
use crate::fetch::image_answers;
use crate::server::SimServer;

const PROTOCOL: &str = "/redfish/v1/Managers/1/NetworkProtocol";
const BMC_NIC: &str = "/redfish/v1/Managers/1/EthernetInterfaces/1";
const CD: &str = "/redfish/v1/Managers/1/VirtualMedia/CD1";
const SEL: &str = "/redfish/v1/Managers/1/LogServices/SEL";

/// Seconds a real BMC takes to reboot itself.
const BMC_REBOOT: f64 = 30.0;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/redfish/v1/Managers", get(list))
        .route(MANAGER, get(manager))
        .route("/redfish/v1/Managers/1/Actions/Manager.Reset", post(reset))
        .route(PROTOCOL, get(protocol).patch(update_protocol))
        .route("/redfish/v1/Managers/1/EthernetInterfaces", get(nics))
        .route(BMC_NIC, get(nic).patch(update_nic))
        .route("/redfish/v1/Managers/1/VirtualMedia", get(media_list))
        .route(CD, get(media))
        .route(
            "/redfish/v1/Managers/1/VirtualMedia/CD1/Actions/VirtualMedia.InsertMedia",
            post(insert),
        )
        .route(
            "/redfish/v1/Managers/1/VirtualMedia/CD1/Actions/VirtualMedia.EjectMedia",
            post(eject),
        )
        .route("/redfish/v1/Managers/1/LogServices", get(log_services))
        .route(SEL, get(sel))
        .route(
            "/redfish/v1/Managers/1/LogServices/SEL/Entries",
            get(entries),
        )
        .route(
            "/redfish/v1/Managers/1/LogServices/SEL/Entries/{id}",
            get(entry),
        )
        .route(
            "/redfish/v1/Managers/1/LogServices/SEL/Actions/LogService.ClearLog",
            post(clear),
        )
}

async fn list() -> Response {
    resource(collection(
        "/redfish/v1/Managers",
        "ManagerCollection",
        "Manager Collection",
        [MANAGER.to_owned()],
    ))
}

async fn manager(State(server): State<Shared>) -> Response {
    let hw = &server.hardware;
    resource(json!({
        "@odata.id": MANAGER,
        "@odata.type": odata_type("Manager"),
        "Id": "1",
        "Name": "Lab BMC",
        "ManagerType": "BMC",
        "Model": "Lab BMC",
        "FirmwareVersion": server.state().firmware.version("BMC"),
        "UUID": hw.uuid,
        "PowerState": "On",
        "DateTime": timestamp(),
        "Status": status("OK"),
        "NetworkProtocol": link(PROTOCOL),
        "GraphicalConsole": {
            "ServiceEnabled": server.kvm_websocket,
            "MaxConcurrentSessions": crate::vnc::MAX_SESSIONS,
            "ConnectTypesSupported": ["KVMIP"],
        },
        "EthernetInterfaces": link("/redfish/v1/Managers/1/EthernetInterfaces"),
        "VirtualMedia": link("/redfish/v1/Managers/1/VirtualMedia"),
        "LogServices": link("/redfish/v1/Managers/1/LogServices"),
        "Links": {
            "ManagerForServers": [link(SYSTEM)],
            "ManagerForChassis": [link(CHASSIS)],
        },
        "Actions": {
            "#Manager.Reset": {
                "target": "/redfish/v1/Managers/1/Actions/Manager.Reset",
                "ResetType@Redfish.AllowableValues": ["GracefulRestart", "ForceRestart"],
            }
        },
    }))
}

/// The BMC reboots: every session ends and it answers nothing for a while.
async fn reset(State(server): State<Shared>, body: Bytes) -> RedfishResult<Response> {
    let map = action_body(&body)?;
    let kind = string_field(&map, "ResetType")?.unwrap_or("GracefulRestart");
    if !["GracefulRestart", "ForceRestart"].contains(&kind) {
        return Err(RedfishError::action_parameter_not_in_list(
            kind,
            "ResetType",
            "Manager.Reset",
        ));
    }
    let mut state = server.state();
    state.log("OK", format!("The BMC was reset ({kind})."));
    state.accounts.sessions.clear();
    // Leave a moment for this answer to reach the client before going away.
    state.bmc_back_at = Some(
        server.clock.after(Instant::now(), BMC_REBOOT) + std::time::Duration::from_millis(200),
    );
    Ok(no_content())
}

fn protocol_json(server: &SimServer) -> Value {
    let state = server.state();
    let net = &state.network;
    let mut protocols = json!({
        "@odata.id": PROTOCOL,
        "@odata.type": odata_type("ManagerNetworkProtocol"),
        "Id": "NetworkProtocol",
        "Name": "Manager Network Protocol",
        "HostName": net.hostname,
        "FQDN": format!("{}.lab.invalid", net.hostname),
        "Status": status("OK"),
        "HTTP": { "ProtocolEnabled": false, "Port": 80 },
        "HTTPS": { "ProtocolEnabled": true, "Port": server.https_port },
        "IPMI": { "ProtocolEnabled": net.ipmi, "Port": 623 },
        "SSH": { "ProtocolEnabled": net.ssh, "Port": 22 },
        "KVMIP": { "ProtocolEnabled": net.kvm && server.vnc_port.is_some(), "Port": server.vnc_port.unwrap_or(5900) },
        "NTP": { "ProtocolEnabled": net.ntp_enabled, "NTPServers": net.ntp },
    });
    if server.kvm_websocket && server.vnc_port.is_none() {
        // Like OpenBMC: the console is only at `/kvm/0`, and KVMIP is not listed.
        protocols.as_object_mut().map(|p| p.remove("KVMIP"));
    }
    protocols
}

async fn protocol(State(server): State<Shared>) -> Response {
    resource(protocol_json(&server))
}

fn enabled_of(map: &Map<String, Value>, key: &str) -> RedfishResult<Option<bool>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::Object(inner)) => {
            only_writable(inner, &["ProtocolEnabled"], &json!({"Port": 0}))?;
            bool_field(inner, "ProtocolEnabled")
        }
        Some(other) => Err(RedfishError::property_value_type_error(other, key)),
    }
}

fn hostname_ok(name: &str) -> RedfishResult<()> {
    let valid = !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if valid {
        Ok(())
    } else {
        Err(RedfishError::property_value_not_in_list(name, "HostName"))
    }
}

fn string_list(value: &Value, key: &str) -> RedfishResult<Vec<String>> {
    let items = value
        .as_array()
        .ok_or_else(|| RedfishError::property_value_type_error(value, key))?;
    items
        .iter()
        .map(|v| {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| RedfishError::property_value_type_error(v, key))
        })
        .collect()
}

async fn update_protocol(
    State(server): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> RedfishResult<Response> {
    let map = body_object(&body)?;
    let current = protocol_json(&server);
    check_if_match(&headers, &current)?;
    only_writable(&map, &["HostName", "IPMI", "SSH", "KVMIP", "NTP"], &current)?;
    let hostname = string_field(&map, "HostName")?;
    if let Some(name) = hostname {
        hostname_ok(name)?;
    }
    let ipmi = enabled_of(&map, "IPMI")?;
    let ssh = enabled_of(&map, "SSH")?;
    let kvm = enabled_of(&map, "KVMIP")?;
    let (ntp_enabled, ntp_servers) = match map.get("NTP") {
        None => (None, None),
        Some(Value::Object(ntp)) => {
            only_writable(ntp, &["ProtocolEnabled", "NTPServers"], &json!({}))?;
            let servers = ntp
                .get("NTPServers")
                .map(|v| string_list(v, "NTPServers"))
                .transpose()?;
            (bool_field(ntp, "ProtocolEnabled")?, servers)
        }
        Some(other) => return Err(RedfishError::property_value_type_error(other, "NTP")),
    };
    {
        let mut state = server.state();
        let net = &mut state.network;
        if let Some(name) = hostname {
            net.hostname = name.to_owned();
        }
        if let Some(on) = ipmi {
            net.ipmi = on;
        }
        if let Some(on) = ssh {
            net.ssh = on;
        }
        if let Some(on) = kvm {
            net.kvm = on;
        }
        if let Some(on) = ntp_enabled {
            net.ntp_enabled = on;
        }
        if let Some(servers) = ntp_servers {
            net.ntp = servers;
        }
        state.log("OK", "The BMC network protocol settings were changed.");
    }
    server.events.changed(PROTOCOL);
    Ok(resource(protocol_json(&server)))
}

async fn nics() -> Response {
    resource(collection(
        "/redfish/v1/Managers/1/EthernetInterfaces",
        "EthernetInterfaceCollection",
        "Manager Ethernet Interfaces",
        [BMC_NIC.to_owned()],
    ))
}

fn nic_json(server: &SimServer) -> Value {
    let state = server.state();
    let net = &state.network;
    let origin = if net.dhcp { "DHCP" } else { "Static" };
    json!({
        "@odata.id": BMC_NIC,
        "@odata.type": odata_type("EthernetInterface"),
        "Id": "1",
        "Name": "BMC dedicated port",
        "MACAddress": server.hardware.bmc_mac,
        "HostName": net.hostname,
        "InterfaceEnabled": true,
        "LinkStatus": "LinkUp",
        "SpeedMbps": 1000,
        "Status": status("OK"),
        "DHCPv4": { "DHCPEnabled": net.dhcp },
        "IPv4Addresses": [{ "Address": net.address, "SubnetMask": net.netmask, "Gateway": net.gateway, "AddressOrigin": origin }],
        "IPv4StaticAddresses": [{ "Address": net.address, "SubnetMask": net.netmask, "Gateway": net.gateway }],
        "NameServers": net.dns,
        "StaticNameServers": net.dns,
    })
}

async fn nic(State(server): State<Shared>) -> Response {
    resource(nic_json(&server))
}

fn ipv4_ok(text: &str, key: &str) -> RedfishResult<String> {
    text.parse::<std::net::Ipv4Addr>()
        .map(|a| a.to_string())
        .map_err(|_| RedfishError::property_value_type_error(text, key))
}

async fn update_nic(
    State(server): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> RedfishResult<Response> {
    let map = body_object(&body)?;
    let current = nic_json(&server);
    check_if_match(&headers, &current)?;
    only_writable(
        &map,
        &[
            "HostName",
            "DHCPv4",
            "IPv4StaticAddresses",
            "StaticNameServers",
        ],
        &current,
    )?;
    let hostname = string_field(&map, "HostName")?;
    if let Some(name) = hostname {
        hostname_ok(name)?;
    }
    let dhcp = match map.get("DHCPv4") {
        None => None,
        Some(Value::Object(d)) => bool_field(d, "DHCPEnabled")?,
        Some(other) => return Err(RedfishError::property_value_type_error(other, "DHCPv4")),
    };
    let static_address = match map.get("IPv4StaticAddresses") {
        None => None,
        Some(Value::Array(list)) => match list.first() {
            Some(Value::Object(a)) => {
                let field = |k: &str| -> RedfishResult<String> {
                    let text =
                        string_field(a, k)?.ok_or_else(|| RedfishError::property_missing(k))?;
                    ipv4_ok(text, k)
                };
                Some((field("Address")?, field("SubnetMask")?, field("Gateway")?))
            }
            _ => {
                return Err(RedfishError::property_value_type_error(
                    "[]",
                    "IPv4StaticAddresses",
                ))
            }
        },
        Some(other) => {
            return Err(RedfishError::property_value_type_error(
                other,
                "IPv4StaticAddresses",
            ))
        }
    };
    let dns = map
        .get("StaticNameServers")
        .map(|v| string_list(v, "StaticNameServers"))
        .transpose()?
        .map(|list| {
            list.iter()
                .map(|d| ipv4_ok(d, "StaticNameServers"))
                .collect::<RedfishResult<Vec<_>>>()
        })
        .transpose()?;
    {
        let mut state = server.state();
        let net = &mut state.network;
        if let Some(name) = hostname {
            net.hostname = name.to_owned();
        }
        if let Some(on) = dhcp {
            net.dhcp = on;
        }
        if let Some((address, netmask, gateway)) = static_address {
            net.address = address;
            net.netmask = netmask;
            net.gateway = gateway;
        }
        if let Some(dns) = dns {
            net.dns = dns;
        }
        state.log("OK", "The BMC network interface settings were changed.");
    }
    server.events.changed(BMC_NIC);
    Ok(resource(nic_json(&server)))
}

async fn media_list() -> Response {
    resource(collection(
        "/redfish/v1/Managers/1/VirtualMedia",
        "VirtualMediaCollection",
        "Virtual Media",
        [CD.to_owned()],
    ))
}

async fn media(State(server): State<Shared>) -> Response {
    let state = server.state();
    let image = state.media.image.clone();
    resource(json!({
        "@odata.id": CD,
        "@odata.type": odata_type("VirtualMedia"),
        "Id": "CD1",
        "Name": "Virtual CD",
        "MediaTypes": ["CD", "DVD"],
        "Image": image,
        "ImageName": image.as_deref().and_then(|i| i.rsplit('/').next()),
        "Inserted": image.is_some(),
        "WriteProtected": state.media.write_protected,
        "ConnectedVia": if image.is_some() { "URI" } else { "NotConnected" },
        "TransferProtocolType": "HTTP",
        "Actions": {
            "#VirtualMedia.InsertMedia": { "target": "/redfish/v1/Managers/1/VirtualMedia/CD1/Actions/VirtualMedia.InsertMedia" },
            "#VirtualMedia.EjectMedia": { "target": "/redfish/v1/Managers/1/VirtualMedia/CD1/Actions/VirtualMedia.EjectMedia" },
        },
    }))
}

async fn insert(State(server): State<Shared>, body: Bytes) -> RedfishResult<Response> {
    let map = action_body(&body)?;
    let image = string_field(&map, "Image")?
        .ok_or_else(|| RedfishError::action_parameter_missing("VirtualMedia.InsertMedia", "Image"))?
        .to_owned();
    let write_protected = bool_field(&map, "WriteProtected")?.unwrap_or(true);
    if server.state().media.image.is_some() {
        return Err(RedfishError::resource_in_use());
    }
    if let Err(reason) = image_answers(&image).await {
        server.state().log(
            "Warning",
            format!("Virtual media {image} could not be mounted: {reason}."),
        );
        return Err(RedfishError::action_parameter_value_error(
            "Image",
            "VirtualMedia.InsertMedia",
        ));
    }
    let mut state = server.state();
    state.media.image = Some(image.clone());
    state.media.write_protected = write_protected;
    state.log("OK", format!("Virtual media {image} was inserted."));
    Ok(no_content())
}

async fn eject(State(server): State<Shared>) -> RedfishResult<Response> {
    let mut state = server.state();
    let Some(image) = state.media.image.take() else {
        return Err(
            RedfishError::action_not_supported("VirtualMedia.EjectMedia")
                .with_status(axum::http::StatusCode::CONFLICT),
        );
    };
    state.log("OK", format!("Virtual media {image} was ejected."));
    Ok(no_content())
}

async fn log_services() -> Response {
    resource(collection(
        "/redfish/v1/Managers/1/LogServices",
        "LogServiceCollection",
        "Log Services",
        [SEL.to_owned()],
    ))
}

async fn sel() -> Response {
    resource(json!({
        "@odata.id": SEL,
        "@odata.type": odata_type("LogService"),
        "Id": "SEL",
        "Name": "System Event Log",
        "ServiceEnabled": true,
        "OverWritePolicy": "WrapsWhenFull",
        "MaxNumberOfRecords": 512,
        "DateTime": timestamp(),
        "Status": status("OK"),
        "Entries": link("/redfish/v1/Managers/1/LogServices/SEL/Entries"),
        "Actions": {
            "#LogService.ClearLog": { "target": "/redfish/v1/Managers/1/LogServices/SEL/Actions/LogService.ClearLog" }
        },
    }))
}

fn entry_json(e: &crate::state::SelEntry) -> Value {
    json!({
        "@odata.id": format!("/redfish/v1/Managers/1/LogServices/SEL/Entries/{}", e.id),
        "@odata.type": odata_type("LogEntry"),
        "Id": e.id.to_string(),
        "Name": format!("Log entry {}", e.id),
        "EntryType": "Event",
        "Created": e.created,
        "Severity": e.severity,
        "Message": e.message,
    })
}

async fn entries(State(server): State<Shared>) -> Response {
    let state = server.state();
    let members: Vec<Value> = state.sel.iter().map(entry_json).collect();
    resource(json!({
        "@odata.id": "/redfish/v1/Managers/1/LogServices/SEL/Entries",
        "@odata.type": odata_type("LogEntryCollection"),
        "Name": "System Event Log Entries",
        "Members@odata.count": members.len(),
        "Members": members,
    }))
}

async fn entry(State(server): State<Shared>, Path(id): Path<String>) -> RedfishResult<Response> {
    let state = server.state();
    let e = state
        .sel
        .iter()
        .find(|e| e.id.to_string() == id)
        .ok_or_else(|| RedfishError::not_found("LogEntry", &id))?;
    Ok(resource(entry_json(e)))
}

async fn clear(State(server): State<Shared>) -> Response {
    let mut state = server.state();
    state.sel.clear();
    state.log("OK", "The event log was cleared.");
    no_content()
}
