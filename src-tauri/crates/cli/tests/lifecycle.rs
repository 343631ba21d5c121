//! The stage table through the real `rackctl` against a lab: every power and
//! locator action on a server in every stage is allowed or refused as DESIGN.md
//! section 1 says, refusals exit non-zero with their code, and each lands in the
//! audit log. Then snapshots: export, review read-only, and the EOSL filter.

#![cfg(unix)]

#[path = "../../../tests/support/stage_table.rs"]
mod stage_table;
mod support;

use std::path::Path;

use serde_json::Value;
use stage_table::table;
use support::{json, lab_up, ok, rackctl, server_names as names};

fn mv(profile: &Path, name: &str, stage: &str, extra: &[&str]) {
    let mut args = vec!["stage", "move", name, stage];
    args.extend_from_slice(extra);
    let moved = ok(profile, &args);
    assert_eq!(moved["name"], name);
}

const ACTIONS: [[&str; 2]; 7] = [
    ["power", "on"],
    ["power", "off"],
    ["power", "shutdown"],
    ["power", "restart"],
    ["power", "cycle"],
    ["power", "reset"],
    ["locate", "on"],
];

#[test]
fn every_stage_allows_and_refuses_as_the_table_says() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = dir.path();
    let _lab = lab_up(profile, 7);
    ok(profile, &["lab", "enrol"]);
    let servers = names(profile);
    assert_eq!(servers.len(), 7);
    let table = table();
    assert_eq!(table.len(), 7);
    let by_stage: Vec<(&str, &str)> = table
        .iter()
        .map(|(stage, _)| stage.as_str())
        .zip(servers.iter().map(String::as_str))
        .collect();
    let server = |stage: &str| by_stage.iter().find(|(s, _)| *s == stage).expect("stage").1;

    // Put one server in each stage, the way people would.
    mv(profile, server("building"), "building", &[]);
    for stage in ["in_service", "maintenance_customer", "deletion"] {
        mv(profile, server(stage), "building", &[]);
        mv(profile, server(stage), "in-service", &[]);
    }
    mv(profile, server("maintenance_customer"), "maintenance", &[]);
    // Deletion is entered only with its typed confirmation; without --wait the
    // pipeline is left to the app or the agent, so the server stays there.
    let plain = rackctl(
        profile,
        &[
            "stage",
            "move",
            server("deletion"),
            "deletion",
            "--reason",
            "contract ended",
            "--json",
        ],
    );
    assert!(
        !plain.status.success(),
        "a plain move to Deletion is refused"
    );
    ok(
        profile,
        &[
            "delete",
            "--servers",
            server("deletion"),
            "--confirm",
            server("deletion"),
            "--reason",
            "contract ended",
        ],
    );
    mv(
        profile,
        server("retired"),
        "retired",
        &["--reason", "end of life"],
    );
    // Only an operator may hold a server.
    let refused = rackctl(
        profile,
        &[
            "stage",
            "move",
            server("maintenance_operator"),
            "operator-hold",
            "--reason",
            "PSU swap",
            "--until",
            "2030-01-01T06:00:00Z",
            "--json",
        ],
    );
    assert!(!refused.status.success());
    assert_eq!(json(&refused)["error"]["code"], "operator_only");
    ok(profile, &["settings", "set", "--operator-mode", "true"]);
    mv(
        profile,
        server("maintenance_operator"),
        "operator-hold",
        &["--reason", "PSU swap", "--until", "2030-01-01T06:00:00Z"],
    );
    ok(profile, &["settings", "set", "--operator-mode", "false"]);

    let listed = ok(profile, &["server", "list"]);
    for (stage, name) in &by_stage {
        let found = listed["servers"]
            .as_array()
            .expect("servers")
            .iter()
            .find(|s| s["name"] == *name)
            .expect("listed");
        assert_eq!(found["stage"], *stage, "{name}");
    }

    let mut refusals = 0;
    for (stage, expected) in &table {
        let name = server(stage);
        for (action, want) in ACTIONS.iter().zip(expected) {
            let out = rackctl(profile, &[action[0], action[1], name, "--json"]);
            let doc = json(&out);
            if want == "ok" {
                assert!(out.status.success(), "{action:?} in {stage}: {doc}");
                assert_eq!(
                    doc["job"]["state"], "succeeded",
                    "{action:?} in {stage}: {doc}"
                );
                assert_eq!(doc["servers"][0]["state"], "succeeded");
            } else {
                refusals += 1;
                assert!(
                    !out.status.success(),
                    "{action:?} in {stage} should be refused: {doc}"
                );
                assert_eq!(
                    doc["error"]["code"],
                    want.as_str(),
                    "{action:?} in {stage}: {doc}"
                );
                assert!(doc["error"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(name)));
            }
        }
    }

    // A bulk job is refused whole, naming every server in the way.
    let (serving, stock) = (server("in_service"), server("inventory"));
    let out = rackctl(
        profile,
        &[
            "power",
            "restart",
            serving,
            stock,
            server("building"),
            "--json",
        ],
    );
    let doc = json(&out);
    assert!(!out.status.success());
    let message = doc["error"]["message"].as_str().expect("message");
    assert!(
        message.contains(serving) && message.contains(stock),
        "{message}"
    );
    refusals += 2;

    // The operator is not locked out by their own hold.
    ok(profile, &["settings", "set", "--operator-mode", "true"]);
    let held = ok(profile, &["power", "cycle", server("maintenance_operator")]);
    assert_eq!(held["job"]["state"], "succeeded");

    let refused_entries = ok(
        profile,
        &["audit", "list", "--outcome", "refused", "--limit", "1000"],
    );
    assert_eq!(
        refused_entries.as_array().expect("entries").len(),
        refusals + 2,
        "every refusal (the customer's hold attempt and the plain move to Deletion too) is audited"
    );
    let verdict = ok(profile, &["audit", "verify"]);
    assert_eq!(verdict["intact"], true);

    // Moving into Maintenance touched nothing: the stage history records the
    // move and no job ran for it.
    let shown = ok(profile, &["stage", "show", server("maintenance_customer")]);
    let history: Vec<&Value> = shown["history"]
        .as_array()
        .expect("history")
        .iter()
        .collect();
    assert_eq!(history.len(), 3);
    assert_eq!(history[0]["to"], "maintenance_customer", "newest first");
}

#[test]
fn an_export_is_reviewed_read_only_and_filtered_by_eosl() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = dir.path();
    {
        let _lab = lab_up(profile, 3);
        ok(profile, &["lab", "enrol"]);
        ok(profile, &["bmc", "refresh", "--all"]);
    }
    let servers = names(profile);
    ok(
        profile,
        &[
            "server",
            "dates",
            &servers[0],
            "--eosl",
            "2020-06-30",
            "--received",
            "2019-01-15",
        ],
    );
    ok(
        profile,
        &["server", "dates", &servers[1], "--eosl", "2999-01-01"],
    );
    let bad = rackctl(
        profile,
        &[
            "server",
            "dates",
            &servers[2],
            "--eosl",
            "30/06/2020",
            "--json",
        ],
    );
    assert_eq!(json(&bad)["error"]["code"], "invalid_input");

    let placed = ok(
        profile,
        &[
            "server",
            "place",
            &servers[2],
            "--site",
            "TYO9",
            "--rack",
            "R42",
            "--u",
            "12",
            "--asset-tag",
            "AT-0042",
        ],
    );
    assert_eq!(placed["location"]["rackUnit"], 12);
    let found = ok(profile, &["server", "list", "--search", "tyo9"]);
    assert_eq!(found["servers"][0]["assetTag"], "AT-0042");
    let bad = rackctl(
        profile,
        &["server", "place", &servers[2], "--u", "61", "--json"],
    );
    assert_eq!(json(&bad)["error"]["code"], "invalid_input");

    let soon = ok(profile, &["server", "list", "--eosl-within", "180"]);
    assert_eq!(soon["total"], 1);
    assert_eq!(soon["servers"][0]["name"], servers[0].as_str());

    let csv = dir.path().join("eosl.csv");
    let written = ok(
        profile,
        &[
            "export",
            "--format",
            "csv",
            csv.to_str().expect("path"),
            "--eosl-within",
            "180",
        ],
    );
    assert_eq!(written["count"], 1);
    let text = std::fs::read_to_string(&csv).expect("csv");
    let mut lines = text.lines();
    assert!(lines
        .next()
        .expect("header")
        .starts_with("id,name,stage,model,serial"));
    let row = lines.next().expect("row");
    assert!(
        row.contains(&servers[0]) && row.contains("2020-06-30"),
        "{row}"
    );
    assert!(lines.next().is_none());

    let snapshot = dir.path().join("inventory.json");
    let written = ok(
        profile,
        &[
            "export",
            "--format",
            "json",
            snapshot.to_str().expect("path"),
        ],
    );
    assert_eq!(written["count"], 3);

    // Another machine: an empty profile, the snapshot, and no BMC anywhere.
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let file = snapshot.to_str().expect("path");
    let listed = ok(elsewhere.path(), &["--snapshot", file, "server", "list"]);
    assert_eq!(listed["total"], 3);
    let shown = ok(
        elsewhere.path(),
        &["--snapshot", file, "server", "show", &servers[0]],
    );
    assert_eq!(shown["server"]["dates"]["eoslOn"], "2020-06-30");
    assert!(
        shown["facts"]["hardware"]["drives"]
            .as_array()
            .is_some_and(|d| !d.is_empty()),
        "the facts travel with the snapshot: {shown}"
    );
    let refused = rackctl(
        elsewhere.path(),
        &[
            "--snapshot",
            file,
            "stage",
            "move",
            &servers[0],
            "building",
            "--json",
        ],
    );
    assert!(!refused.status.success());
    assert_eq!(json(&refused)["error"]["code"], "read_only_snapshot");
    let refused = rackctl(
        elsewhere.path(),
        &["--snapshot", file, "locate", "on", &servers[0], "--json"],
    );
    assert_eq!(json(&refused)["error"]["code"], "read_only_snapshot");
    // Reviewing left the other machine's own inventory untouched.
    assert_eq!(ok(elsewhere.path(), &["server", "list"])["total"], 0);

    let garbage = dir.path().join("garbage.json");
    std::fs::write(
        &garbage,
        "{\"format\": \"something-else\", \"servers\": []}",
    )
    .expect("write");
    let out = rackctl(
        elsewhere.path(),
        &[
            "--snapshot",
            garbage.to_str().expect("path"),
            "server",
            "list",
            "--json",
        ],
    );
    assert_eq!(json(&out)["error"]["code"], "invalid_input");

    let exports = ok(profile, &["audit", "list", "--action", "export"]);
    assert_eq!(exports.as_array().expect("entries").len(), 2);
}
