//! Long BMC operations (drive erase, firmware download) as Redfish Tasks whose
//! progress follows the lab clock and whose effect lands when they finish.

use std::time::Duration;

use tokio::time::Instant;

use crate::clock::timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskState {
    Running,
    Completed,
    Exception,
}

impl TaskState {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Running => "Running",
            TaskState::Completed => "Completed",
            TaskState::Exception => "Exception",
        }
    }
}

/// What happens to the server when a task completes successfully.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// The drive is sanitized by this method.
    EraseDrive { drive: String, method: String },
    /// A firmware image is staged for `component`, to apply at `apply`.
    StageFirmware {
        component: String,
        version: String,
        apply: crate::firmware::ApplyAt,
    },
}

/// A line of the task's Messages, from the TaskEvent registry or our own words.
#[derive(Debug, Clone)]
pub struct TaskMessage {
    pub id: &'static str,
    pub text: String,
    pub severity: &'static str,
}

#[derive(Debug, Clone)]
pub struct Task {
    pub id: u32,
    pub name: String,
    pub started: Instant,
    pub due: Instant,
    pub start_time: String,
    pub end_time: Option<String>,
    pub state: TaskState,
    pub percent: u8,
    pub messages: Vec<TaskMessage>,
    /// When set, the task ends in Exception with this reason instead of its effect.
    pub fails_with: Option<String>,
    pub effect: Effect,
}

impl Task {
    pub fn monitor_uri(&self) -> String {
        format!("/redfish/v1/TaskService/TaskMonitors/{}", self.id)
    }

    pub fn uri(&self) -> String {
        format!("/redfish/v1/TaskService/Tasks/{}", self.id)
    }
}

/// A task that ended: its effect when it succeeded, none when it failed.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    pub id: u32,
    pub effect: Option<Effect>,
}

#[derive(Debug, Default)]
pub struct Tasks {
    pub list: Vec<Task>,
    next_id: u32,
}

/// Finished tasks kept for clients to read, as a BMC keeps a short history.
const KEPT: usize = 64;

impl Tasks {
    pub fn start(
        &mut self,
        name: String,
        duration: Duration,
        now: Instant,
        effect: Effect,
        fails_with: Option<String>,
    ) -> Task {
        self.next_id += 1;
        let id = self.next_id;
        let task = Task {
            id,
            name,
            started: now,
            due: now + duration,
            start_time: timestamp(),
            end_time: None,
            state: TaskState::Running,
            percent: 0,
            messages: vec![TaskMessage {
                id: "TaskEvent.1.0.TaskStarted",
                text: format!("The task with Id '{id}' has started."),
                severity: "OK",
            }],
            fails_with,
            effect,
        };
        self.list.push(task.clone());
        while self.list.len() > KEPT {
            match self.list.iter().position(|t| t.state != TaskState::Running) {
                Some(oldest_done) => {
                    self.list.remove(oldest_done);
                }
                None => break,
            }
        }
        task
    }

    pub fn next_due(&self) -> Option<Instant> {
        self.list
            .iter()
            .filter(|t| t.state == TaskState::Running)
            .map(|t| t.due)
            .min()
    }

    /// Updates progress and finishes the tasks that are due.
    pub fn advance(&mut self, now: Instant) -> Vec<Finished> {
        let mut finished = Vec::new();
        for task in self
            .list
            .iter_mut()
            .filter(|t| t.state == TaskState::Running)
        {
            if now < task.due {
                let total = task
                    .due
                    .duration_since(task.started)
                    .as_secs_f64()
                    .max(f64::EPSILON);
                let done = now.duration_since(task.started).as_secs_f64() / total;
                task.percent = (done * 100.0).clamp(0.0, 99.0) as u8;
                continue;
            }
            task.end_time = Some(timestamp());
            match task.fails_with.take() {
                Some(reason) => {
                    task.state = TaskState::Exception;
                    task.messages.push(TaskMessage {
                        id: "TaskEvent.1.0.TaskAborted",
                        text: format!("The task with Id '{}' has completed with errors.", task.id),
                        severity: "Critical",
                    });
                    task.messages.push(TaskMessage {
                        id: "Base.1.22.GeneralError",
                        text: reason,
                        severity: "Critical",
                    });
                    finished.push(Finished {
                        id: task.id,
                        effect: None,
                    });
                }
                None => {
                    task.state = TaskState::Completed;
                    task.percent = 100;
                    task.messages.push(TaskMessage {
                        id: "TaskEvent.1.0.TaskCompletedOK",
                        text: format!("The task with Id '{}' has completed.", task.id),
                        severity: "OK",
                    });
                    finished.push(Finished {
                        id: task.id,
                        effect: Some(task.effect.clone()),
                    });
                }
            }
        }
        finished
    }

    pub fn get(&self, id: &str) -> Option<&Task> {
        self.list.iter().find(|t| t.id.to_string() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn erase() -> Effect {
        Effect::EraseDrive {
            drive: "Disk.Bay.0".into(),
            method: "Overwrite".into(),
        }
    }

    #[test]
    fn progress_rises_then_the_effect_lands_once() {
        let mut tasks = Tasks::default();
        let now = Instant::now();
        tasks.start("Erase".into(), Duration::from_secs(10), now, erase(), None);
        assert!(tasks.advance(now + Duration::from_secs(5)).is_empty());
        assert_eq!(tasks.list[0].percent, 50);
        assert_eq!(
            tasks.advance(now + Duration::from_secs(10)),
            vec![Finished {
                id: 1,
                effect: Some(erase())
            }]
        );
        assert_eq!(tasks.list[0].state, TaskState::Completed);
        assert!(
            tasks.advance(now + Duration::from_secs(20)).is_empty(),
            "an effect lands once"
        );
        assert_eq!(tasks.next_due(), None);
    }

    #[test]
    fn a_failing_task_ends_in_exception_with_its_reason_and_no_effect() {
        let mut tasks = Tasks::default();
        let now = Instant::now();
        tasks.start(
            "Erase".into(),
            Duration::from_secs(1),
            now,
            erase(),
            Some("media error".into()),
        );
        assert_eq!(
            tasks.advance(now + Duration::from_secs(2)),
            vec![Finished {
                id: 1,
                effect: None
            }]
        );
        let task = &tasks.list[0];
        assert_eq!(task.state, TaskState::Exception);
        assert!(task.messages.iter().any(|m| m.text == "media error"));
    }
}
