//! The client against every DMTF mockup in ../shared/redfish-mockups, served over
//! plain HTTP on 127.0.0.1 by a small static server: every resource reachable
//! from each service root is read and parsed, and the facts match the JSON.
//! Where ../shared is absent the test says so and checks nothing.

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use racksmith_redfish::bios::read_bios;
use racksmith_redfish::facts::{read_system, system_paths};
use racksmith_redfish::resources::{
    Chassis, ComputerSystem, Drive, EthernetInterface, Manager, ServiceRoot, Storage,
};
use racksmith_redfish::storage::read_storage;
use racksmith_redfish::{Client, Credentials, Endpoint, Fingerprint, Limits, Secret, Trust};
use serde_json::Value;

fn mockups_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/redfish-mockups");
    dir.is_dir().then_some(dir)
}

/// Maps `/redfish/v1/<path>` to `<mockup>/<path>/index.json`; POST and others
/// get 405 as a static service would, so the client falls back to Basic.
async fn serve(State(root): State<PathBuf>, method: axum::http::Method, uri: Uri) -> Response {
    if method != axum::http::Method::GET {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path().trim_end_matches('/');
    let Some(rest) = path.strip_prefix("/redfish/v1") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let file = root.join(rest.trim_start_matches('/')).join("index.json");
    if !file.starts_with(&root) || rest.contains("..") {
        return StatusCode::BAD_REQUEST.into_response();
    }
    match std::fs::read(&file) {
        Ok(bytes) => ([("content-type", "application/json")], bytes).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn start(root: PathBuf) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let app = axum::Router::new().fallback(serve).with_state(root);
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

fn client(base: String) -> Client {
    Client::new(
        Endpoint {
            base_url: base,
            // Plain HTTP on this machine: there is no certificate to pin.
            trust: Trust::Pinned(Fingerprint([0; 32])),
            credentials: Credentials {
                username: "root".into(),
                password: Secret::new("calvin"),
            },
        },
        Limits::default(),
    )
    .expect("client")
}

fn links(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key == "@odata.id" {
                    if let Some(link) = v.as_str() {
                        found.push(link.split('#').next().unwrap_or(link).to_owned());
                    }
                } else {
                    links(v, found);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| links(v, found)),
        _ => {}
    }
}

/// Parses a resource into the typed resource its `@odata.type` names.
fn parse_typed(body: &Value) -> Result<(), String> {
    let kind = body["@odata.type"].as_str().unwrap_or("");
    let name = kind.trim_start_matches('#').split('.').next().unwrap_or("");
    let check = |r: Result<(), serde_json::Error>| r.map_err(|e| format!("{kind}: {e}"));
    match name {
        "ServiceRoot" => check(serde_json::from_value::<ServiceRoot>(body.clone()).map(drop)),
        "ComputerSystem" => check(serde_json::from_value::<ComputerSystem>(body.clone()).map(drop)),
        "Drive" => check(serde_json::from_value::<Drive>(body.clone()).map(drop)),
        "Storage" => check(serde_json::from_value::<Storage>(body.clone()).map(drop)),
        "Manager" => check(serde_json::from_value::<Manager>(body.clone()).map(drop)),
        "Chassis" => check(serde_json::from_value::<Chassis>(body.clone()).map(drop)),
        "EthernetInterface" => {
            check(serde_json::from_value::<EthernetInterface>(body.clone()).map(drop))
        }
        _ => Ok(()),
    }
}

fn file_of(mockup: &Path, path: &str) -> Option<Value> {
    let file = mockup
        .join(path.trim_start_matches("/redfish/v1/"))
        .join("index.json");
    serde_json::from_slice(&std::fs::read(file).ok()?).ok()
}

/// The BIOS editor's and the RAID wizard's read paths give what the files hold.
/// Returns how many BIOS values and volumes were checked.
async fn bios_and_storage_match(client: &Client, mockup: &Path, system: &str) -> (usize, usize) {
    let name = mockup.display();
    let system_file = file_of(mockup, system).expect("system file");
    let mut bios_values = 0;
    if let Some(bios_path) = system_file["Bios"]["@odata.id"].as_str() {
        let reading = read_bios(client, system)
            .await
            .unwrap_or_else(|e| panic!("{name} {system} BIOS: {e}"));
        let file = file_of(mockup, bios_path).expect("bios file");
        let attributes = file["Attributes"].as_object().cloned().unwrap_or_default();
        assert_eq!(
            reading.current.len(),
            attributes.len(),
            "{name} {bios_path}"
        );
        for (key, value) in &attributes {
            assert_eq!(
                reading.current.get(key),
                Some(value),
                "{name} {bios_path} {key}"
            );
        }
        if let Some(settings) = file["@Redfish.Settings"]["SettingsObject"]["@odata.id"].as_str() {
            let future = file_of(mockup, settings).map(|f| f["Attributes"].clone());
            for (key, value) in &reading.pending {
                assert_eq!(
                    future.as_ref().and_then(|f| f.get(key)),
                    Some(value),
                    "{name} {settings}: pending {key} is the settings object's value"
                );
                assert_ne!(
                    attributes.get(key),
                    Some(value),
                    "{name}: only differences are pending"
                );
            }
        }
        bios_values = reading.current.len();
    }
    let mut volumes = 0;
    if system_file["Storage"]["@odata.id"].is_string() {
        let storages = read_storage(client, system)
            .await
            .unwrap_or_else(|e| panic!("{name} {system} storage: {e}"));
        for storage in &storages {
            let file = file_of(mockup, &storage.path).expect("storage file");
            let listed = file["Drives"].as_array().map_or(0, Vec::len);
            assert_eq!(storage.drives.len(), listed, "{name} {}", storage.path);
            for drive in &storage.drives {
                let drive_file = file_of(mockup, &drive.path).expect("drive file");
                assert_eq!(
                    drive.capacity_bytes,
                    drive_file["CapacityBytes"].as_u64(),
                    "{name} {}",
                    drive.path
                );
                assert_eq!(
                    drive.media_type.as_deref(),
                    drive_file["MediaType"].as_str(),
                    "{name} {}",
                    drive.path
                );
                if let Some(volume) = &drive.volume {
                    assert!(
                        storage.volumes.iter().any(|v| &v.id == volume),
                        "{name} {}",
                        drive.path
                    );
                }
            }
            for volume in &storage.volumes {
                let volume_file = file_of(mockup, &volume.path).expect("volume file");
                assert_eq!(
                    volume.raid_type.as_deref(),
                    volume_file["RAIDType"].as_str(),
                    "{name} {}",
                    volume.path
                );
                assert_eq!(
                    volume.capacity_bytes,
                    volume_file["CapacityBytes"].as_u64(),
                    "{name} {}",
                    volume.path
                );
            }
            volumes += storage.volumes.len();
        }
    }
    (bios_values, volumes)
}

#[tokio::test]
async fn every_mockup_reads_without_error_and_its_facts_match_the_json() {
    let Some(dir) = mockups_dir() else {
        println!("SKIPPED: ../shared/redfish-mockups is not on this machine");
        return;
    };
    let mut mockups: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("mockups")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("index.json").is_file())
        .collect();
    mockups.sort();
    assert!(
        mockups.len() >= 4,
        "expected the four public mockups in {}",
        dir.display()
    );
    // BIOS values and volumes read through the editor's and the wizard's paths.
    let mut read_paths = (0, 0);
    let mut firmware_read = 0;
    for mockup in mockups {
        let name = mockup
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let base = start(mockup.clone()).await;
        let client = client(base);
        client.service_root().await.expect("root");

        // Every resource reachable from the root.
        let mut queue = VecDeque::from(["/redfish/v1".to_owned()]);
        let mut seen = BTreeSet::new();
        let (mut read, mut absent) = (0, 0);
        while let Some(path) = queue.pop_front() {
            if !seen.insert(path.clone()) || !path.starts_with("/redfish/v1") {
                continue;
            }
            match client.get::<Value>(&path).await {
                Ok(body) => {
                    read += 1;
                    parse_typed(&body).unwrap_or_else(|e| panic!("{name} {path}: {e}"));
                    let mut found = Vec::new();
                    links(&body, &mut found);
                    queue.extend(found);
                }
                // Mockups link to resources they do not include (a static copy).
                Err(e) if e.status() == Some(404) => absent += 1,
                Err(e) => panic!("{name} {path}: {e}"),
            }
        }
        assert!(
            client.transport().uses_basic().await,
            "a static service has no sessions"
        );

        // Facts for every system match the files.
        let systems = system_paths(&client).await.expect("systems");
        assert!(!systems.is_empty(), "{name} has systems");
        for path in &systems {
            let facts = read_system(&client, path)
                .await
                .unwrap_or_else(|e| panic!("{name} {path}: {e}"));
            let file: Value = serde_json::from_slice(
                &std::fs::read(
                    mockup
                        .join(path.trim_start_matches("/redfish/v1/"))
                        .join("index.json"),
                )
                .expect("system file"),
            )
            .expect("system JSON");
            let text = |key: &str| file[key].as_str().map(str::to_owned);
            let hw = &facts.hardware;
            assert_eq!(hw.serial, text("SerialNumber"), "{name} {path}");
            assert_eq!(hw.model, text("Model"), "{name} {path}");
            assert_eq!(hw.manufacturer, text("Manufacturer"), "{name} {path}");
            assert_eq!(hw.uuid, text("UUID"), "{name} {path}");
            assert_eq!(hw.power_state, text("PowerState"), "{name} {path}");
            assert_eq!(hw.bios_version, text("BiosVersion"), "{name} {path}");
            assert_eq!(
                hw.health,
                file["Status"]["Health"].as_str().map(str::to_owned),
                "{name} {path}"
            );
            assert_eq!(
                hw.cpu_count,
                file["ProcessorSummary"]["Count"].as_u64().map(|c| c as u32),
                "{name} {path}"
            );
            assert_eq!(
                hw.memory_gib,
                file["MemorySummary"]["TotalSystemMemoryGiB"].as_f64(),
                "{name} {path}"
            );
            let (bios_values, volumes) = bios_and_storage_match(&client, &mockup, path).await;
            read_paths.0 += bios_values;
            read_paths.1 += volumes;
            println!("{name} {path}: BIOS {bios_values} values, {volumes} volumes",);
            println!(
                "{name} {path}: {} drives, {} NICs, firmware {}, sensors {}, log {}",
                hw.drives.len(),
                hw.nics.len(),
                facts.firmware.as_ref().map_or(0, |f| f.items.len()),
                facts.sensors.as_ref().map_or(0, |s| s.readings.len()),
                facts.event_log.as_ref().map_or(0, |l| l.entries.len()),
            );
        }
        firmware_read += firmware_matches(&client, &mockup, &name).await;
        println!("{name}: {read} resources read, {absent} linked but not in the mockup");
    }
    assert!(
        read_paths.0 > 0 && read_paths.1 > 0,
        "the mockups hold BIOS values and volumes to compare: {read_paths:?}"
    );
    assert!(
        firmware_read > 0,
        "the mockups hold firmware inventories to compare"
    );
}

/// The firmware inventory and update offer as the maintenance tools read them,
/// against the files; returns how many components were compared.
async fn firmware_matches(client: &Client, mockup: &Path, name: &str) -> usize {
    let Some(service) = file_of(mockup, "UpdateService") else {
        return 0;
    };
    let offer = racksmith_redfish::firmware::offer(client)
        .await
        .unwrap_or_else(|e| panic!("{name} update offer: {e}"));
    assert_eq!(
        offer.simple_update.as_deref(),
        service["Actions"]["#UpdateService.SimpleUpdate"]["target"].as_str(),
        "{name}"
    );
    assert_eq!(
        offer.multipart_push.as_deref(),
        service["MultipartHttpPushUri"].as_str(),
        "{name}"
    );
    let components = racksmith_redfish::firmware::inventory(client)
        .await
        .unwrap_or_else(|e| panic!("{name} firmware inventory: {e}"));
    for component in &components {
        let file = file_of(
            mockup,
            &format!("UpdateService/FirmwareInventory/{}", component.id),
        )
        .unwrap_or_else(|| panic!("{name}: no file for {}", component.id));
        assert_eq!(
            component.version.as_deref(),
            file["Version"].as_str(),
            "{name} {}",
            component.id
        );
        assert_eq!(
            component.updateable,
            file["Updateable"].as_bool(),
            "{name} {}",
            component.id
        );
    }
    println!(
        "{name}: firmware {} components, SimpleUpdate {:?}",
        components.len(),
        offer.simple_update
    );
    components.len()
}

/// The erase and SEL steps of a deletion read the DMTF's own drives and logs:
/// each drive's action target, model and serial as the files have them, and
/// the erase left to the service's default where a drive lists no types.
#[tokio::test]
async fn mockup_drives_and_event_logs_read_as_the_deletion_steps_need() {
    let Some(dir) = mockups_dir() else {
        println!("SKIPPED: ../shared/redfish-mockups is not on this machine");
        return;
    };
    let mut erasable = 0;
    let mut logs = 0;
    for mockup in [
        "public-localstorage",
        "public-rackmount1",
        "public-tower",
        "public-bladed",
    ] {
        let root = dir.join(mockup);
        let client = client(start(root.clone()).await);
        for system in system_paths(&client).await.expect("systems") {
            let drives = racksmith_redfish::erase::erasable_drives(&client, &system)
                .await
                .unwrap_or_else(|e| panic!("{mockup} {system}: {e}"));
            for drive in drives {
                let file: Value = serde_json::from_slice(
                    &std::fs::read(
                        root.join(drive.path.trim_start_matches("/redfish/v1/"))
                            .join("index.json"),
                    )
                    .expect("drive file"),
                )
                .expect("drive JSON");
                assert_eq!(
                    drive.target.as_deref(),
                    file["Actions"]["#Drive.SecureErase"]["target"].as_str(),
                    "{mockup} {}",
                    drive.path
                );
                assert_eq!(drive.serial.as_deref(), file["SerialNumber"].as_str());
                assert_eq!(drive.model.as_deref(), file["Model"].as_str());
                if drive.target.is_some() {
                    erasable += 1;
                    assert_eq!(
                        drive.plan(),
                        Some(racksmith_redfish::erase::ErasePlan::ServiceDefault),
                        "the mockups list no SanitizationType"
                    );
                }
            }
            if let Some(sel) = racksmith_redfish::event_log::sel_service(&client, &system)
                .await
                .unwrap_or_else(|e| panic!("{mockup} {system}: {e}"))
            {
                let entries = racksmith_redfish::event_log::entries(&client, &sel)
                    .await
                    .expect("entries");
                let file: Value = serde_json::from_slice(
                    &std::fs::read(
                        root.join(sel.entries.trim_start_matches("/redfish/v1/"))
                            .join("index.json"),
                    )
                    .expect("entries file"),
                )
                .expect("entries JSON");
                assert_eq!(
                    entries.len() as u64,
                    file["Members@odata.count"].as_u64().expect("count"),
                    "{mockup} {}",
                    sel.entries
                );
                logs += 1;
            }
        }
    }
    assert!(
        erasable >= 4,
        "the mockups' drives with Drive.SecureErase: {erasable}"
    );
    assert!(logs >= 1, "at least one mockup has a SEL");
}
