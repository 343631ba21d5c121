//! The stage table through the app's real IPC commands (Tauri's mock runtime,
//! the same handlers and argument decoding the window uses): each power and
//! locator action on a lab server in each stage is started or refused with the
//! table's code, and `server_actions` tells the UI the same.

#[path = "support/stage_table.rs"]
mod stage_table;

use racksmith_core::Profile;
use racksmith_lib::{ipc, AppState};
use serde_json::{json, Value};
use stage_table::table;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::Manager;

fn invoke(
    webview: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("url"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(webview, request).map(|body| body.deserialize::<Value>().expect("JSON reply"))
}

fn kind(index: usize) -> (Value, &'static str) {
    let power = |op: &str| json!({"kind": "power", "op": op});
    match index {
        0 => (power("on"), "power_on"),
        1 => (power("off"), "force_off"),
        2 => (power("shutdown"), "graceful_shutdown"),
        3 => (power("restart"), "graceful_restart"),
        4 => (power("power_cycle"), "power_cycle"),
        5 => (power("reset"), "force_restart"),
        _ => (json!({"kind": "locate", "on": true}), "locate"),
    }
}

/// The moves that bring a server from Inventory to the stage, with what they need.
fn path_to(stage: &str) -> Vec<Value> {
    let to = |stage: &str| json!({"to": stage, "reason": null, "holdUntil": null});
    let with_reason =
        |stage: &str| json!({"to": stage, "reason": "test", "holdUntil": "2030-01-01T00:00:00Z"});
    let in_service = vec![to("building"), to("in_service")];
    match stage {
        "inventory" => vec![],
        "building" => vec![to("building")],
        "in_service" => in_service,
        "maintenance_customer" => [in_service, vec![to("maintenance_customer")]].concat(),
        "maintenance_operator" => vec![with_reason("maintenance_operator")],
        // Deletion is entered through start_deletion's typed confirmation (below).
        "deletion" => in_service,
        _ => vec![with_reason("retired")],
    }
}

#[test]
fn every_stage_allows_and_refuses_through_ipc_as_the_table_says() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = AppState::open(Ok(Profile::at(dir.path().to_path_buf())));
    let app = mock_builder()
        .invoke_handler(ipc::<tauri::test::MockRuntime>().invoke_handler())
        .manage(state)
        .build(mock_context(noop_assets()))
        .expect("mock app");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("webview");
    let core = app.state::<AppState>().core().expect("core");
    let table = table();
    tauri::async_runtime::block_on(core.start_demo_lab(table.len())).expect("lab");

    let page = invoke(
        &webview,
        "query_servers",
        json!({"query": {"tab": "inventory"}}),
    )
    .expect("servers");
    let ids: Vec<String> = page["servers"]
        .as_array()
        .expect("servers")
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(ids.len(), table.len());

    let operator = |on: bool| {
        let mut settings = invoke(&webview, "settings", json!({})).expect("settings");
        settings["operatorMode"] = json!(on);
        invoke(&webview, "save_settings", json!({"settings": settings})).expect("saved");
    };
    for ((stage, _), id) in table.iter().zip(&ids) {
        for request in path_to(stage) {
            operator(*stage == "maintenance_operator");
            let moved = invoke(
                &webview,
                "move_stage",
                json!({"serverId": id, "request": request}),
            )
            .unwrap_or_else(|e| panic!("move to {stage}: {e}"));
            assert_eq!(moved["stage"], request["to"]);
        }
        if stage == "deletion" {
            let plain = invoke(
                &webview,
                "move_stage",
                json!({"serverId": id, "request": {"to": "deletion", "reason": "test", "holdUntil": null}}),
            )
            .expect_err("a plain move to Deletion");
            assert_eq!(plain["code"], "confirmation_required", "{plain}");
            // Opened without running the pipeline, so the server stays in Deletion.
            let name = invoke(&webview, "server_detail", json!({"serverId": id})).expect("detail")
                ["server"]["name"]
                .as_str()
                .expect("name")
                .to_owned();
            let actor = tauri::async_runtime::block_on(core.actor()).expect("actor");
            tauri::async_runtime::block_on(core.begin_deletion(
                racksmith_core::DeletionRequest {
                    servers: vec![id.clone()],
                    confirm: name,
                    reason: Some("test".into()),
                },
                &actor,
            ))
            .expect("deletion begins");
        }
    }
    operator(false);

    for ((stage, expected), id) in table.iter().zip(&ids) {
        let rules = invoke(&webview, "server_actions", json!({"serverId": id})).expect("actions");
        for (index, want) in expected.iter().enumerate() {
            let (kind, action) = kind(index);
            let rule = rules["actions"]
                .as_array()
                .expect("rules")
                .iter()
                .find(|r| r["action"] == action)
                .unwrap_or_else(|| panic!("no rule for {action}"));
            assert_eq!(
                rule["allowed"],
                *want == "ok",
                "{action} in {stage}: {rule}"
            );
            if *want != "ok" {
                assert_eq!(rule["refusal"]["code"], *want, "{action} in {stage}");
            }

            let started = invoke(
                &webview,
                "start_job",
                json!({"request": {"kind": kind, "servers": [id]}, "progress": "__CHANNEL__:7"}),
            );
            match (want.as_str(), started) {
                ("ok", Ok(job)) => assert_eq!(job["state"], "running", "{action} in {stage}"),
                ("ok", Err(e)) => panic!("{action} in {stage} was refused: {e}"),
                (code, Err(e)) => assert_eq!(e["code"], code, "{action} in {stage}: {e}"),
                (code, Ok(job)) => panic!("{action} in {stage} should be {code}, started {job}"),
            }
        }
    }
    // The Building stage's actions pass the same guards: a build only in
    // Building, BIOS changes refused where the stage forbids them, before any
    // BMC is asked.
    let profile = json!({"name": "guard", "bios": {}, "bmc": {}});
    for ((stage, _), id) in table.iter().zip(&ids) {
        let build = invoke(
            &webview,
            "start_job",
            json!({"request": {"kind": {"kind": "build", "profile": profile}, "servers": [id]}, "progress": "__CHANNEL__:7"}),
        );
        match (stage.as_str(), build) {
            ("building", Ok(job)) => assert_eq!(job["state"], "running"),
            ("building", Err(e)) => panic!("a build in Building was refused: {e}"),
            ("maintenance_operator", Err(e)) => assert_eq!(e["code"], "operator_hold"),
            // A build reboots: in service the refusal says where to go first.
            ("in_service", Err(e)) => assert_eq!(e["code"], "reboot_needs_maintenance"),
            (_, Err(e)) => assert_eq!(e["code"], "stage_forbids", "build in {stage}: {e}"),
            (_, Ok(job)) => panic!("a build in {stage} started: {job}"),
        }
        let bios = invoke(
            &webview,
            "set_bios",
            json!({"serverId": id, "change": {"values": {"BootMode": "Bios"}}}),
        );
        let refused = match stage.as_str() {
            "in_service" => Some("reboot_needs_maintenance"),
            "inventory" | "deletion" | "retired" => Some("stage_forbids"),
            _ => None,
        };
        if let Some(code) = refused {
            let e = bios.expect_err("BIOS change refused");
            assert_eq!(e["code"], code, "BIOS in {stage}: {e}");
        }
    }
    let verdict = invoke(&webview, "verify_audit", json!({})).expect("verdict");
    assert_eq!(verdict["intact"], true);
}
