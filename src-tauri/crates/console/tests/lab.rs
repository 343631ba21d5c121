//! The console client against the lab's VNC server: whole frames, typing
//! through the US and JIS mappings, the session limit and VNC passwords.

mod common;

use std::time::Duration;

use common::{wait_until, Recorder};
use racksmith_console::{capture, ConsoleState, Layout, Problem, Session, Target, Transport};
use racksmith_lab::vnc::{Screen, MAX_SESSIONS};
use racksmith_lab::{Lab, LabSpec};

const DEADLINE: Duration = Duration::from_secs(15);

async fn lab(password: Option<&str>) -> Lab {
    Lab::start(LabSpec {
        servers: 1,
        vnc_password: password.map(str::to_owned),
        ..LabSpec::default()
    })
    .await
    .expect("lab starts")
}

fn target(lab: &Lab, password: Option<&str>) -> Target {
    let port = lab.servers()[0].vnc_port.expect("lab serves VNC");
    Target {
        transport: Transport::Tcp {
            host: "127.0.0.1".into(),
            port,
        },
        password: password.map(str::to_owned),
    }
}

/// The lab's frame as RGB bytes, to compare with ours.
fn lab_pixels(lab: &Lab) -> Vec<[u8; 3]> {
    let frame = lab
        .console(lab.servers()[0].number)
        .expect("console")
        .frame();
    frame
        .pixels
        .iter()
        .map(|p| [(p >> 16) as u8, (p >> 8) as u8, *p as u8])
        .collect()
}

fn ours(fb: &racksmith_console::Framebuffer) -> Vec<[u8; 3]> {
    fb.rgba()
        .chunks_exact(4)
        .map(|p| [p[0], p[1], p[2]])
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_capture_matches_the_lab_screen_pixel_for_pixel() {
    let lab = lab(None).await;
    lab.console(lab.servers()[0].number)
        .expect("console")
        .set_screen(Screen::Post {
            vendor: "Contoso".into(),
            model: "R740".into(),
            bios_version: "2.19.1".into(),
            serial: "SN-1".into(),
        });
    let fb = capture(&target(&lab, None), Duration::from_millis(300), DEADLINE)
        .await
        .expect("captured");
    assert_eq!(fb.size(), (800, 600));
    assert!(
        ours(&fb) == lab_pixels(&lab),
        "the captured frame differs from the lab's"
    );
    let png = fb.png().expect("png");
    assert!(png.starts_with(b"\x89PNG"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_through_the_jis_mapping_echoes_on_the_installer() {
    let lab = lab(None).await;
    let console = lab.console(lab.servers()[0].number).expect("console");
    console.set_screen(Screen::Installer {
        image: "http://127.0.0.1/os.iso".into(),
    });
    let sink = Recorder::default();
    let session = Session::start(target(&lab, None), Layout::Jis, sink.clone());
    wait_until("connected", DEADLINE, || sink.connected_count() == 1).await;
    wait_until("the first frame", DEADLINE, || sink.batch_count() > 0).await;
    let before = session.snapshot().await.expect("snapshot");
    // Physical JIS keys: ¥, Shift+Ro (_), Shift+2 (") and @ (unshifted on JIS).
    for (code, shift) in [
        ("IntlYen", false),
        ("IntlRo", true),
        ("Digit2", true),
        ("BracketLeft", false),
    ] {
        session.key(code, "", shift, true).expect("down");
        session.key(code, "", shift, false).expect("up");
    }
    wait_until("the typed text", DEADLINE, || {
        console.typed_text() == "¥_\"@"
    })
    .await;
    // 半角/全角 turns the Japanese input mode on.
    session.key("Backquote", "", false, true).expect("zenkaku");
    wait_until("kana mode", DEADLINE, || console.kana_mode() == Some(true)).await;
    // The echo reaches our framebuffer too.
    wait_until("the echoed frame", DEADLINE, || {
        let fb = futures_now(session.snapshot()).expect("snapshot");
        fb.differing_pixels(&before) > 0 && ours(&fb) == lab_pixels(&lab)
    })
    .await;
    // The same keys on a US layout type other characters.
    session.set_layout(Layout::Us);
    session.key("BracketLeft", "", false, true).expect("down");
    wait_until("the US bracket", DEADLINE, || {
        console.typed_text().ends_with('[')
    })
    .await;
    let pasted = session.paste("ab").expect("paste");
    assert_eq!(pasted, 4);
    wait_until("the pasted text", DEADLINE, || {
        console.typed_text().ends_with("[ab")
    })
    .await;
    session.close().await;
}

/// Polls a snapshot from sync code in `wait_until`'s closure.
fn futures_now<F: std::future::Future>(f: F) -> F::Output {
    tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(f))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn combos_arrive_as_key_sequences() {
    let lab = lab(None).await;
    let console = lab.console(lab.servers()[0].number).expect("console");
    console.set_screen(Screen::Installer { image: "x".into() });
    let sink = Recorder::default();
    let session = Session::start(target(&lab, None), Layout::Us, sink.clone());
    wait_until("connected", DEADLINE, || sink.connected_count() == 1).await;
    session
        .combo(racksmith_console::Combo::ZenkakuHankaku)
        .expect("combo");
    wait_until("kana on", DEADLINE, || console.kana_mode() == Some(true)).await;
    session
        .combo(racksmith_console::Combo::Muhenkan)
        .expect("combo");
    wait_until("kana off", DEADLINE, || console.kana_mode() == Some(false)).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_past_the_bmc_limit_is_refused_with_its_reason() {
    let lab = lab(None).await;
    let mut open = Vec::new();
    for _ in 0..MAX_SESSIONS {
        let sink = Recorder::default();
        open.push((
            Session::start(target(&lab, None), Layout::Us, sink.clone()),
            sink,
        ));
    }
    for (_, sink) in &open {
        wait_until("each connected", DEADLINE, || sink.connected_count() == 1).await;
    }
    wait_until("all counted", DEADLINE, || {
        lab.console(lab.servers()[0].number)
            .expect("c")
            .connected_clients()
            == MAX_SESSIONS
    })
    .await;
    let err = capture(&target(&lab, None), Duration::from_millis(200), DEADLINE)
        .await
        .expect_err("one too many");
    assert_eq!(err.problem, Problem::Refused);
    assert!(
        err.message.contains("Too many KVM sessions"),
        "{}",
        err.message
    );
    // A live session that is refused this way is not retried in a loop.
    let sink = Recorder::default();
    let _extra = Session::start(target(&lab, None), Layout::Us, sink.clone());
    wait_until("failed", DEADLINE, || {
        sink.last().is_some_and(|s| s.state == ConsoleState::Failed)
    })
    .await;
    assert_eq!(sink.last().and_then(|s| s.problem), Some(Problem::Refused));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vnc_passwords_right_wrong_and_missing() {
    let lab = lab(Some("s3cret")).await;
    let missing = capture(&target(&lab, None), Duration::from_millis(200), DEADLINE)
        .await
        .expect_err("no password");
    assert_eq!(missing.problem, Problem::PasswordNeeded);
    let wrong = capture(
        &target(&lab, Some("nope")),
        Duration::from_millis(200),
        DEADLINE,
    )
    .await
    .expect_err("wrong password");
    assert_eq!(wrong.problem, Problem::WrongPassword, "{}", wrong.message);
    assert!(
        !format!("{:?}", target(&lab, Some("s3cret"))).contains("s3cret"),
        "Debug hides it"
    );
    let fb = capture(
        &target(&lab, Some("s3cret")),
        Duration::from_millis(200),
        DEADLINE,
    )
    .await
    .expect("right password");
    assert!(fb.complete());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_listening_is_unreachable_and_not_retried() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let sink = Recorder::default();
    let t = Target {
        transport: Transport::Tcp {
            host: "127.0.0.1".into(),
            port,
        },
        password: None,
    };
    let _session = Session::start(t, Layout::Us, sink.clone());
    wait_until("failed", DEADLINE, || {
        sink.last().is_some_and(|s| s.state == ConsoleState::Failed)
    })
    .await;
    assert_eq!(
        sink.last().and_then(|s| s.problem),
        Some(Problem::Unreachable)
    );
}
