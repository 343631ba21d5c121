//! SessionService: log in with a POST, log out with a DELETE.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde_json::json;
use tokio::time::Instant;

use super::error::{RedfishError, RedfishResult};
use super::root::odata_type;
use super::{body_object, collection, link, member, resource, string_field, Shared};
use crate::accounts::{Principal, Session};

const SESSIONS: &str = "/redfish/v1/SessionService/Sessions";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/redfish/v1/SessionService", get(service))
        .route(SESSIONS, post(login).get(list))
        .route(
            "/redfish/v1/SessionService/Sessions/{id}",
            get(one).delete(logout),
        )
}

fn session_json(session: &Session) -> serde_json::Value {
    json!({
        "@odata.id": format!("{SESSIONS}/{}", session.id),
        "@odata.type": odata_type("Session"),
        "Id": session.id,
        "Name": "User Session",
        "UserName": session.user,
        "CreatedTime": session.created,
    })
}

async fn service(State(server): State<Shared>) -> Response {
    let timeout = server.state().accounts.session_timeout.as_secs();
    resource(json!({
        "@odata.id": "/redfish/v1/SessionService",
        "@odata.type": odata_type("SessionService"),
        "Id": "SessionService",
        "Name": "Session Service",
        "ServiceEnabled": true,
        "SessionTimeout": timeout,
        "Status": super::status("OK"),
        "Sessions": link(SESSIONS),
    }))
}

async fn login(State(server): State<Shared>, body: Bytes) -> RedfishResult<Response> {
    let map = body_object(&body)?;
    let user = string_field(&map, "UserName")?
        .ok_or_else(|| RedfishError::create_missing_property("UserName"))?;
    let password = string_field(&map, "Password")?
        .ok_or_else(|| RedfishError::create_missing_property("Password"))?;
    let session = {
        let mut state = server.state();
        let result = state.accounts.login(user, password, Instant::now());
        match &result {
            Ok(_) => state.log("OK", format!("User {user} logged in.")),
            Err(_) => state.log("Warning", format!("A login as {user} failed.")),
        }
        result?
    };
    let location = format!("{SESSIONS}/{}", session.id);
    let mut response = (StatusCode::CREATED, axum::Json(session_json(&session))).into_response();
    let headers = response.headers_mut();
    if let (Ok(token), Ok(location)) = (
        HeaderValue::from_str(&session.token),
        HeaderValue::from_str(&location),
    ) {
        headers.insert("x-auth-token", token);
        headers.insert("location", location);
    }
    Ok(response)
}

async fn list(State(server): State<Shared>) -> Response {
    let ids: Vec<String> = server
        .state()
        .accounts
        .sessions
        .iter()
        .map(|s| format!("{SESSIONS}/{}", s.id))
        .collect();
    resource(collection(
        SESSIONS,
        "SessionCollection",
        "Session Collection",
        ids,
    ))
}

async fn one(State(server): State<Shared>, Path(id): Path<String>) -> RedfishResult<Response> {
    let state = server.state();
    let session = member(&state.accounts.sessions, &id, "Session", |s| &s.id)?;
    Ok(resource(session_json(session)))
}

async fn logout(
    State(server): State<Shared>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
) -> RedfishResult<Response> {
    let mut state = server.state();
    let owner = state
        .accounts
        .sessions
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.user.clone());
    match owner {
        None => Err(RedfishError::not_found("Session", &id)),
        // Ending someone else's session takes an administrator.
        Some(user) if user != principal.user && !principal.role.may("ConfigureUsers") => {
            Err(RedfishError::insufficient_privilege())
        }
        Some(user) => {
            state.accounts.logout(&id);
            state.log("OK", format!("User {user} logged out."));
            Ok(StatusCode::NO_CONTENT.into_response())
        }
    }
}
