//! What a BMC fetches itself: it checks that a virtual-media image answers, and
//! downloads firmware images. Plain HTTP/1.1, as many BMCs only speak that.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Largest firmware image the lab downloads.
const MAX_IMAGE: usize = 64 * 1024 * 1024;

struct Target {
    authority: String,
    address: String,
    path: String,
}

fn parse(url: &str) -> Result<Target, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| "this BMC fetches images over http:// only".to_owned())?;
    let (authority, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_owned()), |(a, p)| (a, format!("/{p}")));
    if authority.is_empty() {
        return Err("the image URL has no host".into());
    }
    let address = if authority.contains(':') {
        authority.to_owned()
    } else {
        format!("{authority}:80")
    };
    Ok(Target {
        authority: authority.to_owned(),
        address,
        path,
    })
}

/// Sends one request and returns the status and the body (up to `limit` bytes).
async fn exchange(url: &str, method: &str, limit: usize) -> Result<(u16, Vec<u8>), String> {
    let target = parse(url)?;
    let work = async {
        let mut stream = TcpStream::connect(&target.address)
            .await
            .map_err(|e| format!("cannot connect to {}: {e}", target.address))?;
        let request = format!(
            "{method} {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            target.path, target.authority
        );
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        let mut reply = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        loop {
            let n = stream.read(&mut chunk).await.map_err(|e| e.to_string())?;
            if n == 0 || reply.len() > limit + 16 * 1024 {
                break;
            }
            reply.extend_from_slice(&chunk[..n]);
            if method == "HEAD" && reply.windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
        let split = reply
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| format!("{url} did not answer HTTP"))?;
        let head = String::from_utf8_lossy(&reply[..split]).to_string();
        let code: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| format!("{url} did not answer HTTP"))?;
        if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            return Err(format!(
                "{url} answered with chunked encoding, which this BMC does not read"
            ));
        }
        let body = reply[split + 4..].to_vec();
        if method != "HEAD" && body.len() > limit {
            return Err(format!("{url} is larger than {limit} bytes"));
        }
        Ok((code, body))
    };
    tokio::time::timeout(Duration::from_secs(30), work)
        .await
        .map_err(|_| format!("{url} did not answer within 30 seconds"))?
}

/// Accepts any 2xx or 3xx answer to HEAD; returns the reason otherwise.
pub async fn image_answers(url: &str) -> Result<(), String> {
    match exchange(url, "HEAD", 0).await? {
        (code, _) if (200..400).contains(&code) => Ok(()),
        (code, _) => Err(format!("{url} answered {code}")),
    }
}

/// Downloads an image; only a 200 answer counts.
pub async fn download(url: &str) -> Result<Vec<u8>, String> {
    match exchange(url, "GET", MAX_IMAGE).await? {
        (200, body) => Ok(body),
        (code, _) => Err(format!("{url} answered {code}")),
    }
}
