//! Signing in to OpenStack Keystone (identity API v3) for a token Ironic
//! accepts: a user's password, scoped to a project or to the whole system, or
//! an application credential (always scoped to the project it was made in).

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::Error;

/// A secret that never shows in Debug output or logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Hidden(String);

impl Hidden {
    pub fn new(value: impl Into<String>) -> Hidden {
        Hidden(value.into())
    }

    /// Read only where it is sent to Keystone.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Hidden {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hidden(***)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    Password {
        user: String,
        user_domain: String,
        password: Hidden,
        /// The project to scope to; none asks for system scope.
        project: Option<String>,
        project_domain: String,
    },
    ApplicationCredential {
        id: String,
        secret: Hidden,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keystone {
    /// The identity API, e.g. `http://127.0.0.1:5000/v3` (`/v3` is added when missing).
    pub auth_url: String,
    pub credential: Credential,
}

impl Keystone {
    fn tokens_url(&self) -> String {
        let base = self.auth_url.trim_end_matches('/');
        if base.ends_with("/v3") {
            format!("{base}/auth/tokens")
        } else {
            format!("{base}/v3/auth/tokens")
        }
    }

    fn request(&self) -> Value {
        match &self.credential {
            Credential::Password {
                user,
                user_domain,
                password,
                project,
                project_domain,
            } => {
                let scope = match project {
                    Some(project) => json!({
                        "project": { "name": project, "domain": { "name": project_domain } }
                    }),
                    None => json!({ "system": { "all": true } }),
                };
                json!({ "auth": {
                    "identity": {
                        "methods": ["password"],
                        "password": { "user": {
                            "name": user,
                            "domain": { "name": user_domain },
                            "password": password.expose(),
                        } },
                    },
                    "scope": scope,
                } })
            }
            Credential::ApplicationCredential { id, secret } => json!({ "auth": {
                "identity": {
                    "methods": ["application_credential"],
                    "application_credential": { "id": id, "secret": secret.expose() },
                },
            } }),
        }
    }

    /// A fresh token, from the `X-Subject-Token` header of Keystone's answer.
    pub async fn token(&self, http: &reqwest::Client) -> Result<Hidden, Error> {
        let url = self.tokens_url();
        let answer = http
            .post(&url)
            .json(&self.request())
            .send()
            .await
            .map_err(|e| crate::error::unreachable(&url, &e))?;
        let status = answer.status();
        let token = answer
            .headers()
            .get("x-subject-token")
            .and_then(|v| v.to_str().ok())
            .map(Hidden::new);
        match (status, token) {
            (StatusCode::CREATED, Some(token)) => Ok(token),
            (StatusCode::CREATED, None) => Err(Error::Malformed {
                url,
                detail: "Keystone gave no X-Subject-Token".into(),
            }),
            (status, _) => {
                let body = answer.text().await.unwrap_or_default();
                let message = serde_json::from_str::<Value>(&body)
                    .ok()
                    .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
                    .unwrap_or_else(|| body.chars().take(200).collect());
                Err(Error::SignIn {
                    url,
                    status: status.as_u16(),
                    message,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_without_a_project_asks_for_system_scope_and_secrets_stay_hidden() {
        let keystone = Keystone {
            auth_url: "http://127.0.0.1:5000".into(),
            credential: Credential::Password {
                user: "racksmith".into(),
                user_domain: "Default".into(),
                password: Hidden::new("s3cret"),
                project: None,
                project_domain: "Default".into(),
            },
        };
        assert_eq!(
            keystone.tokens_url(),
            "http://127.0.0.1:5000/v3/auth/tokens"
        );
        let request = keystone.request();
        assert_eq!(request["auth"]["scope"], json!({"system": {"all": true}}));
        assert_eq!(
            request["auth"]["identity"]["password"]["user"]["password"],
            "s3cret"
        );
        assert!(!format!("{keystone:?}").contains("s3cret"));
    }

    #[test]
    fn an_application_credential_carries_no_scope() {
        let keystone = Keystone {
            auth_url: "http://127.0.0.1:5000/v3/".into(),
            credential: Credential::ApplicationCredential {
                id: "abc".into(),
                secret: Hidden::new("xyz"),
            },
        };
        assert_eq!(
            keystone.tokens_url(),
            "http://127.0.0.1:5000/v3/auth/tokens"
        );
        let request = keystone.request();
        assert!(request["auth"].get("scope").is_none());
        assert_eq!(
            request["auth"]["identity"]["methods"],
            json!(["application_credential"])
        );
    }
}
