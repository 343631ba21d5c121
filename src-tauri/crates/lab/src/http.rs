//! The HTTPS front of one simulated BMC: TLS, HTTP/1.1, and the injected faults
//! that need to act below the router (dropped connections, hangs, cut bodies).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, Response};
use axum::response::IntoResponse;
use axum::Router;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::time::Instant;
use tower::ServiceExt;

use crate::faults::{self, Fault};
use crate::redfish::error::RedfishError;
use crate::server::SimServer;

#[derive(Debug)]
struct DroppedOnPurpose;

impl std::fmt::Display for DroppedOnPurpose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the lab's fault injection")
    }
}

impl std::error::Error for DroppedOnPurpose {}

/// Longest a "hung" request is held before the lab gives up on it.
const HANG: Duration = Duration::from_secs(300);

async fn handle(
    server: Arc<SimServer>,
    router: Router,
    request: Request<Incoming>,
) -> Result<Response<Body>, DroppedOnPurpose> {
    let (fault, latency) = faults::draw(&server.faults(), &mut server.fault_rng());
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    match fault {
        Fault::Drop => return Err(DroppedOnPurpose),
        Fault::Hang => {
            tokio::time::sleep(HANG).await;
            return Err(DroppedOnPurpose);
        }
        Fault::ServerError => {
            let error = if server.fault_rng().chance(0.5) {
                RedfishError::unavailable(2).retry_after(2)
            } else {
                RedfishError::internal_error()
            };
            return Ok(error.into_response());
        }
        Fault::Malformed | Fault::None => {}
    }
    let response = match router.oneshot(request.map(Body::new)).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if fault != Fault::Malformed {
        return Ok(response);
    }
    let (parts, body) = response.into_parts();
    let bytes = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let cut = bytes.slice(..bytes.len() / 2);
    let mut response = Response::from_parts(parts, Body::from(cut));
    response.headers_mut().remove("content-length");
    Ok(response)
}

/// Accepts connections until the task is aborted.
pub async fn serve(listener: TcpListener, server: Arc<SimServer>, router: Router) {
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        if server.is_away(Instant::now()) {
            drop(tcp); // the BMC is "gone": the connection is reset
            continue;
        }
        let _ = tcp.set_nodelay(true);
        let acceptor = server.identity().acceptor;
        let mut certificate_changed = server.certificate_generation.subscribe();
        let server = server.clone();
        let router = router.clone();
        tokio::spawn(async move {
            let Ok(tls) = acceptor.accept(tcp).await else {
                return; // a client that does not trust us, or not TLS at all
            };
            let service = hyper::service::service_fn(move |request| {
                handle(server.clone(), router.clone(), request)
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(tls), service)
                .with_upgrades(); // `/kvm/0` becomes a WebSocket
            tokio::select! {
                _ = connection => {}
                _ = certificate_changed.changed() => {}
            }
        });
    }
}
