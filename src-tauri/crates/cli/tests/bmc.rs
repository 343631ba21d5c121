//! `rackctl bmc`, `server` and `lab enrol` against a lab run by `rackctl lab up`,
//! all as separate processes sharing one profile, as a shell script would use them.
//! Needs the OS keyring (tests/support/with-keyring.sh) for `bmc add`.

#![cfg(unix)]

mod support;

use support::{json, lab_up, rackctl_with_stdin as rackctl};

#[test]
fn the_command_line_enrols_refreshes_and_shows_a_running_lab() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = dir.path();
    let lab = lab_up(profile, 4);
    let fourth = &lab.servers[3];
    let url = fourth["redfish_url"].as_str().expect("url");
    let password = fourth["password"].as_str().expect("password");

    // Without a trust decision the certificate is shown and nothing is added.
    let out = rackctl(
        profile,
        &[
            "bmc",
            "add",
            url,
            "--user",
            "admin",
            "--password-stdin",
            "--json",
        ],
        Some(password),
    );
    assert!(!out.status.success());
    let error = &json(&out)["error"];
    assert_eq!(error["code"], "certificate_untrusted");
    let sha = fourth["certificate_sha256"].as_str().expect("sha");
    assert!(error["message"].as_str().expect("message").contains(sha));

    let out = rackctl(
        profile,
        &[
            "bmc",
            "add",
            url,
            "--user",
            "admin",
            "--password-stdin",
            "--sha256",
            sha,
            "--site",
            "Lab",
            "--u",
            "9",
            "--json",
        ],
        Some(password),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let added = json(&out);
    assert_eq!(added["certificate"]["sha256"], sha);
    assert_eq!(added["servers"][0]["location"]["rackUnit"], 9);

    let out = rackctl(profile, &["lab", "enrol", "--json"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report = json(&out);
    assert_eq!(report["enrolled"], 3);
    assert_eq!(report["enrolledByHand"], 1);

    let out = rackctl(profile, &["server", "list", "--json"], None);
    let servers = json(&out)["servers"].as_array().expect("servers").clone();
    assert_eq!(servers.len(), 4);
    for server in &servers {
        assert!(server["id"].is_string() && server["name"].is_string());
        assert_eq!(server["stage"], "inventory");
    }

    let out = rackctl(profile, &["bmc", "refresh", "--all", "--json"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(json(&out)["ok"], 4);

    let out = rackctl(profile, &["bmc", "show", "lab-0002", "--json"], None);
    let shown = json(&out);
    assert_eq!(
        shown["servers"][0]["facts"]["hardware"]["serial"],
        lab.servers[1]["serial"]
    );
    assert!(shown["servers"][0]["facts"]["hardware"]["readAt"].is_string());

    let out = rackctl(profile, &["bmc", "power", "lab-0001", "--json"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(json(&out)["powerState"].is_string());

    let out = rackctl(profile, &["server", "show", "lab-0003", "--json"], None);
    assert_eq!(json(&out)["bmc"]["fromLab"], true);

    // A CSV with a bad row: the report names the line, nothing is imported, exit 1.
    let csv = dir.path().join("fleet.csv");
    std::fs::write(
        &csv,
        "address,user,secret,u\nhttps://127.0.0.1:1,admin,keyring:x,99\n",
    )
    .expect("csv");
    let out = rackctl(
        profile,
        &["bmc", "import", csv.to_str().expect("path"), "--json"],
        None,
    );
    assert!(!out.status.success());
    let report = json(&out);
    assert_eq!(report["imported"], false);
    assert_eq!(report["rows"][0]["line"], 2);
    assert!(report["rows"][0]["error"]["message"]
        .as_str()
        .expect("reason")
        .contains("rack unit"));

    // Nothing the commands wrote holds a lab password.
    let database = std::fs::read(profile.join("racksmith.sqlite3")).expect("db");
    assert!(!database
        .windows(password.len())
        .any(|w| w == password.as_bytes()));
}
