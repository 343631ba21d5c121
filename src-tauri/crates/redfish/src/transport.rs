//! One BMC's HTTPS transport: slots, timeouts, retries, the session and its logout.
//! It knows nothing of Redfish resources beyond the session and error shapes.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{
    HeaderMap, HeaderValue, CONTENT_TYPE, ETAG, IF_MATCH, LOCATION, RETRY_AFTER,
};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use tokio::sync::{Mutex, Semaphore};

use crate::error::redfish_error;
use crate::resources::DEFAULT_SESSIONS;
use crate::trust::{client_config, PinnedVerifier};
use crate::{Error, Limits, Secret, Trust};

const LOGOUT_ATTEMPTS: u32 = 6;

/// Who is logging in; the password is only ever sent to the BMC.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub username: String,
    pub password: Secret,
}

/// How to reach one BMC.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// `https://host[:port]`, without a path.
    pub base_url: String,
    pub trust: Trust,
    pub credentials: Credentials,
}

#[derive(Debug)]
enum Auth {
    /// Not logged in yet (or logged out): the next call logs in.
    None,
    Session {
        token: Secret,
        uri: String,
    },
    /// The BMC has no working SessionService; every call carries the password.
    Basic,
}

#[derive(Debug)]
struct AuthState {
    auth: Auth,
    /// Bumped at every login, so that of many calls that saw the same 401 only
    /// the first logs in again.
    generation: u64,
    /// Where sessions are made, once the service root has said; `None` when it
    /// advertises no SessionService (Basic only, as with sushy-tools).
    sessions: Option<String>,
}

/// One answer, with the headers Redfish callers need.
#[derive(Debug, Clone)]
pub struct Answer {
    pub method: Method,
    pub url: String,
    pub status: StatusCode,
    pub location: Option<String>,
    pub etag: Option<String>,
    pub retry_after: Option<Duration>,
    /// `X-Auth-Token`, which only a session login returns.
    pub auth_token: Option<Secret>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| Error::Malformed {
            method: self.method.to_string(),
            url: self.url.clone(),
            detail: e.to_string(),
        })
    }
}

/// A request before it is sent.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: Method,
    pub path: String,
    pub body: Option<serde_json::Value>,
    pub if_match: Option<String>,
    /// Use the slow timeout (firmware, uploads).
    pub slow: bool,
    /// A multipart push instead of a JSON body (`MultipartHttpPushUri`).
    pub upload: Option<Upload>,
}

/// The two parts of a Redfish multipart firmware push.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The `UpdateParameters` JSON part (targets, apply time).
    pub parameters: serde_json::Value,
    pub file_name: String,
    pub bytes: std::sync::Arc<Vec<u8>>,
}

impl Call {
    pub fn get(path: impl Into<String>) -> Call {
        Call {
            method: Method::GET,
            path: path.into(),
            body: None,
            if_match: None,
            slow: false,
            upload: None,
        }
    }

    pub fn with(method: Method, path: impl Into<String>, body: serde_json::Value) -> Call {
        Call {
            body: Some(body),
            method,
            ..Call::get(path)
        }
    }

    pub fn slow(mut self) -> Call {
        self.slow = true;
        self
    }

    pub fn if_match(mut self, etag: Option<String>) -> Call {
        self.if_match = etag;
        self
    }

    fn idempotent(&self) -> bool {
        matches!(self.method, Method::GET | Method::HEAD)
    }
}

pub struct Transport {
    base: Url,
    http: reqwest::Client,
    pinned: Option<Arc<PinnedVerifier>>,
    /// The same trust, for other connections to this BMC (the console's WebSocket).
    tls: Arc<rustls::ClientConfig>,
    credentials: Credentials,
    limits: Limits,
    slots: Semaphore,
    auth: Mutex<AuthState>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("base", &self.base.as_str())
            .finish()
    }
}

fn base_url(text: &str) -> Result<Url, Error> {
    let url = Url::parse(text.trim())
        .map_err(|e| Error::Invalid(format!("\"{text}\" is not a URL: {e}")))?;
    if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
        return Err(Error::Invalid(format!(
            "\"{text}\" is not a BMC address; write https://host[:port]"
        )));
    }
    Ok(url)
}

impl Transport {
    pub fn new(endpoint: Endpoint, limits: Limits) -> Result<Transport, Error> {
        let base = base_url(&endpoint.base_url)?;
        let mut builder = reqwest::Client::builder()
            .connect_timeout(limits.connect_timeout)
            .pool_max_idle_per_host(limits.per_bmc)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Racksmith/", env!("CARGO_PKG_VERSION")));
        // Set even for plain http (loopback emulators): reqwest needs a TLS
        // configuration to build, and this one trusts only what the user chose.
        let (config, pinned) = client_config(&endpoint.trust)?;
        let tls = Arc::new(config.clone());
        builder = builder.use_preconfigured_tls(config);
        let http = builder
            .build()
            .map_err(|e| Error::Invalid(format!("HTTP client: {e}")))?;
        Ok(Transport {
            slots: Semaphore::new(limits.per_bmc),
            base,
            http,
            pinned,
            tls,
            credentials: endpoint.credentials,
            limits,
            auth: Mutex::new(AuthState {
                auth: Auth::None,
                generation: 0,
                sessions: Some(DEFAULT_SESSIONS.to_owned()),
            }),
        })
    }

    pub fn base_url(&self) -> &str {
        self.base.as_str().trim_end_matches('/')
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// TLS that trusts this BMC exactly as its Redfish calls do (its pin or
    /// CA bundle), for the console's WebSocket on the same web server.
    pub fn tls_config(&self) -> Arc<rustls::ClientConfig> {
        self.tls.clone()
    }

    /// The session's token, logging in first if needed; `None` where the BMC
    /// has no sessions and every call carries the password instead.
    pub async fn session_token(&self) -> Result<Option<Secret>, Error> {
        let mut state = self.auth.lock().await;
        if matches!(state.auth, Auth::None) {
            self.login(&mut state).await?;
        }
        Ok(match &state.auth {
            Auth::Session { token, .. } => Some(token.clone()),
            _ => None,
        })
    }

    pub(crate) fn url(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            return path.to_owned();
        }
        format!("{}{}", self.base_url(), path)
    }

    /// Tells the transport where the service root says sessions are made. With
    /// `None` (no SessionService) the next login goes straight to Basic: a login
    /// POST there would only be refused for want of credentials.
    pub async fn sessions_at(&self, path: Option<String>) {
        self.auth.lock().await.sessions = path;
    }

    /// Sends without logging in, for the service root (which Redfish serves to anyone).
    pub async fn anonymous(&self, call: Call) -> Result<Answer, Error> {
        self.with_retries(&call, |_| None).await
    }

    /// Sends with the session (logging in first if needed), logging in again once
    /// when the BMC has forgotten the session.
    pub async fn send(&self, call: Call) -> Result<Answer, Error> {
        let (header, generation) = self.authorization().await?;
        match self.with_retries(&call, |_| Some(header.clone())).await {
            Err(Error::Status { status: 401, .. }) if header.is_session() => {
                tracing::debug!(bmc = %self.base_url(), "session expired; logging in again");
                let (header, _) = self.login_again(generation).await?;
                self.with_retries(&call, |_| Some(header.clone())).await
            }
            // With Basic every call is a login, so a 401 means the password.
            Err(Error::Status { status: 401, .. }) => Err(Error::LoginRefused {
                url: self.base_url().to_owned(),
            }),
            other => other,
        }
    }

    async fn with_retries(
        &self,
        call: &Call,
        auth: impl Fn(u32) -> Option<AuthHeader>,
    ) -> Result<Answer, Error> {
        let attempts = if call.idempotent() {
            1 + self.limits.read_retries
        } else {
            1
        };
        let mut attempt = 0;
        loop {
            let result = self.once(call, auth(attempt).as_ref()).await;
            attempt += 1;
            let error = match result {
                Ok(answer) => return Ok(answer),
                Err((error, _)) if attempt >= attempts || !error.is_transient() => {
                    return Err(error)
                }
                Err((error, retry_after)) => {
                    let wait = match retry_after {
                        Some(wait) if wait > self.limits.max_retry_after => return Err(error),
                        Some(wait) => wait,
                        None => self.limits.backoff_for(attempt - 1),
                    };
                    tokio::time::sleep(wait).await;
                    error
                }
            };
            tracing::debug!(bmc = %self.base_url(), %error, attempt, "retrying a read");
        }
    }

    /// One attempt, holding a per-BMC slot and a fleet slot for its duration.
    async fn once(
        &self,
        call: &Call,
        auth: Option<&AuthHeader>,
    ) -> Result<Answer, (Error, Option<Duration>)> {
        let closed = |_| (Error::Invalid("the client is shutting down".into()), None);
        let _bmc = self.slots.acquire().await.map_err(closed)?;
        let _fleet = self.limits.global_slots().acquire().await.map_err(closed)?;
        self.limits.count_request();
        let url = self.url(&call.path);
        let timeout = if call.slow {
            self.limits.slow_timeout
        } else {
            self.limits.request_timeout
        };
        let mut request = self
            .http
            .request(call.method.clone(), &url)
            .timeout(timeout)
            .header("OData-Version", "4.0")
            .header(reqwest::header::ACCEPT, "application/json");
        match auth {
            Some(AuthHeader::Token(token)) => {
                request = request.header("X-Auth-Token", token.clone());
            }
            Some(AuthHeader::Basic) => {
                request = request.basic_auth(
                    &self.credentials.username,
                    Some(self.credentials.password.expose()),
                );
            }
            None => {}
        }
        if let Some(etag) = &call.if_match {
            if let Ok(value) = HeaderValue::from_str(etag) {
                request = request.header(IF_MATCH, value);
            }
        }
        if let Some(body) = &call.body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_string());
        }
        if let Some(upload) = &call.upload {
            let parameters = reqwest::multipart::Part::text(upload.parameters.to_string())
                .mime_str("application/json")
                .map_err(|e| (Error::Invalid(e.to_string()), None))?;
            let file = reqwest::multipart::Part::bytes(upload.bytes.as_ref().clone())
                .file_name(upload.file_name.clone())
                .mime_str("application/octet-stream")
                .map_err(|e| (Error::Invalid(e.to_string()), None))?;
            let form = reqwest::multipart::Form::new()
                .part("UpdateParameters", parameters)
                .part("UpdateFile", file);
            request = request.multipart(form);
        }
        let method = call.method.to_string();
        let response = request
            .send()
            .await
            .map_err(|e| (self.classify(&method, &url, timeout, e), None))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| (self.classify(&method, &url, timeout, e), None))?
            .to_vec();
        let retry_after = retry_after(&headers);
        if !status.is_success() {
            let (code, message) = redfish_error(&body);
            return Err((
                Error::Status {
                    method,
                    url,
                    status: status.as_u16(),
                    code,
                    message,
                },
                retry_after,
            ));
        }
        Ok(Answer {
            method: call.method.clone(),
            location: header(&headers, LOCATION.as_str()).map(|l| self.url(&l)),
            etag: header(&headers, ETAG.as_str()),
            retry_after,
            auth_token: header(&headers, "X-Auth-Token").map(Secret::new),
            url,
            status,
            body,
        })
    }

    fn classify(&self, method: &str, url: &str, timeout: Duration, error: reqwest::Error) -> Error {
        if let Some(verifier) = &self.pinned {
            if let Some(presented) = verifier.last_mismatch() {
                return Error::CertificateChanged {
                    url: self.base_url().to_owned(),
                    pinned: verifier.pin().to_string(),
                    presented: presented.to_string(),
                };
            }
        }
        let chain = error_chain(&error);
        if error.is_timeout() {
            let seconds = if error.is_connect() {
                self.limits.connect_timeout.as_secs()
            } else {
                timeout.as_secs()
            };
            return Error::Timeout {
                method: method.to_owned(),
                url: url.to_owned(),
                seconds,
            };
        }
        if chain.iter().any(|e| {
            e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused)
        }) {
            return Error::Refused {
                url: self.base_url().to_owned(),
            };
        }
        if let Some(tls) = chain.iter().find_map(|e| e.downcast_ref::<rustls::Error>()) {
            return Error::Tls {
                url: self.base_url().to_owned(),
                detail: tls.to_string(),
            };
        }
        let detail = chain
            .last()
            .map(|e| e.to_string())
            .unwrap_or_else(|| error.to_string());
        Error::Dropped {
            method: method.to_owned(),
            url: url.to_owned(),
            detail,
        }
    }

    async fn authorization(&self) -> Result<(AuthHeader, u64), Error> {
        let mut state = self.auth.lock().await;
        if matches!(state.auth, Auth::None) {
            self.login(&mut state).await?;
        }
        Ok((AuthHeader::from(&state.auth), state.generation))
    }

    async fn login_again(&self, seen: u64) -> Result<(AuthHeader, u64), Error> {
        let mut state = self.auth.lock().await;
        if state.generation == seen {
            state.auth = Auth::None; // the BMC already dropped it; no logout to send
            self.login(&mut state).await?;
        }
        Ok((AuthHeader::from(&state.auth), state.generation))
    }

    async fn login(&self, state: &mut AuthState) -> Result<(), Error> {
        let body = serde_json::json!({
            "UserName": self.credentials.username,
            "Password": self.credentials.password.expose(),
        });
        let Some(sessions) = state.sessions.clone() else {
            state.auth = Auth::Basic;
            return Ok(());
        };
        let call = Call::with(Method::POST, sessions, body);
        let mut answer = self.once(&call, None).await;
        // An error status means no session was made, so trying again leaks nothing;
        // a dropped or timed-out login is not retried, since it may have made one.
        for attempt in 0..self.limits.read_retries {
            match &answer {
                Err((Error::Status { status, .. }, retry_after)) if *status >= 500 => {
                    let wait = self.limits.wait_before_retry(attempt, *retry_after);
                    tokio::time::sleep(wait).await;
                    answer = self.once(&call, None).await;
                }
                _ => break,
            }
        }
        let answer = answer.map_err(|(e, _)| e);
        state.generation += 1;
        match answer {
            Ok(answer) => {
                let Some(token) = answer.auth_token.clone() else {
                    return Err(Error::Malformed {
                        method: "POST".into(),
                        url: answer.url,
                        detail: "the session was created without an X-Auth-Token".into(),
                    });
                };
                let uri = answer
                    .location
                    .clone()
                    .or_else(|| {
                        answer
                            .json::<serde_json::Value>()
                            .ok()
                            .and_then(|v| v["@odata.id"].as_str().map(|p| self.url(p)))
                    })
                    .unwrap_or_default();
                tracing::debug!(bmc = %self.base_url(), "session opened");
                state.auth = Auth::Session { token, uri };
                Ok(())
            }
            Err(Error::Status {
                status: 401 | 403, ..
            }) => Err(Error::LoginRefused {
                url: self.base_url().to_owned(),
            }),
            // No SessionService here: sessions never worked, so Basic it is.
            Err(Error::Status {
                status: 404 | 405 | 501,
                ..
            }) => {
                tracing::info!(bmc = %self.base_url(), "no session service; using Basic authentication");
                state.auth = Auth::Basic;
                Ok(())
            }
            Err(other) => Err(other),
        }
    }

    /// Deletes the session, if one is open. Safe to call more than once.
    pub async fn logout(&self) -> Result<(), Error> {
        let mut state = self.auth.lock().await;
        let Auth::Session { token, uri } = std::mem::replace(&mut state.auth, Auth::None) else {
            return Ok(());
        };
        if uri.is_empty() {
            return Ok(());
        }
        let call = Call {
            method: Method::DELETE,
            ..Call::get(uri)
        };
        let auth = AuthHeader::Token(token.expose().to_owned());
        // Deleting a session is idempotent and a leaked one blocks logins until it
        // times out, so a logout tries harder than a read.
        let mut attempt = 0;
        loop {
            match self.once(&call, Some(&auth)).await {
                Ok(_)
                | Err((
                    Error::Status {
                        status: 401 | 404, ..
                    },
                    _,
                )) => {
                    tracing::debug!(bmc = %self.base_url(), "session closed");
                    return Ok(());
                }
                Err((error, retry_after)) if attempt < LOGOUT_ATTEMPTS && error.is_transient() => {
                    attempt += 1;
                    let wait = self.limits.wait_before_retry(attempt, retry_after);
                    tokio::time::sleep(wait).await;
                }
                Err((error, _)) => return Err(error),
            }
        }
    }

    /// The open session's logout, detached, for Drop.
    pub(crate) fn take_session(&self) -> Option<(reqwest::Client, String, Secret)> {
        let mut state = self.auth.try_lock().ok()?;
        match std::mem::replace(&mut state.auth, Auth::None) {
            Auth::Session { token, uri } if !uri.is_empty() => {
                Some((self.http.clone(), uri, token))
            }
            _ => None,
        }
    }

    pub async fn has_session(&self) -> bool {
        matches!(self.auth.lock().await.auth, Auth::Session { .. })
    }

    pub async fn uses_basic(&self) -> bool {
        matches!(self.auth.lock().await.auth, Auth::Basic)
    }
}

impl Drop for Transport {
    fn drop(&mut self) {
        // A client dropped without close() still logs out: BMCs run out of sessions.
        let Some((http, uri, token)) = self.take_session() else {
            return;
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::warn!(bmc = %self.base_url(), "client dropped outside a runtime; its session stays open until it times out");
            return;
        };
        runtime.spawn(async move {
            let _ = http
                .delete(&uri)
                .header("X-Auth-Token", token.expose())
                .timeout(Duration::from_secs(10))
                .send()
                .await;
        });
    }
}

#[derive(Clone)]
enum AuthHeader {
    Token(String),
    Basic,
}

impl AuthHeader {
    fn from(auth: &Auth) -> AuthHeader {
        match auth {
            Auth::Session { token, .. } => AuthHeader::Token(token.expose().to_owned()),
            Auth::Basic | Auth::None => AuthHeader::Basic,
        }
    }

    fn is_session(&self) -> bool {
        matches!(self, AuthHeader::Token(_))
    }
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    header(headers, RETRY_AFTER.as_str())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

fn error_chain(error: &reqwest::Error) -> Vec<&(dyn std::error::Error + 'static)> {
    let mut chain = Vec::new();
    let mut source = std::error::Error::source(error);
    while let Some(error) = source {
        chain.push(error);
        source = error.source();
    }
    chain
}
