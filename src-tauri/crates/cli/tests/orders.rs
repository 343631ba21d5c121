//! `rackctl order` and `rackctl agent --once` as real binaries against the lab:
//! an order saved for now runs once, a server in service is refused unless
//! the order allows the move, bad tasks change nothing, and two agents started
//! together run each occurrence once.

mod support;

use std::process::Command;

use serde_json::Value;
use support::{json, lab_up, ok, rackctl};

fn agent_once(profile: &std::path::Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_rackctl"))
        .args(["agent", "--once", "--json"])
        .env("RACKSMITH_PROFILE_DIR", profile)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("agent starts")
}

fn finished(child: std::process::Child) -> Value {
    let out = child.wait_with_output().expect("agent ends");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    json(&out)
}

#[test]
fn an_order_for_now_runs_once_through_the_agent() {
    let dir = tempfile::tempdir().expect("dir");
    let profile = dir.path().join("profile");
    let _lab = lab_up(&profile, 2);
    ok(&profile, &["lab", "enrol"]);
    let names = support::server_names(&profile);
    let (a, b) = (names[0].as_str(), names[1].as_str());
    for stage in ["building", "in-service", "maintenance"] {
        ok(&profile, &["stage", "move", a, stage]);
    }
    for stage in ["building", "in-service"] {
        ok(&profile, &["stage", "move", b, stage]);
    }
    ok(&profile, &["power", "on", a, b]);

    // Refused whole: a task that is not one, and a wrong time zone.
    let servers = format!("{a},{b}");
    let bad = rackctl(
        &profile,
        &[
            "order",
            "add",
            "--name",
            "x",
            "--servers",
            &servers,
            "--task",
            "format-c",
            "--at",
            "now",
            "--json",
        ],
    );
    assert!(!bad.status.success());
    assert_eq!(json(&bad)["error"]["code"], "invalid_input");
    let bad = rackctl(
        &profile,
        &[
            "order",
            "add",
            "--name",
            "x",
            "--servers",
            &servers,
            "--task",
            "reboot",
            "--at",
            "now",
            "--time-zone",
            "Mars/Olympus",
            "--json",
        ],
    );
    assert_eq!(json(&bad)["error"]["code"], "invalid_input");
    assert_eq!(ok(&profile, &["order", "list"]), Value::Array(vec![]));

    let saved = ok(
        &profile,
        &[
            "order",
            "add",
            "--name",
            "nightly reboot",
            "--servers",
            &servers,
            "--task",
            "reboot",
            "--task",
            "wait:power-on:5",
            "--at",
            "now",
            "--time-zone",
            "Asia/Tokyo",
        ],
    );
    let id = saved["id"].as_str().expect("id").to_owned();
    assert_eq!(saved["timeZone"], "Asia/Tokyo");
    assert_eq!(saved["tasks"][1]["kind"], "wait");

    // Two agents at once: the occurrence is run by one of them only.
    let (first, second) = (agent_once(&profile), agent_once(&profile));
    let (first, second) = (finished(first), finished(second));
    let runs: Vec<&Value> = [&first, &second]
        .iter()
        .flat_map(|d| d["started"].as_array().expect("started").iter())
        .collect();
    assert_eq!(runs.len(), 1, "one agent runs it: {first} {second}");
    assert_eq!(runs[0]["state"], "failed", "{}", runs[0]);
    assert!(runs[0]["note"]
        .as_str()
        .unwrap_or_default()
        .contains("1 of 2"));

    let shown = ok(&profile, &["order", "show", &id]);
    let run = &shown["runs"][0];
    assert_eq!(run["state"], "failed");
    let job = ok(
        &profile,
        &["jobs", "show", run["jobId"].as_str().expect("job")],
    );
    let rows = job["servers"].as_array().expect("rows");
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["serverName"] == name)
            .expect("row")
            .clone()
    };
    assert_eq!(row(a)["state"], "succeeded");
    assert_eq!(row(b)["state"], "failed");
    assert_eq!(row(b)["errorCode"], "reboot_needs_maintenance");

    // Nothing is due any more.
    let again = finished(agent_once(&profile));
    assert_eq!(again["started"], Value::Array(vec![]));
    assert_eq!(again["missed"], Value::Array(vec![]));
    ok(&profile, &["order", "delete", &id]);
    assert_eq!(ok(&profile, &["order", "list"]), Value::Array(vec![]));
}
