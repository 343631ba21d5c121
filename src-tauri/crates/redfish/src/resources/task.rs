use serde::{Deserialize, Serialize};

use super::Extra;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Task {
    #[serde(rename = "@odata.id")]
    pub odata_id: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub task_state: Option<String>,
    pub task_status: Option<String>,
    pub percent_complete: Option<u32>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub task_monitor: Option<String>,
    pub messages: Vec<serde_json::Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Task {
    /// Redfish's terminal states; anything else is still running.
    pub fn is_finished(&self) -> bool {
        matches!(
            self.task_state.as_deref(),
            Some("Completed" | "Exception" | "Killed" | "Cancelled" | "Interrupted")
        )
    }

    pub fn succeeded(&self) -> bool {
        self.task_state.as_deref() == Some("Completed")
            && !matches!(self.task_status.as_deref(), Some("Critical" | "Warning"))
    }

    /// The first message's text, for an error that says why a task failed.
    /// The message that says most: the last critical or warning one, else
    /// the last (tasks append as they go, "started" first).
    pub fn message(&self) -> Option<String> {
        let severity = |m: &serde_json::Value| {
            m["MessageSeverity"]
                .as_str()
                .or_else(|| m["Severity"].as_str())
                .map(str::to_owned)
        };
        self.messages
            .iter()
            .rev()
            .find(|m| matches!(severity(m).as_deref(), Some("Critical" | "Warning")))
            .or_else(|| self.messages.last())
            .and_then(|m| m["Message"].as_str())
            .map(str::to_owned)
    }
}
