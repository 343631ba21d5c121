//! The stage guards and the jobs engine against the lab over real HTTPS: a
//! server walked through its stages, power actions allowed or refused by stage,
//! and every step in the audit log, whose chain verifies.

use racksmith_core::{ErrorCode, JobKind, JobRequest, PowerOp, Stage};
use racksmith_inventory::{AuditFilter, JobServerState, JobState};
use racksmith_lifecycle::{Actor, MoveRequest, Role};

mod support;
use support::enrolled_lab;

fn to(stage: Stage, reason: Option<&str>) -> MoveRequest {
    MoveRequest {
        to: stage,
        reason: reason.map(str::to_owned),
        hold_until: None,
    }
}

fn power(op: PowerOp, servers: &[&str]) -> JobRequest {
    JobRequest {
        kind: JobKind::Power { op },
        servers: servers.iter().map(|s| s.to_string()).collect(),
    }
}

#[tokio::test]
async fn a_server_walks_its_stages_and_reboots_only_where_allowed() {
    let (lab, _dir, core) = enrolled_lab(2).await;
    let alice = Actor::new("alice", Role::Customer);
    let name = lab.servers()[0].id.clone();

    // Inventory allows no power action at all.
    let refused = core
        .run_job(power(PowerOp::On, &[&name]), &alice, |_| {})
        .await
        .expect_err("no power in stock");
    assert_eq!(refused.code, ErrorCode::StageForbids);

    core.move_stage(&name, to(Stage::Building, None), &alice)
        .await
        .expect("to building");
    let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = events.clone();
    let restart = core
        .run_job(power(PowerOp::Reset, &[&name]), &alice, move |e| {
            seen.lock().expect("lock").push(e)
        })
        .await
        .expect("reset while building");
    assert_eq!(restart.job.state, JobState::Succeeded, "{restart:?}");
    assert_eq!(restart.servers[0].state, JobServerState::Succeeded);
    assert_eq!(restart.servers[0].result.as_deref(), Some("power On"));
    assert!(
        events.lock().expect("lock").len() >= 3,
        "progress was streamed"
    );

    core.move_stage(&name, to(Stage::InService, None), &alice)
        .await
        .expect("to service");
    let refused = core
        .run_job(power(PowerOp::Restart, &[&name]), &alice, |_| {})
        .await
        .expect_err("no reboot in service");
    assert_eq!(refused.code, ErrorCode::RebootNeedsMaintenance);
    assert!(
        refused.message.contains("Maintenance"),
        "{}",
        refused.message
    );

    let sent = core.limits().requests_sent();
    core.move_stage(&name, to(Stage::MaintenanceCustomer, None), &alice)
        .await
        .expect("to maintenance");
    assert_eq!(
        core.limits().requests_sent(),
        sent,
        "moving sends nothing to the BMC"
    );
    let cycle = core
        .run_job(power(PowerOp::PowerCycle, &[&name]), &alice, |_| {})
        .await
        .expect("cycle in maintenance");
    assert_eq!(cycle.job.state, JobState::Succeeded, "{cycle:?}");
    core.move_stage(&name, to(Stage::InService, None), &alice)
        .await
        .expect("back in service");

    let audit = core.audit(AuditFilter::default()).await.expect("audit");
    let actions: Vec<(&str, &str)> = audit
        .iter()
        .rev()
        .map(|e| (e.action.as_str(), e.outcome.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("power_on", "refused"),
            ("stage_move", "ok"),
            ("job_started", "started"),
            ("force_restart", "succeeded"),
            ("job_finished", "succeeded"),
            ("stage_move", "ok"),
            ("graceful_restart", "refused"),
            ("stage_move", "ok"),
            ("job_started", "started"),
            ("power_cycle", "succeeded"),
            ("job_finished", "succeeded"),
            ("stage_move", "ok"),
        ]
    );
    assert!(core.verify_audit().await.expect("verify").intact);
    core.shutdown().await;
    lab.shutdown();
}
