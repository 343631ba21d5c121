//! VNC (RFB 3.8) console server for the lab's simulated servers.
//!
//! Each simulated server owns a [`Console`]; the Redfish side changes what it
//! shows with [`Console::set_screen`], and [`serve`] lets any number of VNC
//! clients watch it and type at its login prompt.
#![forbid(unsafe_code)]

mod auth;
mod console;
mod encode;
mod error;
mod field;
mod font;
mod frame;
mod login;
mod pixel;
mod rfb;
mod screen;
mod session;
mod update;

pub use console::Console;
pub use frame::Frame;
pub use rfb::{MAX_SESSIONS, SERVER_NAME};
pub use screen::Screen;
pub(crate) use session::run_on as serve_stream;

use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

/// Serves RFB on `listener` until the returned future is dropped / its task
/// aborted; dropping it also ends every client session it started.
pub async fn serve(listener: TcpListener, console: Arc<Console>) {
    let mut sessions = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    tracing::info!(%peer, "VNC client connected");
                    sessions.spawn(session::run(stream, peer, Arc::clone(&console)));
                }
                Err(e) => {
                    // E.g. out of file descriptors: back off instead of spinning.
                    tracing::warn!("VNC accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            Some(done) = sessions.join_next(), if !sessions.is_empty() => {
                if let Err(e) = done {
                    tracing::error!("VNC session task failed: {e}");
                }
            }
        }
    }
}
