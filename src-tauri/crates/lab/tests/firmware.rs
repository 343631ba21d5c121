//! Firmware updates over real HTTPS: SimpleUpdate by URL and multipart push, run
//! as tasks, applied at the next reset, at a maintenance window, or at once.

mod common;

use std::time::Duration;

use common::{follow, lab, serve_http, Bmc};
use racksmith_lab::LabSpec;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn spec() -> LabSpec {
    LabSpec {
        servers: 1,
        time_scale: 0.001,
        vnc: false,
        ..LabSpec::default()
    }
}

fn package(component: &str, version: &str) -> Vec<u8> {
    format!("RACKSMITH-LAB-FIRMWARE component={component} version={version}\n\0\0binary payload")
        .into_bytes()
}

async fn simple_update(bmc: &Bmc, body: Value) -> Value {
    let started = bmc
        .send(
            Method::POST,
            "/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate",
            Some(body),
        )
        .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    let monitor = started.headers["location"]
        .to_str()
        .expect("monitor")
        .to_owned();
    follow(bmc, &monitor).await
}

#[tokio::test]
async fn a_bios_update_staged_for_the_next_reset_applies_when_the_server_boots() {
    let lab = lab(spec()).await;
    let bmc = Bmc::login(&lab.servers()[0]).await;
    let (host, serving) = serve_http(package("BIOS", "9.1.0")).await;
    let before = bmc.get("/redfish/v1/Systems/1").await["BiosVersion"].clone();

    let task = simple_update(
        &bmc,
        json!({"ImageURI": format!("{host}/bios.bin"), "@Redfish.OperationApplyTime": "OnReset"}),
    )
    .await;
    assert_eq!(task["TaskState"], "Completed", "{task}");
    let bios = bmc
        .get("/redfish/v1/UpdateService/FirmwareInventory/BIOS")
        .await;
    assert_eq!(bios["Oem"]["RacksmithLab"]["StagedVersion"], "9.1.0");
    assert_eq!(
        bmc.get("/redfish/v1/Systems/1").await["BiosVersion"],
        before,
        "nothing changes before the reset"
    );

    bmc.send(
        Method::POST,
        "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset",
        Some(json!({"ResetType": "On"})),
    )
    .await;
    bmc.wait_for("/redfish/v1/Systems/1", "PowerState", "On", 10)
        .await;
    assert_eq!(
        bmc.get("/redfish/v1/Systems/1").await["BiosVersion"],
        "9.1.0"
    );
    assert_eq!(
        bmc.get("/redfish/v1/UpdateService/FirmwareInventory/BIOS")
            .await["Version"],
        "9.1.0"
    );
    serving.abort();
}

#[tokio::test]
async fn an_update_for_a_maintenance_window_waits_for_the_window() {
    let lab = lab(spec()).await;
    let bmc = Bmc::login(&lab.servers()[0]).await;
    let (host, serving) = serve_http(package("RAID.Integrated.1", "52.99.0-1")).await;
    let start = time::OffsetDateTime::now_utc() + time::Duration::seconds(2);
    let start = start
        .format(&time::format_description::well_known::Rfc3339)
        .expect("format");
    let service = bmc.get("/redfish/v1/UpdateService").await;
    let supported = service["Actions"]["#UpdateService.SimpleUpdate"]
        ["@Redfish.OperationApplyTimeSupport"]["SupportedValues"]
        .to_string();
    assert!(
        supported.contains("AtMaintenanceWindowStart"),
        "{supported}"
    );

    let task = simple_update(
        &bmc,
        json!({
            "ImageURI": format!("{host}/raid.bin"),
            "@Redfish.OperationApplyTime": "AtMaintenanceWindowStart",
            "@Redfish.MaintenanceWindow": {"MaintenanceWindowStartTime": start, "MaintenanceWindowDurationInSeconds": 3600},
        }),
    )
    .await;
    assert_eq!(task["TaskState"], "Completed");
    let component = "/redfish/v1/UpdateService/FirmwareInventory/RAID.Integrated.1";
    assert_eq!(
        bmc.get(component).await["Oem"]["RacksmithLab"]["ApplyTime"],
        "AtMaintenanceWindowStart"
    );
    assert_ne!(
        bmc.get(component).await["Version"],
        "52.99.0-1",
        "not before the window"
    );
    let seen = bmc.wait_for(component, "Version", "52.99.0-1", 10).await;
    assert!(
        seen.len() >= 2,
        "the version changed when the window opened: {seen:?}"
    );
    serving.abort();
}

#[tokio::test]
async fn a_pushed_bmc_image_applies_at_once_and_the_bmc_restarts() {
    let lab = lab(spec()).await;
    let info = lab.servers()[0].clone();
    let bmc = Bmc::login(&info).await;
    let form = reqwest::multipart::Form::new()
        .part("UpdateParameters", reqwest::multipart::Part::text(json!({"Targets": ["/redfish/v1/UpdateService/FirmwareInventory/BMC"], "@Redfish.OperationApplyTime": "Immediate"}).to_string()))
        .part("UpdateFile", reqwest::multipart::Part::bytes(package("BMC", "8.0.1")).file_name("bmc.bin"));
    let answer = bmc
        .http
        .post(format!(
            "{}/redfish/v1/UpdateService/upload",
            info.redfish_url
        ))
        .header("X-Auth-Token", bmc.token.as_deref().unwrap_or_default())
        .multipart(form)
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    // The BMC restarts into the new firmware: old sessions end, and it comes back.
    // Each probe is one request with Basic auth, so a restart between a sign-in
    // and a read (a session the restart ends) is only another try.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let probe = common::client_for(&info)
            .get(format!("{}/redfish/v1/Managers/1", info.redfish_url))
            .basic_auth(&info.username, Some(&info.password))
            .send()
            .await;
        if let Ok(fresh) = probe {
            if fresh.status() == StatusCode::OK {
                let manager: serde_json::Value = fresh.json().await.unwrap_or_default();
                if manager["FirmwareVersion"] == "8.0.1" {
                    break;
                }
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the BMC never came back on 8.0.1"
        );
    }
    assert_eq!(
        bmc.send(Method::GET, "/redfish/v1/Systems/1", None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_bad_image_fails_its_task_with_the_reason() {
    let lab = lab(spec()).await;
    let bmc = Bmc::login(&lab.servers()[0]).await;
    let (host, serving) = serve_http(b"MZ this is not firmware".to_vec()).await;
    let task = simple_update(&bmc, json!({"ImageURI": format!("{host}/virus.exe")})).await;
    assert_eq!(task["TaskState"], "Exception");
    assert!(
        task["Messages"]
            .to_string()
            .contains("not a firmware package"),
        "{task}"
    );
    let wrong = simple_update(&bmc, json!({"ImageURI": "http://127.0.0.1:9/missing.bin"})).await;
    assert_eq!(wrong["TaskState"], "Exception");
    serving.abort();
}
