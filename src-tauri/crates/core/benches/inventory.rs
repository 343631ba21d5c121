//! Benchmark (not a test): the Inventory tab with 100,000 servers in the
//! database. Prints the time to the first page of rows and to each filter, as
//! the app's IPC commands run them (query, then JSON encoding of the page),
//! against the 100 ms the UI allows itself to answer a filter.
//!
//! `cargo bench -p racksmith-core --bench inventory` (RACKSMITH_BENCH_SERVERS
//! changes the count).

use std::time::{Duration, Instant};

use racksmith_core::{Core, ServerQuery, Tab};
use serde_json::json;

const TARGET: Duration = Duration::from_millis(100);
const PAGE: u32 = 200;
const RUNS: usize = 15;

fn snapshot(count: usize) -> String {
    let models = [
        "PowerEdge R650",
        "PowerEdge R750",
        "ProLiant DL360",
        "ThinkSystem SR630",
    ];
    let servers: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            let eosl_year = 2025 + (i % 8);
            json!({
                "id": format!("00000000-0000-4000-8000-{i:012}"),
                "name": format!("tyo{}-r{:03}-u{:02}", i % 3 + 1, (i / 40) % 1000, i % 40),
                "stage": if i % 10 == 0 { "building" } else { "inventory" },
                "model": models[i % models.len()],
                "serial": format!("SN{:08X}", i * 7919),
                "bmcId": null,
                "bmcAddress": format!("10.{}.{}.{}", i / 65536 % 256, i / 256 % 256, i % 256),
                "powerState": "Off",
                "health": "OK",
                "location": {"site": format!("TYO{}", i % 3 + 1), "room": "A", "rack": format!("R{:03}", (i / 40) % 1000), "rackUnit": i % 40 + 1},
                "assetTag": format!("AT-{i:06}"),
                "refreshedAt": "2026-11-20T10:00:00Z",
                "refreshError": null,
                "refreshErrorCode": null,
                "unreachable": false,
                "updatedAt": "2026-11-20T10:00:00Z",
                "stageSince": "2026-01-01T00:00:00Z",
                "hold": null,
                "cleanedAt": null,
                "dates": {"receivedOn": "2024-04-01", "warrantyEnd": format!("{}-03-31", eosl_year - 1), "eoslOn": format!("{eosl_year}-{:02}-15", i % 12 + 1)},
                "facts": null
            })
        })
        .collect();
    json!({
        "format": "racksmith-inventory", "formatVersion": 1, "exportedAt": "2026-11-24T00:00:00Z",
        "exportedBy": "bench", "appVersion": "bench", "query": {}, "servers": servers,
    })
    .to_string()
}

/// The median of several runs of one IPC call: the query and the JSON it sends.
async fn median(core: &Core, query: &ServerQuery) -> (Duration, u32) {
    let mut times = Vec::with_capacity(RUNS);
    let mut total = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let page = core.query_servers(query.clone()).await.expect("query");
        let encoded = serde_json::to_string(&page).expect("encode");
        std::hint::black_box(encoded);
        times.push(started.elapsed());
        total = page.total;
    }
    times.sort();
    (times[RUNS / 2], total)
}

#[tokio::main]
async fn main() {
    let count: usize = std::env::var("RACKSMITH_BENCH_SERVERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let text = snapshot(count);
    let started = Instant::now();
    let core = Core::open_snapshot(&text, "bench").expect("load");
    println!(
        "Loaded {count} servers into SQLite in {:.2} s ({} MB of JSON)",
        started.elapsed().as_secs_f64(),
        text.len() / 1_000_000
    );
    let tab = |q: ServerQuery| ServerQuery {
        tab: Some(Tab::Inventory),
        limit: Some(PAGE),
        ..q
    };
    let cases = [
        (
            "first rows (Inventory, page 1)",
            tab(ServerQuery::default()),
        ),
        (
            "last page of the tab",
            tab(ServerQuery {
                offset: (count as u32 * 9 / 10).saturating_sub(PAGE),
                ..ServerQuery::default()
            }),
        ),
        (
            "filter: text \"r650\"",
            tab(ServerQuery {
                text: Some("r650".into()),
                ..ServerQuery::default()
            }),
        ),
        (
            "filter: text \"tyo2-r417\"",
            tab(ServerQuery {
                text: Some("tyo2-r417".into()),
                ..ServerQuery::default()
            }),
        ),
        (
            "filter: EOSL within 180 days",
            tab(ServerQuery {
                eosl_within_days: Some(180),
                ..ServerQuery::default()
            }),
        ),
        (
            "filter: text + EOSL",
            tab(ServerQuery {
                text: Some("TYO3".into()),
                eosl_within_days: Some(365),
                ..ServerQuery::default()
            }),
        ),
    ];
    println!(
        "\n{:<34} {:>10} {:>9} {:>12}",
        "query (page of 200)", "median", "matches", "vs 100 ms"
    );
    let mut worst: f64 = 0.0;
    for (name, query) in cases {
        let (time, total) = median(&core, &query).await;
        let ratio = time.as_secs_f64() / TARGET.as_secs_f64();
        worst = worst.max(ratio);
        println!(
            "{name:<34} {:>8.1} ms {total:>9} {:>11.2}×",
            time.as_secs_f64() * 1000.0,
            ratio
        );
    }
    println!(
        "\nSlowest at {worst:.2}× the 100 ms target ({}).",
        if worst <= 1.0 { "within" } else { "OVER" }
    );
}
