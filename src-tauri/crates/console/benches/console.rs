//! Console speed against the lab and QEMU: screen updates per second reaching
//! the sink (what the canvas draws), the delay from a key press to the first
//! changed batch, and this process's CPU use meanwhile. Prints figures and
//! ratios against bounds; asserts nothing about time.
//!
//! `cargo bench -p racksmith-console --bench console`

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::qemu::{free_display, Qemu};
use common::{wait_until, Recorder};
use racksmith_console::{Layout, Session, Target, Transport};
use racksmith_lab::vnc::Screen;
use racksmith_lab::{Lab, LabSpec};

/// A person notices input lag past about 100 ms; a console should stay well under.
const LATENCY_BOUND_MS: f64 = 100.0;
/// A usable KVM shows a changing screen at 15 updates a second or more.
const FPS_BOUND: f64 = 15.0;
const KEYS: usize = 40;

/// Seconds of CPU this process has used (Linux: /proc/self/stat).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

struct CpuMeter {
    wall: Instant,
    cpu: Option<f64>,
}

impl CpuMeter {
    fn start() -> CpuMeter {
        CpuMeter {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }
    fn percent(&self) -> String {
        match (self.cpu, cpu_seconds()) {
            (Some(a), Some(b)) => format!(
                "{:.0}% of one core",
                100.0 * (b - a) / self.wall.elapsed().as_secs_f64()
            ),
            _ => "n/a".into(),
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Time from sending a key to the first batch after it.
async fn key_latency(session: &Session, sink: &Recorder, code: &str) -> f64 {
    let before = sink.batch_count();
    let sent = Instant::now();
    session.key(code, "", false, true).expect("down");
    session.key(code, "", false, false).expect("up");
    wait_until("a changed batch", Duration::from_secs(10), || {
        sink.batch_count() > before
    })
    .await;
    let at = sink.0.lock().expect("lock").batches[before].0;
    at.duration_since(sent).as_secs_f64() * 1000.0
}

fn report_latency(peer: &str, mut samples: Vec<f64>, cpu: &CpuMeter) {
    samples.sort_by(f64::total_cmp);
    let p50 = percentile(&samples, 0.5);
    let p95 = percentile(&samples, 0.95);
    println!(
        "{peer:<5} key -> changed frame: p50 {p50:.1} ms, p95 {p95:.1} ms over {} keys; p95 / {LATENCY_BOUND_MS} ms bound = {:.2}; CPU {}",
        samples.len(),
        p95 / LATENCY_BOUND_MS,
        cpu.percent()
    );
}

async fn lab_figures() {
    let lab = Lab::start(LabSpec {
        servers: 1,
        ..LabSpec::default()
    })
    .await
    .expect("lab");
    let info = &lab.servers()[0];
    let console = lab.console(info.number).expect("console");
    console.set_screen(Screen::Installer {
        image: "http://127.0.0.1/os.iso".into(),
    });
    let target = Target {
        transport: Transport::Tcp {
            host: "127.0.0.1".into(),
            port: info.vnc_port.expect("vnc"),
        },
        password: None,
    };
    let sink = Recorder::default();
    let session = Session::start(target, Layout::Us, sink.clone());
    wait_until("connected", Duration::from_secs(10), || {
        sink.batch_count() > 0
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Each key echoes into the installer's field: one small change per key.
    let cpu = CpuMeter::start();
    let mut samples = Vec::new();
    for i in 0..KEYS {
        let code = if i % 2 == 0 { "KeyA" } else { "Backspace" };
        samples.push(key_latency(&session, &sink, code).await);
    }
    report_latency("lab", samples, &cpu);

    // A screen that changes 100 times a second, whole: what reaches the canvas.
    let changing = Arc::clone(&console);
    let flipper = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(10));
        for i in 0u64.. {
            tick.tick().await;
            changing.set_screen(if i % 2 == 0 {
                Screen::BootingCd {
                    image: format!("frame {i}"),
                }
            } else {
                Screen::Installer {
                    image: format!("frame {i}"),
                }
            });
        }
    });
    let cpu = CpuMeter::start();
    let (start_batches, start) = (sink.batch_count(), Instant::now());
    let bytes_before: usize = sink
        .0
        .lock()
        .expect("lock")
        .batches
        .iter()
        .map(|b| b.1)
        .sum();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let secs = start.elapsed().as_secs_f64();
    let batches = sink.batch_count() - start_batches;
    let bytes: usize = sink
        .0
        .lock()
        .expect("lock")
        .batches
        .iter()
        .map(|b| b.1)
        .sum::<usize>()
        - bytes_before;
    flipper.abort();
    let fps = batches as f64 / secs;
    println!(
        "lab   whole-screen changes at 100/s: {fps:.1} updates/s drawn ({:.1} MB/s to the canvas); / {FPS_BOUND} bound = {:.2}; CPU {}",
        bytes as f64 / secs / 1e6,
        fps / FPS_BOUND,
        cpu.percent()
    );
    session.close().await;
}

async fn qemu_figures() {
    // SeaBIOS has one key that visibly changes the screen (Escape opens the
    // boot menu), so each sample is a fresh QEMU.
    let cpu = CpuMeter::start();
    let mut samples = Vec::new();
    let mut first_frames = Vec::new();
    for _ in 0..5 {
        let display = free_display();
        let qemu = Qemu::start(display, None);
        let sink = Recorder::default();
        let started = Instant::now();
        let target = Target {
            transport: Transport::Tcp {
                host: "127.0.0.1".into(),
                port: qemu.port,
            },
            password: None,
        };
        let session = Session::start(target, Layout::Us, sink.clone());
        wait_until("a first frame", Duration::from_secs(20), || {
            sink.batch_count() > 0
        })
        .await;
        first_frames.push(started.elapsed().as_secs_f64() * 1000.0);
        // Let SeaBIOS print its prompt and the stream go quiet but for the cursor.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        samples.push(key_latency(&session, &sink, "Escape").await);
        session.close().await;
        qemu.kill();
    }
    first_frames.sort_by(f64::total_cmp);
    println!(
        "qemu  connect -> first frame: p50 {:.1} ms",
        percentile(&first_frames, 0.5)
    );
    report_latency("qemu", samples, &cpu);
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        lab_figures().await;
        qemu_figures().await;
    });
}
