//! Storage over real HTTPS: RAID volumes with the controller's rules, and drive
//! secure erase as a task followed to the end.

mod common;

use common::{follow, lab, message_id, Bmc};
use racksmith_lab::model::{self, Health, Media};
use racksmith_lab::{FaultOverride, Faults, LabSpec};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const SEED: u64 = 1;

/// The first lab server whose controller does RAID5 and that has `n` healthy SSDs.
fn server_with_healthy_ssds(n: usize) -> (usize, Vec<String>) {
    (0..200)
        .find_map(|i| {
            let hw = model::generate(SEED, i);
            let ssds: Vec<String> = hw
                .drives
                .iter()
                .filter(|d| d.media == Media::Ssd && d.health == Health::Ok)
                .map(|d| d.id.clone())
                .collect();
            (hw.controller.raid_types.contains(&"RAID5") && ssds.len() >= n)
                .then_some((i + 1, ssds))
        })
        .expect("the seed grows such a server")
}

fn spec(servers: usize, faults: Vec<FaultOverride>) -> LabSpec {
    LabSpec {
        servers,
        seed: SEED,
        time_scale: 0.001,
        vnc: false,
        overrides: faults,
        ..LabSpec::default()
    }
}

fn drive_links(base: &str, ids: &[String]) -> Vec<Value> {
    ids.iter()
        .map(|id| json!({"@odata.id": format!("{base}/Drives/{id}")}))
        .collect()
}

async fn storage_base(bmc: &Bmc) -> String {
    let list = bmc.get("/redfish/v1/Systems/1/Storage").await;
    list["Members"][0]["@odata.id"]
        .as_str()
        .expect("storage")
        .to_owned()
}

#[tokio::test]
async fn volumes_follow_the_controller_rules_and_capacity_arithmetic() {
    let (number, ssds) = server_with_healthy_ssds(4);
    let lab = lab(spec(number, vec![])).await;
    let bmc = Bmc::login(&lab.servers()[number - 1]).await;
    let base = storage_base(&bmc).await;
    let controller = bmc.get(&base).await;
    assert!(controller["StorageControllers"][0]["SupportedRAIDTypes"]
        .as_array()
        .expect("types")
        .contains(&json!("RAID5")));

    let too_few = bmc
        .send(
            Method::POST,
            &format!("{base}/Volumes"),
            Some(json!({"RAIDType": "RAID5", "Links": {"Drives": drive_links(&base, &ssds[..2])}})),
        )
        .await;
    assert_eq!(too_few.status, StatusCode::CONFLICT);
    assert!(
        too_few.body["error"]["message"]
            .as_str()
            .expect("why")
            .contains("at least 3 drives"),
        "{}",
        too_few.body
    );

    let created = bmc
        .send(Method::POST, &format!("{base}/Volumes"), Some(json!({"Name": "os", "RAIDType": "RAID5", "Links": {"Drives": drive_links(&base, &ssds[..3])}})))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let member = bmc.get(&format!("{base}/Drives/{}", ssds[0])).await;
    let per_drive = member["CapacityBytes"].as_u64().expect("capacity");
    assert_eq!(
        created.body["CapacityBytes"].as_u64(),
        Some(2 * per_drive),
        "RAID5 of 3 offers 2 drives of space"
    );

    let reused = bmc
        .send(
            Method::POST,
            &format!("{base}/Volumes"),
            Some(
                json!({"RAIDType": "RAID0", "Links": {"Drives": drive_links(&base, &ssds[2..4])}}),
            ),
        )
        .await;
    assert!(
        reused.body["error"]["message"]
            .as_str()
            .expect("why")
            .contains("already used"),
        "{}",
        reused.body
    );
    let too_big = bmc
        .send(Method::POST, &format!("{base}/Volumes"), Some(json!({"RAIDType": "RAID0", "CapacityBytes": 2 * per_drive, "Links": {"Drives": drive_links(&base, &ssds[3..4])}})))
        .await;
    assert!(
        too_big.body["error"]["message"]
            .as_str()
            .expect("why")
            .contains("at most"),
        "{}",
        too_big.body
    );

    let location = created.headers["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert_eq!(
        bmc.get(&format!("{base}/Volumes")).await["Members@odata.count"],
        1
    );
    assert_eq!(
        bmc.send(Method::DELETE, &location, None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        bmc.get(&format!("{base}/Volumes")).await["Members@odata.count"],
        0
    );
    let again = bmc
        .send(
            Method::POST,
            &format!("{base}/Volumes"),
            Some(
                json!({"RAIDType": "RAID10", "Links": {"Drives": drive_links(&base, &ssds[..4])}}),
            ),
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::CREATED,
        "freed drives can be used again: {}",
        again.body
    );
}

#[tokio::test]
async fn secure_erase_runs_as_a_task_and_leaves_the_drive_sanitized() {
    let (number, ssds) = server_with_healthy_ssds(2);
    let failing = FaultOverride {
        servers: vec![number],
        faults: Faults {
            failing_drives: vec![ssds[1].clone()],
            ..Faults::default()
        },
    };
    let lab = lab(spec(number, vec![failing])).await;
    let bmc = Bmc::login(&lab.servers()[number - 1]).await;
    let base = storage_base(&bmc).await;
    let erase = |id: &str| format!("{base}/Drives/{id}/Actions/Drive.SecureErase");

    let in_volume = bmc
        .send(
            Method::POST,
            &format!("{base}/Volumes"),
            Some(json!({"RAIDType": "RAID0", "Links": {"Drives": drive_links(&base, &ssds[..1])}})),
        )
        .await;
    let refused = bmc
        .send(
            Method::POST,
            &erase(&ssds[0]),
            Some(json!({"SanitizationType": "CryptographicErase"})),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(message_id(&refused.body), "Base.1.22.ResourceInUse");
    let location = in_volume.headers["location"]
        .to_str()
        .expect("volume")
        .to_owned();
    bmc.send(Method::DELETE, &location, None).await;

    let started = bmc
        .send(
            Method::POST,
            &erase(&ssds[0]),
            Some(json!({"SanitizationType": "BlockErase"})),
        )
        .await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    assert_eq!(started.body["TaskState"], "Running");
    let monitor = started.headers["location"]
        .to_str()
        .expect("monitor")
        .to_owned();
    let done = follow(&bmc, &monitor).await;
    assert_eq!(done["TaskState"], "Completed");
    assert_eq!(done["PercentComplete"], 100);
    let drive = bmc.get(&format!("{base}/Drives/{}", ssds[0])).await;
    assert_eq!(drive["Oem"]["RacksmithLab"]["Sanitized"], true);
    assert_eq!(
        drive["Oem"]["RacksmithLab"]["SanitizationType"],
        "BlockErase"
    );

    let bad = bmc
        .send(
            Method::POST,
            &erase(&ssds[0]),
            Some(json!({"SanitizationType": "Shred"})),
        )
        .await;
    assert_eq!(
        message_id(&bad.body),
        "Base.1.22.ActionParameterValueNotInList"
    );

    let failing = bmc
        .send(Method::POST, &erase(&ssds[1]), Some(json!({})))
        .await;
    assert_eq!(failing.status, StatusCode::ACCEPTED);
    let monitor = failing.headers["location"]
        .to_str()
        .expect("monitor")
        .to_owned();
    let ended = follow(&bmc, &monitor).await;
    assert_eq!(ended["TaskState"], "Exception");
    let messages = ended["Messages"].to_string();
    assert!(
        messages.contains(&ssds[1]) && messages.contains("media error"),
        "{messages}"
    );
    let after = bmc.get(&format!("{base}/Drives/{}", ssds[1])).await;
    assert_eq!(after["Oem"]["RacksmithLab"]["Sanitized"], false);
    assert!(
        after.get("Operations").is_none(),
        "a failed erase is over: {after}"
    );
    // Tried again, it is accepted (and fails again while the fault stands).
    let again = bmc
        .send(Method::POST, &erase(&ssds[1]), Some(json!({})))
        .await;
    assert_eq!(again.status, StatusCode::ACCEPTED, "{}", again.body);
}
