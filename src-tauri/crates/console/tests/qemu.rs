//! The console client against QEMU's real VNC server: a whole frame, a key
//! press that changes the screen (SeaBIOS's boot menu), passwords, and
//! reconnecting after QEMU restarts.

mod common;

use std::time::{Duration, Instant};

use common::qemu::{free_display, Qemu};
use common::{wait_until, Recorder};
use racksmith_console::{
    capture, ConsoleState, Framebuffer, Layout, Problem, Session, Target, Transport,
};

const DEADLINE: Duration = Duration::from_secs(30);

fn target(port: u16, password: Option<&str>) -> Target {
    Target {
        transport: Transport::Tcp {
            host: "127.0.0.1".into(),
            port,
        },
        password: password.map(str::to_owned),
    }
}

fn lit_pixels(fb: &Framebuffer) -> usize {
    fb.rgba()
        .chunks_exact(4)
        .filter(|p| p[0] > 40 || p[1] > 40 || p[2] > 40)
        .count()
}

/// Waits until SeaBIOS has written its prompt, then a little longer for the
/// rest of its text (the blinking cursor keeps changing a few pixels).
async fn settled(session: &Session, still: Duration) -> Framebuffer {
    let start = Instant::now();
    loop {
        assert!(
            start.elapsed() < DEADLINE,
            "SeaBIOS never wrote to the screen"
        );
        let fb = session.snapshot().await.expect("snapshot");
        if fb.complete() && lit_pixels(&fb) > 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(still).await;
    session.snapshot().await.expect("snapshot")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_press_opens_the_seabios_boot_menu_and_the_session_survives_a_restart() {
    let display = free_display();
    let qemu = Qemu::start(display, None);
    let sink = Recorder::default();
    let session = Session::start(target(qemu.port, None), Layout::Us, sink.clone());
    wait_until("connected to QEMU", DEADLINE, || {
        sink.connected_count() == 1
    })
    .await;
    let before = settled(&session, Duration::from_millis(1500)).await;
    let (w, h) = before.size();
    assert!(w >= 640 && h >= 400, "QEMU's screen is {w}x{h}");

    // Control: left alone, the screen does not change this much by itself.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let idle = session.snapshot().await.expect("snapshot");
    assert!(
        idle.differing_pixels(&before) < 300,
        "the screen changed without a key"
    );
    // "Press ESC for boot menu." — Escape opens the menu.
    session.key("Escape", "Escape", false, true).expect("down");
    session.key("Escape", "Escape", false, false).expect("up");
    let start = Instant::now();
    loop {
        assert!(start.elapsed() < DEADLINE, "the boot menu never appeared");
        let now = session.snapshot().await.expect("snapshot");
        if now.size() != before.size() || now.differing_pixels(&before) > 300 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // QEMU goes away and comes back on the same port: the session reconnects.
    qemu.kill();
    wait_until("reconnecting", DEADLINE, || {
        sink.states().contains(&ConsoleState::Reconnecting)
    })
    .await;
    let batches = sink.batch_count();
    let _again = Qemu::start(display, None);
    wait_until("connected again", DEADLINE, || sink.connected_count() == 2).await;
    wait_until("frames after the restart", DEADLINE, || {
        sink.batch_count() > batches
    })
    .await;
    session.close().await;
    assert_eq!(sink.last().map(|s| s.state), Some(ConsoleState::Closed));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qemu_with_a_vnc_password() {
    let display = free_display();
    let _qemu = Qemu::start(display, Some("pa55word"));
    let port = 5900 + display;
    // The monitor command may land just after QEMU starts listening.
    let start = Instant::now();
    let fb = loop {
        match capture(
            &target(port, Some("pa55word")),
            Duration::from_millis(500),
            DEADLINE,
        )
        .await
        {
            Ok(fb) => break fb,
            Err(e) if start.elapsed() < DEADLINE => {
                eprintln!("retrying: {e}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("no capture with the right password: {e}"),
        }
    };
    assert!(fb.complete());
    let wrong = capture(
        &target(port, Some("wrong")),
        Duration::from_millis(200),
        DEADLINE,
    )
    .await
    .expect_err("wrong password refused");
    assert_eq!(wrong.problem, Problem::WrongPassword, "{}", wrong.message);
    let missing = capture(&target(port, None), Duration::from_millis(200), DEADLINE)
        .await
        .expect_err("no password refused");
    assert_eq!(
        missing.problem,
        Problem::PasswordNeeded,
        "{}",
        missing.message
    );
}
