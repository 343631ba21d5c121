//! BIOS over real HTTPS: settings checked against the registry, pending until the
//! next reset, applied then; Immediate apply restarts the server; ResetBios.

mod common;

use common::{fast_spec, lab, message_id, Bmc};
use reqwest::{Method, StatusCode};
use serde_json::json;

const SETTINGS: &str = "/redfish/v1/Systems/1/Bios/Settings";

async fn reset(bmc: &Bmc, kind: &str) {
    let answer = bmc
        .send(
            Method::POST,
            "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset",
            Some(json!({"ResetType": kind})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.body);
}

#[tokio::test]
async fn the_registry_describes_every_attribute_the_bios_shows() {
    let lab = lab(fast_spec(1)).await;
    let bmc = Bmc::login(&lab.servers()[0]).await;
    let bios = bmc.get("/redfish/v1/Systems/1/Bios").await;
    let file = bmc
        .get("/redfish/v1/Registries/BiosAttributeRegistry")
        .await;
    let uri = file["Location"][0]["Uri"]
        .as_str()
        .expect("registry uri")
        .to_owned();
    let registry = bmc.get(&uri).await;
    assert_eq!(registry["Id"], bios["AttributeRegistry"]);
    let entries = registry["RegistryEntries"]["Attributes"]
        .as_array()
        .expect("attributes");
    let names: Vec<&str> = entries
        .iter()
        .filter_map(|e| e["AttributeName"].as_str())
        .collect();
    for name in bios["Attributes"].as_object().expect("attributes").keys() {
        assert!(
            names.contains(&name.as_str()),
            "{name} is not in the registry"
        );
    }
    let types: std::collections::HashSet<&str> =
        entries.iter().filter_map(|e| e["Type"].as_str()).collect();
    assert_eq!(
        types.len(),
        4,
        "enumerations, integers, strings and booleans: {types:?}"
    );
    assert!(entries.iter().any(|e| e["ReadOnly"] == true));
    assert!(!registry["RegistryEntries"]["Dependencies"]
        .as_array()
        .expect("dependencies")
        .is_empty());
}

#[tokio::test]
async fn bad_values_are_refused_with_the_reason_and_nothing_changes() {
    let lab = lab(fast_spec(1)).await;
    let bmc = Bmc::login(&lab.servers()[0]).await;
    let before = bmc.get(SETTINGS).await["Attributes"].clone();
    let cases = [
        (
            json!({"BootMode": "Floppy"}),
            "Base.1.22.PropertyValueNotInList",
        ),
        (
            json!({"PxeRetryCount": 99}),
            "Base.1.22.PropertyValueOutOfRange",
        ),
        (
            json!({"MemTest": "yes"}),
            "Base.1.22.PropertyValueTypeError",
        ),
        (
            json!({"SystemServiceTag": "X"}),
            "Base.1.22.PropertyNotWritable",
        ),
        (json!({"Overclock": true}), "Base.1.22.PropertyUnknown"),
        (
            json!({"ProcCStates": "Disabled"}),
            "Base.1.22.PropertyValueResourceConflict",
        ),
    ];
    for (attributes, expected) in cases {
        let answer = bmc
            .send(
                Method::PATCH,
                SETTINGS,
                Some(json!({"Attributes": attributes})),
            )
            .await;
        assert!(answer.status.is_client_error(), "{attributes} was accepted");
        assert_eq!(message_id(&answer.body), expected, "{attributes}");
    }
    assert_eq!(bmc.get(SETTINGS).await["Attributes"], before);
}

#[tokio::test]
async fn settings_stay_pending_until_the_next_reset_then_apply() {
    let lab = lab(fast_spec(1)).await;
    let bmc = Bmc::login(&lab.servers()[0]).await;
    reset(&bmc, "On").await;
    bmc.wait_for("/redfish/v1/Systems/1", "PowerState", "On", 10)
        .await;
    let change = json!({"Attributes": {"BootMode": "Bios", "SysProfile": "Custom", "ProcCStates": "Disabled"}, "@Redfish.SettingsApplyTime": {"ApplyTime": "OnReset"}});
    let answer = bmc.send(Method::PATCH, SETTINGS, Some(change)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(bmc.get(SETTINGS).await["Attributes"]["BootMode"], "Bios");
    assert_eq!(
        bmc.get("/redfish/v1/Systems/1/Bios").await["Attributes"]["BootMode"],
        "Uefi",
        "pending, not current"
    );

    reset(&bmc, "GracefulRestart").await;
    bmc.wait_for("/redfish/v1/Systems/1", "PowerState", "PoweringOn", 10)
        .await;
    bmc.wait_for("/redfish/v1/Systems/1", "PowerState", "On", 10)
        .await;
    let current = bmc.get("/redfish/v1/Systems/1/Bios").await["Attributes"].clone();
    assert_eq!(
        (
            current["BootMode"].as_str(),
            current["ProcCStates"].as_str()
        ),
        (Some("Bios"), Some("Disabled"))
    );

    // ResetBios brings the defaults back at the next reset.
    assert_eq!(
        bmc.send(
            Method::POST,
            "/redfish/v1/Systems/1/Bios/Actions/Bios.ResetBios",
            Some(json!({}))
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(bmc.get(SETTINGS).await["Attributes"]["BootMode"], "Uefi");
    reset(&bmc, "ForceRestart").await;
    bmc.wait_for("/redfish/v1/Systems/1", "PowerState", "PoweringOn", 10)
        .await;
    bmc.wait_for("/redfish/v1/Systems/1", "PowerState", "On", 10)
        .await;
    assert_eq!(
        bmc.get("/redfish/v1/Systems/1/Bios").await["Attributes"]["BootMode"],
        "Uefi"
    );
}

#[tokio::test]
async fn an_immediate_apply_restarts_the_server_to_apply() {
    let lab = lab(fast_spec(1)).await;
    let bmc = Bmc::login(&lab.servers()[0]).await;
    reset(&bmc, "On").await;
    bmc.wait_for("/redfish/v1/Systems/1", "PowerState", "On", 10)
        .await;
    let change = json!({"Attributes": {"MemTest": true}, "@Redfish.SettingsApplyTime": {"ApplyTime": "Immediate"}});
    assert_eq!(
        bmc.send(Method::PATCH, SETTINGS, Some(change)).await.status,
        StatusCode::OK
    );
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while bmc.get("/redfish/v1/Systems/1/Bios").await["Attributes"]["MemTest"] != true {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the setting was never applied"
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let log = bmc
        .get("/redfish/v1/Managers/1/LogServices/SEL/Entries")
        .await
        .to_string();
    assert!(log.contains("restarting to apply BIOS settings"), "{log}");
}
