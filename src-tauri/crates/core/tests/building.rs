//! The Building stage against the lab over real HTTPS: BIOS values refused
//! before sending, applied on reset and read back; a RAID volume that only
//! replaces another after confirmation; and a profile built onto 20 servers,
//! two of them faulty, whose failures are retried once the fault clears.

use std::collections::BTreeMap;

use racksmith_core::build::{
    AccountSpec, BmcSettings, BuildProfile, NetworkMode, RaidLayout, RaidLevel,
};
use racksmith_core::{BiosChange, Core, ErrorCode, JobKind, JobRequest, PowerOp, RaidApply, Stage};
use racksmith_inventory::{AuditFilter, JobServerState, JobState};
use racksmith_lab::Faults;
use racksmith_lifecycle::{Actor, MoveRequest, Role};
use serde_json::{json, Value};

mod support;
use support::enrolled_lab;

fn to(stage: Stage) -> MoveRequest {
    MoveRequest {
        to: stage,
        reason: None,
        hold_until: None,
    }
}

fn values(v: Value) -> BTreeMap<String, Value> {
    serde_json::from_value(v).expect("values")
}

#[tokio::test]
async fn bios_values_are_refused_before_sending_then_applied_on_reset_and_read_back() {
    let (lab, _dir, core) = enrolled_lab(1).await;
    let ann = Actor::new("ann", Role::Customer);
    let name = lab.servers()[0].id.clone();

    // Read-only outside Building: the values show, a change is refused.
    let view = core.bios(&name).await.expect("bios");
    let registry = view
        .registry
        .clone()
        .expect("the lab publishes its registry");
    assert!(registry.attribute("BootMode").is_some());
    assert!(view.apply_times.contains(&"OnReset".to_owned()));
    assert!(
        view.locked.contains_key("SystemServiceTag"),
        "read-only attributes are marked: {:?}",
        view.locked
    );
    assert!(
        view.locked["ProcCStates"].contains("SysProfile"),
        "a dependency lock says what unlocks it"
    );
    let stock = core
        .set_bios(
            &name,
            BiosChange {
                values: values(json!({"BootMode": "Bios"})),
                apply_time: None,
            },
            &ann,
        )
        .await
        .expect_err("not in stock");
    assert_eq!(stock.code, ErrorCode::StageForbids);

    core.move_stage(&name, to(Stage::Building), &ann)
        .await
        .expect("to building");
    let bad = core
        .set_bios(
            &name,
            BiosChange {
                values: values(
                    json!({"BootMode": "Floppy", "PxeRetryCount": 11, "ProcCStates": "Disabled"}),
                ),
                apply_time: Some("OnReset".into()),
            },
            &ann,
        )
        .await
        .expect_err("three bad values");
    assert_eq!(bad.code, ErrorCode::InvalidBiosValue);
    for named in ["Floppy", "PxeRetryCount", "SysProfile"] {
        assert!(bad.message.contains(named), "{}", bad.message);
    }
    assert!(
        core.bios(&name).await.expect("bios").pending.is_empty(),
        "nothing was sent"
    );

    let set = core
        .set_bios(
            &name,
            BiosChange {
                values: values(json!({"BootMode": "Bios", "PxeRetryCount": 5, "SysProfile": "Custom", "ProcCStates": "Disabled"})),
                apply_time: Some("OnReset".into()),
            },
            &ann,
        )
        .await
        .expect("valid values");
    assert_eq!(set.pending.len(), 4, "{:?}", set.pending);
    assert_eq!(
        set.current["BootMode"],
        json!("Uefi"),
        "not before the reset"
    );

    let reset = core
        .run_job(
            JobRequest {
                kind: JobKind::Power { op: PowerOp::Reset },
                servers: vec![name.clone()],
            },
            &ann,
            |_| {},
        )
        .await
        .expect("reset");
    assert_eq!(reset.job.state, JobState::Succeeded, "{reset:?}");
    let after = core.bios(&name).await.expect("bios after reset");
    assert!(after.pending.is_empty(), "{:?}", after.pending);
    assert_eq!(after.current["BootMode"], json!("Bios"));
    assert_eq!(after.current["PxeRetryCount"], json!(5));
    assert_eq!(after.current["ProcCStates"], json!("Disabled"));

    // The customer's BMC account: a generated password in the keyring, shown
    // on request (audited), rotated to a new one, never in the database.
    let account = AccountSpec {
        username: "cust".into(),
        role: "Operator".into(),
    };
    let made = core
        .create_bmc_account(&name, account, &ann)
        .await
        .expect("account");
    assert!(made
        .accounts
        .iter()
        .any(|a| a.username == "cust" && a.customer));
    let first = core
        .reveal_bmc_password(&name, "cust", &ann)
        .await
        .expect("reveal");
    assert_eq!(first.chars().count(), 20);
    core.rotate_bmc_password(&name, "cust", &ann)
        .await
        .expect("rotate");
    let second = core
        .reveal_bmc_password(&name, "cust", &ann)
        .await
        .expect("reveal again");
    assert_ne!(first, second);
    let path = core.app_info().database_path;
    let mut database = std::fs::read(&path).expect("database");
    database.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
    for password in [&first, &second] {
        assert!(
            !database
                .windows(password.len())
                .any(|w| w == password.as_bytes()),
            "a password reached SQLite"
        );
    }
    let reveals = core
        .audit(AuditFilter {
            action: Some("bmc_password_reveal".into()),
            ..AuditFilter::default()
        })
        .await
        .expect("audit");
    assert_eq!(reveals.len(), 2);

    let defaults = core.reset_bios(&name, &ann).await.expect("defaults");
    assert_eq!(defaults.pending["BootMode"], json!("Uefi"));

    let audit = core
        .audit(AuditFilter {
            action: Some("bios_set".into()),
            ..AuditFilter::default()
        })
        .await
        .expect("audit");
    let outcomes: Vec<&str> = audit.iter().map(|e| e.outcome.as_str()).collect();
    assert_eq!(outcomes.iter().filter(|o| **o == "ok").count(), 1);
    assert_eq!(outcomes.iter().filter(|o| **o == "refused").count(), 1);
    assert_eq!(outcomes.iter().filter(|o| **o == "failed").count(), 1);
}

/// Healthy free drive ids of a lab server's commonest media (controllers do
/// not mix SSDs and HDDs in a volume), with its storage id.
async fn free_drives(core: &Core, name: &str) -> (String, Vec<String>) {
    let storage = core.storage(name).await.expect("storage").remove(0);
    let of = |media: &str| -> Vec<String> {
        storage
            .drives
            .iter()
            .filter(|d| d.volume.is_none() && d.health.as_deref() != Some("Critical"))
            .filter(|d| d.media_type.as_deref() == Some(media))
            .map(|d| d.id.clone())
            .collect()
    };
    let (ssd, hdd) = (of("SSD"), of("HDD"));
    (storage.id, if ssd.len() >= hdd.len() { ssd } else { hdd })
}

#[tokio::test]
async fn a_volume_replaces_another_only_when_its_deletion_is_confirmed() {
    let (lab, _dir, core) = enrolled_lab(12).await;
    let ann = Actor::new("ann", Role::Customer);
    let mut chosen = None;
    for info in lab.servers() {
        let (storage, free) = free_drives(&core, &info.id).await;
        if free.len() >= 4 {
            chosen = Some((info.id.clone(), storage, free));
            break;
        }
    }
    let (name, storage, free) = chosen.expect("a lab server with four free drives");
    core.move_stage(&name, to(Stage::Building), &ann)
        .await
        .expect("to building");
    let apply = |level, drives: &[String], delete: Vec<String>| RaidApply {
        storage_id: storage.clone(),
        level,
        drives: drives.to_vec(),
        hot_spares: Vec::new(),
        spans: None,
        name: Some("os".into()),
        capacity_bytes: None,
        strip_size_bytes: None,
        write_cache_policy: None,
        read_cache_policy: None,
        delete_volumes: delete,
    };

    let impossible = core
        .apply_raid(&name, apply(RaidLevel::Raid5, &free[..2], vec![]), &ann)
        .await
        .expect_err("RAID 5 on two");
    assert_eq!(impossible.code, ErrorCode::ImpossibleLayout);
    assert!(
        impossible.message.contains("at least 3 drives"),
        "{}",
        impossible.message
    );

    let mirror = core
        .apply_raid(&name, apply(RaidLevel::Raid1, &free[..2], vec![]), &ann)
        .await
        .expect("RAID 1");
    assert_eq!(mirror.volume.raid_type.as_deref(), Some("RAID1"));
    assert_eq!(mirror.volume.capacity_bytes, Some(mirror.plan.usable_bytes));

    let review = core
        .review_raid(&name, &apply(RaidLevel::Raid10, &free[..4], vec![]))
        .await
        .expect("review");
    assert_eq!(review.plan.fault_tolerance, 1);
    assert_eq!(
        review.in_the_way.len(),
        1,
        "the mirror uses two of the drives"
    );
    let unconfirmed = core
        .apply_raid(&name, apply(RaidLevel::Raid10, &free[..4], vec![]), &ann)
        .await
        .expect_err("the mirror is in the way");
    assert_eq!(unconfirmed.code, ErrorCode::ConfirmationRequired);
    assert_eq!(
        core.storage(&name).await.expect("storage")[0].volumes.len(),
        1,
        "nothing was deleted"
    );

    let replaced = core
        .apply_raid(
            &name,
            apply(
                RaidLevel::Raid10,
                &free[..4],
                vec![mirror.volume.id.clone()],
            ),
            &ann,
        )
        .await
        .expect("confirmed");
    assert_eq!(replaced.deleted, std::slice::from_ref(&mirror.volume.id));
    assert_eq!(replaced.storage.volumes.len(), 1);
    assert_eq!(replaced.volume.raid_type.as_deref(), Some("RAID10"));
    let deletions = core
        .audit(AuditFilter {
            action: Some("raid_delete_volume".into()),
            ..AuditFilter::default()
        })
        .await
        .expect("audit");
    assert_eq!(deletions.len(), 1);
}

fn profile() -> BuildProfile {
    BuildProfile {
        name: "web".into(),
        description: Some("web tier".into()),
        bios: values(
            json!({"BootMode": "Uefi", "ProcVirtualization": "Enabled", "PxeRetryCount": 2}),
        ),
        raid: Some(RaidLayout {
            level: RaidLevel::Raid1,
            drives: 2,
            media: None,
            min_drive_bytes: None,
            spans: None,
            hot_spares: 0,
            volume_name: "os".into(),
            replace_existing: false,
        }),
        bmc: BmcSettings {
            hostname: Some("bmc-{name}".into()),
            ntp_servers: Some(vec!["ntp1.lab.invalid".into()]),
            dns_servers: Some(vec!["192.0.2.53".into()]),
            network: Some(NetworkMode::Dhcp),
            ipmi: Some(false),
            ssh: Some(false),
            // The lab runs without VNC here, so it could not turn KVM on.
            kvm: None,
            account: Some(AccountSpec {
                username: "customer".into(),
                role: "Operator".into(),
            }),
        },
        min_bios_version: None,
        min_bmc_version: None,
    }
}

#[tokio::test]
async fn a_profile_builds_twenty_servers_two_faulty_ones_fail_clearly_and_a_retry_finishes_them() {
    let (lab, _dir, core) = enrolled_lab(26).await;
    let ann = Actor::new("ann", Role::Customer);
    // Twenty servers that can take a two-drive mirror (a few lab servers have a failed drive).
    let mut names = Vec::new();
    let mut numbers = Vec::new();
    for (i, info) in lab.servers().iter().enumerate() {
        if names.len() < 20 && free_drives(&core, &info.id).await.1.len() >= 2 {
            names.push(info.id.clone());
            numbers.push(i + 1);
        }
    }
    assert_eq!(names.len(), 20);
    for name in &names {
        core.move_stage(name, to(Stage::Building), &ann)
            .await
            .expect("to building");
    }
    let preflight = core
        .preflight_build(&profile(), &names)
        .await
        .expect("preflight");
    assert!(
        preflight.iter().all(|p| p.passed),
        "{:?}",
        preflight.iter().find(|p| !p.passed)
    );

    let broken = [numbers[3], numbers[11]];
    for number in broken {
        lab.set_faults(
            number,
            Faults {
                error_rate: 1.0,
                ..Faults::default()
            },
        )
        .expect("faults");
    }
    let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = events.clone();
    let job = core
        .run_job(
            JobRequest {
                kind: JobKind::Build {
                    profile: Box::new(profile()),
                },
                servers: names.clone(),
            },
            &ann,
            move |e| seen.lock().expect("lock").push(format!("{e:?}")),
        )
        .await
        .expect("build job");
    let failed: Vec<_> = job
        .servers
        .iter()
        .filter(|s| s.state != JobServerState::Succeeded)
        .collect();
    assert_eq!(job.job.counts.succeeded, 18, "{job:#?}");
    assert_eq!(failed.len(), 2);
    for server in &failed {
        assert_eq!(server.state, JobServerState::Failed);
        assert_eq!(
            server.error_code.as_deref(),
            Some("bmc_error"),
            "{server:?}"
        );
        let error = server.error.as_deref().unwrap_or_default();
        assert!(error.contains("HTTP 5"), "{error}");
        println!("{}: {error}", server.server_name);
    }
    let steps = events.lock().expect("lock").join("\n");
    for step in [
        "applying BMC settings",
        "building the RAID volume",
        "rebooting to apply BIOS settings",
        "verifying",
    ] {
        assert!(steps.contains(step), "the step {step} was reported");
    }

    // What a built server reads back.
    let built = job
        .servers
        .iter()
        .find(|s| s.state == JobServerState::Succeeded)
        .expect("one built");
    assert!(
        built
            .result
            .as_deref()
            .is_some_and(|r| r.starts_with("verified:")),
        "{built:?}"
    );
    let bios = core.bios(&built.server_id).await.expect("bios");
    assert_eq!(bios.current["ProcVirtualization"], json!("Enabled"));
    assert_eq!(bios.current["PxeRetryCount"], json!(2));
    let volumes = &core.storage(&built.server_id).await.expect("storage")[0].volumes;
    assert_eq!(volumes.len(), 1);
    assert_eq!(volumes[0].raid_type.as_deref(), Some("RAID1"));
    let settings = core.bmc_settings(&built.server_id).await.expect("settings");
    assert_eq!(settings.ipmi, Some(false));
    assert_eq!(settings.ntp_servers, ["ntp1.lab.invalid"]);
    assert!(settings
        .hostname
        .as_deref()
        .is_some_and(|h| h.starts_with("bmc-")));
    let account = settings
        .accounts
        .iter()
        .find(|a| a.username == "customer")
        .expect("the customer account");
    assert!(account.customer);

    // The fault clears; the retry runs only the two and finishes them.
    for number in broken {
        lab.set_faults(number, Faults::default()).expect("clear");
    }
    let (retry, handle) = core
        .retry_failed(&job.job.id, &ann, |_| {})
        .await
        .expect("retry");
    handle.await.expect("join").expect("retry job");
    let retried = core.job(&retry.id).await.expect("retried");
    assert_eq!(retried.servers.len(), 2);
    assert_eq!(retried.job.state, JobState::Succeeded, "{retried:#?}");

    // Every built server may now go into service.
    for name in &names {
        core.move_stage(name, to(Stage::InService), &ann)
            .await
            .expect("to service");
    }
}
