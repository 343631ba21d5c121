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
    pub fn message(&self) -> Option<String> {
        self.messages
            .iter()
            .find_map(|m| m["Message"].as_str())
            .map(str::to_owned)
    }
}
