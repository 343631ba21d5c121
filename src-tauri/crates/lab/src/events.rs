//! Redfish events, as the BMC's server-sent event stream carries them.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{json, Value};
use tokio::sync::broadcast;

use crate::clock::timestamp;

/// Events kept for a subscriber that falls behind before it starts losing them.
const BACKLOG: usize = 256;

#[derive(Debug)]
pub struct EventBus {
    sender: broadcast::Sender<Value>,
    next_id: AtomicU64,
}

impl Default for EventBus {
    fn default() -> EventBus {
        EventBus {
            sender: broadcast::channel(BACKLOG).0,
            next_id: AtomicU64::new(1),
        }
    }
}

impl EventBus {
    /// Sends one event to every open stream. `message_id` names a registry message.
    pub fn emit(
        &self,
        origin: &str,
        message_id: &str,
        message: String,
        args: &[&str],
        severity: &str,
    ) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let event = json!({
            "@odata.type": "#Event.v1_13_0.Event",
            "Id": id.to_string(),
            "Name": "Event Array",
            "Events": [{
                "EventId": id.to_string(),
                "EventTimestamp": timestamp(),
                "MessageId": message_id,
                "Message": message,
                "MessageArgs": args,
                "MessageSeverity": severity,
                "OriginOfCondition": { "@odata.id": origin },
            }],
        });
        // No subscriber is the usual case, not an error.
        let _ = self.sender.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Value> {
        self.sender.subscribe()
    }

    /// The system reached, or started towards, a power state.
    pub fn powered(&self, on: bool) {
        self.power_event(
            if on { "PoweredOn" } else { "PoweredOff" },
            if on {
                "has powered on"
            } else {
                "has powered off"
            },
        );
    }

    pub fn powering(&self, on: bool) {
        self.power_event(
            if on { "PoweringOn" } else { "PoweringOff" },
            if on {
                "is powering on"
            } else {
                "is powering off"
            },
        );
    }

    fn power_event(&self, message: &str, what: &str) {
        let system = "/redfish/v1/Systems/1";
        let text = format!("The resource '{system}' {what}.");
        self.emit(
            system,
            &format!("ResourceEvent.1.4.Resource{message}"),
            text,
            &[system],
            "OK",
        );
    }

    pub fn changed(&self, origin: &str) {
        self.emit(
            origin,
            "ResourceEvent.1.4.ResourceChanged",
            "One or more resource properties have changed.".into(),
            &[],
            "OK",
        );
    }
}
