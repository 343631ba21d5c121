//! Scheduled orders against the lab with an injected clock: a firmware order on
//! ten servers a minute ahead runs once at its time and changes the versions; a
//! server in service is refused unless the order may move it; a run missed
//! while nothing ran is marked missed or run late per its grace; two runners
//! never both run one occurrence.

use std::io::{Read, Write};
use std::net::TcpListener;

use racksmith_core::orders::{local_start, CalendarRange, OccurrenceState, OrderDraft, OrderTask};
use racksmith_core::{Core, Stage};
use racksmith_inventory::JobServerState;
use racksmith_lifecycle::schedule::chrono::{DateTime, Duration, Utc};
use racksmith_lifecycle::{Actor, MoveRequest, Role};

mod support;
use support::enrolled_lab;

/// Serves one firmware package to every request, on loopback, for as long as
/// the test runs (the thread ends with the process).
fn serve_image(body: &'static [u8]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 2048];
            let _ = stream.read(&mut request);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body);
        }
    });
    format!("http://127.0.0.1:{port}/bios-2.30.1.bin")
}

/// Inventory to Maintenance, one move at a time.
const TO_MAINTENANCE: [Stage; 3] = [
    Stage::Building,
    Stage::InService,
    Stage::MaintenanceCustomer,
];

/// A task that only waits for the BMC to answer: an order that does nothing slow.
fn bmc_ready() -> OrderTask {
    OrderTask::Wait {
        condition: racksmith_core::orders::WaitCondition::BmcReady,
        timeout_minutes: 1,
    }
}

fn alice() -> Actor {
    Actor::new("alice", Role::Customer)
}

fn to(stage: Stage) -> MoveRequest {
    MoveRequest {
        to: stage,
        reason: None,
        hold_until: None,
    }
}

async fn into(core: &Core, id: &str, stages: &[Stage]) {
    for stage in stages {
        core.move_stage(id, to(*stage), &alice())
            .await
            .expect("move");
    }
}

fn draft(name: &str, servers: Vec<String>, tasks: Vec<OrderTask>, start: String) -> OrderDraft {
    OrderDraft {
        name: name.into(),
        servers,
        tasks,
        start,
        time_zone: "Asia/Tokyo".into(),
        rrule: None,
        window_minutes: 60,
        grace_minutes: 0,
        allow_stage_move: false,
        parallel: 10,
        hand_to_bmc: false,
    }
}

async fn bios_versions(core: &Core, ids: &[String]) -> Vec<String> {
    let mut versions = Vec::new();
    let mut keys = Vec::new();
    for name in ids {
        keys.push(core.find_server(name).await.expect("server").id);
    }
    core.refresh(Some(keys.clone()), |_| {})
        .await
        .expect("refresh");
    for id in &keys {
        let detail = core.server_detail(id).await.expect("detail");
        let bios = detail
            .facts
            .as_ref()
            .and_then(|f| f.firmware.as_ref())
            .and_then(|f| f.items.iter().find(|i| i.id == "BIOS"))
            .and_then(|i| i.version.clone())
            .unwrap_or_default();
        versions.push(bios);
    }
    versions
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_firmware_order_on_ten_servers_runs_once_at_its_time() {
    let (lab, _dir, core) = enrolled_lab(11).await;
    let image = serve_image(b"RACKSMITH-LAB-FIRMWARE component=BIOS version=2.30.1\nimage");
    let ids: Vec<String> = lab.servers().iter().map(|s| s.id.clone()).collect();
    let (ten, outsider) = (ids[..10].to_vec(), ids[10].clone());
    for id in &ten {
        into(&core, id, &TO_MAINTENANCE).await;
    }
    into(&core, &outsider, &[Stage::Building, Stage::InService]).await;

    let now = Utc::now();
    let minute_ahead = local_start(
        &(now + Duration::minutes(1)).to_rfc3339(),
        "Asia/Tokyo",
        now,
    )
    .expect("start");
    let mut servers = ten.clone();
    servers.push(outsider.clone());
    let order = core
        .save_order(
            None,
            draft(
                "BIOS 2.30.1",
                servers,
                vec![OrderTask::Firmware { image_url: image }],
                minute_ahead,
            ),
            &alice(),
        )
        .await
        .expect("saved");
    assert!(order.next_run.is_some());

    // Not yet due: nothing runs.
    let early = core.tick_orders(now, "app").await.expect("tick");
    assert!(early.started.is_empty() && early.missed.is_empty());

    // A minute later it is; a second runner looking at the same moment gets nothing.
    let due = now + Duration::seconds(61);
    let tick = core.tick_orders(due, "app").await.expect("tick");
    let other = core.tick_orders(due, "agent").await.expect("tick");
    assert_eq!(tick.started.len(), 1, "the app runs it");
    assert!(other.started.is_empty(), "the agent does not run it too");
    let (started, handle) = tick.started.into_iter().next().expect("run");
    handle.await.expect("run ends");

    let job = core
        .job(started.job_id.as_deref().expect("job"))
        .await
        .expect("job");
    let failed: Vec<_> = job
        .servers
        .iter()
        .filter(|s| s.state == JobServerState::Failed)
        .collect();
    assert_eq!(failed.len(), 1, "only the server in service fails");
    assert_eq!(failed[0].server_name, outsider);
    assert_eq!(
        failed[0].error_code.as_deref(),
        Some("reboot_needs_maintenance")
    );
    for row in job.servers.iter().filter(|s| s.server_name != outsider) {
        assert_eq!(row.state, JobServerState::Succeeded, "{row:?}");
        assert!(
            row.result.as_deref().unwrap_or_default().contains("BIOS")
                && row.result.as_deref().unwrap_or_default().contains("2.30.1"),
            "{row:?}"
        );
    }
    assert!(bios_versions(&core, &ten)
        .await
        .iter()
        .all(|v| v == "2.30.1"));
    assert_ne!(
        bios_versions(&core, std::slice::from_ref(&outsider)).await[0],
        "2.30.1"
    );

    // The calendar shows the run with its result, and it never runs again.
    let shown = core.order(&order.id).await.expect("order");
    assert_eq!(shown.runs.len(), 1);
    assert_eq!(shown.runs[0].state, OccurrenceState::Failed);
    assert!(shown.runs[0]
        .note
        .as_deref()
        .unwrap_or_default()
        .contains("10 of 11"));
    let events = core
        .order_calendar(CalendarRange {
            from: (now - Duration::days(1)).to_rfc3339(),
            to: (now + Duration::days(1)).to_rfc3339(),
        })
        .await
        .expect("calendar");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].state, OccurrenceState::Failed);
    assert_eq!(events[0].job_id, started.job_id);
    let later = core
        .tick_orders(due + Duration::minutes(5), "agent")
        .await
        .expect("tick");
    assert!(later.started.is_empty() && later.missed.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_in_service_is_moved_there_and_back_when_the_order_allows() {
    let (lab, _dir, core) = enrolled_lab(1).await;
    let id = lab.servers()[0].id.clone();
    into(&core, &id, &[Stage::Building, Stage::InService]).await;
    core.run_job(
        racksmith_core::JobRequest {
            kind: racksmith_core::JobKind::Power {
                op: racksmith_core::PowerOp::On,
            },
            servers: vec![id.clone()],
        },
        &alice(),
        |_| {},
    )
    .await
    .expect("on");
    let now = Utc::now();
    let mut order = draft(
        "weekly reboot",
        vec![id.clone()],
        vec![OrderTask::Reboot],
        local_start("now", "Asia/Tokyo", now).expect("now"),
    );
    order.allow_stage_move = true;
    core.save_order(None, order, &alice()).await.expect("saved");
    let tick = core
        .tick_orders(now + Duration::seconds(5), "app")
        .await
        .expect("tick");
    let (started, handle) = tick.started.into_iter().next().expect("runs");
    handle.await.expect("ends");
    let job = core
        .job(started.job_id.as_deref().expect("job"))
        .await
        .expect("job");
    assert_eq!(
        job.servers[0].state,
        JobServerState::Succeeded,
        "{:?}",
        job.servers[0]
    );
    assert!(job.servers[0]
        .result
        .as_deref()
        .unwrap_or_default()
        .contains("back in service"));
    let server = core.find_server(&id).await.expect("server");
    assert_eq!(server.stage, Stage::InService);
    let moves = core
        .server_actions(&id, &alice())
        .await
        .expect("actions")
        .history;
    let stages: Vec<Stage> = moves.iter().map(|m| m.to).collect();
    // Newest first: into Maintenance for the run, then back.
    assert!(
        stages.starts_with(&[Stage::InService, Stage::MaintenanceCustomer]),
        "{stages:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missed_runs_are_marked_or_run_late_per_their_grace() {
    let (lab, _dir, core) = enrolled_lab(1).await;
    let id = lab.servers()[0].id.clone();
    into(&core, &id, &TO_MAINTENANCE).await;
    let now = Utc::now();
    let start = local_start("now", "Asia/Tokyo", now).expect("now");
    let wait = bmc_ready();
    let strict = core
        .save_order(
            None,
            draft(
                "strict",
                vec![id.clone()],
                vec![wait.clone()],
                start.clone(),
            ),
            &alice(),
        )
        .await
        .expect("saved");
    let mut lenient = draft("lenient", vec![id.clone()], vec![wait], start);
    lenient.grace_minutes = 30;
    let lenient = core
        .save_order(None, lenient, &alice())
        .await
        .expect("saved");
    assert_eq!(
        core.order(&strict.id).await.expect("order").conflicts.len(),
        1,
        "two orders on one server in the same window are flagged"
    );

    // Nothing was running for twenty minutes.
    let tick = core
        .tick_orders(now + Duration::minutes(20), "agent")
        .await
        .expect("tick");
    assert_eq!(tick.missed, vec![(strict.id.clone(), format_utc(now))]);
    assert_eq!(tick.started.len(), 1);
    assert_eq!(tick.started[0].0.order_id, lenient.id);
    assert_eq!(tick.started[0].0.late_minutes, 20);
    for (_, handle) in tick.started {
        handle.await.expect("ends");
    }
    let strict = core.order(&strict.id).await.expect("order");
    assert_eq!(strict.runs[0].state, OccurrenceState::Missed);
    assert!(strict.runs[0]
        .note
        .as_deref()
        .unwrap_or_default()
        .contains("grace"));
    let lenient = core.order(&lenient.id).await.expect("order");
    assert_eq!(lenient.runs[0].state, OccurrenceState::Done);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_weekly_order_fires_once_per_week_across_a_daylight_saving_change() {
    let (lab, _dir, core) = enrolled_lab(1).await;
    let id = lab.servers()[0].id.clone();
    into(&core, &id, &TO_MAINTENANCE).await;
    // Berlin enters summer time on Sunday 28 March 2027.
    let mut weekly = draft(
        "Wednesday night",
        vec![id.clone()],
        vec![bmc_ready()],
        "2027-03-17T22:00".into(),
    );
    weekly.time_zone = "Europe/Berlin".into();
    weekly.rrule = Some("FREQ=WEEKLY;BYDAY=WE".into());
    core.save_order(None, weekly, &alice())
        .await
        .expect("saved");
    let mut fired = Vec::new();
    // Two runners looking every half hour from 15 March to 8 April.
    let mut t = utc("2027-03-15T00:00:00Z");
    while t < utc("2027-04-08T00:00:00Z") {
        for runner in ["app", "agent"] {
            let tick = core.tick_orders(t, runner).await.expect("tick");
            assert!(tick.missed.is_empty());
            for (run, handle) in tick.started {
                handle.await.expect("ends");
                fired.push(run.occurrence);
            }
        }
        t += Duration::minutes(30);
    }
    assert_eq!(
        fired,
        vec![
            "2027-03-17T21:00:00Z", // 22:00 CET
            "2027-03-24T21:00:00Z",
            "2027-03-31T20:00:00Z", // 22:00 CEST after the change on the 28th
            "2027-04-07T20:00:00Z",
        ]
    );
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("time")
        .with_timezone(&Utc)
}

fn format_utc(t: DateTime<Utc>) -> String {
    // The order's start keeps whole seconds; so does its occurrence.
    t.to_rfc3339_opts(
        racksmith_lifecycle::schedule::chrono::SecondsFormat::Secs,
        true,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firmware_handed_to_the_bmc_is_applied_in_its_window_with_nothing_running() {
    let (lab, _dir, core) = enrolled_lab(2).await;
    let image = serve_image(b"RACKSMITH-LAB-FIRMWARE component=BIOS version=2.30.1\nimage");
    let (a, b) = (lab.servers()[0].id.clone(), lab.servers()[1].id.clone());
    into(&core, &a, &TO_MAINTENANCE).await;
    into(&core, &b, &[Stage::Building, Stage::InService]).await;
    let before = bios_versions(&core, std::slice::from_ref(&a)).await[0].clone();

    // The window opens a few seconds from now (the lab keeps real time for windows).
    let now = Utc::now();
    let at = now + Duration::seconds(4);
    let mut order = draft(
        "BIOS in the window",
        vec![a.clone(), b.clone()],
        vec![OrderTask::Firmware { image_url: image }],
        local_start(&at.to_rfc3339(), "Asia/Tokyo", now).expect("start"),
    );
    order.hand_to_bmc = true;
    let saved = core.save_order(None, order, &alice()).await.expect("saved");
    let route = |name: &str| {
        saved
            .routes
            .iter()
            .find(|r| r.server_name == name)
            .unwrap_or_else(|| panic!("no route for {name}: {:?}", saved.routes))
            .clone()
    };
    assert_eq!(
        route(&a).via,
        racksmith_core::orders::TaskVia::Bmc,
        "{:?}",
        route(&a)
    );
    assert!(route(&a).detail.contains("staged on the BMC"));
    assert_eq!(route(&b).via, racksmith_core::orders::TaskVia::Racksmith);
    assert!(
        route(&b).detail.contains("not handed"),
        "{}",
        route(&b).detail
    );
    // Staged, not applied, before the window.
    assert_eq!(
        bios_versions(&core, std::slice::from_ref(&a)).await[0],
        before
    );

    // No runner looks; the BMC applies it when its window opens.
    let mut applied = String::new();
    for _ in 0..60 {
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        applied = bios_versions(&core, std::slice::from_ref(&a)).await[0].clone();
        if applied == "2.30.1" {
            break;
        }
    }
    assert_eq!(
        applied, "2.30.1",
        "the BMC did not apply the staged update in its window"
    );
    // The occurrence keeps whole seconds, so the window may open up to a second early.
    let late = Utc::now() - at;
    assert!(
        late > -Duration::seconds(1),
        "applied {} ms before its window opened",
        -late.num_milliseconds()
    );

    // A runner that comes by later reads it back; the other server was never staged.
    let tick = core
        .tick_orders(at + Duration::seconds(30), "agent")
        .await
        .expect("tick");
    let (started, handle) = tick.started.into_iter().next().expect("runs");
    handle.await.expect("ends");
    let job = core
        .job(started.job_id.as_deref().expect("job"))
        .await
        .expect("job");
    let row = |name: &str| {
        job.servers
            .iter()
            .find(|s| s.server_name == name)
            .expect("row")
            .clone()
    };
    assert_eq!(row(&a).state, JobServerState::Succeeded, "{:?}", row(&a));
    assert!(row(&a)
        .result
        .as_deref()
        .unwrap_or_default()
        .contains("applied by the BMC in its window"));
    assert_eq!(row(&b).state, JobServerState::Failed);
    assert_eq!(
        row(&b).error_code.as_deref(),
        Some("reboot_needs_maintenance")
    );
}
