//! `rackctl firmware show|update` and `rackctl maintain` against the lab: drift
//! from the user's baseline, a local image pushed as multipart and verified by
//! the version after, a BMC reset, and the stage rules that refuse them.

mod support;

use serde_json::Value;
use support::{json, lab_up, ok, rackctl};

fn component<'a>(view: &'a Value, id: &str) -> &'a Value {
    view["components"]
        .as_array()
        .expect("components")
        .iter()
        .find(|c| c["id"] == id)
        .expect("component")
}

#[test]
fn firmware_drift_a_pushed_image_and_a_bmc_reset() {
    let dir = tempfile::tempdir().expect("dir");
    let profile = dir.path().join("profile");
    let _lab = lab_up(&profile, 1);
    ok(&profile, &["lab", "enrol"]);
    let name = support::server_names(&profile).remove(0);
    let name = name.as_str();

    let before = ok(&profile, &["firmware", "show", name]);
    let model = before["model"].as_str().expect("model").to_owned();
    let bios = component(&before, "BIOS")["version"]
        .as_str()
        .expect("v")
        .to_owned();
    assert_ne!(bios, "2.30.1");
    assert_eq!(before["baselineFound"], false);
    std::fs::write(
        profile.join("firmware-baseline.toml"),
        format!("[\"{model}\"]\nBIOS = \"2.30.1\"\n"),
    )
    .expect("baseline");
    let drifted = ok(&profile, &["firmware", "show", name]);
    assert_eq!(drifted["baselineFound"], true);
    assert_eq!(component(&drifted, "BIOS")["drift"], true);
    assert_eq!(
        component(&drifted, "BMC")["drift"],
        false,
        "not in the baseline"
    );

    let image = dir.path().join("bios-2.30.1.bin");
    std::fs::write(
        &image,
        b"RACKSMITH-LAB-FIRMWARE component=BIOS version=2.30.1\nimage",
    )
    .expect("image");
    let image = image.display().to_string();

    // Reboot-capable work is refused in service, for the whole job.
    ok(&profile, &["stage", "move", name, "building"]);
    ok(&profile, &["stage", "move", name, "in-service"]);
    let refused = rackctl(&profile, &["firmware", "update", name, &image, "--json"]);
    assert!(!refused.status.success());
    assert_eq!(json(&refused)["error"]["code"], "reboot_needs_maintenance");

    ok(&profile, &["stage", "move", name, "maintenance"]);
    let job = ok(&profile, &["firmware", "update", name, &image]);
    let row = &job["servers"][0];
    assert_eq!(row["state"], "succeeded", "{row}");
    let result = row["result"].as_str().unwrap_or_default();
    assert!(
        result.contains(&format!("BIOS {bios} → 2.30.1")),
        "{result}"
    );
    let after = ok(&profile, &["firmware", "show", name]);
    assert_eq!(component(&after, "BIOS")["version"], "2.30.1");
    assert_eq!(component(&after, "BIOS")["drift"], false);

    // A corrupt image fails with the BMC's reason and changes nothing.
    let junk = dir.path().join("junk.bin");
    std::fs::write(&junk, b"MZ not firmware").expect("junk");
    let failed = rackctl(
        &profile,
        &[
            "firmware",
            "update",
            name,
            &junk.display().to_string(),
            "--json",
        ],
    );
    assert!(!failed.status.success());
    let failed = json(&failed);
    assert_eq!(failed["servers"][0]["state"], "failed", "{failed}");
    let why = failed["servers"][0]["error"].as_str().unwrap_or_default();
    assert!(why.contains("not a firmware package"), "{why}");

    let reset = ok(
        &profile,
        &["maintain", "--servers", name, "--task", "bmc-reset"],
    );
    assert_eq!(reset["servers"][0]["state"], "succeeded", "{reset}");
    // The BMC answers again afterwards.
    ok(&profile, &["firmware", "show", name]);
}
