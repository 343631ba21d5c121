//! QEMU's own VNC server (SeaBIOS on a blank PC), started on 127.0.0.1 and
//! killed by its own PID when dropped.

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Qemu {
    child: Child,
    pub port: u16,
}

/// A free display number: QEMU listens on 5900 + display. Each call in this
/// process gets a new one, so tests running side by side never share a port.
pub fn free_display() -> u16 {
    static NEXT: std::sync::atomic::AtomicU16 = std::sync::atomic::AtomicU16::new(40);
    loop {
        let display = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        assert!(display < 99, "no free VNC display between :40 and :99");
        if std::net::TcpListener::bind(("127.0.0.1", 5900 + display)).is_ok() {
            return display;
        }
    }
}

impl Qemu {
    pub fn start(display: u16, password: Option<&str>) -> Qemu {
        let vnc = match password {
            Some(_) => format!("127.0.0.1:{display},password=on"),
            None => format!("127.0.0.1:{display}"),
        };
        let mut child = Command::new("qemu-system-x86_64")
            .args([
                "-display",
                "none",
                "-nodefaults",
                "-vga",
                "std",
                "-machine",
                "pc",
                "-m",
                "64",
            ])
            // The boot-menu prompt waits 60 s, so a key press has something to change.
            .args([
                "-boot",
                "menu=on,splash-time=60000",
                "-vnc",
                &vnc,
                "-monitor",
                "stdio",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("qemu-system-x86_64 runs (apt-get install qemu-system-x86)");
        if let Some(pw) = password {
            let stdin = child.stdin.as_mut().expect("monitor");
            writeln!(stdin, "set_password vnc {pw}").expect("set the VNC password");
            stdin.flush().expect("flush");
        }
        let port = 5900 + display;
        let start = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "QEMU did not listen on {port}"
            );
            if let Ok(Some(status)) = child.try_wait() {
                panic!("QEMU exited ({status}) instead of listening on {port}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Qemu { child, port }
    }

    pub fn kill(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Qemu {
    fn drop(&mut self) {
        self.stop();
    }
}
