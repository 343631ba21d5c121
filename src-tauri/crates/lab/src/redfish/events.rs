//! EventService: server-sent events of what happens on the BMC.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use super::root::odata_type;
use super::{collection, link, resource, status, Shared};

const SERVICE: &str = "/redfish/v1/EventService";
const SSE: &str = "/redfish/v1/EventService/SSE";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(SERVICE, get(service))
        .route("/redfish/v1/EventService/Subscriptions", get(subscriptions))
        .route(SSE, get(stream))
}

async fn service() -> Response {
    resource(json!({
        "@odata.id": SERVICE,
        "@odata.type": odata_type("EventService"),
        "Id": "EventService",
        "Name": "Event Service",
        "ServiceEnabled": true,
        "Status": status("OK"),
        "DeliveryRetryAttempts": 3,
        "DeliveryRetryIntervalSeconds": 30,
        "ServerSentEventUri": SSE,
        "RegistryPrefixes": ["ResourceEvent", "TaskEvent"],
        "Subscriptions": link("/redfish/v1/EventService/Subscriptions"),
    }))
}

async fn subscriptions() -> Response {
    resource(collection(
        "/redfish/v1/EventService/Subscriptions",
        "EventDestinationCollection",
        "Event Subscriptions",
        Vec::new(),
    ))
}

async fn stream(State(server): State<Shared>) -> Response {
    let receiver = server.events.subscribe();
    let events = futures_util::stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(event) => {
                    let id = event["Id"].as_str().unwrap_or_default().to_owned();
                    let sse = Event::default().id(id).data(event.to_string());
                    return Some((Ok::<_, Infallible>(sse), receiver));
                }
                // A slow reader misses what fell out of the backlog, as on real BMCs.
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}
