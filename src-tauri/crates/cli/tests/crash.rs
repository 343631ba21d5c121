//! A bulk job killed with SIGKILL half-way: the next start finds the database
//! whole, marks the job interrupted with each server's true outcome, re-reads
//! the interrupted servers, keeps the audit chain intact, and re-runs nothing
//! until asked to retry exactly the servers that did not finish.

#![cfg(unix)]

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use r2d2_sqlite::rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use support::{lab_up_with, ok, server_names};

const SERVERS: usize = 100;

fn database(profile: &Path) -> Connection {
    Connection::open_with_flags(
        profile.join("racksmith.sqlite3"),
        OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open the database")
}

fn succeeded_so_far(profile: &Path) -> BTreeSet<String> {
    let db = database(profile);
    let mut statement = db
        .prepare("SELECT server_id FROM job_servers WHERE state = 'succeeded'")
        .expect("prepare");
    let ids = statement
        .query_map([], |row| row.get::<_, String>(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    ids
}

/// Enrols the running lab, moves every server to Building (where power cycles
/// are allowed) and starts one `rackctl power cycle` job on all of them.
fn power_cycle_in_the_background(profile: &Path, expected: usize) -> Child {
    ok(profile, &["lab", "enrol"]);
    let names = server_names(profile);
    assert_eq!(names.len(), expected);
    for name in &names {
        ok(profile, &["stage", "move", name, "building"]);
    }
    let mut args = vec!["power", "cycle"];
    args.extend(names.iter().map(String::as_str));
    args.push("--json");
    Command::new(env!("CARGO_BIN_EXE_rackctl"))
        .args(&args)
        .env("RACKSMITH_PROFILE_DIR", profile)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("rackctl power cycle starts")
}

#[test]
fn a_killed_bulk_job_is_marked_interrupted_with_true_per_server_results() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = dir.path();
    // Slow enough that a power cycle takes a few seconds, as on real hardware.
    let _lab = lab_up_with(
        profile,
        SERVERS,
        &["--time-scale", "0.4", "--latency-ms", "5-20"],
    );
    let mut job = power_cycle_in_the_background(profile, SERVERS);

    let deadline = Instant::now() + Duration::from_secs(120);
    let before_kill = loop {
        let done = succeeded_so_far(profile);
        if done.len() >= 10 {
            break done;
        }
        assert!(Instant::now() < deadline, "the job made no progress");
        assert!(
            job.try_wait().expect("poll").is_none(),
            "the job ended before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let killed = Command::new("kill")
        .args(["-KILL", &job.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let _ = job.wait();

    {
        let db = database(profile);
        let check: String = db
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .expect("integrity check");
        assert_eq!(check, "ok");
        let state: String = db
            .query_row("SELECT state FROM jobs", [], |row| row.get(0))
            .expect("one job");
        assert_eq!(
            state, "running",
            "the kill came before the job could finish"
        );
    }

    // The next start (any command) recovers the job.
    let jobs = ok(profile, &["jobs", "list"]);
    let jobs = jobs.as_array().expect("jobs");
    assert_eq!(jobs.len(), 1, "nothing was re-run");
    let id = jobs[0]["id"].as_str().expect("id").to_owned();
    assert_eq!(jobs[0]["state"], "interrupted");
    assert!(jobs[0]["recoveredAt"].is_string());

    let detail = ok(profile, &["jobs", "show", &id]);
    let servers = detail["servers"].as_array().expect("servers");
    assert_eq!(servers.len(), SERVERS);
    let state_of = |s: &Value| s["state"].as_str().expect("state").to_owned();
    let succeeded: BTreeSet<String> = servers
        .iter()
        .filter(|s| state_of(s) == "succeeded")
        .map(|s| s["serverId"].as_str().expect("id").to_owned())
        .collect();
    assert!(
        succeeded.is_superset(&before_kill),
        "a server seen finished before the kill is still finished"
    );
    assert!(succeeded.len() < SERVERS, "the kill came mid-way");
    let mut interrupted = 0;
    for server in servers {
        match state_of(server).as_str() {
            "succeeded" => assert!(server["result"].as_str().is_some_and(|r| r.contains("On"))),
            "interrupted" => {
                interrupted += 1;
                let result = server["result"].as_str().expect("re-read after the crash");
                assert!(result.contains("after the interruption"), "{result}");
            }
            "not_started" => assert!(server["startedAt"].is_null()),
            other => panic!("{} left {other} after recovery", server["serverName"]),
        }
    }
    assert!(
        interrupted >= 1,
        "servers under way at the kill are interrupted"
    );

    let verdict = ok(profile, &["audit", "verify"]);
    assert_eq!(verdict["intact"], true, "{verdict}");
    let marked = ok(profile, &["audit", "list", "--action", "job_interrupted"]);
    assert_eq!(marked.as_array().expect("entries").len(), 1);
    // A second start finds nothing more to do.
    let again = ok(profile, &["jobs", "list"]);
    assert_eq!(again.as_array().expect("jobs").len(), 1);
    assert_eq!(
        ok(profile, &["audit", "list", "--action", "job_interrupted"])
            .as_array()
            .expect("entries")
            .len(),
        1
    );

    // Retrying runs exactly the servers that did not finish.
    let retried = ok(profile, &["jobs", "retry", &id]);
    assert_eq!(retried["job"]["retryOf"], id.as_str());
    assert_eq!(retried["job"]["state"], "succeeded");
    let retried_ids: BTreeSet<String> = retried["servers"]
        .as_array()
        .expect("servers")
        .iter()
        .map(|s| s["serverId"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(retried_ids.len(), SERVERS - succeeded.len());
    assert!(retried_ids.is_disjoint(&succeeded));
}

#[test]
fn a_job_run_by_rackctl_is_cancelled_from_another_process() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = dir.path();
    let servers = 40;
    let _lab = lab_up_with(profile, servers, &["--time-scale", "0.4"]);
    let mut job = power_cycle_in_the_background(profile, servers);
    let deadline = Instant::now() + Duration::from_secs(120);
    while succeeded_so_far(profile).len() < 3 {
        assert!(Instant::now() < deadline, "the job made no progress");
        std::thread::sleep(Duration::from_millis(50));
    }
    let id: String = database(profile)
        .query_row("SELECT id FROM jobs", [], |row| row.get(0))
        .expect("one job");

    // Another process asks; the job's own process stops it.
    let asked = ok(profile, &["jobs", "cancel", &id]);
    assert_eq!(asked["cancelRequested"], id.as_str());
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = job.try_wait().expect("poll") {
            break status;
        }
        assert!(Instant::now() < deadline, "the job did not stop when asked");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(!status.success(), "a cancelled job is not a success");

    let detail = ok(profile, &["jobs", "show", &id]);
    assert_eq!(detail["job"]["state"], "cancelled");
    let states: Vec<&str> = detail["servers"]
        .as_array()
        .expect("servers")
        .iter()
        .map(|s| s["state"].as_str().expect("state"))
        .collect();
    let done = states.iter().filter(|s| **s == "succeeded").count();
    assert!(done >= 3 && done < servers, "{states:?}");
    assert!(
        states
            .iter()
            .all(|s| matches!(*s, "succeeded" | "not_started" | "cancelled")),
        "servers under way finish their step, the rest do not start: {states:?}"
    );
    let requests = ok(profile, &["audit", "list", "--action", "job_cancel"]);
    assert_eq!(requests.as_array().expect("entries").len(), 1);
    // It has ended, so a second request is refused.
    let again = support::rackctl(profile, &["jobs", "cancel", &id, "--json"]);
    assert_eq!(support::json(&again)["error"]["code"], "conflict");
    assert!(!profile.join("jobs").join(format!("{id}.cancel")).exists());
}
