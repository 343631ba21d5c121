//! Running the real `rackctl` binary, and a lab it serves, against scratch profiles.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

pub fn rackctl_with_stdin(profile: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rackctl"))
        .args(args)
        .env("RACKSMITH_PROFILE_DIR", profile)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rackctl runs");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("rackctl ends")
}

pub fn rackctl(profile: &Path, args: &[&str]) -> Output {
    rackctl_with_stdin(profile, args, None)
}

/// Runs rackctl with `--json` and insists that it succeeds.
pub fn ok(profile: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = rackctl(profile, &all);
    let doc = json(&out);
    assert!(out.status.success(), "rackctl {args:?} failed: {doc}");
    doc
}

/// The names of every server in the profile, in name order.
pub fn server_names(profile: &Path) -> Vec<String> {
    ok(profile, &["server", "list"])["servers"]
        .as_array()
        .expect("servers")
        .iter()
        .map(|s| s["name"].as_str().expect("name").to_owned())
        .collect()
}

pub fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// `rackctl lab up` in the background, interrupted when dropped.
pub struct RunningLab {
    child: Child,
    pub servers: Vec<Value>,
}

impl Drop for RunningLab {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

pub fn lab_up(profile: &Path, servers: usize) -> RunningLab {
    lab_up_with(profile, servers, &["--time-scale", "0.01"])
}

pub fn lab_up_with(profile: &Path, servers: usize, extra: &[&str]) -> RunningLab {
    let mut args = vec!["--no-vnc"];
    args.extend_from_slice(extra);
    spawn_lab(profile, servers, &args)
}

/// A lab whose servers also serve their VNC consoles.
pub fn lab_up_with_consoles(profile: &Path, servers: usize) -> RunningLab {
    spawn_lab(profile, servers, &["--time-scale", "0.01"])
}

/// A lab whose consoles are only at `/kvm/0`, as OpenBMC serves them.
pub fn lab_up_with_web_consoles(profile: &Path, servers: usize) -> RunningLab {
    spawn_lab(
        profile,
        servers,
        &["--time-scale", "0.01", "--kvm-websocket-only"],
    )
}

fn spawn_lab(profile: &Path, servers: usize, extra: &[&str]) -> RunningLab {
    let count = servers.to_string();
    let mut args = vec!["lab", "up", "--servers", &count, "--json"];
    args.extend_from_slice(extra);
    let mut child = Command::new(env!("CARGO_BIN_EXE_rackctl"))
        .args(&args)
        .env("RACKSMITH_PROFILE_DIR", profile)
        .stdout(Stdio::piped())
        .spawn()
        .expect("rackctl lab up starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let doc: Value = serde_json::from_str(&line).expect("lab JSON");
    RunningLab {
        child,
        servers: doc["servers"].as_array().expect("servers").clone(),
    }
}
