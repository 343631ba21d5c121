//! A node's history (API 1.78): what the conductor did and when, the record a
//! deletion certificate quotes for the clean steps Ironic ran.

use reqwest::Method;
use serde::Deserialize;

use crate::{Client, Error, Step};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HistoryEvent {
    pub uuid: String,
    pub created_at: String,
    pub severity: String,
    pub event: String,
}

impl HistoryEvent {
    /// The steps an event names, as Ironic writes them ("... with
    /// steps=[{'step': 'erase_devices', ... 'interface': 'deploy', ...}]").
    pub fn steps(&self) -> Vec<Step> {
        let Some(list) = self.event.split_once("steps=").map(|(_, rest)| rest) else {
            return Vec::new();
        };
        list.split('{')
            .skip(1)
            .filter_map(|entry| {
                let field = |name: &str| {
                    let key = format!("'{name}': '");
                    let start = entry.find(&key)? + key.len();
                    let end = entry[start..].find('\'')?;
                    Some(entry[start..start + end].to_owned())
                };
                Some(Step::new(
                    &field("interface")?,
                    &field("step")?,
                    serde_json::Value::Null,
                ))
            })
            .collect()
    }
}

impl Client {
    /// Every event, oldest first, page by page (Ironic caps a page at its max_limit).
    pub async fn history(&self, id: &str) -> Result<Vec<HistoryEvent>, Error> {
        #[derive(Deserialize)]
        struct History {
            history: Vec<HistoryEvent>,
            next: Option<String>,
        }
        let mut events: Vec<HistoryEvent> = Vec::new();
        let mut path = format!("/v1/nodes/{id}/history");
        loop {
            let page: History = self.send(Method::GET, &path, None).await?;
            let more = page.next.is_some() && !page.history.is_empty();
            events.extend(page.history);
            // Ironic's own next link for history repeats a `fields` argument the
            // same endpoint then refuses, so the next page is asked for by marker.
            match events.last() {
                Some(last) if more => path = format!("/v1/nodes/{id}/history?marker={}", last.uuid),
                _ => return Ok(events),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_an_event_names_are_read_from_ironics_words() {
        let event = HistoryEvent {
            uuid: "e1".into(),
            created_at: "2026-11-25T04:31:20+00:00".into(),
            severity: "INFO".into(),
            event: "Starting automated cleaning with steps=[{'step': 'log_passthrough', 'priority': 1, 'abortable': False, 'argsinfo': None, 'interface': 'vendor', 'requires_ramdisk': True}, {'step': 'erase_devices', 'priority': 10, 'interface': 'deploy'}]".into(),
        };
        let names: Vec<String> = event.steps().iter().map(Step::name).collect();
        assert_eq!(names, ["vendor.log_passthrough", "deploy.erase_devices"]);
        let done = HistoryEvent {
            event: "Automated Cleaning completed successfully with steps=[]".into(),
            ..event
        };
        assert!(done.steps().is_empty());
    }
}
