//! Benchmark (not a test): refresh 1,000 lab servers with 100 ms of latency on
//! every request, against the lower bound the caps allow, and against a Python
//! peer doing the same reads with the `sushy` library and a thread pool.
//!
//! `cargo bench -p racksmith-core --bench refresh` (set RACKSMITH_BENCH_SERVERS to
//! change the fleet size; RACKSMITH_BENCH_SKIP_PYTHON=1 to leave the peer out).

use std::path::Path;
use std::time::{Duration, Instant};

use racksmith_core::{Core, Limits, Profile};
use racksmith_lab::{Faults, Lab, LabSpec, LatencyRange};

const LATENCY_MS: u64 = 100;

fn python_peer(lab: &Lab, workers: usize) -> Option<Duration> {
    if std::env::var_os("RACKSMITH_BENCH_SKIP_PYTHON").is_some() {
        return None;
    }
    let cache = dirs_cache().join("sushy-bench-venv");
    let python = cache.join("bin/python");
    if !python.exists() {
        let made = std::process::Command::new("python3")
            .args(["-m", "venv"])
            .arg(&cache)
            .status()
            .ok()?
            .success()
            && std::process::Command::new(cache.join("bin/pip"))
                .args(["install", "--quiet", "sushy==5.14.0"])
                .status()
                .ok()?
                .success();
        if !made {
            eprintln!(
                "could not install sushy into {}; Python peer skipped",
                cache.display()
            );
            return None;
        }
    }
    // Each server's own certificate in its own file: one bundle of a thousand
    // would be parsed again for every connection and time OpenSSL, not sushy.
    let dir = tempfile::tempdir().ok()?;
    let servers = dir.path().join("servers.json");
    let mut listed = Vec::new();
    for server in lab.servers() {
        let ca_file = dir.path().join(format!("{}.pem", server.id));
        std::fs::write(&ca_file, &server.certificate_pem).ok()?;
        let mut entry = serde_json::to_value(server).ok()?;
        entry["ca_file"] = serde_json::Value::from(ca_file.to_string_lossy().into_owned());
        listed.push(entry);
    }
    std::fs::write(&servers, serde_json::to_string(&listed).ok()?).ok()?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/sushy_refresh.py");
    let output = std::process::Command::new(python)
        .arg(script)
        .arg(&servers)
        .arg(workers.to_string())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    print!("{text}");
    let seconds: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("python sushy refresh seconds: "))?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs_f64(seconds))
}

fn dirs_cache() -> std::path::PathBuf {
    std::env::var_os("HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
        .join(".cache/racksmith")
}

fn main() {
    let servers: usize = std::env::var("RACKSMITH_BENCH_SERVERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let lab = Lab::start(LabSpec {
            servers,
            time_scale: 0.01,
            vnc: false,
            ..LabSpec::default()
        })
        .await
        .expect("lab");
        let dir = tempfile::tempdir().expect("temp dir");
        let limits = Limits::default();
        let (global, per_bmc) = (limits.global(), limits.per_bmc);
        let core = Core::open(Profile::at(dir.path().join("profile")))
            .expect("core")
            .with_limits(limits);
        core.enrol_lab(lab.servers()).await.expect("enrol");
        let latency = Faults {
            latency_ms: Some(LatencyRange {
                min: LATENCY_MS,
                max: LATENCY_MS,
            }),
            ..Faults::default()
        };
        for number in 1..=servers {
            lab.set_faults(number, latency.clone()).expect("latency");
        }
        let before = core.limits().requests_sent();
        let started = Instant::now();
        let outcomes = core.refresh(None, |_| {}).await.expect("refresh");
        let took = started.elapsed();
        let requests = core.limits().requests_sent() - before;
        let failed = outcomes.iter().filter(|o| !o.ok).count();
        let per_server = requests as f64 / servers as f64;
        let latency = LATENCY_MS as f64 / 1000.0;
        // No schedule can beat either cap: the fleet-wide one over all requests,
        // or the per-BMC one over one server's requests.
        let bound = (requests as f64 * latency / global as f64).max(per_server * latency / per_bmc as f64);
        println!("servers: {servers}, latency: {LATENCY_MS} ms per request, caps: {global} in all, {per_bmc} per BMC");
        println!("requests: {requests} ({per_server:.1} per server), failed servers: {failed}");
        println!("racksmith refresh seconds: {:.2}", took.as_secs_f64());
        println!("lower bound seconds: {bound:.2}  (racksmith / bound = {:.2})", took.as_secs_f64() / bound);
        core.shutdown().await;
        if let Some(python) = python_peer(&lab, global) {
            println!(
                "python sushy / racksmith = {:.2}",
                python.as_secs_f64() / took.as_secs_f64()
            );
        }
    });
}
