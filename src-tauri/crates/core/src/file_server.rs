//! Serves one local image file to one BMC over plain HTTP while it is mounted:
//! BMCs fetch virtual media themselves, most only over http://, and read it in
//! ranges as the host's installer asks for sectors.
//!
//! The listener is bound to the local address that routes to that BMC (never
//! every interface) and the path carries a random token, so only whoever was
//! handed the URL can read the file. Dropping the handle stops serving.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use tokio::fs::File;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncSeekExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio::task::JoinHandle;

use crate::{Error, ErrorCode};

/// A file being served; stops when dropped.
#[derive(Debug)]
pub struct ServedFile {
    pub url: String,
    pub path: PathBuf,
    pub size: u64,
    task: JoinHandle<()>,
}

impl Drop for ServedFile {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The local address the OS would use to reach `peer`. A connected UDP
/// socket asks the routing table without sending anything.
pub async fn local_address_towards(peer: IpAddr) -> Result<IpAddr, Error> {
    let any: SocketAddr = if peer.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    }
    .parse()
    .map_err(|_| Error::new(ErrorCode::Internal, "bad wildcard address"))?;
    let socket = UdpSocket::bind(any).await?;
    socket.connect((peer, 9)).await.map_err(|e| {
        Error::new(
            ErrorCode::BmcUnreachable,
            format!("no route from this computer to {peer}: {e}"),
        )
    })?;
    Ok(socket.local_addr()?.ip())
}

/// A name that is safe in a URL path and a file name: ASCII letters, digits
/// and `.-_`, anything else as `_`.
pub(crate) fn safe_file_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Starts serving `path` to the BMC at `bmc`.
pub async fn serve(path: &Path, bmc: IpAddr) -> Result<ServedFile, Error> {
    let meta = tokio::fs::metadata(path).await.map_err(|e| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    if !meta.is_file() {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            format!("{} is not a file", path.display()),
        ));
    }
    let name = safe_file_name(
        &path
            .file_name()
            .map_or_else(|| "image.iso".into(), |n| n.to_string_lossy()),
    );
    let local = local_address_towards(bmc).await?;
    let listener = TcpListener::bind((local, 0)).await?;
    let addr = listener.local_addr()?;
    let route = format!("/{}/{name}", token());
    let host = match addr {
        SocketAddr::V4(a) => a.to_string(),
        SocketAddr::V6(a) => format!("[{}]:{}", a.ip(), a.port()),
    };
    let url = format!("http://{host}{route}");
    let file = path.to_path_buf();
    let size = meta.len();
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, peer)) = listener.accept().await else {
                continue;
            };
            let (file, route) = (file.clone(), route.clone());
            tokio::spawn(async move {
                if let Err(e) = answer(stream, &file, &route, size).await {
                    tracing::info!(%peer, "image request ended: {e}");
                }
            });
        }
    });
    tracing::info!(path = %path.display(), %url, "serving a virtual-media image");
    Ok(ServedFile {
        url,
        path: path.to_path_buf(),
        size,
        task,
    })
}

/// `bytes=a-b`, `bytes=a-` or `bytes=-n` against a file of `size` bytes.
fn parse_range(value: &str, size: u64) -> Option<(u64, u64)> {
    let spec = value.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (start, end) = match (a.trim(), b.trim()) {
        ("", n) => {
            let n: u64 = n.parse().ok()?;
            (size.checked_sub(n.min(size))?, size.checked_sub(1)?)
        }
        (a, "") => (a.parse().ok()?, size.checked_sub(1)?),
        (a, b) => (
            a.parse().ok()?,
            b.parse::<u64>().ok()?.min(size.checked_sub(1)?),
        ),
    };
    (start <= end && end < size).then_some((start, end))
}

async fn answer(stream: TcpStream, path: &Path, route: &str, size: u64) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).await? == 0 {
            return Ok(());
        }
        let mut range = None;
        let mut keep_alive = true;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).await? == 0 || line.len() > 8192 {
                return Ok(());
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                match name.trim().to_ascii_lowercase().as_str() {
                    "range" => range = Some(value.trim().to_owned()),
                    "connection" if value.trim().eq_ignore_ascii_case("close") => {
                        keep_alive = false
                    }
                    _ => {}
                }
            }
        }
        let mut parts = request_line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let stream = reader.get_mut();
        if target != route || !matches!(method, "GET" | "HEAD") {
            let status = if target == route {
                "405 Method Not Allowed"
            } else {
                "404 Not Found"
            };
            let head =
                format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            stream.write_all(head.as_bytes()).await?;
            return Ok(());
        }
        let (status, start, end) = match range.as_deref() {
            None => ("200 OK", 0, size.saturating_sub(1)),
            Some(r) => match parse_range(r, size) {
                Some((s, e)) => ("206 Partial Content", s, e),
                None => {
                    let head = format!(
                        "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{size}\r\nContent-Length: 0\r\n\r\n"
                    );
                    stream.write_all(head.as_bytes()).await?;
                    continue;
                }
            },
        };
        let length = if size == 0 { 0 } else { end - start + 1 };
        let mut head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/octet-stream\r\nAccept-Ranges: bytes\r\nContent-Length: {length}\r\n"
        );
        if range.is_some() {
            head.push_str(&format!("Content-Range: bytes {start}-{end}/{size}\r\n"));
        }
        head.push_str(if keep_alive {
            "\r\n"
        } else {
            "Connection: close\r\n\r\n"
        });
        stream.write_all(head.as_bytes()).await?;
        if method == "GET" && length > 0 {
            let mut file = File::open(path).await?;
            file.seek(std::io::SeekFrom::Start(start)).await?;
            let mut limited = file.take(length);
            tokio::io::copy(&mut limited, stream).await?;
        }
        stream.flush().await?;
        if !keep_alive {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_follow_rfc_9110() {
        assert_eq!(parse_range("bytes=0-99", 1000), Some((0, 99)));
        assert_eq!(parse_range("bytes=900-", 1000), Some((900, 999)));
        assert_eq!(parse_range("bytes=-100", 1000), Some((900, 999)));
        assert_eq!(parse_range("bytes=990-2000", 1000), Some((990, 999)));
        assert_eq!(parse_range("bytes=1000-", 1000), None);
        assert_eq!(parse_range("bytes=5-1", 1000), None);
        assert_eq!(parse_range("bytes=0-1,5-6", 1000), None);
        assert_eq!(parse_range("lines=1-2", 1000), None);
    }
}
