//! A Redfish test client that trusts exactly one lab server's certificate.
#![allow(dead_code)] // each test binary uses a different part of this

use std::sync::Arc;
use std::time::Duration;

use racksmith_lab::{Lab, LabServerInfo, LabSpec};
use reqwest::{Client, Method, StatusCode};
use rustls::pki_types::pem::PemObject;
use serde_json::Value;

pub fn fast_spec(servers: usize) -> LabSpec {
    LabSpec {
        servers,
        time_scale: 0.01,
        vnc: false,
        ..LabSpec::default()
    }
}

pub async fn lab(spec: LabSpec) -> Lab {
    Lab::start(spec).await.expect("the lab starts")
}

/// A client that trusts exactly the given certificates (PEM) and nothing else.
pub fn client_trusting<'a>(pems: impl IntoIterator<Item = &'a str>) -> Client {
    let mut roots = rustls::RootCertStore::empty();
    for pem in pems {
        let der = rustls::pki_types::CertificateDer::from_pem_slice(pem.as_bytes()).expect("PEM");
        roots.add(der).expect("trust anchor");
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("protocols")
    .with_root_certificates(roots)
    .with_no_client_auth();
    Client::builder()
        .use_preconfigured_tls(config)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

/// A client that trusts this server's self-signed certificate and nothing else.
pub fn client_for(info: &LabServerInfo) -> Client {
    client_trusting([info.certificate_pem.as_str()])
}

pub struct Bmc {
    pub info: LabServerInfo,
    pub http: Client,
    pub token: Option<String>,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Bmc {
    pub fn new(info: &LabServerInfo) -> Bmc {
        Bmc {
            info: info.clone(),
            http: client_for(info),
            token: None,
        }
    }

    pub async fn login(info: &LabServerInfo) -> Bmc {
        let mut bmc = Bmc::new(info);
        let answer = bmc
            .send(
                Method::POST,
                "/redfish/v1/SessionService/Sessions",
                Some(serde_json::json!({"UserName": info.username, "Password": info.password})),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
        bmc.token = Some(
            answer.headers["x-auth-token"]
                .to_str()
                .expect("token")
                .to_owned(),
        );
        bmc
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.send_with(method, path, body, &[]).await
    }

    pub async fn send_with(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.info.redfish_url));
        if let Some(token) = &self.token {
            request = request.header("X-Auth-Token", token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the lab answers");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Value {
        let answer = self.send(Method::GET, path, None).await;
        assert_eq!(answer.status, StatusCode::OK, "GET {path}: {}", answer.body);
        answer.body
    }

    /// Polls `path` until `field` equals `want`, for up to `seconds`.
    pub async fn wait_for(&self, path: &str, field: &str, want: &str, seconds: u64) -> Vec<String> {
        let mut seen = Vec::new();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
        loop {
            let value = self.get(path).await[field]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            if seen.last() != Some(&value) {
                seen.push(value.clone());
            }
            if value == want {
                return seen;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{path} {field} never became {want}; saw {seen:?}"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

pub fn message_id(body: &Value) -> String {
    body["error"]["@Message.ExtendedInfo"][0]["MessageId"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// A small HTTP server on 127.0.0.1 standing in for an image host: every request
/// gets `body` with a 200 (HEAD gets the headers only). Stops when the handle is aborted.
pub async fn serve_http(body: Vec<u8>) -> (String, tokio::task::JoinHandle<()>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let body = Arc::new(body);
    let task = tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let mut request = [0u8; 2048];
                let n = socket.read(&mut request).await.unwrap_or(0);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                if !request[..n].starts_with(b"HEAD") {
                    let _ = socket.write_all(&body).await;
                }
            });
        }
    });
    (format!("http://127.0.0.1:{port}"), task)
}

/// Follows a task monitor until the task ends; returns the final task.
pub async fn follow(bmc: &Bmc, monitor: &str) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let answer = bmc.send(Method::GET, monitor, None).await;
        if answer.status == StatusCode::OK {
            return answer.body;
        }
        assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.body);
        assert!(
            tokio::time::Instant::now() < deadline,
            "the task never ended: {}",
            answer.body
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}
