//! Benchmark, not a test: start a 1,000-server lab, then measure memory per server
//! and Redfish GET throughput over real HTTPS. Prints figures and ratios; asserts
//! nothing. Run with `cargo bench -p racksmith-lab --bench fleet` (add
//! `-- --servers N --seconds S` to change the size).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use racksmith_lab::{Lab, LabSpec};

#[path = "../tests/common/mod.rs"]
mod common;

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(str::to_owned)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Requests per second for `path` across the fleet from `workers` concurrent clients.
async fn throughput(
    lab: &Lab,
    client: &reqwest::Client,
    path: &str,
    workers: usize,
    seconds: u64,
) -> f64 {
    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let servers = Arc::new(lab.servers().to_vec());
    let mut tasks = Vec::new();
    for worker in 0..workers {
        let (client, done, failed, servers, path) = (
            client.clone(),
            done.clone(),
            failed.clone(),
            servers.clone(),
            path.to_owned(),
        );
        tasks.push(tokio::spawn(async move {
            let mut i = worker;
            while Instant::now() < deadline {
                let s = &servers[i % servers.len()];
                i += workers;
                let ok = client
                    .get(format!("{}{path}", s.redfish_url))
                    .basic_auth(&s.username, Some(&s.password))
                    .send()
                    .await
                    .map(|r| r.status().is_success());
                match ok {
                    Ok(true) => done.fetch_add(1, Ordering::Relaxed),
                    _ => failed.fetch_add(1, Ordering::Relaxed),
                };
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    let failures = failed.load(Ordering::Relaxed);
    if failures > 0 {
        println!("  ({failures} failed requests on {path})");
    }
    done.load(Ordering::Relaxed) as f64 / seconds as f64
}

#[tokio::main]
async fn main() {
    let servers = arg("--servers", 1000) as usize;
    let seconds = arg("--seconds", 5);
    let before = rss_kib();
    let started = Instant::now();
    let lab = Lab::start(LabSpec {
        servers,
        ..LabSpec::default()
    })
    .await
    .expect("the lab starts");
    let start_time = started.elapsed();
    let after = rss_kib();
    println!("lab of {servers} servers (Redfish over HTTPS + VNC each)");
    println!(
        "  start time          {:.2} s ({:.0} servers/s)",
        start_time.as_secs_f64(),
        servers as f64 / start_time.as_secs_f64()
    );
    println!(
        "  memory              {} MiB in all, {:.1} KiB per server",
        (after.saturating_sub(before)) / 1024,
        (after.saturating_sub(before)) as f64 / servers as f64
    );

    let client = common::client_trusting(lab.servers().iter().map(|s| s.certificate_pem.as_str()));

    let workers = 64;
    // Warm the connection pool so TLS handshakes do not dominate the figures.
    throughput(&lab, &client, "/redfish", workers, 1).await;
    let trivial = throughput(&lab, &client, "/redfish", workers, seconds).await;
    let system = throughput(&lab, &client, "/redfish/v1/Systems/1", workers, seconds).await;
    let thermal = throughput(
        &lab,
        &client,
        "/redfish/v1/Chassis/1/Thermal",
        workers,
        seconds,
    )
    .await;
    println!("  GET throughput ({workers} concurrent clients, {seconds} s each, client and lab on the same 2 cores)");
    println!("    /redfish (trivial, no auth)           {trivial:>8.0} req/s");
    println!("    /redfish/v1/Systems/1 (Basic auth)    {system:>8.0} req/s  = {:.2} x the trivial answer", system / trivial);
    println!("    /redfish/v1/Chassis/1/Thermal         {thermal:>8.0} req/s  = {:.2} x the trivial answer", thermal / trivial);
    println!("  real BMCs answer in 0.1 to 2 s; at {system:.0} req/s the lab is not the bottleneck of a client that keeps 2 requests in flight per BMC");
    lab.shutdown();
}
