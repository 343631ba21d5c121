//! The core against the built-in lab over real HTTPS, with the real OS keyring
//! (run under tests/support/with-keyring.sh, as the README's test command does).

use std::time::Duration;

use racksmith_core::{
    AcceptedCertificate, AddBmcRequest, Core, ErrorCode, ImportRequest, Limits, Location, Profile,
    Secret, Stage, TrustChoice,
};
use racksmith_lab::{Faults, Lab, LabSpec};

fn spec(servers: usize) -> LabSpec {
    LabSpec {
        servers,
        time_scale: 0.01,
        vnc: false,
        ..LabSpec::default()
    }
}

fn core() -> (tempfile::TempDir, Core) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut limits = Limits::default();
    limits.request_timeout = Duration::from_secs(2);
    limits.backoff = Duration::from_millis(20);
    let core = Core::open(Profile::at(dir.path().join("profile")))
        .expect("open")
        .with_limits(limits);
    (dir, core)
}

/// Every file under `dir`, as bytes, for the secret scan.
fn files_under(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            found.push((path, bytes));
        }
    }
    found
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn a_bmc_added_by_hand_keeps_its_password_in_the_keyring_and_nowhere_else() {
    let password = "Kx9-unique-test-password-7Q";
    let lab = Lab::start(LabSpec {
        password: password.into(),
        ..spec(1)
    })
    .await
    .expect("lab");
    let info = lab.servers()[0].clone();
    let (dir, core) = core();
    let _log = racksmith_core::logging::init(core.profile(), "test").expect("logging");

    let shown = core
        .inspect_certificate(&info.redfish_url)
        .await
        .expect("inspect");
    assert_eq!(shown.sha256, info.certificate_sha256);
    assert_eq!(shown.pinned_sha256, None);

    let request = AddBmcRequest {
        address: info.redfish_url.clone(),
        username: info.username.clone(),
        password: Secret::new(password),
        trust: TrustChoice::Pinned {
            sha256: shown.sha256.clone(),
        },
        location: Location {
            site: Some("Tokyo-1".into()),
            rack_unit: Some(7),
            ..Location::default()
        },
        asset_tag: Some("ASSET-1".into()),
    };
    assert!(
        !format!("{request:?}").contains(password),
        "Debug must redact"
    );
    let enrolled = core.add_bmc(request.clone()).await.expect("add");
    assert_eq!(enrolled.servers.len(), 1);
    let server = &enrolled.servers[0];
    assert_eq!(server.stage, Stage::Inventory);
    assert_eq!(server.serial.as_deref(), Some(info.serial.as_str()));
    assert_eq!(server.location.site.as_deref(), Some("Tokyo-1"));
    assert_eq!(lab.open_sessions(1), 0, "enrolment logs out");

    let again = core.add_bmc(request).await.expect_err("twice");
    assert_eq!(again.code, ErrorCode::Conflict);

    // The refresh reads the password back from the OS keyring.
    let outcomes = core.refresh(None, |_| {}).await.expect("refresh");
    assert!(outcomes.iter().all(|o| o.ok), "{outcomes:?}");
    let detail = core.server_detail(&server.id).await.expect("detail");
    let facts = detail.facts.expect("facts");
    assert!(!facts.hardware.drives.is_empty());
    assert!(detail
        .bmc
        .expect("bmc")
        .credential
        .starts_with("keyring:bmc/"));

    // The secret scan: the database (with its WAL), the logs and an export.
    let export = serde_json::to_string(&core.all_servers().await.expect("servers")).expect("json");
    assert!(
        !contains(export.as_bytes(), password),
        "export leaks the password"
    );
    core.shutdown().await;
    let files = files_under(dir.path());
    assert!(files
        .iter()
        .any(|(p, _)| p.to_string_lossy().contains("sqlite3")));
    assert!(files
        .iter()
        .any(|(p, _)| p.to_string_lossy().contains("logs")));
    for (path, bytes) in files {
        assert!(
            !contains(&bytes, password),
            "{} holds the password",
            path.display()
        );
    }
}

#[tokio::test]
async fn a_wrong_password_stores_nothing() {
    let lab = Lab::start(spec(1)).await.expect("lab");
    let info = lab.servers()[0].clone();
    let (_dir, core) = core();
    let error = core
        .add_bmc(AddBmcRequest {
            address: info.redfish_url.clone(),
            username: info.username.clone(),
            password: Secret::new("wrong"),
            trust: TrustChoice::Pinned {
                sha256: info.certificate_sha256.clone(),
            },
            location: Location::default(),
            asset_tag: None,
        })
        .await
        .expect_err("refused");
    assert_eq!(error.code, ErrorCode::LoginRefused, "{error:?}");
    assert!(core.all_servers().await.expect("servers").is_empty());
}

#[tokio::test]
async fn a_changed_certificate_fails_only_its_server_until_the_user_trusts_it() {
    let mut lab = Lab::start(spec(3)).await.expect("lab");
    let (_dir, core) = core();
    let report = core.enrol_lab(lab.servers()).await.expect("enrol");
    assert_eq!(report.enrolled, 3);
    let new = lab.regenerate_certificate(2).expect("new cert").clone();

    let outcomes = core.refresh(None, |_| {}).await.expect("refresh");
    let failed: Vec<_> = outcomes.iter().filter(|o| !o.ok).collect();
    assert_eq!(failed.len(), 1, "{outcomes:?}");
    assert_eq!(failed[0].name, "lab-0002");
    let error = failed[0].error.as_ref().expect("error");
    assert_eq!(error.code, ErrorCode::CertificateChanged);
    assert!(
        error.message.contains(&new.certificate_sha256),
        "{}",
        error.message
    );

    let detail = core
        .server_detail(&failed[0].server_id)
        .await
        .expect("detail");
    assert!(detail.server.refresh_error.is_some());
    assert!(detail.facts.is_some(), "the old facts stay");
    let bmc = detail.bmc.expect("bmc");
    let shown = core
        .inspect_certificate(&bmc.address)
        .await
        .expect("inspect");
    assert_eq!(shown.sha256, new.certificate_sha256);
    assert!(shown
        .pinned_sha256
        .as_ref()
        .is_some_and(|p| *p != new.certificate_sha256));
    // Accepting a fingerprint other than the one presented is refused.
    let old = shown.pinned_sha256.clone().expect("old pin");
    assert_eq!(
        core.trust_certificate(&bmc.id, &old)
            .await
            .expect_err("stale")
            .code,
        ErrorCode::CertificateChanged
    );
    core.trust_certificate(&bmc.id, &shown.sha256)
        .await
        .expect("trust");
    let outcomes = core
        .refresh(Some(vec![failed[0].server_id.clone()]), |_| {})
        .await
        .expect("refresh");
    assert!(outcomes[0].ok, "{outcomes:?}");
}

#[tokio::test]
async fn a_csv_import_checks_everything_first_and_stores_all_or_nothing() {
    let lab = Lab::start(spec(3)).await.expect("lab");
    let (_dir, core) = core();
    let infos = lab.servers().to_vec();
    let row = |i: usize, secret: &str| {
        format!(
            "{},{},{secret},Osaka,R1,A{i},{},TAG-{i}\n",
            infos[i].redfish_url,
            infos[i].username,
            i + 1
        )
    };
    // Lab passwords resolve through the lab; this lab is not the app's, so tell the vault.
    core.enrol_lab(&[]).await.expect("nothing");
    let header = "address,user,secret,site,room,rack,u,asset_tag\n";
    let with_bad_row = format!(
        "{header}{}{}{}",
        row(0, "lab:lab-0001"),
        row(1, "lab:no-such-server"),
        row(2, "lab:lab-0003")
    );
    for info in &infos {
        core_remember(&core, info);
    }
    let report = core
        .import_csv(ImportRequest {
            csv: with_bad_row,
            dry_run: false,
            accepted: vec![],
        })
        .await
        .expect("report");
    assert!(!report.imported);
    let bad: Vec<_> = report
        .rows
        .iter()
        .filter(|r| !r.ok)
        .map(|r| r.line)
        .collect();
    assert!(bad.contains(&3), "{report:?}");
    assert!(
        core.all_servers().await.expect("servers").is_empty(),
        "nothing half-imported"
    );

    let good = format!(
        "{header}{}{}{}",
        row(0, "lab:lab-0001"),
        row(1, "lab:lab-0002"),
        row(2, "lab:lab-0003")
    );
    let dry = core
        .import_csv(ImportRequest {
            csv: good.clone(),
            dry_run: true,
            accepted: vec![],
        })
        .await
        .expect("dry run");
    assert!(dry.rows.iter().all(|r| r.ok), "{dry:?}");
    assert!(
        core.all_servers().await.expect("servers").is_empty(),
        "a dry run stores nothing"
    );
    let accepted: Vec<AcceptedCertificate> = dry
        .rows
        .iter()
        .map(|r| AcceptedCertificate {
            line: r.line,
            sha256: r.certificate.as_ref().expect("cert").sha256.clone(),
        })
        .collect();
    let done = core
        .import_csv(ImportRequest {
            csv: good,
            dry_run: false,
            accepted,
        })
        .await
        .expect("import");
    assert!(done.imported, "{done:?}");
    let servers = core.all_servers().await.expect("servers");
    assert_eq!(servers.len(), 3);
    assert!(servers
        .iter()
        .all(|s| s.location.site.as_deref() == Some("Osaka")));
}

fn core_remember(core: &Core, info: &racksmith_lab::LabServerInfo) {
    core.remember_lab_secret(&info.id, Secret::new(info.password.clone()));
}

/// The fault test: 200 servers, a fifth of all requests failing one way
/// or another; every server ends with fresh facts or its own error, and no lab
/// BMC is left holding a session.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_under_faults_ends_cleanly_for_every_server() {
    const SERVERS: usize = 200;
    let lab = Lab::start(spec(SERVERS)).await.expect("lab");
    let (_dir, core) = core();
    core.enrol_lab(lab.servers()).await.expect("enrol");
    let faults = Faults {
        error_rate: 0.07,
        timeout_rate: 0.06,
        drop_rate: 0.07,
        ..Faults::default()
    };
    for number in 1..=SERVERS {
        lab.set_faults(number, faults.clone()).expect("faults");
    }
    let events = std::sync::Mutex::new(0usize);
    let outcomes = core
        .refresh(None, |_| *events.lock().expect("lock") += 1)
        .await
        .expect("refresh");
    assert_eq!(outcomes.len(), SERVERS);
    assert_eq!(
        *events.lock().expect("lock"),
        SERVERS + 2,
        "started, one per server, finished"
    );
    let ok = outcomes.iter().filter(|o| o.ok).count();
    for outcome in outcomes.iter().filter(|o| !o.ok) {
        let error = outcome.error.as_ref().expect("a failed server says why");
        assert!(!error.message.is_empty());
        assert!(
            matches!(
                error.code,
                ErrorCode::BmcTimeout
                    | ErrorCode::BmcDropped
                    | ErrorCode::BmcError
                    | ErrorCode::BmcMalformed
            ),
            "{error:?}"
        );
    }
    println!(
        "fault refresh: {ok} of {SERVERS} fresh, {} with an error",
        SERVERS - ok
    );
    assert!(
        ok > SERVERS / 2,
        "retries should carry most servers through: {ok}"
    );
    let summaries = core.all_servers().await.expect("servers");
    for summary in &summaries {
        let outcome = outcomes
            .iter()
            .find(|o| o.server_id == summary.id)
            .expect("outcome");
        assert_eq!(
            summary.refresh_error.is_some(),
            !outcome.ok,
            "{}",
            summary.name
        );
    }
    // Counted from inside the lab, so faults do not disturb the count; every
    // logout (retried through the faults) finished before refresh returned.
    let open: usize = (1..=SERVERS).map(|n| lab.open_sessions(n)).sum();
    assert_eq!(open, 0, "sessions left open on lab BMCs");
}
