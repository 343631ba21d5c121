//! Talking to Ironic: one HTTP client, the microversion agreed at connect time
//! sent on every request, and the next-page links followed.

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::{Error, Hidden, Keystone, Node};

/// The oldest API microversion Racksmith can work with (node history, retired,
/// and the fields it reads are all there by then).
pub const OLDEST_VERSION: (u32, u32) = (1, 78);
/// The newest this client was written against.
pub const NEWEST_VERSION: (u32, u32) = (1, 115);
/// Nodes asked for per page; Ironic's own maximum is usually 1000.
const PAGE: u32 = 500;

/// How to prove who we are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// A standalone Ironic with `auth_strategy = noauth`.
    None,
    /// A Keystone token already obtained (sent as X-Auth-Token).
    Token(Hidden),
    /// Signs in to Keystone at connect time, and again once when a token expires.
    Keystone(Keystone),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The API root, e.g. `http://127.0.0.1:6385`.
    pub url: String,
    pub auth: Auth,
    /// CA certificates (PEM) trusted for HTTPS to Ironic and Keystone. Nothing
    /// else is: with none, only plain HTTP works.
    pub ca_bundle: Option<String>,
}

/// The trust roots: exactly the certificates given.
fn roots(ca_bundle: Option<&str>) -> Result<rustls::RootCertStore, Error> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    let mut roots = rustls::RootCertStore::empty();
    let Some(pem) = ca_bundle else {
        return Ok(roots);
    };
    for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
        let cert =
            cert.map_err(|e| Error::Invalid(format!("the CA bundle cannot be read: {e}")))?;
        roots
            .add(cert)
            .map_err(|e| Error::Invalid(format!("the CA bundle cannot be used: {e}")))?;
    }
    if roots.is_empty() {
        return Err(Error::Invalid("the CA bundle holds no certificate".into()));
    }
    Ok(roots)
}

#[derive(Debug)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    auth: Auth,
    /// The token sent now (Keystone's, or the one given).
    token: tokio::sync::RwLock<Option<Hidden>>,
    version: (u32, u32),
}

#[derive(Deserialize)]
struct Root {
    default_version: Option<VersionDoc>,
}

#[derive(Deserialize)]
struct VersionDoc {
    version: Option<String>,
    min_version: Option<String>,
}

#[derive(Deserialize)]
struct NodePage {
    nodes: Vec<Node>,
    next: Option<String>,
}

fn parse_version(text: &str) -> Option<(u32, u32)> {
    let (major, minor) = text.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// The newest microversion both sides speak, or why there is none.
pub(crate) fn agree(min: (u32, u32), max: (u32, u32)) -> Result<(u32, u32), String> {
    let version = max.min(NEWEST_VERSION);
    if version < OLDEST_VERSION || version < min {
        return Err(format!(
            "this Ironic speaks API {}.{} to {}.{}; Racksmith needs {}.{} or newer",
            min.0, min.1, max.0, max.1, OLDEST_VERSION.0, OLDEST_VERSION.1
        ));
    }
    Ok(version)
}

/// Ironic wraps its message as JSON inside the `error_message` string.
fn fault(body: &str) -> String {
    let outer: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let inner = outer
        .get("error_message")
        .and_then(Value::as_str)
        .and_then(|text| serde_json::from_str::<Value>(text).ok());
    inner
        .as_ref()
        .and_then(|v| v.get("faultstring"))
        .and_then(Value::as_str)
        .or_else(|| outer.get("error_message").and_then(Value::as_str))
        .map(str::to_owned)
        .unwrap_or_else(|| body.chars().take(300).collect())
}

impl Client {
    /// Reaches the API root and agrees on a microversion.
    pub async fn connect(endpoint: Endpoint) -> Result<Client, Error> {
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::Invalid(e.to_string()))?
            .with_root_certificates(roots(endpoint.ca_bundle.as_deref())?)
            .with_no_client_auth();
        let http = reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .map_err(|e| Error::Invalid(e.to_string()))?;
        let base = endpoint.url.trim_end_matches('/').to_owned();
        let token = match &endpoint.auth {
            Auth::None => None,
            Auth::Token(token) => Some(token.clone()),
            Auth::Keystone(keystone) => Some(keystone.token(&http).await?),
        };
        let mut client = Client {
            http,
            base,
            auth: endpoint.auth,
            token: tokio::sync::RwLock::new(token),
            version: OLDEST_VERSION,
        };
        let root: Root = client.send(Method::GET, "/", None).await?;
        let doc = root.default_version.ok_or_else(|| Error::Malformed {
            url: client.base.clone(),
            detail: "no default_version in the API root".into(),
        })?;
        let max = doc.version.as_deref().and_then(parse_version);
        let min = doc.min_version.as_deref().and_then(parse_version);
        let (Some(max), Some(min)) = (max, min) else {
            return Err(Error::Malformed {
                url: client.base.clone(),
                detail: "the API root names no microversions".into(),
            });
        };
        client.version = agree(min, max).map_err(Error::Invalid)?;
        Ok(client)
    }

    /// The microversion agreed with the server.
    pub fn version(&self) -> String {
        format!("{}.{}", self.version.0, self.version.1)
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<T, Error> {
        let url = if path.starts_with("http://") || path.starts_with("https://") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        };
        let mut answer = match self.attempt(&method, &url, body.as_ref()).await {
            // Ironic's API may close a kept-alive connection as it is reused:
            // a read is safe to ask again, once.
            Err(Error::Unreachable { .. }) if method == Method::GET => {
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                self.attempt(&method, &url, body.as_ref()).await?
            }
            other => other?,
        };
        // A Keystone token expires while a long job runs: sign in again, once.
        if answer.status() == StatusCode::UNAUTHORIZED {
            if let Auth::Keystone(keystone) = &self.auth {
                *self.token.write().await = Some(keystone.token(&self.http).await?);
                answer = self.attempt(&method, &url, body.as_ref()).await?;
            }
        }
        let status = answer.status();
        let text = answer
            .text()
            .await
            .map_err(|e| crate::error::unreachable(&url, &e))?;
        if !status.is_success() {
            return Err(Error::Status {
                method: method.to_string(),
                url,
                status: status.as_u16(),
                message: fault(&text),
            });
        }
        let text = if status == StatusCode::NO_CONTENT || text.is_empty() {
            "null".to_owned()
        } else {
            text
        };
        serde_json::from_str(&text).map_err(|e| Error::Malformed {
            url,
            detail: e.to_string(),
        })
    }

    async fn attempt(
        &self,
        method: &Method,
        url: &str,
        body: Option<&Value>,
    ) -> Result<reqwest::Response, Error> {
        let mut request = self
            .http
            .request(method.clone(), url)
            .header("X-OpenStack-Ironic-API-Version", self.version())
            .header("Accept", "application/json");
        if let Some(token) = self.token.read().await.as_ref() {
            request = request.header("X-Auth-Token", token.expose());
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request
            .send()
            .await
            .map_err(|e| crate::error::unreachable(url, &e))
    }

    /// Every node, page by page.
    pub async fn nodes(&self) -> Result<Vec<Node>, Error> {
        self.nodes_paged(PAGE).await
    }

    /// Every node, `limit` a page (small pages are for tests of the paging).
    pub async fn nodes_paged(&self, limit: u32) -> Result<Vec<Node>, Error> {
        let mut nodes = Vec::new();
        let mut path = format!("/v1/nodes?detail=True&limit={limit}");
        loop {
            let page: NodePage = self.send(Method::GET, &path, None).await?;
            let empty = page.nodes.is_empty();
            nodes.extend(page.nodes);
            match page.next {
                Some(next) if !empty => path = next,
                _ => return Ok(nodes),
            }
        }
    }

    /// Enrolls a node (`POST /v1/nodes`); it starts in `enroll`.
    pub async fn create_node(&self, body: &Value) -> Result<Node, Error> {
        self.send(Method::POST, "/v1/nodes", Some(body.clone()))
            .await
    }

    pub async fn node(&self, id: &str) -> Result<Node, Error> {
        self.send(Method::GET, &format!("/v1/nodes/{id}"), None)
            .await
    }

    /// Sets the maintenance flag: Ironic stops managing the node (the operator's hold).
    pub async fn set_maintenance(&self, id: &str, reason: &str) -> Result<(), Error> {
        let _: Value = self
            .send(
                Method::PUT,
                &format!("/v1/nodes/{id}/maintenance"),
                Some(serde_json::json!({ "reason": reason })),
            )
            .await?;
        Ok(())
    }

    pub async fn clear_maintenance(&self, id: &str) -> Result<(), Error> {
        let _: Value = self
            .send(Method::DELETE, &format!("/v1/nodes/{id}/maintenance"), None)
            .await?;
        Ok(())
    }

    /// Asks for a power state (`power on`, `power off`, `soft power off`,
    /// `rebooting`, `soft rebooting`); the conductor carries it out on its own.
    pub async fn set_power(&self, id: &str, target: &str) -> Result<(), Error> {
        let _: Value = self
            .send(
                Method::PUT,
                &format!("/v1/nodes/{id}/states/power"),
                Some(serde_json::json!({ "target": target })),
            )
            .await?;
        Ok(())
    }

    /// Waits until the node reports `wanted` with no power change pending,
    /// looking less often the longer it takes (a conductor may be busy).
    pub async fn wait_for_power(
        &self,
        id: &str,
        wanted: &str,
        deadline: std::time::Duration,
    ) -> Result<Node, Error> {
        let started = std::time::Instant::now();
        let mut pause = std::time::Duration::from_millis(250);
        loop {
            let node = self.node(id).await?;
            let settled = node.target_power_state.is_none();
            if settled && node.power_state.as_deref() == Some(wanted) {
                return Ok(node);
            }
            if started.elapsed() > deadline {
                return Err(Error::Invalid(format!(
                    "node {id} is still {} after {} s, not {wanted}{}",
                    node.power_state
                        .as_deref()
                        .unwrap_or("in an unknown power state"),
                    deadline.as_secs(),
                    node.last_error
                        .as_deref()
                        .map(|e| format!(" (Ironic: {e})"))
                        .unwrap_or_default()
                )));
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(std::time::Duration::from_secs(5));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_common_microversion_is_agreed_or_refused_with_reasons() {
        assert_eq!(agree((1, 1), (1, 115)), Ok((1, 115)));
        assert_eq!(agree((1, 1), (1, 120)), Ok(NEWEST_VERSION));
        assert_eq!(agree((1, 1), (1, 90)), Ok((1, 90)));
        let old = agree((1, 1), (1, 46)).expect_err("too old");
        assert!(old.contains("1.46") && old.contains("1.78"), "{old}");
    }

    #[test]
    fn ironics_fault_string_is_unwrapped() {
        let body = r#"{"error_message": "{\"faultstring\": \"Node x could not be found.\", \"debuginfo\": null}"}"#;
        assert_eq!(fault(body), "Node x could not be found.");
        assert_eq!(fault("plain"), "plain");
    }
}
