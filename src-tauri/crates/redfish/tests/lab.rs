//! The client against the built-in lab over real HTTPS: trust, sessions, facts,
//! tasks, If-Match and every kind of failure the lab can inject.

use std::time::Duration;

use racksmith_lab::{Faults, Lab, LabServerInfo, LabSpec, LatencyRange};
use racksmith_redfish::facts::{read_system, system_paths};
use racksmith_redfish::{
    inspect_certificate, Client, Credentials, Endpoint, ErrorKind, Fingerprint, Limits, Outcome,
    Secret, Trust,
};
use serde_json::json;

fn spec(servers: usize) -> LabSpec {
    LabSpec {
        servers,
        time_scale: 0.01,
        vnc: false,
        ..LabSpec::default()
    }
}

fn endpoint(info: &LabServerInfo) -> Endpoint {
    Endpoint {
        base_url: info.redfish_url.clone(),
        trust: Trust::Pinned(Fingerprint::parse(&info.certificate_sha256).expect("fingerprint")),
        credentials: Credentials {
            username: info.username.clone(),
            password: Secret::new(info.password.clone()),
        },
    }
}

fn quick_limits() -> Limits {
    let mut limits = Limits::default();
    limits.request_timeout = Duration::from_secs(2);
    limits.backoff = Duration::from_millis(20);
    limits
}

fn client(info: &LabServerInfo) -> Client {
    Client::new(endpoint(info), quick_limits()).expect("client")
}

#[tokio::test]
async fn the_certificate_shown_before_trust_is_the_one_the_lab_serves() {
    let lab = Lab::start(spec(1)).await.expect("lab");
    let info = &lab.servers()[0];
    let seen = inspect_certificate(&info.redfish_url, Duration::from_secs(5))
        .await
        .expect("inspect");
    assert_eq!(seen.sha256.to_string(), info.certificate_sha256);
    assert!(seen.subject.contains("lab-0001-bmc"), "{}", seen.subject);
    assert!(seen.self_signed);
    assert!(seen.not_before < seen.not_after);
}

#[tokio::test]
async fn facts_read_over_a_pinned_session_match_the_lab_and_the_session_is_closed() {
    let lab = Lab::start(spec(1)).await.expect("lab");
    let info = &lab.servers()[0];
    let client = client(info);
    let systems = system_paths(&client).await.expect("systems");
    assert_eq!(systems, ["/redfish/v1/Systems/1"]);
    let facts = read_system(&client, &systems[0]).await.expect("facts");
    assert_eq!(facts.hardware.serial.as_deref(), Some(info.serial.as_str()));
    assert_eq!(facts.hardware.model.as_deref(), Some(info.model.as_str()));
    assert!(!facts.hardware.drives.is_empty());
    assert!(facts.hardware.nics.iter().all(|n| n.mac.is_some()));
    assert!(facts.bmc.firmware_version.is_some());
    assert!(facts.firmware.as_ref().is_some_and(|f| !f.items.is_empty()));
    assert!(facts
        .sensors
        .as_ref()
        .is_some_and(|s| !s.readings.is_empty()));
    assert!(facts.event_log.is_some());
    assert_eq!(lab.open_sessions(1), 1, "one session for all those reads");
    client.close().await.expect("logout");
    assert_eq!(lab.open_sessions(1), 0);
}

#[tokio::test]
async fn a_dropped_client_still_logs_out() {
    let lab = Lab::start(spec(1)).await.expect("lab");
    let client = client(&lab.servers()[0]);
    system_paths(&client).await.expect("systems");
    assert_eq!(lab.open_sessions(1), 1);
    drop(client);
    for _ in 0..100 {
        if lab.open_sessions(1) == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the session of a dropped client was never deleted");
}

#[tokio::test]
async fn a_changed_certificate_is_refused_and_names_both_fingerprints() {
    let mut lab = Lab::start(spec(1)).await.expect("lab");
    let old = lab.servers()[0].clone();
    let client = client(&old);
    system_paths(&client).await.expect("trusted at first");
    let new = lab
        .regenerate_certificate(1)
        .expect("new certificate")
        .clone();
    assert_ne!(new.certificate_sha256, old.certificate_sha256);
    let error = client
        .get::<serde_json::Value>("/redfish/v1/Systems/1")
        .await
        .expect_err("must refuse the new certificate");
    assert_eq!(error.kind(), ErrorKind::CertificateChanged, "{error}");
    let text = error.to_string();
    assert!(
        text.contains(&old.certificate_sha256) && text.contains(&new.certificate_sha256),
        "{text}"
    );
}

#[tokio::test]
async fn a_wrong_password_is_a_refused_login_not_a_retry_loop() {
    let lab = Lab::start(spec(1)).await.expect("lab");
    let mut endpoint = endpoint(&lab.servers()[0]);
    endpoint.credentials.password = Secret::new("wrong");
    let client = Client::new(endpoint, quick_limits()).expect("client");
    let error = system_paths(&client).await.expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::LoginRefused, "{error}");
}

#[tokio::test]
async fn an_expired_session_is_renewed_once_without_the_caller_noticing() {
    let lab = Lab::start(LabSpec {
        session_timeout_secs: 1,
        ..spec(1)
    })
    .await
    .expect("lab");
    let client = client(&lab.servers()[0]);
    system_paths(&client).await.expect("first");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    client
        .get::<serde_json::Value>("/redfish/v1/Systems/1")
        .await
        .expect("renewed");
    client.close().await.expect("logout");
    assert_eq!(lab.open_sessions(1), 0);
}

async fn lab_with(faults: Faults) -> Lab {
    Lab::start(LabSpec { faults, ..spec(1) })
        .await
        .expect("lab")
}

#[tokio::test]
async fn each_transport_failure_is_reported_as_its_own_kind() {
    let cases = [
        (
            Faults {
                malformed_rate: 1.0,
                ..Faults::default()
            },
            ErrorKind::Malformed,
        ),
        (
            Faults {
                drop_rate: 1.0,
                ..Faults::default()
            },
            ErrorKind::Dropped,
        ),
        (
            Faults {
                timeout_rate: 1.0,
                ..Faults::default()
            },
            ErrorKind::Timeout,
        ),
        (
            Faults {
                error_rate: 1.0,
                ..Faults::default()
            },
            ErrorKind::Status,
        ),
    ];
    for (faults, kind) in cases {
        let lab = lab_with(faults.clone()).await;
        let client = client(&lab.servers()[0]);
        // The service root is served before faults on some paths; read a system.
        let error = client
            .get::<serde_json::Value>("/redfish/v1/Systems/1")
            .await
            .expect_err("must fail");
        assert_eq!(error.kind(), kind, "{faults:?}: {error}");
    }
}

#[tokio::test]
async fn a_closed_port_is_a_refused_connection() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let lab = Lab::start(spec(1)).await.expect("lab");
    let mut endpoint = endpoint(&lab.servers()[0]);
    endpoint.base_url = format!("https://127.0.0.1:{port}");
    let client = Client::new(endpoint, quick_limits()).expect("client");
    let error = client.service_root().await.expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::Refused, "{error}");
}

#[tokio::test]
async fn reads_ride_out_occasional_server_errors() {
    let lab = lab_with(Faults {
        error_rate: 0.3,
        ..Faults::default()
    })
    .await;
    let client = client(&lab.servers()[0]);
    let mut ok = 0;
    for _ in 0..20 {
        if client
            .get::<serde_json::Value>("/redfish/v1/Systems/1")
            .await
            .is_ok()
        {
            ok += 1;
        }
    }
    // With two retries a read fails only when three attempts in a row fail (2.7%).
    assert!(ok >= 16, "only {ok} of 20 reads succeeded");
}

#[tokio::test]
async fn slow_answers_are_cut_off_at_the_request_timeout() {
    let lab = lab_with(Faults {
        latency_ms: Some(LatencyRange {
            min: 3000,
            max: 3000,
        }),
        ..Faults::default()
    })
    .await;
    let mut limits = quick_limits();
    limits.request_timeout = Duration::from_millis(300);
    limits.read_retries = 0;
    let client = Client::new(endpoint(&lab.servers()[0]), limits).expect("client");
    let started = std::time::Instant::now();
    let error = client.service_root().await.expect_err("too slow");
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_secure_erase_task_is_followed_to_completion() {
    let lab = Lab::start(spec(1)).await.expect("lab");
    let client = client(&lab.servers()[0]);
    let storage: serde_json::Value = client
        .get("/redfish/v1/Systems/1/Storage/RAID.Integrated.1")
        .await
        .expect("storage");
    let mut ssd = None;
    for link in storage["Drives"].as_array().expect("drives") {
        let path = link["@odata.id"].as_str().expect("a drive link");
        let drive: serde_json::Value = client.get(path).await.expect("drive");
        if drive["MediaType"] == "SSD" && drive["Status"]["Health"] == "OK" {
            ssd = Some(path.to_owned());
            break;
        }
    }
    // CryptographicErase takes seconds where an HDD overwrite takes hours.
    let drive = ssd.expect("the lab's first server has a healthy SSD");
    let outcome = client
        .action(
            &format!("{drive}/Actions/Drive.SecureErase"),
            json!({"SanitizationType": "CryptographicErase"}),
        )
        .await
        .expect("erase");
    let Outcome::Task(task) = outcome else {
        panic!("an erase should run as a task: {outcome:?}");
    };
    assert!(task.succeeded(), "{task:?}");
    assert_eq!(task.percent_complete, Some(100));
}

#[tokio::test]
async fn a_patch_with_a_stale_etag_is_refused_by_the_bmc() {
    let lab = Lab::start(spec(1)).await.expect("lab");
    let client = client(&lab.servers()[0]);
    let path = "/redfish/v1/Systems/1";
    let (_, etag) = client
        .get_tagged::<serde_json::Value>(path)
        .await
        .expect("read");
    let etag = etag.expect("the lab sends ETags");
    client
        .patch(
            path,
            json!({"LocationIndicatorActive": true}),
            Some(etag.clone()),
        )
        .await
        .expect("first patch");
    let error = client
        .patch(path, json!({"LocationIndicatorActive": false}), Some(etag))
        .await
        .expect_err("stale");
    assert_eq!(error.status(), Some(412), "{error}");
    // Without an ETag the client reads a fresh one first.
    client
        .patch(path, json!({"LocationIndicatorActive": false}), None)
        .await
        .expect("fresh etag");
}

#[tokio::test]
async fn no_more_than_two_calls_reach_one_bmc_at_once() {
    let lab = lab_with(Faults {
        latency_ms: Some(LatencyRange { min: 100, max: 100 }),
        ..Faults::default()
    })
    .await;
    let client = client(&lab.servers()[0]);
    client.service_root().await.expect("root");
    let started = std::time::Instant::now();
    let reads = (0..6).map(|_| client.get::<serde_json::Value>("/redfish/v1/Systems/1"));
    for read in futures_util::future::join_all(reads).await {
        read.expect("read");
    }
    // Six 100 ms calls two at a time take at least three rounds (plus the login).
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}
