//! AccountService: the BMC's own user accounts and their roles.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::error::{RedfishError, RedfishResult};
use super::root::odata_type;
use super::{
    body_object, bool_field, check_if_match, collection, link, member, only_writable, resource,
    string_field, Shared,
};
use crate::accounts::{Account, Role};

const ACCOUNTS: &str = "/redfish/v1/AccountService/Accounts";
const ROLES: &str = "/redfish/v1/AccountService/Roles";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/redfish/v1/AccountService", get(service))
        .route(ACCOUNTS, get(list).post(create))
        .route(
            "/redfish/v1/AccountService/Accounts/{id}",
            get(one).patch(update).delete(remove),
        )
        .route(ROLES, get(roles))
        .route("/redfish/v1/AccountService/Roles/{id}", get(role))
}

fn account_json(account: &Account) -> Value {
    json!({
        "@odata.id": format!("{ACCOUNTS}/{}", account.id),
        "@odata.type": odata_type("ManagerAccount"),
        "Id": account.id,
        "Name": "User Account",
        "UserName": account.user,
        "RoleId": account.role.id(),
        "Enabled": account.enabled,
        "Locked": false,
        "Password": null,
        "AccountTypes": ["Redfish"],
        "Links": { "Role": link(&format!("{ROLES}/{}", account.role.id())) },
    })
}

async fn service() -> Response {
    resource(json!({
        "@odata.id": "/redfish/v1/AccountService",
        "@odata.type": odata_type("AccountService"),
        "Id": "AccountService",
        "Name": "Account Service",
        "ServiceEnabled": true,
        "Status": super::status("OK"),
        "MinPasswordLength": 8,
        "MaxPasswordLength": 64,
        "Accounts": link(ACCOUNTS),
        "Roles": link(ROLES),
    }))
}

async fn list(State(server): State<Shared>) -> Response {
    let ids: Vec<String> = server
        .state()
        .accounts
        .accounts
        .iter()
        .map(|a| format!("{ACCOUNTS}/{}", a.id))
        .collect();
    resource(collection(
        ACCOUNTS,
        "ManagerAccountCollection",
        "Accounts Collection",
        ids,
    ))
}

fn password_ok(password: &str) -> RedfishResult<()> {
    if (8..=64).contains(&password.chars().count()) {
        Ok(())
    } else {
        Err(RedfishError::property_value_out_of_range(
            "******", "Password",
        ))
    }
}

fn role_field(map: &serde_json::Map<String, Value>) -> RedfishResult<Option<Role>> {
    match string_field(map, "RoleId")? {
        None => Ok(None),
        Some(id) => Role::parse(id)
            .map(Some)
            .ok_or_else(|| RedfishError::property_value_not_in_list(id, "RoleId")),
    }
}

async fn create(State(server): State<Shared>, body: Bytes) -> RedfishResult<Response> {
    let map = body_object(&body)?;
    let user = string_field(&map, "UserName")?
        .ok_or_else(|| RedfishError::create_missing_property("UserName"))?;
    let password = string_field(&map, "Password")?
        .ok_or_else(|| RedfishError::create_missing_property("Password"))?;
    let role = role_field(&map)?.ok_or_else(|| RedfishError::create_missing_property("RoleId"))?;
    let enabled = bool_field(&map, "Enabled")?.unwrap_or(true);
    password_ok(password)?;
    if user.is_empty() || user.len() > 32 || user.contains(':') {
        return Err(RedfishError::property_value_out_of_range(user, "UserName"));
    }
    let mut state = server.state();
    let account = state.accounts.create(user, password, role, enabled)?;
    state.log(
        "OK",
        format!("Account {user} was created with role {}.", role.id()),
    );
    let mut response = (StatusCode::CREATED, axum::Json(account_json(&account))).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("{ACCOUNTS}/{}", account.id)) {
        response.headers_mut().insert("location", location);
    }
    Ok(response)
}

async fn one(State(server): State<Shared>, Path(id): Path<String>) -> RedfishResult<Response> {
    let state = server.state();
    let account = member(&state.accounts.accounts, &id, "ManagerAccount", |a| &a.id)?;
    Ok(resource(account_json(account)))
}

async fn update(
    State(server): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> RedfishResult<Response> {
    let map = body_object(&body)?;
    let mut state = server.state();
    let current = account_json(member(
        &state.accounts.accounts,
        &id,
        "ManagerAccount",
        |a| &a.id,
    )?);
    check_if_match(&headers, &current)?;
    only_writable(
        &map,
        &["UserName", "Password", "RoleId", "Enabled"],
        &current,
    )?;
    let password = string_field(&map, "Password")?;
    if let Some(password) = password {
        password_ok(password)?;
    }
    let role = role_field(&map)?;
    let enabled = bool_field(&map, "Enabled")?;
    let user = string_field(&map, "UserName")?.map(str::to_owned);
    if let Some(user) = &user {
        if state
            .accounts
            .accounts
            .iter()
            .any(|a| &a.user == user && a.id != id)
        {
            return Err(RedfishError::resource_already_exists(
                "ManagerAccount",
                "UserName",
                user,
            ));
        }
    }
    let account = state
        .accounts
        .accounts
        .iter_mut()
        .find(|a| a.id == id)
        .ok_or_else(|| RedfishError::not_found("ManagerAccount", &id))?;
    if let Some(password) = password {
        account.password = password.to_owned();
    }
    if let Some(role) = role {
        account.role = role;
    }
    if let Some(enabled) = enabled {
        account.enabled = enabled;
    }
    if let Some(user) = user {
        account.user = user;
    }
    let changed = account_json(account);
    let name = account.user.clone();
    state.log("OK", format!("Account {name} was changed."));
    Ok(resource(changed))
}

async fn remove(State(server): State<Shared>, Path(id): Path<String>) -> RedfishResult<Response> {
    let mut state = server.state();
    let admins = state
        .accounts
        .accounts
        .iter()
        .filter(|a| a.role == Role::Administrator && a.enabled)
        .count();
    let target = member(&state.accounts.accounts, &id, "ManagerAccount", |a| &a.id)?;
    if target.role == Role::Administrator && admins <= 1 {
        // A BMC never lets its last administrator go.
        return Err(RedfishError::resource_cannot_be_deleted());
    }
    if let Some(account) = state.accounts.delete(&id) {
        state.log("OK", format!("Account {} was deleted.", account.user));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn roles() -> Response {
    let ids = Role::ALL.iter().map(|r| format!("{ROLES}/{}", r.id()));
    resource(collection(ROLES, "RoleCollection", "Roles Collection", ids))
}

async fn role(Path(id): Path<String>) -> RedfishResult<Response> {
    let role = Role::parse(&id).ok_or_else(|| RedfishError::not_found("Role", &id))?;
    Ok(resource(json!({
        "@odata.id": format!("{ROLES}/{}", role.id()),
        "@odata.type": odata_type("Role"),
        "Id": role.id(),
        "Name": format!("{} role", role.id()),
        "RoleId": role.id(),
        "IsPredefined": true,
        "AssignedPrivileges": role.privileges(),
    })))
}
