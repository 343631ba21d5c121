//! RFB wire protocol, server side: handshake and client-to-server messages.

use super::auth;
use super::console::Console;
use super::encode::Rect;
use super::error::VncError;
use super::pixel::PixelFormat;
use super::update::Request;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The desktop name sent in ServerInit.
pub const SERVER_NAME: &str = "Racksmith lab console";
const SECURITY_NONE: u8 = 1;
const SECURITY_VNC_AUTH: u8 = 2;
/// Sessions one console serves at once, as BMCs limit their KVM viewers.
pub const MAX_SESSIONS: usize = 4;
const TOO_MANY: &str = "Too many KVM sessions are open on this BMC";
/// Larger clipboard pushes are treated as abuse rather than buffered.
const MAX_CUT_TEXT: u32 = 1 << 20;

/// A client message the session acts on. Pointer and clipboard messages are
/// parsed (to stay in step with the stream) and then ignored.
#[derive(Debug)]
pub(crate) enum ClientMessage {
    SetPixelFormat(PixelFormat),
    SetEncodings(Vec<i32>),
    UpdateRequest(Request),
    Key { keysym: u32, down: bool },
    Pointer,
    CutText,
}

/// Runs the handshake up to and including ServerInit.
pub(crate) async fn handshake<S>(s: &mut S, console: &Console) -> Result<(), VncError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    s.write_all(b"RFB 003.008\n").await?;
    let mut version = [0u8; 12];
    s.read_exact(&mut version).await?;
    let minor = negotiated_minor(&version)?;
    if console.connected_clients() >= MAX_SESSIONS && minor >= 7 {
        // Like a real BMC: no security types, and the reason.
        let mut msg = vec![0u8];
        msg.extend_from_slice(&(TOO_MANY.len() as u32).to_be_bytes());
        msg.extend_from_slice(TOO_MANY.as_bytes());
        s.write_all(&msg).await?;
        s.flush().await?;
        return Err(VncError::Protocol(TOO_MANY.into()));
    }

    let offered = match console.password() {
        Some(_) => SECURITY_VNC_AUTH,
        None => SECURITY_NONE,
    };
    if minor >= 7 {
        s.write_all(&[1, offered]).await?;
        let chosen = s.read_u8().await?;
        if chosen != offered {
            fail(s, minor, "unsupported security type").await?;
            return Err(VncError::Protocol(format!(
                "client chose security type {chosen}"
            )));
        }
    } else {
        // RFB 3.3: the server decides and the client has no say.
        s.write_u32(u32::from(offered)).await?;
    }

    if let Some(password) = console.password() {
        let challenge = auth::challenge();
        s.write_all(&challenge).await?;
        let mut response = [0u8; 16];
        s.read_exact(&mut response).await?;
        let expected = auth::expected_response(password, &challenge);
        if !auth::responses_match(&response, &expected) {
            fail(s, minor, "authentication failed: wrong password").await?;
            return Err(VncError::AuthFailed);
        }
        s.write_u32(0).await?;
    } else if minor >= 8 {
        // Only 3.8 sends SecurityResult for security type None.
        s.write_u32(0).await?;
    }

    // ClientInit's shared flag is ignored: the lab console is always shared.
    let _shared = s.read_u8().await?;

    let (width, height) = console.size();
    let mut init = Vec::with_capacity(24 + SERVER_NAME.len());
    init.extend_from_slice(&width.to_be_bytes());
    init.extend_from_slice(&height.to_be_bytes());
    init.extend_from_slice(&PixelFormat::SERVER.to_wire());
    init.extend_from_slice(&(SERVER_NAME.len() as u32).to_be_bytes());
    init.extend_from_slice(SERVER_NAME.as_bytes());
    s.write_all(&init).await?;
    Ok(())
}

/// The protocol minor version to speak: 8, 7 or 3. Per RFC 6143 §7.1.1,
/// unknown 3.x versions below 3.7 are treated as 3.3.
fn negotiated_minor(version: &[u8; 12]) -> Result<u32, VncError> {
    let bad = || VncError::Protocol(format!("bad ProtocolVersion {version:?}"));
    let text = std::str::from_utf8(version).map_err(|_| bad())?;
    let digits = text
        .strip_prefix("RFB ")
        .and_then(|t| t.strip_suffix('\n'))
        .and_then(|t| t.split_once('.'))
        .ok_or_else(bad)?;
    let major: u32 = digits.0.parse().map_err(|_| bad())?;
    let minor: u32 = digits.1.parse().map_err(|_| bad())?;
    match (major, minor) {
        (3, m) if m >= 8 => Ok(8),
        (3, 7) => Ok(7),
        (3, 3..=6) => Ok(3),
        _ => Err(bad()),
    }
}

/// Sends a failed SecurityResult; 3.8 clients also get the reason.
async fn fail<S>(s: &mut S, minor: u32, reason: &str) -> Result<(), VncError>
where
    S: AsyncWrite + Unpin,
{
    let mut msg = 1u32.to_be_bytes().to_vec();
    if minor >= 8 {
        msg.extend_from_slice(&(reason.len() as u32).to_be_bytes());
        msg.extend_from_slice(reason.as_bytes());
    }
    s.write_all(&msg).await?;
    s.flush().await?;
    Ok(())
}

/// Reads one client message; None on a clean close between messages.
/// A truncated message surfaces as an UnexpectedEof I/O error.
pub(crate) async fn read_message<R>(r: &mut R) -> Result<Option<ClientMessage>, VncError>
where
    R: AsyncRead + Unpin,
{
    let mut kind = [0u8; 1];
    if r.read(&mut kind).await? == 0 {
        return Ok(None);
    }
    let msg = match kind[0] {
        0 => {
            skip(r, 3).await?;
            let mut format = [0u8; 16];
            r.read_exact(&mut format).await?;
            ClientMessage::SetPixelFormat(PixelFormat::from_wire(&format)?)
        }
        2 => {
            skip(r, 1).await?;
            let count = r.read_u16().await?;
            let mut encodings = Vec::with_capacity(usize::from(count));
            for _ in 0..count {
                encodings.push(r.read_i32().await?);
            }
            ClientMessage::SetEncodings(encodings)
        }
        3 => {
            let incremental = r.read_u8().await? != 0;
            let area = Rect {
                x: r.read_u16().await?,
                y: r.read_u16().await?,
                w: r.read_u16().await?,
                h: r.read_u16().await?,
            };
            ClientMessage::UpdateRequest(Request { incremental, area })
        }
        4 => {
            let down = r.read_u8().await? != 0;
            skip(r, 2).await?;
            let keysym = r.read_u32().await?;
            ClientMessage::Key { keysym, down }
        }
        5 => {
            skip(r, 5).await?;
            ClientMessage::Pointer
        }
        6 => {
            skip(r, 3).await?;
            let len = r.read_u32().await?;
            if len > MAX_CUT_TEXT {
                return Err(VncError::Protocol(format!("ClientCutText of {len} bytes")));
            }
            skip(r, u64::from(len)).await?;
            ClientMessage::CutText
        }
        other => {
            return Err(VncError::Protocol(format!("unknown message type {other}")));
        }
    };
    Ok(Some(msg))
}

async fn skip<R>(r: &mut R, n: u64) -> Result<(), VncError>
where
    R: AsyncRead + Unpin,
{
    let copied = tokio::io::copy(&mut r.take(n), &mut tokio::io::sink()).await?;
    if copied < n {
        return Err(std::io::Error::from(std::io::ErrorKind::UnexpectedEof).into());
    }
    Ok(())
}
