//! Server-sent events: a client watching the stream sees power transitions and
//! task ends as they happen.

mod common;

use std::time::Duration;

use common::{fast_spec, lab, Bmc};
use reqwest::Method;
use serde_json::{json, Value};

/// Reads SSE `data:` lines until `count` events arrived or time runs out.
async fn read_events(response: &mut reqwest::Response, count: usize) -> Vec<Value> {
    let mut events = Vec::new();
    let mut buffer = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while events.len() < count {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let chunk = tokio::time::timeout(left, response.chunk())
            .await
            .expect("events in time")
            .expect("stream");
        let Some(chunk) = chunk else { break };
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            for line in block.lines() {
                if let Some(data) = line.strip_prefix("data:") {
                    events.push(serde_json::from_str(data.trim()).expect("event JSON"));
                }
            }
        }
    }
    events
}

fn message_ids(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            e["Events"][0]["MessageId"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn the_event_stream_reports_power_transitions_in_order() {
    let lab = lab(fast_spec(1)).await;
    let bmc = Bmc::login(&lab.servers()[0]).await;
    let service = bmc.get("/redfish/v1/EventService").await;
    let sse = service["ServerSentEventUri"]
        .as_str()
        .expect("SSE uri")
        .to_owned();
    let mut stream = bmc
        .http
        .get(format!("{}{sse}", bmc.info.redfish_url))
        .header("X-Auth-Token", bmc.token.as_deref().unwrap_or_default())
        .send()
        .await
        .expect("stream opens");
    assert!(stream.headers()["content-type"]
        .to_str()
        .expect("type")
        .starts_with("text/event-stream"));

    bmc.send(
        Method::POST,
        "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset",
        Some(json!({"ResetType": "On"})),
    )
    .await;
    let events = read_events(&mut stream, 2).await;
    assert_eq!(
        message_ids(&events),
        [
            "ResourceEvent.1.4.ResourcePoweringOn",
            "ResourceEvent.1.4.ResourcePoweredOn"
        ]
    );
    assert_eq!(
        events[1]["Events"][0]["OriginOfCondition"]["@odata.id"],
        "/redfish/v1/Systems/1"
    );

    bmc.send(
        Method::PATCH,
        "/redfish/v1/Systems/1",
        Some(json!({"LocationIndicatorActive": true})),
    )
    .await;
    let events = read_events(&mut stream, 1).await;
    assert_eq!(message_ids(&events), ["ResourceEvent.1.4.ResourceChanged"]);
}

#[tokio::test]
async fn an_unauthenticated_client_cannot_open_the_stream() {
    let lab = lab(fast_spec(1)).await;
    let bmc = Bmc::new(&lab.servers()[0]);
    let answer = bmc
        .send(Method::GET, "/redfish/v1/EventService/SSE", None)
        .await;
    assert_eq!(answer.status, reqwest::StatusCode::UNAUTHORIZED);
}
