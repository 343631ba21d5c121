//! Reads what a BMC knows about the servers it manages into plain facts, each
//! group stamped with the time it was read, for the inventory cache.

use futures_util::future::join_all;
use serde::{Deserialize, Serialize};
use specta::Type;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::resources::{
    link_of, Chassis, ComputerSystem, Drive, EthernetInterface, LogEntry, LogService, Manager,
    Power, SoftwareInventory, Storage, Thermal, UpdateService,
};
use crate::{Client, Error};

pub fn now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DriveFact {
    pub id: String,
    pub model: Option<String>,
    pub serial: Option<String>,
    /// Bytes, as a number JavaScript holds exactly (below 2^53).
    pub capacity_bytes: Option<f64>,
    pub media_type: Option<String>,
    pub protocol: Option<String>,
    pub health: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NicFact {
    pub id: String,
    pub mac: Option<String>,
    pub speed_mbps: Option<u32>,
    pub link_status: Option<String>,
    pub ipv4: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FirmwareFact {
    pub id: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub updateable: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SensorFact {
    pub name: String,
    /// "temperature", "fan" or "power".
    pub kind: String,
    pub reading: Option<f64>,
    pub units: Option<String>,
    pub health: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LogFact {
    pub id: String,
    pub created: Option<String>,
    pub severity: Option<String>,
    pub message: Option<String>,
}

/// The hardware of one system, as read at `read_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Hardware {
    pub system_path: String,
    /// The system's `Name`, which on most BMCs is just "System".
    #[serde(default)]
    pub system_name: Option<String>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub uuid: Option<String>,
    pub sku: Option<String>,
    pub host_name: Option<String>,
    pub power_state: Option<String>,
    pub health: Option<String>,
    pub bios_version: Option<String>,
    pub cpu_count: Option<u32>,
    pub cpu_model: Option<String>,
    pub memory_gib: Option<f64>,
    pub drives: Vec<DriveFact>,
    pub nics: Vec<NicFact>,
    pub read_at: String,
}

/// The BMC that manages a system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BmcFacts {
    pub manager_path: Option<String>,
    pub vendor: Option<String>,
    pub model: Option<String>,
    pub firmware_version: Option<String>,
    pub nics: Vec<NicFact>,
    pub read_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Firmware {
    pub items: Vec<FirmwareFact>,
    pub read_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Sensors {
    pub readings: Vec<SensorFact>,
    pub read_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EventLog {
    /// Newest first.
    pub entries: Vec<LogFact>,
    pub read_at: String,
}

/// A group of facts the BMC failed to give, and why: the rest was still read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UnreadFacts {
    /// "drives", "nics", "firmware", "sensors" or "eventLog".
    pub group: String,
    pub error: String,
}

/// Everything known about one system; groups the BMC does not offer are `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SystemFacts {
    pub hardware: Hardware,
    pub bmc: BmcFacts,
    pub firmware: Option<Firmware>,
    pub sensors: Option<Sensors>,
    pub event_log: Option<EventLog>,
    /// Groups that failed at the last read (sushy-tools answers 500 for a system
    /// with no storage, for one); empty when everything read.
    #[serde(default)]
    pub unread: Vec<UnreadFacts>,
}

fn health(status: &Option<crate::resources::Status>) -> Option<String> {
    status.as_ref().and_then(|s| s.health.clone())
}

fn nic(interface: EthernetInterface) -> NicFact {
    NicFact {
        id: interface.id.unwrap_or_default(),
        mac: interface.mac_address.or(interface.permanent_mac_address),
        speed_mbps: interface.speed_mbps.and_then(|s| u32::try_from(s).ok()),
        link_status: interface.link_status,
        ipv4: interface
            .ipv4_addresses
            .into_iter()
            .filter_map(|a| a.address)
            .collect(),
    }
}

/// The systems this BMC manages (a blade chassis or an emulator may have many).
pub async fn system_paths(client: &Client) -> Result<Vec<String>, Error> {
    let root = client.service_root().await?;
    let Some(systems) = link_of(&root.systems) else {
        return Ok(Vec::new());
    };
    let systems = systems.to_owned();
    let collection: crate::resources::Collection = client.get(&systems).await?;
    Ok(collection.links())
}

/// Reads one system's facts. The system and its manager must read; drives, NICs,
/// firmware, sensors and the event log degrade to empty, each failure named in
/// `unread`, so one broken sub-resource does not hide the rest of a server.
pub async fn read_system(client: &Client, system_path: &str) -> Result<SystemFacts, Error> {
    let system: ComputerSystem = client.get(system_path).await?;
    let manager_path = system
        .links
        .as_ref()
        .and_then(|l| l.managed_by.first())
        .map(|l| l.odata_id.clone());
    let chassis_path = system
        .links
        .as_ref()
        .and_then(|l| l.chassis.first())
        .map(|l| l.odata_id.clone());
    let (drives, nics, bmc, firmware, sensors, event_log) = tokio::join!(
        read_drives(client, &system),
        read_nics(client, link_of(&system.ethernet_interfaces)),
        read_bmc(client, manager_path.as_deref()),
        read_firmware(client),
        read_sensors(client, chassis_path.as_deref()),
        read_event_log(client, &system, manager_path.as_deref()),
    );
    let hardware = Hardware {
        system_path: system_path.to_owned(),
        system_name: system.name,
        manufacturer: system.manufacturer,
        model: system.model,
        serial: system.serial_number,
        uuid: system.uuid,
        sku: system.sku,
        host_name: system.host_name,
        power_state: system.power_state,
        health: health(&system.status),
        bios_version: system.bios_version,
        cpu_count: system.processor_summary.as_ref().and_then(|p| p.count),
        cpu_model: system.processor_summary.and_then(|p| p.model),
        memory_gib: system
            .memory_summary
            .and_then(|m| m.total_system_memory_gib),
        drives: Vec::new(),
        nics: Vec::new(),
        read_at: now(),
    };
    let mut unread = Vec::new();
    let mut note = |group: &str, result: Result<(), Error>| match result {
        // A link to nothing (sushy-tools links a FirmwareInventory it does not
        // serve): the BMC does not offer the group, which is not a failure.
        Err(Error::Status { status: 404, .. }) => {
            tracing::debug!(bmc = %client.base_url(), "the BMC links {group} it does not serve");
        }
        Err(error) => {
            tracing::warn!(bmc = %client.base_url(), %error, "could not read the {group}");
            unread.push(UnreadFacts {
                group: group.to_owned(),
                error: error.to_string(),
            });
        }
        Ok(()) => {}
    };
    let mut facts = SystemFacts {
        hardware,
        bmc: bmc?,
        firmware: None,
        sensors: None,
        event_log: None,
        unread: Vec::new(),
    };
    note("drives", drives.map(|d| facts.hardware.drives = d));
    note("nics", nics.map(|n| facts.hardware.nics = n));
    note("firmware", firmware.map(|f| facts.firmware = f));
    note("sensors", sensors.map(|s| facts.sensors = s));
    note("eventLog", event_log.map(|e| facts.event_log = e));
    facts.unread = unread;
    Ok(facts)
}

async fn read_drives(client: &Client, system: &ComputerSystem) -> Result<Vec<DriveFact>, Error> {
    let Some(storage) = link_of(&system.storage) else {
        return Ok(Vec::new());
    };
    let storages: Vec<Storage> = client.members(storage).await?;
    let links: Vec<String> = storages
        .iter()
        .flat_map(|s| s.drives.iter().map(|d| d.odata_id.clone()))
        .collect();
    let reads = links.iter().map(|link| client.get::<Drive>(link));
    join_all(reads)
        .await
        .into_iter()
        .map(|drive| {
            let drive = drive?;
            Ok(DriveFact {
                id: drive.id.unwrap_or_default(),
                model: drive.model,
                serial: drive.serial_number,
                capacity_bytes: drive.capacity_bytes.map(|b| b as f64),
                media_type: drive.media_type,
                protocol: drive.protocol,
                health: health(&drive.status),
            })
        })
        .collect()
}

async fn read_nics(client: &Client, collection: Option<&str>) -> Result<Vec<NicFact>, Error> {
    let Some(collection) = collection else {
        return Ok(Vec::new());
    };
    let interfaces: Vec<EthernetInterface> = client.members(collection).await?;
    Ok(interfaces.into_iter().map(nic).collect())
}

async fn read_bmc(client: &Client, manager_path: Option<&str>) -> Result<BmcFacts, Error> {
    let vendor = client.service_root().await?.vendor.clone();
    let Some(path) = manager_path else {
        return Ok(BmcFacts {
            manager_path: None,
            vendor,
            model: None,
            firmware_version: None,
            nics: Vec::new(),
            read_at: now(),
        });
    };
    let manager: Manager = client.get(path).await?;
    let nics = read_nics(client, link_of(&manager.ethernet_interfaces)).await?;
    Ok(BmcFacts {
        manager_path: Some(path.to_owned()),
        vendor,
        model: manager.model,
        firmware_version: manager.firmware_version,
        nics,
        read_at: now(),
    })
}

async fn read_firmware(client: &Client) -> Result<Option<Firmware>, Error> {
    let Some(update) = link_of(&client.service_root().await?.update_service).map(str::to_owned)
    else {
        return Ok(None);
    };
    let service: UpdateService = client.get(&update).await?;
    let Some(inventory) = link_of(&service.firmware_inventory) else {
        return Ok(None);
    };
    let items: Vec<SoftwareInventory> = client.members(inventory).await?;
    Ok(Some(Firmware {
        items: items
            .into_iter()
            .map(|item| FirmwareFact {
                id: item.id.unwrap_or_default(),
                name: item.name,
                version: item.version,
                updateable: item.updateable,
            })
            .collect(),
        read_at: now(),
    }))
}

async fn read_sensors(
    client: &Client,
    chassis_path: Option<&str>,
) -> Result<Option<Sensors>, Error> {
    let Some(path) = chassis_path else {
        return Ok(None);
    };
    let chassis: Chassis = client.get(path).await?;
    let mut readings = Vec::new();
    // The legacy Thermal and Power resources are still the ones most BMCs fill in.
    if let Some(thermal) = link_of(&chassis.thermal) {
        let thermal: Thermal = client.get(thermal).await?;
        readings.extend(thermal.temperatures.into_iter().map(|t| SensorFact {
            name: t.name.unwrap_or_default(),
            kind: "temperature".into(),
            reading: t.reading_celsius,
            units: Some("Cel".into()),
            health: health(&t.status),
        }));
        readings.extend(thermal.fans.into_iter().map(|f| SensorFact {
            name: f.name.unwrap_or_default(),
            kind: "fan".into(),
            reading: f.reading,
            units: f.reading_units,
            health: health(&f.status),
        }));
    }
    if let Some(power) = link_of(&chassis.power) {
        let power: Power = client.get(power).await?;
        readings.extend(power.power_control.into_iter().map(|p| SensorFact {
            name: p.name.unwrap_or_else(|| "Power".into()),
            kind: "power".into(),
            reading: p.power_consumed_watts,
            units: Some("W".into()),
            health: None,
        }));
    }
    Ok(Some(Sensors {
        readings,
        read_at: now(),
    }))
}

const LOG_ENTRIES_KEPT: usize = 50;

fn log_fact(entry: LogEntry) -> LogFact {
    LogFact {
        id: entry.id.unwrap_or_default(),
        created: entry.created,
        severity: entry.severity,
        message: entry.message,
    }
}

async fn read_event_log(
    client: &Client,
    system: &ComputerSystem,
    manager_path: Option<&str>,
) -> Result<Option<EventLog>, Error> {
    // The SEL sits under the system on some BMCs and under the manager on others.
    let mut services = Vec::new();
    if let Some(path) = link_of(&system.log_services) {
        services.push(path.to_owned());
    }
    if let Some(manager) = manager_path {
        services.push(format!("{}/LogServices", manager.trim_end_matches('/')));
    }
    for collection in services {
        let Ok(logs) = client.members::<LogService>(&collection).await else {
            continue;
        };
        let sel = logs
            .iter()
            .find(|l| l.log_entry_type.as_deref() == Some("SEL") || l.id.as_deref() == Some("SEL"))
            .or(logs.first());
        let Some(entries) = sel.and_then(|l| link_of(&l.entries)) else {
            continue;
        };
        let page: crate::resources::Collection = client.get(entries).await?;
        let mut entries: Vec<LogFact> = if page.is_expanded() {
            page.members
                .into_iter()
                .filter_map(|m| serde_json::from_value::<LogEntry>(m).ok())
                .map(log_fact)
                .collect()
        } else {
            let links = page.links();
            let newest = links.iter().rev().take(LOG_ENTRIES_KEPT);
            join_all(newest.map(|link| client.get::<LogEntry>(link)))
                .await
                .into_iter()
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .map(log_fact)
                .collect()
        };
        entries.sort_by(|a, b| b.created.cmp(&a.created));
        entries.truncate(LOG_ENTRIES_KEPT);
        return Ok(Some(EventLog {
            entries,
            read_at: now(),
        }));
    }
    Ok(None)
}
