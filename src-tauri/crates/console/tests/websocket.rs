//! The console over a WebSocket, as OpenBMC serves it at `/kvm/0`: RFB in
//! binary messages on the BMC's HTTPS port, the Redfish session token as the
//! subprotocol, and TLS trusted by the BMC's pinned certificate.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{wait_until, Recorder};
use racksmith_console::{capture, ConsoleState, Layout, Problem, Session, Target, Transport};
use racksmith_lab::vnc::Screen;
use racksmith_lab::{KvmOffer, Lab, LabServerInfo, LabSpec};
use racksmith_redfish::{Client, Credentials, Endpoint, Fingerprint, Limits, Secret, Trust};

const DEADLINE: Duration = Duration::from_secs(15);

async fn lab() -> Lab {
    Lab::start(LabSpec {
        servers: 2,
        kvm: KvmOffer::WebSocket,
        ..LabSpec::default()
    })
    .await
    .expect("lab starts")
}

fn redfish(info: &LabServerInfo, pin: &str) -> Client {
    let endpoint = Endpoint {
        base_url: info.redfish_url.clone(),
        trust: Trust::Pinned(Fingerprint::parse(pin).expect("fingerprint")),
        credentials: Credentials {
            username: info.username.clone(),
            password: Secret::new(info.password.clone()),
        },
    };
    Client::new(endpoint, Limits::default()).expect("client")
}

fn kvm_url(info: &LabServerInfo) -> String {
    format!(
        "{}/kvm/0",
        info.redfish_url.replacen("https://", "wss://", 1)
    )
}

fn target(info: &LabServerInfo, token: &str, tls: Option<Arc<rustls::ClientConfig>>) -> Target {
    Target {
        transport: Transport::WebSocket {
            url: kvm_url(info),
            token: token.to_owned(),
            tls,
        },
        password: None,
    }
}

async fn token_of(client: &Client) -> String {
    client
        .transport()
        .session_token()
        .await
        .expect("login")
        .expect("the lab has sessions")
        .expose()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_console_shows_the_screen_and_takes_keys_with_a_session_token() {
    let lab = lab().await;
    let info = &lab.servers()[0];
    assert_eq!(info.vnc_port, None, "a WebSocket-only BMC has no VNC port");
    let console = lab.console(info.number).expect("console");
    console.set_screen(Screen::Installer {
        image: "http://127.0.0.1/os.iso".into(),
    });
    let client = redfish(info, &info.certificate_sha256);
    let token = token_of(&client).await;
    let tls = Some(client.transport().tls_config());

    let fb = capture(
        &target(info, &token, tls.clone()),
        Duration::from_millis(300),
        DEADLINE,
    )
    .await
    .expect("captured over the WebSocket");
    let frame = console.frame();
    let lab_rgb: Vec<[u8; 3]> = frame
        .pixels
        .iter()
        .map(|p| [(p >> 16) as u8, (p >> 8) as u8, *p as u8])
        .collect();
    let our_rgb: Vec<[u8; 3]> = fb
        .rgba()
        .chunks_exact(4)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    assert_eq!(fb.size(), (frame.width, frame.height));
    assert!(our_rgb == lab_rgb, "the frame differs from the lab's");

    // Keys typed through the JIS mapping arrive over the same socket.
    let sink = Recorder::default();
    let session = Session::start(target(info, &token, tls), Layout::Jis, sink.clone());
    wait_until("connected", DEADLINE, || sink.connected_count() == 1).await;
    session.key("IntlYen", "", false, true).expect("down");
    session.key("IntlYen", "", false, false).expect("up");
    let typed = session.paste("web").expect("paste");
    assert!(typed > 0);
    wait_until("the typed text", DEADLINE, || {
        console.typed_text() == "¥web"
    })
    .await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_or_missing_token_is_refused_and_not_retried() {
    let lab = lab().await;
    let info = &lab.servers()[0];
    let client = redfish(info, &info.certificate_sha256);
    let tls = Some(client.transport().tls_config());
    for token in ["not-a-session", ""] {
        let error = capture(
            &target(info, token, tls.clone()),
            Duration::from_millis(100),
            DEADLINE,
        )
        .await
        .expect_err("refused");
        assert_eq!(
            error.problem,
            Problem::Refused,
            "{token:?}: {}",
            error.message
        );
        assert!(error.message.contains("401"), "{}", error.message);
    }
    // A live console refused this way fails once instead of retrying.
    let sink = Recorder::default();
    let _session = Session::start(
        target(info, "not-a-session", tls.clone()),
        Layout::Us,
        sink.clone(),
    );
    wait_until("failed", DEADLINE, || {
        sink.last().is_some_and(|s| s.state == ConsoleState::Failed)
    })
    .await;
    assert_eq!(sink.last().and_then(|s| s.problem), Some(Problem::Refused));
    // A session that has logged out no longer opens the console.
    let token = token_of(&client).await;
    client.close().await.expect("logout");
    let error = capture(
        &target(info, &token, tls),
        Duration::from_millis(100),
        DEADLINE,
    )
    .await
    .expect_err("logged out");
    assert_eq!(error.problem, Problem::Refused);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bmc_certificate_must_match_its_pin() {
    let lab = lab().await;
    let (first, second) = (&lab.servers()[0], &lab.servers()[1]);
    let token = token_of(&redfish(first, &first.certificate_sha256)).await;
    // TLS pinned to the other BMC's certificate.
    let wrong = redfish(first, &second.certificate_sha256)
        .transport()
        .tls_config();
    let error = capture(
        &target(first, &token, Some(wrong)),
        Duration::from_millis(100),
        DEADLINE,
    )
    .await
    .expect_err("the certificate is not the pinned one");
    assert_eq!(error.problem, Problem::Refused);
    assert!(error.message.contains("TLS"), "{}", error.message);
    // And wss:// with no trust at all is not attempted.
    let error = capture(
        &target(first, &token, None),
        Duration::from_millis(100),
        DEADLINE,
    )
    .await
    .expect_err("no trust given");
    assert_eq!(error.problem, Problem::Protocol);
}
