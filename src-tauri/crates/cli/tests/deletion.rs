//! `rackctl delete` killed with SIGKILL in the middle of a drive's erase: the
//! pass stays open with that drive's erase unfinished (never claimed), no
//! certificate exists, and the agent's next start (as the app's) resumes it:
//! the same BMC task is followed to its end and the certificate issued,
//! exported as PDF and JSON.

#![cfg(unix)]

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use r2d2_sqlite::rusqlite::{Connection, OpenFlags, OptionalExtension};
use support::{lab_up_with, ok, rackctl};

/// lab-0003 has one 4 TB disk (an overwrite: 10 s at this scale) and three SSDs.
const SERVER: &str = "lab-0003";

fn database(profile: &Path) -> Connection {
    Connection::open_with_flags(
        profile.join("racksmith.sqlite3"),
        OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open the database")
}

/// The disk's erase as recorded: (state, task).
fn disk_erase(profile: &Path) -> Option<(String, Option<String>)> {
    database(profile)
        .query_row(
            "SELECT state, task FROM erasures WHERE drive_id = 'Disk.Bay.0'",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .expect("query")
}

#[test]
fn a_deletion_killed_mid_erase_resumes_without_claiming_the_unfinished_drive() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = dir.path();
    let _lab = lab_up_with(profile, 4, &["--time-scale", "0.0005"]);
    ok(profile, &["lab", "enrol"]);
    ok(profile, &["stage", "move", SERVER, "building"]);
    ok(profile, &["stage", "move", SERVER, "in-service"]);

    let wrong = rackctl(
        profile,
        &[
            "delete",
            "--servers",
            SERVER,
            "--confirm",
            "lab-3",
            "--json",
        ],
    );
    assert!(!wrong.status.success(), "a wrong name is refused");
    let stage: String = database(profile)
        .query_row("SELECT stage FROM servers WHERE name = ?1", [SERVER], |r| {
            r.get(0)
        })
        .expect("stage");
    assert_eq!(stage, "in_service", "a refused deletion changes nothing");

    let mut running = Command::new(env!("CARGO_BIN_EXE_rackctl"))
        .args([
            "delete",
            "--servers",
            SERVER,
            "--confirm",
            SERVER,
            "--wait",
            "--json",
        ])
        .env("RACKSMITH_PROFILE_DIR", profile)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("rackctl delete starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    let task = loop {
        if let Some((state, Some(task))) = disk_erase(profile) {
            assert_eq!(state, "running");
            break task;
        }
        assert!(Instant::now() < deadline, "the disk's erase never started");
        std::thread::sleep(Duration::from_millis(50));
    };
    // SIGKILL: no chance to clean up.
    running.kill().expect("kill");
    running.wait().expect("reaped");

    let (state, _) = disk_erase(profile).expect("row");
    assert_eq!(state, "running", "an unfinished erase is not claimed");
    let certificates: i64 = database(profile)
        .query_row("SELECT COUNT(*) FROM certificates", [], |r| r.get(0))
        .expect("count");
    assert_eq!(certificates, 0);
    let shown = ok(profile, &["deletions", SERVER]);
    assert_eq!(shown[0]["deletion"]["state"], "running", "{shown}");
    let show = rackctl(profile, &["certificate", "show", SERVER, "--json"]);
    assert!(
        !show.status.success(),
        "no certificate before the pass is verified"
    );

    // The agent's next start takes the pass up: it follows the same task to its
    // end, then finishes the pipeline.
    let resumed = ok(profile, &["agent", "--once"]);
    assert_eq!(
        resumed["deletionsResumed"]["job"]["counts"]["succeeded"], 1,
        "{resumed}"
    );
    let certificate = ok(profile, &["certificate", "show", SERVER]);
    let drives = certificate["drives"].as_array().expect("drives");
    assert_eq!(drives.len(), 4, "{certificate}");
    let disk = drives
        .iter()
        .find(|d| d["id"] == "Disk.Bay.0")
        .expect("the disk");
    assert_eq!(disk["method"], "Overwrite");
    assert_eq!(
        disk["task"],
        task.as_str(),
        "the task cut short was followed, not restarted"
    );
    let server = ok(profile, &["server", "show", SERVER]);
    assert_eq!(server["server"]["stage"], "inventory");

    let pdf = profile.join("certificate.pdf");
    let json = profile.join("certificate.json");
    let pdf_arg = pdf.display().to_string();
    let json_arg = json.display().to_string();
    ok(
        profile,
        &[
            "certificate",
            "export",
            SERVER,
            "--format",
            "pdf",
            "--lang",
            "ja",
            "--out",
            &pdf_arg,
        ],
    );
    ok(
        profile,
        &[
            "certificate",
            "export",
            SERVER,
            "--format",
            "json",
            "--out",
            &json_arg,
        ],
    );
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF-"));
    let exported: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).expect("json")).expect("parse");
    assert_eq!(exported, certificate);
}
