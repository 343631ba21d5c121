//! One console session: connects, keeps the framebuffer, streams changes to a
//! sink, applies input at once, and reconnects after a drop.
//!
//! vnc-rs's `recv_event` and `input` share one lock, so input sent from
//! another task would wait for the next screen change. Here a single task owns
//! the client and `select!`s between commands and events; dropping a pending
//! `recv_event` releases the lock (its channel receive is cancel-safe), so a
//! key press goes out immediately even on a still screen.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;
use specta::Type;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use vnc::{PixelFormat, VncClient, VncConnector, VncEncoding, VncError, VncEvent, X11Event};

use crate::error::{ConsoleError, Problem};
use crate::framebuffer::{Area, Framebuffer};
use crate::keyboard::{keysym_for, type_text, Combo, KeyStroke, Layout, PasteError};
use crate::transport::{self, Transport};
use crate::wire::Batch;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Re-ask for changes after this long without any, in case a request was lost.
const QUIET_REFRESH: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// Flush a batch early past this size so one huge update does not stall the canvas.
const MAX_BATCH: usize = 4 * 1024 * 1024;
const COMMAND_QUEUE: usize = 256;
/// Changes closer together than this are drawn together: a full screen arrives
/// as dozens of tiles, and the canvas needs no more than 60 updates a second.
const FRAME: Duration = Duration::from_millis(16);

/// What to connect to, and the VNC password if the server wants one.
#[derive(Clone)]
pub struct Target {
    pub transport: Transport,
    pub password: Option<String>,
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Target")
            .field("transport", &self.transport)
            .field("password", &self.password.as_ref().map(|_| "<hidden>"))
            .finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ConsoleState {
    Connecting,
    Connected,
    Reconnecting,
    Failed,
    Closed,
}

/// The console bar's view of the session.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConsoleStatus {
    pub state: ConsoleState,
    /// The desktop name the server announced.
    pub name: Option<String>,
    pub width: u16,
    pub height: u16,
    /// Screen updates drawn in the last second.
    pub fps: f32,
    /// Reconnection attempt, counting from 1.
    pub attempt: u32,
    pub problem: Option<Problem>,
    pub message: Option<String>,
}

impl ConsoleStatus {
    fn new(state: ConsoleState) -> ConsoleStatus {
        ConsoleStatus {
            state,
            name: None,
            width: 0,
            height: 0,
            fps: 0.0,
            attempt: 0,
            problem: None,
            message: None,
        }
    }
}

/// Where the session's output goes: binary batches for the canvas (see
/// [`crate::wire`]) and status changes for the bar.
pub trait Sink: Send + 'static {
    fn frames(&mut self, batch: Vec<u8>);
    fn status(&mut self, status: &ConsoleStatus);
}

enum Command {
    Strokes(Vec<KeyStroke>),
    Pointer { x: u16, y: u16, buttons: u8 },
    Refresh,
    Snapshot(oneshot::Sender<Framebuffer>),
    Close,
}

/// A running console session. Dropping it closes the connection.
pub struct Session {
    commands: mpsc::Sender<Command>,
    layout: Mutex<Layout>,
    task: JoinHandle<()>,
}

impl Session {
    pub fn start(target: Target, layout: Layout, sink: impl Sink) -> Session {
        let (tx, rx) = mpsc::channel(COMMAND_QUEUE);
        let task = tokio::spawn(run(target, rx, Box::new(sink)));
        Session {
            commands: tx,
            layout: Mutex::new(layout),
            task,
        }
    }

    pub fn layout(&self) -> Layout {
        *self.layout.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn set_layout(&self, layout: Layout) {
        *self.layout.lock().unwrap_or_else(PoisonError::into_inner) = layout;
    }

    fn send(&self, command: Command) -> Result<(), ConsoleError> {
        self.commands.try_send(command).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => ConsoleError::new(
                Problem::Busy,
                "the console is busy sending earlier input; try again",
            ),
            mpsc::error::TrySendError::Closed(_) => {
                ConsoleError::new(Problem::Dropped, "the console session has ended")
            }
        })
    }

    /// A physical key (DOM `code`) pressed or released. Keys with no keysym
    /// are ignored; returns whether anything was sent.
    pub fn key(
        &self,
        code: &str,
        key: &str,
        shift: bool,
        down: bool,
    ) -> Result<bool, ConsoleError> {
        let Some(keysym) = keysym_for(code, key, shift, self.layout()) else {
            return Ok(false);
        };
        self.send(Command::Strokes(vec![KeyStroke { keysym, down }]))?;
        Ok(true)
    }

    pub fn keysyms(&self, strokes: Vec<KeyStroke>) -> Result<(), ConsoleError> {
        self.send(Command::Strokes(strokes))
    }

    pub fn combo(&self, combo: Combo) -> Result<(), ConsoleError> {
        self.send(Command::Strokes(combo.strokes()))
    }

    /// Types `text` as keystrokes. Refused whole if any character cannot be
    /// typed on the session's layout. Returns the number of keystrokes.
    pub fn paste(&self, text: &str) -> Result<usize, PasteOutcome> {
        let strokes = type_text(text, self.layout()).map_err(PasteOutcome::Text)?;
        let n = strokes.len();
        self.send(Command::Strokes(strokes))
            .map_err(PasteOutcome::Session)?;
        Ok(n)
    }

    pub fn pointer(&self, x: u16, y: u16, buttons: u8) -> Result<(), ConsoleError> {
        self.send(Command::Pointer { x, y, buttons })
    }

    /// Asks for the whole screen again.
    pub fn refresh(&self) -> Result<(), ConsoleError> {
        self.send(Command::Refresh)
    }

    /// A handle that can ask for a snapshot without holding the session.
    pub fn handle(&self) -> Handle {
        Handle {
            commands: self.commands.clone(),
        }
    }

    /// The picture as it is now (empty before the first frame).
    pub async fn snapshot(&self) -> Result<Framebuffer, ConsoleError> {
        self.handle().snapshot().await
    }

    pub fn is_finished(&self) -> bool {
        self.task.is_finished()
    }

    pub async fn close(mut self) {
        let _ = self.commands.send(Command::Close).await;
        let _ = (&mut self.task).await;
    }
}

/// A cloneable way to reach a running session.
#[derive(Clone)]
pub struct Handle {
    commands: mpsc::Sender<Command>,
}

impl Handle {
    pub async fn snapshot(&self) -> Result<Framebuffer, ConsoleError> {
        let (tx, rx) = oneshot::channel();
        self.commands
            .send(Command::Snapshot(tx))
            .await
            .map_err(|_| ConsoleError::new(Problem::Dropped, "the console session has ended"))?;
        rx.await
            .map_err(|_| ConsoleError::new(Problem::Dropped, "the console session has ended"))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PasteOutcome {
    #[error(transparent)]
    Text(PasteError),
    #[error(transparent)]
    Session(ConsoleError),
}

/// 32-bit RGBX, little-endian: the bytes are already in canvas order.
fn rgba_format() -> PixelFormat {
    let wire = [32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 0, 8, 16, 0, 0, 0];
    PixelFormat::try_from(wire).unwrap_or_default()
}

/// Opens an RFB session: transport, version, security, our pixel format and
/// encodings (compressed ones first).
pub async fn connect(target: &Target) -> Result<(VncClient, String), ConsoleError> {
    let stream = transport::open(&target.transport, CONNECT_TIMEOUT).await?;
    let asked = Arc::new(AtomicBool::new(false));
    let password = target.password.clone();
    let asked_in = Arc::clone(&asked);
    let connector = VncConnector::new(stream)
        .set_auth_method(async move {
            asked_in.store(true, Ordering::SeqCst);
            password.ok_or(VncError::NoPassword)
        })
        .set_version(vnc::VncVersion::RFB38)
        .allow_shared(true)
        .set_pixel_format(rgba_format())
        .add_encoding(VncEncoding::Zrle)
        .add_encoding(VncEncoding::CopyRect)
        .add_encoding(VncEncoding::Raw)
        .add_encoding(VncEncoding::DesktopSizePseudo);
    let where_ = target.transport.to_string();
    let handshake = async {
        connector
            .build()
            .map_err(|e| classify(e, &asked, &where_))?
            .try_start()
            .await
            .map_err(|e| classify(e, &asked, &where_))?
            .finish()
            .map_err(|e| classify(e, &asked, &where_))
    };
    let client = tokio::time::timeout(CONNECT_TIMEOUT, handshake)
        .await
        .map_err(|_| {
            ConsoleError::new(
                Problem::Unreachable,
                format!("{where_} did not finish the RFB handshake in time"),
            )
        })??;
    Ok((client, where_))
}

fn classify(e: VncError, asked: &AtomicBool, at: &str) -> ConsoleError {
    let asked = asked.load(Ordering::SeqCst);
    match e {
        VncError::NoPassword => ConsoleError::new(
            Problem::PasswordNeeded,
            format!("{at} asks for a VNC password and none is stored for it"),
        ),
        VncError::WrongPassword => ConsoleError::new(
            Problem::WrongPassword,
            format!("{at} refused the VNC password"),
        ),
        VncError::General(reason) if asked => ConsoleError::new(
            Problem::WrongPassword,
            format!("{at} refused the VNC password: {reason}"),
        ),
        VncError::General(reason) => ConsoleError::new(
            Problem::Refused,
            format!("{at} refused the session: {reason}"),
        ),
        VncError::IoError(io) => ConsoleError::new(
            Problem::Refused,
            format!("{at} closed the connection during the handshake ({io})"),
        ),
        other => ConsoleError::new(
            Problem::Protocol,
            format!("{at} broke the RFB protocol: {other}"),
        ),
    }
}

/// Applies one server event to the framebuffer and the outgoing batch.
/// Returns the new size on a resize.
fn apply(
    event: VncEvent,
    fb: &mut Framebuffer,
    batch: &mut Batch,
) -> Result<Option<(u16, u16)>, ConsoleError> {
    match event {
        VncEvent::SetResolution(screen) => {
            *fb = Framebuffer::new(screen.width, screen.height);
            batch.resize(screen.width, screen.height);
            return Ok(Some((screen.width, screen.height)));
        }
        VncEvent::RawImage(rect, mut data) => {
            // The padding byte of RGBX arrives as anything; the canvas needs opaque.
            for px in data.chunks_exact_mut(4) {
                px[3] = 255;
            }
            let area = Area {
                x: rect.x,
                y: rect.y,
                width: rect.width,
                height: rect.height,
            };
            if !fb.paint(area, &data) {
                return Err(ConsoleError::new(
                    Problem::Protocol,
                    format!("the server sent a rectangle outside the screen: {area:?}"),
                ));
            }
            batch.pixels(area, &data);
        }
        VncEvent::Copy(dst, src) => {
            let dst = Area {
                x: dst.x,
                y: dst.y,
                width: dst.width,
                height: dst.height,
            };
            let src = Area {
                x: src.x,
                y: src.y,
                width: src.width,
                height: src.height,
            };
            if fb.copy(dst, src) {
                batch.copy(dst, src);
            }
        }
        VncEvent::Error(message) => {
            return Err(ConsoleError::new(
                Problem::Dropped,
                format!("the console connection failed: {message}"),
            ));
        }
        // Cursor, bell, clipboard and pixel-format notices change nothing on the canvas.
        _ => {}
    }
    Ok(None)
}

enum Ended {
    Closed,
    Dropped(ConsoleError),
}

async fn run(target: Target, mut commands: mpsc::Receiver<Command>, mut sink: Box<dyn Sink>) {
    let mut fb = Framebuffer::default();
    let mut attempt = 0u32;
    let mut ever_connected = false;
    loop {
        let mut status = ConsoleStatus::new(if attempt == 0 {
            ConsoleState::Connecting
        } else {
            ConsoleState::Reconnecting
        });
        status.attempt = attempt;
        sink.status(&status);
        let Some(connected) = while_disconnected(connect(&target), &mut commands, &fb).await else {
            return closed(&mut *sink);
        };
        let error = match connected {
            Ok((client, _)) => {
                ever_connected = true;
                attempt = 0;
                match drive(&client, &mut commands, &mut *sink, &mut fb).await {
                    Ended::Closed => {
                        let _ = client.close().await;
                        return closed(&mut *sink);
                    }
                    Ended::Dropped(e) => {
                        let _ = client.close().await;
                        e
                    }
                }
            }
            Err(e) => e,
        };
        if !ever_connected || !error.retryable() {
            let mut failed = ConsoleStatus::new(ConsoleState::Failed);
            failed.problem = Some(error.problem);
            failed.message = Some(error.message);
            sink.status(&failed);
            return;
        }
        attempt += 1;
        tracing::info!(attempt, "console dropped, reconnecting: {}", error.message);
        let mut status = ConsoleStatus::new(ConsoleState::Reconnecting);
        status.attempt = attempt;
        status.problem = Some(error.problem);
        status.message = Some(error.message);
        sink.status(&status);
        let backoff =
            (Duration::from_millis(250) * 2u32.saturating_pow(attempt.min(8))).min(MAX_BACKOFF);
        if while_disconnected(tokio::time::sleep(backoff), &mut commands, &fb)
            .await
            .is_none()
        {
            return closed(&mut *sink);
        }
    }
}

/// Runs `work` (connecting, or waiting to retry) while still answering
/// commands: snapshots get the last picture, input is dropped rather than
/// replayed later. None when the session is closed meanwhile.
async fn while_disconnected<F: std::future::Future>(
    work: F,
    commands: &mut mpsc::Receiver<Command>,
    fb: &Framebuffer,
) -> Option<F::Output> {
    tokio::pin!(work);
    loop {
        tokio::select! {
            done = &mut work => return Some(done),
            c = commands.recv() => match c {
                None | Some(Command::Close) => return None,
                Some(Command::Snapshot(tx)) => { let _ = tx.send(fb.clone()); }
                Some(_) => {}
            }
        }
    }
}

fn closed(sink: &mut dyn Sink) {
    sink.status(&ConsoleStatus::new(ConsoleState::Closed));
}

async fn drive(
    client: &VncClient,
    commands: &mut mpsc::Receiver<Command>,
    sink: &mut dyn Sink,
    fb: &mut Framebuffer,
) -> Ended {
    let mut status = ConsoleStatus::new(ConsoleState::Connected);
    let (w, h) = fb.size();
    (status.width, status.height) = (w, h);
    sink.status(&status);
    let mut batch = Batch::default();
    let mut drawn = 0u32;
    let mut last_event = Instant::now();
    let mut last_flush = Instant::now() - FRAME;
    let mut flush_at: Option<tokio::time::Instant> = None;
    let mut ticker = tokio::time::interval(Duration::from_secs(1));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let dropped = |e: VncError| {
        Ended::Dropped(ConsoleError::new(
            Problem::Dropped,
            format!("the console connection ended: {e}"),
        ))
    };
    loop {
        tokio::select! {
            biased;
            c = commands.recv() => {
                let result = match c {
                    None | Some(Command::Close) => return Ended::Closed,
                    Some(Command::Strokes(strokes)) => {
                        let mut r = Ok(());
                        for s in strokes {
                            r = client.input(X11Event::KeyEvent((s.keysym, s.down).into())).await;
                            if r.is_err() { break; }
                        }
                        r
                    }
                    Some(Command::Pointer { x, y, buttons }) => {
                        client.input(X11Event::PointerEvent((x, y, buttons).into())).await
                    }
                    Some(Command::Refresh) => client.input(X11Event::FullRefresh).await,
                    Some(Command::Snapshot(tx)) => { let _ = tx.send(fb.clone()); Ok(()) }
                };
                if let Err(e) = result { return dropped(e); }
            }
            _ = sleep_until_some(flush_at) => {
                flush_at = None;
                sink.frames(batch.take());
                last_flush = Instant::now();
                drawn += 1;
            }
            event = client.recv_event() => {
                let mut next = Some(match event { Ok(e) => e, Err(e) => return dropped(e) });
                let mut resized = None;
                // Take everything already decoded before drawing.
                while let Some(event) = next {
                    match apply(event, fb, &mut batch) {
                        Ok(Some(size)) => resized = Some(size),
                        Ok(None) => {}
                        Err(e) => return Ended::Dropped(e),
                    }
                    if batch.len() > MAX_BATCH {
                        sink.frames(batch.take());
                    }
                    next = match client.poll_event().await { Ok(e) => e, Err(e) => return dropped(e) };
                }
                last_event = Instant::now();
                if !batch.is_empty() && flush_at.is_none() {
                    if last_flush.elapsed() >= FRAME {
                        sink.frames(batch.take());
                        last_flush = Instant::now();
                        drawn += 1;
                    } else {
                        flush_at = Some(tokio::time::Instant::from_std(last_flush + FRAME));
                    }
                }
                if let Some((w, h)) = resized {
                    (status.width, status.height) = (w, h);
                    sink.status(&status);
                }
                // RFB answers one update per request: ask for the next change now.
                if let Err(e) = client.input(X11Event::Refresh).await { return dropped(e); }
            }
            _ = ticker.tick() => {
                status.fps = drawn as f32;
                drawn = 0;
                sink.status(&status);
                if last_event.elapsed() >= QUIET_REFRESH {
                    if let Err(e) = client.input(X11Event::Refresh).await { return dropped(e); }
                }
            }
        }
    }
}

async fn sleep_until_some(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// Connects, waits until a whole frame has arrived and the screen has been
/// still for `settle`, and returns it. For screenshots from the command line.
pub async fn capture(
    target: &Target,
    settle: Duration,
    deadline: Duration,
) -> Result<Framebuffer, ConsoleError> {
    let (client, at) = connect(target).await?;
    let started = Instant::now();
    let mut fb = Framebuffer::default();
    let mut batch = Batch::default();
    let result = loop {
        if started.elapsed() > deadline {
            break Err(ConsoleError::new(
                Problem::Dropped,
                format!(
                    "{at} sent no complete frame within {} s",
                    deadline.as_secs()
                ),
            ));
        }
        match tokio::time::timeout(settle, client.recv_event()).await {
            Ok(Ok(event)) => {
                if let Err(e) = apply(event, &mut fb, &mut batch) {
                    break Err(e);
                }
                batch.take();
            }
            Ok(Err(e)) => {
                break Err(ConsoleError::new(
                    Problem::Dropped,
                    format!("{at} closed the console: {e}"),
                ))
            }
            Err(_) if fb.complete() => break Ok(fb),
            Err(_) => {
                if let Err(e) = client.input(X11Event::Refresh).await {
                    break Err(ConsoleError::new(
                        Problem::Dropped,
                        format!("{at} closed the console: {e}"),
                    ));
                }
            }
        }
    };
    let _ = client.close().await;
    result
}
