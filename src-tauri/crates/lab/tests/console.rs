//! The console follows the server: Redfish power and boot actions change what the
//! lab's VNC port shows.

mod common;

use std::time::Duration;

use common::{lab, Bmc};
use racksmith_lab::vnc::{Console, Screen};
use racksmith_lab::LabSpec;
use reqwest::Method;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn wait_for_screen(console: &Console, want: impl Fn(&Screen) -> bool, what: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !want(&console.screen()) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the console never showed {what}; it shows {:?}",
            console.screen()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn lit_pixels(console: &Console) -> usize {
    console.frame().pixels.iter().filter(|p| **p != 0).count()
}

#[tokio::test]
async fn power_on_shows_post_then_the_login_prompt_and_cd_boot_shows_the_installer() {
    let spec = LabSpec {
        servers: 1,
        time_scale: 0.01,
        ..LabSpec::default()
    };
    let lab = lab(spec).await;
    let console = lab.console(1).expect("console");
    let bmc = Bmc::login(&lab.servers()[0]).await;
    assert_eq!(console.screen(), Screen::NoSignal);
    let dark = lit_pixels(&console);

    let reset = |kind: &'static str| {
        bmc.send(
            Method::POST,
            "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset",
            Some(json!({"ResetType": kind})),
        )
    };
    reset("On").await;
    wait_for_screen(&console, |s| matches!(s, Screen::Post { .. }), "POST").await;
    assert!(
        lit_pixels(&console) > dark,
        "the POST screen lights up the display"
    );
    wait_for_screen(
        &console,
        |s| matches!(s, Screen::Login { .. }),
        "the login prompt",
    )
    .await;

    // Mount an image, boot once from CD: the installer appears.
    let (host, serving) = common::serve_http(Vec::new()).await;
    let url = format!("{host}/os.iso");
    let inserted = bmc
        .send(
            Method::POST,
            "/redfish/v1/Managers/1/VirtualMedia/CD1/Actions/VirtualMedia.InsertMedia",
            Some(json!({"Image": url})),
        )
        .await;
    assert_eq!(
        inserted.status,
        reqwest::StatusCode::NO_CONTENT,
        "{}",
        inserted.body
    );
    bmc.send(Method::PATCH, "/redfish/v1/Systems/1", Some(json!({"Boot": {"BootSourceOverrideEnabled": "Once", "BootSourceOverrideTarget": "Cd"}})))
        .await;
    reset("ForceRestart").await;
    wait_for_screen(&console, |s| *s == Screen::NoSignal, "no signal while off").await;
    wait_for_screen(
        &console,
        |s| matches!(s, Screen::BootingCd { image } if image.ends_with("/os.iso")),
        "booting from CD",
    )
    .await;
    wait_for_screen(
        &console,
        |s| matches!(s, Screen::Installer { .. }),
        "the installer",
    )
    .await;

    reset("ForceOff").await;
    wait_for_screen(
        &console,
        |s| *s == Screen::NoSignal,
        "no signal after force off",
    )
    .await;
    serving.abort();
}

#[tokio::test]
async fn each_lab_server_serves_rfb_on_its_vnc_port() {
    let spec = LabSpec {
        servers: 2,
        time_scale: 0.01,
        ..LabSpec::default()
    };
    let lab = lab(spec).await;
    for server in lab.servers() {
        let port = server.vnc_port.expect("a VNC port");
        let mut socket = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connect");
        let mut version = [0u8; 12];
        socket.read_exact(&mut version).await.expect("version");
        assert_eq!(&version, b"RFB 003.008\n");
        socket.write_all(b"RFB 003.008\n").await.expect("answer");
        let mut count = [0u8; 1];
        socket.read_exact(&mut count).await.expect("security types");
        let mut types = vec![0u8; usize::from(count[0])];
        socket.read_exact(&mut types).await.expect("types");
        assert_eq!(types, [1], "no password in this spec: security type None");
        socket.write_all(&[1]).await.expect("choose None");
        let mut result = [0u8; 4];
        socket
            .read_exact(&mut result)
            .await
            .expect("security result");
        assert_eq!(result, [0, 0, 0, 0]);
        socket.write_all(&[1]).await.expect("shared");
        let mut init = [0u8; 24];
        socket.read_exact(&mut init).await.expect("server init");
        assert_eq!(
            (
                u16::from_be_bytes([init[0], init[1]]),
                u16::from_be_bytes([init[2], init[3]])
            ),
            (800, 600)
        );
    }
}
