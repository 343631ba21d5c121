//! Who may do what: sessions (X-Auth-Token) or Basic auth on every request but
//! the few a client needs before it has logged in.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use tokio::time::Instant;

use super::error::RedfishError;
use super::Shared;
use crate::accounts::Principal;

fn is_public(method: &Method, path: &str) -> bool {
    let path = path.trim_end_matches('/');
    match *method {
        Method::GET | Method::HEAD => {
            matches!(
                path,
                "/redfish" | "/redfish/v1" | "/redfish/v1/odata" | "/redfish/v1/$metadata"
            ) || path == super::kvm::KVM // checks the token it carries as its subprotocol
        }
        Method::POST => path == "/redfish/v1/SessionService/Sessions",
        _ => false,
    }
}

/// The privilege a change needs, by where it lands.
fn privilege_for(method: &Method, path: &str) -> &'static str {
    if matches!(*method, Method::GET | Method::HEAD) {
        return "Login";
    }
    if path.starts_with("/redfish/v1/AccountService") {
        "ConfigureUsers"
    } else if path.starts_with("/redfish/v1/SessionService/Sessions") {
        "Login"
    } else if path.starts_with("/redfish/v1/Managers")
        || path.starts_with("/redfish/v1/SessionService")
    {
        "ConfigureManager"
    } else {
        "ConfigureComponents"
    }
}

fn basic(request: &Request<Body>) -> Option<(String, String)> {
    let value = request
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

pub async fn authenticate(
    State(server): State<Shared>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    if is_public(&method, &path) {
        return next.run(request).await;
    }
    let principal: Option<Principal> = {
        let mut state = server.state();
        let token = request
            .headers()
            .get("x-auth-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        match token {
            Some(token) => state.accounts.by_token(&token, Instant::now()),
            None => basic(&request)
                .and_then(|(user, password)| state.accounts.by_password(&user, &password)),
        }
    };
    let Some(principal) = principal else {
        return RedfishError::no_valid_session().into_response();
    };
    if !principal.role.may(privilege_for(&method, &path)) {
        return RedfishError::insufficient_privilege().into_response();
    }
    request.extensions_mut().insert(principal);
    next.run(request).await
}
