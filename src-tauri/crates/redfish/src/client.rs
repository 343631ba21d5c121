//! The Redfish client for one BMC: typed reads, writes with If-Match, actions
//! that may become Tasks, and the session's logout when it is done.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::OnceCell;

use crate::resources::{Collection, ServiceRoot, Task};
use crate::transport::{Answer, Call, Endpoint, Transport};
use crate::{Error, Limits, Quirks};

const ROOT: &str = "/redfish/v1";

pub struct Client {
    transport: Arc<Transport>,
    root: OnceCell<(ServiceRoot, Quirks)>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("bmc", &self.transport.base_url())
            .finish()
    }
}

/// A task looked at once.
#[derive(Debug, Clone)]
pub enum TaskPoll {
    Running {
        percent: Option<u32>,
        wait: Duration,
    },
    Finished(Box<Task>),
}

/// What an action led to: done at once, or a Task that ran to its end.
#[derive(Debug, Clone)]
pub enum Outcome {
    Done(Answer),
    Task(Task),
}

impl Client {
    /// Makes the client; nothing is sent until the first call.
    pub fn new(endpoint: Endpoint, limits: Limits) -> Result<Client, Error> {
        Ok(Client {
            transport: Arc::new(Transport::new(endpoint, limits)?),
            root: OnceCell::new(),
        })
    }

    pub fn base_url(&self) -> &str {
        self.transport.base_url()
    }

    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// The service root, read once. Redfish serves it without a login; a BMC that
    /// refuses that gets the session instead.
    pub async fn service_root(&self) -> Result<&ServiceRoot, Error> {
        Ok(&self.root_and_quirks().await?.0)
    }

    pub async fn quirks(&self) -> Result<&Quirks, Error> {
        Ok(&self.root_and_quirks().await?.1)
    }

    async fn root_and_quirks(&self) -> Result<&(ServiceRoot, Quirks), Error> {
        self.root
            .get_or_try_init(|| async {
                let answer = match self.transport.anonymous(Call::get(ROOT)).await {
                    Err(Error::Status { status: 401, .. }) => {
                        self.transport.send(Call::get(ROOT)).await?
                    }
                    other => other?,
                };
                let root: ServiceRoot = answer.json()?;
                self.transport.sessions_at(root.sessions_path()).await;
                let quirks = Quirks::classify(&root);
                Ok((root, quirks))
            })
            .await
    }

    /// Every authenticated call goes through here: the root is read first, since
    /// it says how to log in.
    async fn send(&self, call: Call) -> Result<Answer, Error> {
        self.root_and_quirks().await?;
        self.transport.send(call).await
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, Error> {
        self.send(Call::get(path)).await?.json()
    }

    /// The resource and its ETag, for a later If-Match.
    pub async fn get_tagged<T: DeserializeOwned>(
        &self,
        path: &str,
    ) -> Result<(T, Option<String>), Error> {
        let answer = self.send(Call::get(path)).await?;
        let etag = answer.etag.clone().or_else(|| {
            answer
                .json::<Value>()
                .ok()
                .and_then(|v| v["@odata.etag"].as_str().map(str::to_owned))
        });
        Ok((answer.json()?, etag))
    }

    /// Every member of a collection, following `nextLink` pages, expanded in one
    /// call where the service supports it and read member by member otherwise.
    pub async fn members<T: DeserializeOwned>(&self, collection: &str) -> Result<Vec<T>, Error> {
        let expand = self.quirks().await?.expand;
        let mut path = if expand {
            format!("{collection}?$expand=.($levels=1)")
        } else {
            collection.to_owned()
        };
        let mut members = Vec::new();
        loop {
            let page: Collection = self.get(&path).await?;
            if page.is_expanded() {
                for member in page.members {
                    members.push(
                        serde_json::from_value(member).map_err(|e| Error::Malformed {
                            method: "GET".into(),
                            url: self.transport.url(&path),
                            detail: e.to_string(),
                        })?,
                    );
                }
            } else {
                let reads = page
                    .links()
                    .into_iter()
                    .map(|link| async move { self.get::<T>(&link).await });
                for member in join_all(reads).await {
                    members.push(member?);
                }
            }
            match page.next_link {
                Some(next) if !next.is_empty() => path = next,
                _ => return Ok(members),
            }
        }
    }

    /// PATCH with If-Match: the ETag given, or one read just before.
    pub async fn patch(
        &self,
        path: &str,
        body: Value,
        etag: Option<String>,
    ) -> Result<Answer, Error> {
        let etag = match etag {
            Some(etag) => Some(etag),
            None => self.get_tagged::<Value>(path).await?.1,
        };
        self.send(Call::with(Method::PATCH, path, body).if_match(etag))
            .await
    }

    pub async fn post(&self, path: &str, body: Value) -> Result<Answer, Error> {
        self.send(Call::with(Method::POST, path, body)).await
    }

    pub async fn delete(&self, path: &str) -> Result<Answer, Error> {
        self.send(Call {
            method: Method::DELETE,
            ..Call::get(path)
        })
        .await
    }

    /// A multipart push (`MultipartHttpPushUri`); a 202 task is followed to its end.
    pub async fn upload(
        &self,
        path: &str,
        upload: crate::transport::Upload,
    ) -> Result<Outcome, Error> {
        let call = Call {
            method: Method::POST,
            upload: Some(upload),
            ..Call::get(path)
        }
        .slow();
        let answer = self.send(call).await?;
        self.outcome(answer).await
    }

    /// Runs an action; a 202 with a task monitor is followed to the task's end.
    pub async fn action(&self, target: &str, body: Value) -> Result<Outcome, Error> {
        let answer = self.post(target, body).await?;
        self.outcome(answer).await
    }

    /// Done at once, or a 202 whose task monitor is followed to the task's end.
    async fn outcome(&self, answer: Answer) -> Result<Outcome, Error> {
        match (answer.status.as_u16(), answer.location.clone()) {
            (202, Some(monitor)) => {
                let deadline = self.transport.limits().slow_timeout;
                Ok(Outcome::Task(self.follow_task(&monitor, deadline).await?))
            }
            _ => Ok(Outcome::Done(answer)),
        }
    }

    /// Polls a task monitor (or a task) until the task ends, waiting as long as
    /// Retry-After says between polls.
    pub async fn follow_task(&self, monitor: &str, deadline: Duration) -> Result<Task, Error> {
        let started = Instant::now();
        loop {
            let wait = match self.poll_task(monitor).await? {
                TaskPoll::Finished(task) => return Ok(*task),
                TaskPoll::Running { wait, .. } => wait,
            };
            if started.elapsed() > deadline {
                return Err(Error::Timeout {
                    method: "GET".into(),
                    url: self.transport.url(monitor),
                    seconds: deadline.as_secs(),
                });
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// One look at a task monitor (or a task): finished, or how far along and
    /// how long to wait before looking again.
    pub async fn poll_task(&self, monitor: &str) -> Result<TaskPoll, Error> {
        let answer = self.send(Call::get(monitor)).await?;
        let task: Option<Task> = answer.json().ok();
        let finished = match (&task, answer.status.as_u16()) {
            (Some(task), _) if task.is_finished() => true,
            // A monitor that stops answering 202 is done, even with no Task body.
            (_, 200 | 201 | 204) if task.as_ref().is_none_or(|t| t.task_state.is_none()) => true,
            _ => false,
        };
        if finished {
            return Ok(TaskPoll::Finished(Box::new(task.unwrap_or_default())));
        }
        Ok(TaskPoll::Running {
            percent: task.and_then(|t| t.percent_complete),
            wait: answer
                .retry_after
                .unwrap_or(Duration::from_secs(1))
                .min(self.transport.limits().max_retry_after),
        })
    }

    /// Whether the BMC answers its service root now (not the copy read once):
    /// after a BMC reset, the sign that it is back.
    pub async fn ping(&self) -> Result<(), Error> {
        self.transport.anonymous(Call::get(ROOT.to_owned())).await?;
        Ok(())
    }

    /// Logs out. The client may be used again afterwards (it logs in again).
    pub async fn close(&self) -> Result<(), Error> {
        self.transport.logout().await
    }
}
