//! `rackctl bios`, `rackctl raid` and `rackctl build` as a real binary against
//! the lab: refusals exit non-zero and change nothing; a profile file builds.

mod support;

use serde_json::{json, Value};
use support::{json, lab_up, ok, rackctl};

#[test]
fn bios_refusals_exit_non_zero_and_a_profile_file_builds_servers() {
    let dir = tempfile::tempdir().expect("dir");
    let profile = dir.path().join("profile");
    let _lab = lab_up(&profile, 2);
    ok(&profile, &["lab", "enrol"]);
    let names = support::server_names(&profile);
    for name in &names {
        ok(&profile, &["stage", "move", name, "building"]);
    }
    let first = names[0].as_str();

    // Every bad value is named; nothing is pending afterwards.
    let out = rackctl(
        &profile,
        &[
            "bios",
            "set",
            first,
            "BootMode=Floppy",
            "PxeRetryCount=99",
            "--json",
        ],
    );
    assert!(!out.status.success());
    let error = json(&out);
    assert_eq!(error["error"]["code"], "invalid_bios_value", "{error}");
    let message = error["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("Floppy") && message.contains("99"),
        "{message}"
    );
    let shown = ok(&profile, &["bios", "show", first]);
    assert_eq!(shown["pending"], json!({}));

    let set = ok(
        &profile,
        &[
            "bios",
            "set",
            first,
            "PxeRetryCount=7",
            "--apply-time",
            "on-reset",
        ],
    );
    assert_eq!(set["pending"]["PxeRetryCount"], 7);

    // RAID 5 on two drives is refused by the planner before the BMC is asked.
    let out = rackctl(
        &profile,
        &[
            "raid",
            "apply",
            first,
            "--level",
            "raid5",
            "--drives",
            "Disk.Bay.0,Disk.Bay.1",
            "--json",
        ],
    );
    assert!(!out.status.success());
    assert_eq!(json(&out)["error"]["code"], "impossible_layout");

    let file = dir.path().join("web.json");
    std::fs::write(
        &file,
        json!({"racksmithBuildProfile": 1, "profile": {
            "name": "web",
            "bios": {"ProcVirtualization": "Enabled", "PxeRetryCount": 2},
            "raid": {"level": "raid1", "drives": 2, "volumeName": "os"},
            "bmc": {"hostname": "bmc-{name}", "ipmi": false}
        }})
        .to_string(),
    )
    .expect("profile file");
    let path = file.to_string_lossy().into_owned();
    let job = ok(
        &profile,
        &[
            "build",
            "apply",
            "--profile",
            &path,
            "--servers",
            &names.join(","),
        ],
    );
    assert_eq!(job["job"]["state"], "succeeded", "{job}");
    for server in job["servers"].as_array().expect("servers") {
        assert!(
            server["result"]
                .as_str()
                .is_some_and(|r| r.starts_with("verified:")),
            "{server}"
        );
    }
    let after = ok(&profile, &["bios", "show", first]);
    assert_eq!(
        after["current"]["PxeRetryCount"], 2,
        "the profile's value won"
    );
    let storage: Value = ok(&profile, &["raid", "show", first]);
    assert_eq!(storage[0]["volumes"][0]["raidType"], "RAID1");

    // A second build finds the volume and says so in the preflight.
    let out = rackctl(
        &profile,
        &[
            "build",
            "preflight",
            "--profile",
            &path,
            "--servers",
            first,
            "--json",
        ],
    );
    assert!(!out.status.success());
    let report = json(&out);
    assert!(
        report.to_string().contains("already has 1 volume"),
        "{report}"
    );
}
