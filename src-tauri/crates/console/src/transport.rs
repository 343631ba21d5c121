//! How the RFB bytes travel: plain TCP (a BMC's VNC port, QEMU) or inside a
//! WebSocket, as OpenBMC serves its KVM at `/kvm/0` behind the web server.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use futures_util::{Sink, Stream};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

use crate::error::{ConsoleError, Problem};

/// Where the console is.
#[derive(Clone)]
pub enum Transport {
    Tcp {
        host: String,
        port: u16,
    },
    /// `url` is `wss://host[:port]/kvm/0`; the session token goes in the
    /// subprotocol header, as OpenBMC's web UI does it. `tls` must trust the
    /// BMC's pinned certificate (plain `ws://` needs none).
    WebSocket {
        url: String,
        token: String,
        tls: Option<Arc<rustls::ClientConfig>>,
    },
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token is a live BMC session: never in logs.
        match self {
            Transport::Tcp { host, port } => write!(f, "vnc://{host}:{port}"),
            Transport::WebSocket { url, .. } => write!(f, "{url} (token hidden)"),
        }
    }
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Transport::Tcp { host, port } => write!(f, "vnc://{host}:{port}"),
            Transport::WebSocket { url, .. } => f.write_str(url),
        }
    }
}

pub trait Duplex: AsyncRead + AsyncWrite + Unpin + Send + Sync {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + Sync> Duplex for T {}

pub type Stream_ = Box<dyn Duplex>;

pub(crate) async fn open(
    transport: &Transport,
    timeout: Duration,
) -> Result<Stream_, ConsoleError> {
    let work = async {
        match transport {
            Transport::Tcp { host, port } => {
                let tcp = TcpStream::connect((host.as_str(), *port))
                    .await
                    .map_err(|e| unreachable(transport, &e))?;
                tcp.set_nodelay(true).ok();
                Ok(Box::new(tcp) as Stream_)
            }
            Transport::WebSocket { url, token, tls } => websocket(url, token, tls.clone()).await,
        }
    };
    tokio::time::timeout(timeout, work).await.map_err(|_| {
        ConsoleError::new(
            Problem::Unreachable,
            format!("{transport} did not answer within {} s", timeout.as_secs()),
        )
    })?
}

fn unreachable(transport: &Transport, e: &io::Error) -> ConsoleError {
    ConsoleError::new(
        Problem::Unreachable,
        format!("cannot connect to {transport}: {e}"),
    )
}

async fn websocket(
    url: &str,
    token: &str,
    tls: Option<Arc<rustls::ClientConfig>>,
) -> Result<Stream_, ConsoleError> {
    let bad = |m: String| ConsoleError::new(Problem::Protocol, m);
    let mut request = url
        .into_client_request()
        .map_err(|e| bad(format!("bad console URL {url}: {e}")))?;
    let protocol = HeaderValue::from_str(token)
        .map_err(|_| bad("the session token is not a valid header value".into()))?;
    request
        .headers_mut()
        .insert("Sec-WebSocket-Protocol", protocol);
    let uri = request.uri().clone();
    let host = uri
        .host()
        .ok_or_else(|| bad(format!("{url} has no host")))?
        .to_owned();
    let secure = match uri.scheme_str() {
        Some("wss") => true,
        Some("ws") => false,
        _ => return Err(bad(format!("{url} is not a ws:// or wss:// URL"))),
    };
    let port = uri.port_u16().unwrap_or(if secure { 443 } else { 80 });
    let target = Transport::WebSocket {
        url: url.to_owned(),
        token: String::new(),
        tls: None,
    };
    let tcp = TcpStream::connect((host.as_str(), port))
        .await
        .map_err(|e| unreachable(&target, &e))?;
    tcp.set_nodelay(true).ok();
    let refused = |e: tokio_tungstenite::tungstenite::Error| match e {
        tokio_tungstenite::tungstenite::Error::Http(resp) => ConsoleError::new(
            Problem::Refused,
            format!("{url} refused the console: HTTP {}", resp.status()),
        ),
        other => bad(format!("WebSocket handshake with {url} failed: {other}")),
    };
    if secure {
        let config = tls.ok_or_else(|| {
            bad(format!(
                "{url} needs TLS but no trusted certificate was given"
            ))
        })?;
        let name = rustls::pki_types::ServerName::try_from(host.clone())
            .map_err(|_| bad(format!("{host} is not a valid TLS server name")))?;
        let stream = tokio_rustls::TlsConnector::from(config)
            .connect(name, tcp)
            .await
            .map_err(|e| {
                ConsoleError::new(Problem::Refused, format!("TLS with {url} failed: {e}"))
            })?;
        let (ws, _) = tokio_tungstenite::client_async(request, stream)
            .await
            .map_err(refused)?;
        Ok(Box::new(WsBytes::new(ws)))
    } else {
        let (ws, _) = tokio_tungstenite::client_async(request, tcp)
            .await
            .map_err(refused)?;
        Ok(Box::new(WsBytes::new(ws)))
    }
}

/// A WebSocket seen as a byte stream: RFB bytes travel in binary messages,
/// whose boundaries mean nothing.
pub struct WsBytes<S> {
    ws: WebSocketStream<S>,
    pending: Vec<u8>,
    offset: usize,
}

impl<S> WsBytes<S> {
    pub fn new(ws: WebSocketStream<S>) -> WsBytes<S> {
        WsBytes {
            ws,
            pending: Vec::new(),
            offset: 0,
        }
    }
}

fn io_err(e: tokio_tungstenite::tungstenite::Error) -> io::Error {
    io::Error::other(e)
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for WsBytes<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        // Whatever a write left buffered goes out while we wait to read.
        if let Poll::Ready(Err(e)) = Pin::new(&mut self.ws).poll_flush(cx) {
            return Poll::Ready(Err(io_err(e)));
        }
        loop {
            if self.offset < self.pending.len() {
                let n = buf.remaining().min(self.pending.len() - self.offset);
                let start = self.offset;
                buf.put_slice(&self.pending[start..start + n]);
                self.offset += n;
                return Poll::Ready(Ok(()));
            }
            match ready!(Pin::new(&mut self.ws).poll_next(cx)) {
                None | Some(Ok(Message::Close(_))) => return Poll::Ready(Ok(())),
                Some(Ok(Message::Binary(data))) => {
                    self.pending = data.to_vec();
                    self.offset = 0;
                }
                // Pings are answered by tungstenite itself; text carries no RFB.
                Some(Ok(_)) => {}
                Some(Err(e)) => return Poll::Ready(Err(io_err(e))),
            }
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for WsBytes<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        ready!(Pin::new(&mut self.ws).poll_ready(cx)).map_err(io_err)?;
        Pin::new(&mut self.ws)
            .start_send(Message::Binary(buf.to_vec().into()))
            .map_err(io_err)?;
        // tungstenite buffers messages until a flush, and RFB clients do not
        // always flush: a key must leave now. A flush that cannot finish yet
        // is finished by the next write or read (see `poll_read`).
        if let Poll::Ready(Err(e)) = Pin::new(&mut self.ws).poll_flush(cx) {
            return Poll::Ready(Err(io_err(e)));
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.ws).poll_flush(cx).map_err(io_err)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.ws).poll_close(cx).map_err(io_err)
    }
}
