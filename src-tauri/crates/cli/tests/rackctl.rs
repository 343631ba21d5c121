//! Runs the real `rackctl` binary against scratch profiles.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn rackctl(profile: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rackctl"))
        .args(args)
        .env("RACKSMITH_PROFILE_DIR", profile)
        .output()
        .expect("rackctl runs")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

#[test]
fn version_json_names_this_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = rackctl(dir.path(), &["version", "--json"]);
    assert!(out.status.success());
    let doc = json(&out);
    assert_eq!(doc["name"], "rackctl");
    assert_eq!(doc["version"], env!("CARGO_PKG_VERSION"));
    assert!(doc["schemaVersion"].as_u64().is_some_and(|v| v >= 1));
}

#[test]
fn help_lists_the_commands() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = rackctl(dir.path(), &["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for word in [
        "version", "profile", "server", "bmc", "lab", "secret", "settings", "--json",
    ] {
        assert!(text.contains(word), "--help lacks {word}: {text}");
    }
}

#[test]
fn an_empty_profile_lists_no_servers_and_logs_to_its_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = rackctl(
        dir.path(),
        &["servers", "list", "--tab", "building", "--json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out), serde_json::json!([]));
    assert!(dir.path().join("racksmith.sqlite3").exists());
    let logs: Vec<_> = std::fs::read_dir(dir.path().join("logs"))
        .expect("log folder")
        .collect();
    assert!(!logs.is_empty(), "rackctl should log to the profile folder");
}

#[test]
fn settings_set_persists_for_the_next_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let set = rackctl(
        dir.path(),
        &[
            "settings",
            "set",
            "--language",
            "ja",
            "--operator-mode",
            "true",
            "--json",
        ],
    );
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    let shown = json(&rackctl(dir.path(), &["settings", "show", "--json"]));
    assert_eq!(
        shown,
        serde_json::json!({"language": "ja", "theme": "system", "operatorMode": true})
    );
}

#[test]
fn a_newer_database_is_refused_with_a_coded_json_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(rackctl(dir.path(), &["profile", "--json"]).status.success());
    let db = dir.path().join("racksmith.sqlite3");
    {
        let conn = r2d2_sqlite::rusqlite::Connection::open(&db).expect("open");
        conn.pragma_update(None, "user_version", 999).expect("bump");
    }
    let out = rackctl(dir.path(), &["servers", "list", "--json"]);
    assert!(!out.status.success());
    let doc = json(&out);
    assert_eq!(doc["error"]["code"], "database_too_new");
    assert!(doc["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("newer Racksmith")));
    // version needs no database, so it still answers
    assert!(rackctl(dir.path(), &["version"]).status.success());
}

#[test]
fn bad_arguments_exit_non_zero() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = rackctl(dir.path(), &["servers", "list", "--tab", "nowhere"]);
    assert!(!out.status.success());
}

#[cfg(unix)]
#[test]
fn lab_up_prints_its_servers_writes_lab_json_and_stops_on_interrupt() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rackctl"))
        .args(["lab", "up", "--servers", "3", "--seed", "5", "--json"])
        .env("RACKSMITH_PROFILE_DIR", dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rackctl lab up starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let doc: Value = serde_json::from_str(&line).expect("one JSON document per line");
    let servers = doc["servers"].as_array().expect("servers");
    assert_eq!(servers.len(), 3);
    for server in servers {
        for key in [
            "id",
            "redfish_url",
            "username",
            "password",
            "vnc_port",
            "certificate_sha256",
        ] {
            assert!(!server[key].is_null(), "{key} missing in {server}");
        }
        let url = server["redfish_url"].as_str().expect("url");
        let port: u16 = url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port");
        std::net::TcpStream::connect(("127.0.0.1", port)).expect("the server listens");
    }
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("lab.json")).expect("lab.json"),
    )
    .expect("lab.json is JSON");
    assert_eq!(written, doc);

    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(interrupted.success());
    let status = child.wait().expect("exits");
    assert!(status.success(), "{status:?}");
    assert!(
        !dir.path().join("lab.json").exists(),
        "a stopped lab removes its file"
    );
}

#[test]
fn lab_up_refuses_a_bad_spec_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = rackctl(dir.path(), &["lab", "up", "--servers", "0", "--json"]);
    assert!(!out.status.success());
    let doc = json(&out);
    assert_eq!(doc["error"]["code"], "invalid_input");
    assert!(doc["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("servers must be")));
}

#[test]
fn raid_plan_prints_capacity_and_tolerance_or_why_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = rackctl(
        dir.path(),
        &[
            "raid",
            "plan",
            "--level",
            "raid6",
            "--drives",
            "1.92TB,1.92TB,1.92TB,1.92TB,1.92TB,1.92TB",
            "--json",
        ],
    );
    assert!(out.status.success());
    let doc = json(&out);
    assert_eq!(doc["usable_bytes"], 4u64 * 1_920_000_000_000);
    assert_eq!(doc["fault_tolerance"], 2);

    let out = rackctl(
        dir.path(),
        &[
            "raid",
            "plan",
            "--level",
            "raid5",
            "--drives",
            "960GB,960GB",
            "--json",
        ],
    );
    assert!(!out.status.success());
    let doc = json(&out);
    assert_eq!(doc["error"]["code"], "impossible_layout");
    assert!(doc["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("at least 3 drives")));

    let out = rackctl(
        dir.path(),
        &[
            "raid",
            "plan",
            "--level",
            "raid1",
            "--drives",
            "960GB,1.2XB",
            "--json",
        ],
    );
    assert_eq!(json(&out)["error"]["code"], "invalid_input");
    // Arithmetic needs no profile: nothing was created.
    assert!(!dir.path().join("racksmith.sqlite3").exists());
}
