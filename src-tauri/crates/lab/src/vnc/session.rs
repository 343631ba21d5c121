//! One client connection: handshake, then a reader and a writer that run
//! side by side so input is applied even while an update is pending.

use super::console::Console;
use super::encode::{Encoder, ZRLE};
use super::error::VncError;
use super::rfb::{self, ClientMessage};
use super::update::{ClientView, Request};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

/// Long enough for a person to type a password in a viewer's prompt, short
/// enough that silent connections do not pile up.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(60);

/// Serves one client until it leaves or misbehaves; logs why it ended.
pub(crate) async fn run(stream: TcpStream, peer: SocketAddr, console: Arc<Console>) {
    // Small updates such as echoed keys should not wait for Nagle.
    if let Err(e) = stream.set_nodelay(true) {
        tracing::info!(%peer, "VNC client connection ended: {e}");
        return;
    }
    run_on(stream, &peer.to_string(), console).await
}

/// The same session over any byte stream (the web server's `/kvm/0`
/// WebSocket hands its RFB bytes here).
pub(crate) async fn run_on<S>(stream: S, peer: &str, console: Arc<Console>)
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    match session(stream, &console).await {
        Ok(()) => tracing::info!(%peer, "VNC client disconnected"),
        Err(VncError::Io(e)) => tracing::info!(%peer, "VNC client connection ended: {e}"),
        Err(e) => tracing::warn!(%peer, "VNC client closed: {e}"),
    }
}

async fn session<S>(mut stream: S, console: &Arc<Console>) -> Result<(), VncError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    tokio::time::timeout(HANDSHAKE_TIMEOUT, rfb::handshake(&mut stream, console))
        .await
        .map_err(|_| VncError::HandshakeTimeout)??;
    let _connected = console.client_guard();
    let (reader, writer) = tokio::io::split(stream);
    // Only the writer consumes these; the bound keeps a client that floods
    // requests without reading its updates from growing memory.
    let (tx, rx) = mpsc::channel(32);
    tokio::select! {
        r = read_loop(BufReader::new(reader), console, tx) => r,
        r = write_loop(writer, console, rx) => r,
    }
}

/// Applies input directly to the console and hands everything that shapes
/// updates to the writer.
async fn read_loop<R>(
    mut reader: R,
    console: &Console,
    tx: mpsc::Sender<ClientMessage>,
) -> Result<(), VncError>
where
    R: AsyncRead + Unpin,
{
    while let Some(msg) = rfb::read_message(&mut reader).await? {
        match msg {
            ClientMessage::Key { keysym, down } => console.key_event(keysym, down),
            ClientMessage::Pointer | ClientMessage::CutText => {}
            other => {
                if tx.send(other).await.is_err() {
                    break;
                }
            }
        }
    }
    Ok(())
}

/// Answers update requests: immediately for full requests, and for
/// incremental ones as soon as the requested area differs from what this
/// client last received.
async fn write_loop<W>(
    mut writer: W,
    console: &Console,
    mut rx: mpsc::Receiver<ClientMessage>,
) -> Result<(), VncError>
where
    W: AsyncWrite + Unpin,
{
    let mut frames = console.subscribe();
    let mut encoder = Encoder::new();
    let mut view = ClientView::new();
    let mut pending: Option<Request> = None;
    loop {
        tokio::select! {
            msg = rx.recv() => match msg {
                None => return Ok(()),
                Some(ClientMessage::SetPixelFormat(format)) => {
                    encoder.format = format;
                    // Pixels sent in the old format no longer count as received.
                    view.reset();
                }
                Some(ClientMessage::SetEncodings(list)) => encoder.zrle = list.contains(&ZRLE),
                Some(ClientMessage::UpdateRequest(req)) => pending = Some(req),
                Some(_) => {}
            },
            changed = frames.changed(), if pending.is_some() => {
                if changed.is_err() {
                    return Ok(());
                }
            }
        }
        if let Some(req) = pending {
            let frame = frames.borrow_and_update().clone();
            if let Some(update) = view.update(&frame, &req, &mut encoder)? {
                writer.write_all(&update).await?;
                pending = None;
            }
        }
    }
}
