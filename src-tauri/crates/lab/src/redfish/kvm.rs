//! The console as OpenBMC's web server offers it: RFB inside a WebSocket at
//! `/kvm/0`. A browser cannot set `X-Auth-Token` on a WebSocket, so the
//! session token comes as the subprotocol and is checked here.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::Instant;

use super::error::RedfishError;
use super::Shared;
use crate::vnc;

pub const KVM: &str = "/kvm/0";

/// Bytes buffered between the socket and the RFB session each way.
const PIPE: usize = 64 * 1024;

pub fn routes() -> Router<Shared> {
    Router::new().route(KVM, get(open))
}

async fn open(
    State(server): State<Shared>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    if !server.kvm_websocket {
        return RedfishError::not_found("Resource", KVM).into_response();
    }
    let token = headers
        .get("sec-websocket-protocol")
        .and_then(|v| v.to_str().ok())
        .and_then(|list| list.split(',').map(str::trim).find(|t| !t.is_empty()))
        .map(str::to_owned);
    let principal = token
        .as_deref()
        .and_then(|token| server.state().accounts.by_token(token, Instant::now()));
    let (Some(token), Some(principal)) = (token, principal) else {
        return RedfishError::no_valid_session().into_response();
    };
    if !principal.role.may("ConfigureComponents") {
        return RedfishError::insufficient_privilege().into_response();
    }
    let console = server.console.clone();
    let peer = format!("{KVM} ({})", principal.user);
    upgrade
        .protocols([token])
        .on_upgrade(move |socket| async move {
            let (ours, theirs) = tokio::io::duplex(PIPE);
            tokio::join!(
                pump(socket, ours),
                vnc::serve_stream(theirs, &peer, console)
            );
        })
}

/// Carries RFB bytes between binary messages and the session's pipe until
/// either side ends; message boundaries mean nothing to RFB.
async fn pump(mut socket: WebSocket, pipe: tokio::io::DuplexStream) {
    let (mut from_session, mut to_session) = tokio::io::split(pipe);
    let mut buffer = vec![0u8; PIPE];
    loop {
        tokio::select! {
            message = socket.recv() => match message {
                Some(Ok(Message::Binary(bytes))) => {
                    if to_session.write_all(&bytes).await.is_err() {
                        break;
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                // Pings are answered by axum; text carries no RFB.
                Some(Ok(_)) => {}
            },
            read = from_session.read(&mut buffer) => match read {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let bytes = axum::body::Bytes::copy_from_slice(&buffer[..n]);
                    if socket.send(Message::Binary(bytes)).await.is_err() {
                        break;
                    }
                }
            },
        }
    }
    // Ending our half of the pipe ends the RFB session with it.
    let _ = to_session.shutdown().await;
    let _ = socket.send(Message::Close(None)).await;
}
