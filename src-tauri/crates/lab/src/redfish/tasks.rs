//! TaskService: the tasks long operations run as, and their monitors.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::error::{RedfishError, RedfishResult};
use super::root::odata_type;
use super::{collection, link, resource, status, Shared};
use crate::tasks::{Task, TaskState};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/redfish/v1/TaskService", get(service))
        .route("/redfish/v1/TaskService/Tasks", get(list))
        .route("/redfish/v1/TaskService/Tasks/{id}", get(one))
        .route("/redfish/v1/TaskService/TaskMonitors/{id}", get(monitor))
}

pub fn task_json(task: &Task) -> Value {
    let health = match task.state {
        TaskState::Exception => "Critical",
        _ => "OK",
    };
    let messages: Vec<Value> = task
        .messages
        .iter()
        .map(|m| json!({ "MessageId": m.id, "Message": m.text, "MessageSeverity": m.severity, "MessageArgs": [] }))
        .collect();
    let mut body = json!({
        "@odata.id": task.uri(),
        "@odata.type": odata_type("Task"),
        "Id": task.id.to_string(),
        "Name": task.name,
        "TaskState": task.state.as_str(),
        "TaskStatus": health,
        "PercentComplete": task.percent,
        "StartTime": task.start_time,
        "TaskMonitor": task.monitor_uri(),
        "Messages": messages,
    });
    if let Some(end) = &task.end_time {
        body["EndTime"] = json!(end);
    }
    body
}

/// 202 Accepted with the task monitor in Location, as a long action answers.
pub fn accepted(task: &Task) -> Response {
    let mut response = (StatusCode::ACCEPTED, axum::Json(task_json(task))).into_response();
    if let Ok(location) = HeaderValue::from_str(&task.monitor_uri()) {
        response.headers_mut().insert("location", location);
    }
    response
}

async fn service() -> Response {
    resource(json!({
        "@odata.id": "/redfish/v1/TaskService",
        "@odata.type": odata_type("TaskService"),
        "Id": "TaskService",
        "Name": "Task Service",
        "ServiceEnabled": true,
        "CompletedTaskOverWritePolicy": "Oldest",
        "LifeCycleEventOnTaskStateChange": true,
        "Status": status("OK"),
        "Tasks": link("/redfish/v1/TaskService/Tasks"),
    }))
}

async fn list(State(server): State<Shared>) -> Response {
    let ids: Vec<String> = server.state().tasks.list.iter().map(Task::uri).collect();
    resource(collection(
        "/redfish/v1/TaskService/Tasks",
        "TaskCollection",
        "Task Collection",
        ids,
    ))
}

async fn one(State(server): State<Shared>, Path(id): Path<String>) -> RedfishResult<Response> {
    let state = server.state();
    let task = state
        .tasks
        .get(&id)
        .ok_or_else(|| RedfishError::not_found("Task", &id))?;
    Ok(resource(task_json(task)))
}

/// While the task runs: 202 with the task. Once it has ended: the task, 200.
async fn monitor(State(server): State<Shared>, Path(id): Path<String>) -> RedfishResult<Response> {
    let state = server.state();
    let task = state
        .tasks
        .get(&id)
        .ok_or_else(|| RedfishError::not_found("Task", &id))?;
    Ok(if task.state == TaskState::Running {
        accepted(task)
    } else {
        resource(task_json(task))
    })
}
