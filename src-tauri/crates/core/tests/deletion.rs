//! Deletion against the lab over real HTTPS: a wrong confirmation changes
//! nothing; ten servers deleted with one drive made to fail its erase end with
//! nine in stock, each with a certificate, and one held in Deletion naming the
//! drive; clearing the fault and retrying finishes it.

use racksmith_core::build::AccountSpec;
use racksmith_core::{Core, DeletionRequest, ErrorCode, MoveRequest, Stage, PIPELINE};
use racksmith_inventory::{AuditFilter, DeletionState, ErasureState, JobServerState, StepState};
use racksmith_lab::{Faults, Lab};
use racksmith_lifecycle::{Actor, Role};

mod support;
use support::enrolled_lab_at;

fn to(stage: Stage) -> MoveRequest {
    MoveRequest {
        to: stage,
        reason: Some("test".into()),
        hold_until: None,
    }
}

async fn into_service(core: &Core, name: &str, actor: &Actor) {
    core.move_stage(name, to(Stage::Building), actor)
        .await
        .expect("to building");
    core.move_stage(name, to(Stage::InService), actor)
        .await
        .expect("to service");
}

/// Servers whose drives are all healthy: the lab marks a few drives failed,
/// and those fail every erase, as a real failed drive would.
async fn healthy(core: &Core, lab: &Lab, wanted: usize) -> Vec<(usize, String)> {
    let mut picked = Vec::new();
    for (index, server) in lab.servers().iter().enumerate() {
        let storage = core.storage(&server.id).await.expect("storage");
        let ok = storage
            .iter()
            .flat_map(|s| &s.drives)
            .all(|d| d.health.as_deref() != Some("Critical"));
        if ok {
            picked.push((index + 1, server.id.clone()));
        }
        if picked.len() == wanted {
            break;
        }
    }
    assert_eq!(picked.len(), wanted, "enough healthy servers in the lab");
    picked
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_deleted_nine_certified_one_held_naming_its_drive_then_retried() {
    // Fast enough that a whole-disk overwrite of the lab's hard disks takes seconds.
    let (lab, _dir, core) = enrolled_lab_at(14, 0.0005).await;
    let ann = Actor::new("ann", Role::Customer);
    let picked = healthy(&core, &lab, 10).await;
    let names: Vec<String> = picked.iter().map(|(_, n)| n.clone()).collect();
    for name in &names {
        into_service(&core, name, &ann).await;
    }
    // A customer account to be removed with its keyring entry.
    let with_account = &names[0];
    core.move_stage(with_account, to(Stage::MaintenanceCustomer), &ann)
        .await
        .expect("to maintenance");
    core.create_bmc_account(
        with_account,
        AccountSpec {
            username: "customer1".into(),
            role: "Operator".into(),
        },
        &ann,
    )
    .await
    .expect("customer account");

    // One drive of the third server fails its erase.
    let (failing_number, failing) = picked[2].clone();
    let failing_drive = core.storage(&failing).await.expect("storage")[0].drives[1].clone();
    lab.set_faults(
        failing_number,
        Faults {
            failing_drives: vec![failing_drive.id.clone()],
            ..Faults::default()
        },
    )
    .expect("fault");

    // A wrong count changes nothing and is audited.
    let wrong = core
        .start_deletion(
            DeletionRequest {
                servers: names.clone(),
                confirm: "9".into(),
                reason: Some("contract ended".into()),
            },
            &ann,
            |_| {},
        )
        .await
        .expect_err("wrong count");
    assert_eq!(wrong.code, ErrorCode::ConfirmationMismatch);
    for name in &names {
        let stage = core.find_server(name).await.expect("server").stage;
        assert_ne!(stage, Stage::Deletion, "{name} was not moved");
    }
    // A plain move to Deletion is refused: only the confirmed path destroys data.
    let plain = core
        .move_stage(&names[1], to(Stage::Deletion), &ann)
        .await
        .expect_err("plain move");
    assert_eq!(plain.code, ErrorCode::ConfirmationRequired);

    let (job, handle) = core
        .start_deletion(
            DeletionRequest {
                servers: names.clone(),
                confirm: "10".into(),
                reason: Some("contract ended".into()),
            },
            &ann,
            |_| {},
        )
        .await
        .expect("deletion starts");
    handle.await.expect("join").expect("job ends");
    let detail = core.job(&job.id).await.expect("job");
    let failed: Vec<_> = detail
        .servers
        .iter()
        .filter(|s| s.state != JobServerState::Succeeded)
        .collect();
    assert_eq!(failed.len(), 1, "{:#?}", detail.servers);
    assert_eq!(
        failed[0].server_id,
        core.find_server(&failing).await.expect("server").id
    );
    let why = failed[0].error.clone().unwrap_or_default();
    assert!(why.contains(&failing_drive.id), "the drive is named: {why}");

    for name in names.iter().filter(|n| **n != failing) {
        let server = core.find_server(name).await.expect("server");
        assert_eq!(server.stage, Stage::Inventory, "{name}");
        assert!(server.cleaned_at.is_some());
        let certificate = core.certificate(name).await.expect("certificate");
        let drives = core.storage(name).await.expect("storage")[0].drives.clone();
        assert_eq!(certificate.drives.len(), drives.len(), "{name}");
        for drive in &certificate.drives {
            let media = drives
                .iter()
                .find(|d| d.id == drive.id)
                .and_then(|d| d.media_type.clone());
            let strongest = if media.as_deref() == Some("SSD") {
                "CryptographicErase"
            } else {
                "Overwrite"
            };
            assert_eq!(drive.method, strongest, "{name} {}", drive.id);
            assert!(
                drive.task.is_some(),
                "each erase was a task followed to its end"
            );
        }
        assert_eq!(
            certificate
                .steps
                .iter()
                .map(|s| s.step.as_str())
                .collect::<Vec<_>>(),
            PIPELINE.to_vec()
        );
        assert!(core.storage(name).await.expect("storage")[0]
            .volumes
            .is_empty());
        assert!(certificate.sel_archive.is_some());
    }
    // The customer's account is gone from the BMC and from the inventory.
    let settings = core.bmc_settings(with_account).await.expect("settings");
    assert!(
        settings.accounts.iter().all(|a| a.username != "customer1"),
        "{:?}",
        settings.accounts
    );

    // The failed server waits in Deletion with the reason; nothing by hand.
    let held = core
        .server_deletion(&failing)
        .await
        .expect("read")
        .expect("a pass");
    assert_eq!(held.deletion.state, DeletionState::Failed);
    assert_eq!(held.deletion.step.as_deref(), Some("erase_drives"));
    assert!(held
        .deletion
        .error
        .as_deref()
        .unwrap_or("")
        .contains(&failing_drive.id));
    let bad = held
        .erasures
        .iter()
        .find(|e| e.drive_id == failing_drive.id)
        .expect("the failing drive's erase");
    assert_eq!(bad.state, ErasureState::Failed);
    assert!(held
        .steps
        .iter()
        .any(|s| s.step == "erase_drives" && s.state == StepState::Failed));
    assert_eq!(
        core.find_server(&failing).await.expect("server").stage,
        Stage::Deletion
    );
    assert!(core.certificates(&failing).await.expect("list").is_empty());
    let back = core
        .move_stage(&failing, to(Stage::Inventory), &ann)
        .await
        .expect_err("not verified");
    assert_eq!(back.code, ErrorCode::DeletionUnfinished);

    // Clear the fault and retry: only the failed drive is erased again.
    lab.set_faults(failing_number, Faults::default())
        .expect("clear");
    let (_, handle) = core
        .resume_deletion(std::slice::from_ref(&failing), &ann, |_| {})
        .await
        .expect("resume");
    let retried = handle.await.expect("join").expect("job");
    let why = core.job(&retried.id).await.expect("job").servers;
    assert_eq!(retried.counts.succeeded, 1, "{why:?}");
    let server = core.find_server(&failing).await.expect("server");
    assert_eq!(server.stage, Stage::Inventory);
    let certificate = core.certificate(&failing).await.expect("certificate");
    assert!(certificate.drives.iter().any(|d| d.id == failing_drive.id));
    let erase_step = certificate
        .steps
        .iter()
        .find(|s| s.step == "erase_drives")
        .expect("erase step");
    assert!(
        erase_step
            .detail
            .as_deref()
            .unwrap_or("")
            .contains("1 drives erased,"),
        "{erase_step:?}"
    );

    let audit = core.audit(AuditFilter::default()).await.expect("audit");
    let count = |action: &str, outcome: &str| {
        audit
            .iter()
            .filter(|e| e.action == action && e.outcome == outcome)
            .count()
    };
    assert_eq!(count("delete", "refused"), 1);
    assert_eq!(count("delete", "ok"), 1);
    assert_eq!(count("deletion_verified", "ok"), 10);
    assert!(core.verify_audit().await.expect("verify").intact);
}
