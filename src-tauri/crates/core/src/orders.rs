//! Scheduled orders: a list of tasks for a set of servers at a local time in a
//! time zone, once or recurring, with a maintenance window. Saved after their
//! parts are checked; overlaps with other orders on the same servers are
//! flagged, not refused. The calendar shows each occurrence with its state.

use std::collections::BTreeMap;

use racksmith_inventory::{NewAudit, OrderRun, RunState, StoredOrder};
use racksmith_lifecycle::schedule::chrono::{DateTime, Duration, SecondsFormat, Utc};
use racksmith_lifecycle::schedule::{overlaps, Schedule};
use racksmith_lifecycle::{Action, Actor};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{Core, Error, ErrorCode};

/// Servers worked on at once when the order does not say.
pub const DEFAULT_PARALLEL: u32 = 8;
pub const MAX_PARALLEL: u32 = 16;
/// How far ahead overlaps are looked for when an order is saved.
const OVERLAP_HORIZON_DAYS: i64 = 90;
/// The longest window: a week.
const MAX_WINDOW_MINUTES: u32 = 7 * 24 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum WaitCondition {
    PowerOn,
    PowerOff,
    /// The BMC answers Redfish again (after its reset or a firmware update).
    BmcReady,
}

/// One step of an order, run in turn on each server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum OrderTask {
    /// A graceful restart, waited for until the server is on again.
    Reboot,
    PowerCycle,
    /// `UpdateService.SimpleUpdate` from this URL, verified by the versions after.
    #[serde(rename_all = "camelCase")]
    Firmware {
        image_url: String,
    },
    /// A local image pushed to the BMC (`MultipartHttpPushUri`), verified the same way.
    #[serde(rename_all = "camelCase")]
    FirmwareFile {
        path: String,
    },
    /// BIOS attributes to set, applied by a reboot and verified after POST.
    #[serde(rename_all = "camelCase")]
    Bios {
        #[specta(type = BTreeMap<String, specta_typescript::Unknown>)]
        attributes: BTreeMap<String, serde_json::Value>,
    },
    BmcReset,
    #[serde(rename_all = "camelCase")]
    Wait {
        condition: WaitCondition,
        timeout_minutes: u32,
    },
}

impl OrderTask {
    /// What the stage guard is asked for this task.
    pub fn action(&self) -> Action {
        match self {
            OrderTask::Reboot => Action::GracefulRestart,
            OrderTask::PowerCycle => Action::PowerCycle,
            OrderTask::Firmware { .. } | OrderTask::FirmwareFile { .. } => Action::FirmwareUpdate,
            OrderTask::Bios { .. } => Action::BiosSettings,
            OrderTask::BmcReset => Action::BmcReset,
            OrderTask::Wait { .. } => Action::View,
        }
    }

    pub fn label(&self) -> String {
        match self {
            OrderTask::Reboot => "reboot".into(),
            OrderTask::PowerCycle => "power cycle".into(),
            OrderTask::Firmware { image_url } => format!("firmware from {image_url}"),
            OrderTask::FirmwareFile { path } => format!("firmware file {path}"),
            OrderTask::Bios { attributes } => format!("{} BIOS values", attributes.len()),
            OrderTask::BmcReset => "BMC reset".into(),
            OrderTask::Wait {
                condition,
                timeout_minutes,
            } => format!("wait for {condition:?} (up to {timeout_minutes} min)"),
        }
    }
}

/// An order as the user writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderDraft {
    pub name: String,
    /// Server ids or names.
    pub servers: Vec<String>,
    pub tasks: Vec<OrderTask>,
    /// Local wall-clock start, `YYYY-MM-DDTHH:MM[:SS]`.
    pub start: String,
    /// IANA name, e.g. `Asia/Tokyo`.
    pub time_zone: String,
    /// iCalendar RRULE such as `FREQ=WEEKLY;BYDAY=WE`; none runs once.
    pub rrule: Option<String>,
    pub window_minutes: u32,
    /// How late a run missed while nothing was running may still start.
    pub grace_minutes: u32,
    /// Move a server in service to Maintenance for the run, and back after.
    pub allow_stage_move: bool,
    /// Servers worked on at once.
    pub parallel: u32,
    /// Stage firmware on BMCs that offer `AtMaintenanceWindowStart`, to apply
    /// in the window on their own, even with nothing of Racksmith running.
    pub hand_to_bmc: bool,
}

/// What is stored: the draft with the servers resolved to ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OrderBody {
    pub servers: Vec<String>,
    pub tasks: Vec<OrderTask>,
    pub start: String,
    pub time_zone: String,
    pub rrule: Option<String>,
    pub window_minutes: u32,
    pub grace_minutes: u32,
    pub allow_stage_move: bool,
    pub parallel: u32,
    #[serde(default)]
    pub hand_to_bmc: bool,
}

impl OrderBody {
    pub(crate) fn schedule(&self) -> Result<Schedule, Error> {
        Schedule::parse(&self.start, &self.time_zone, self.rrule.as_deref())
            .map_err(|e| Error::new(ErrorCode::InvalidInput, e.0))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderServer {
    pub id: String,
    pub name: String,
}

/// Another order that wants the same servers at the same time.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderConflict {
    pub order_id: String,
    pub name: String,
    pub servers: Vec<String>,
    /// The first clash (UTC).
    pub at: String,
}

/// The state of one occurrence on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OccurrenceState {
    Planned,
    Running,
    Done,
    Failed,
    Missed,
}

impl From<RunState> for OccurrenceState {
    fn from(state: RunState) -> OccurrenceState {
        match state {
            RunState::Running => OccurrenceState::Running,
            RunState::Done => OccurrenceState::Done,
            RunState::Failed => OccurrenceState::Failed,
            RunState::Missed => OccurrenceState::Missed,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RunView {
    pub order_id: String,
    /// Planned start (UTC).
    pub occurrence: String,
    pub state: OccurrenceState,
    pub runner: Option<String>,
    pub job_id: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub note: Option<String>,
}

impl From<OrderRun> for RunView {
    fn from(run: OrderRun) -> RunView {
        RunView {
            order_id: run.order_id,
            occurrence: run.occurrence,
            state: run.state.into(),
            runner: run.runner,
            job_id: run.job_id,
            started_at: run.started_at,
            finished_at: run.finished_at,
            note: run.note,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderView {
    pub id: String,
    pub name: String,
    pub servers: Vec<OrderServer>,
    pub tasks: Vec<OrderTask>,
    pub start: String,
    pub time_zone: String,
    pub rrule: Option<String>,
    pub window_minutes: u32,
    pub grace_minutes: u32,
    pub allow_stage_move: bool,
    pub parallel: u32,
    pub hand_to_bmc: bool,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    /// The next planned start (UTC), if any is left.
    pub next_run: Option<String>,
    pub conflicts: Vec<OrderConflict>,
    pub runs: Vec<RunView>,
    /// Which way each task of the next run goes on each server, once decided.
    pub routes: Vec<TaskRoute>,
}

/// One task of one occurrence on one server: handed to the BMC, or run by Racksmith.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TaskRoute {
    pub occurrence: String,
    pub server_id: String,
    pub server_name: String,
    pub task_index: u32,
    pub via: TaskVia,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TaskVia {
    /// Staged on the BMC, applied by it when its window opens.
    Bmc,
    /// Run by the app or the agent at the time.
    Racksmith,
}

/// One occurrence on the calendar.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CalendarEvent {
    pub order_id: String,
    pub name: String,
    /// UTC.
    pub start: String,
    pub end: String,
    pub state: OccurrenceState,
    pub job_id: Option<String>,
    pub server_count: u32,
    pub recurring: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CalendarRange {
    /// RFC 3339.
    pub from: String,
    pub to: String,
}

/// A new start for an order, as a drag on the calendar gives it.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderMove {
    pub order_id: String,
    /// Local wall-clock start in `time_zone`.
    pub start: String,
    pub time_zone: String,
}

/// Saving an order: a new one when `id` is none.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SaveOrder {
    pub id: Option<String>,
    pub draft: OrderDraft,
}

/// UTC in the one shape the store compares as text.
pub(crate) fn utc_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(crate) fn parse_utc(text: &str) -> Result<DateTime<Utc>, Error> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            Error::new(
                ErrorCode::InvalidInput,
                format!("\"{text}\" is not an RFC 3339 time"),
            )
        })
}

/// This computer's time zone, for orders made without one.
pub fn local_time_zone() -> String {
    iana_time_zone::get_timezone().unwrap_or_else(|_| "UTC".to_owned())
}

/// `now`, or an ISO 8601 time with or without an offset, as local wall-clock
/// time in `zone` (what an order stores).
pub fn local_start(text: &str, zone: &str, now: DateTime<Utc>) -> Result<String, Error> {
    use racksmith_lifecycle::schedule::chrono_tz::Tz;
    let tz: Tz = zone.parse().map_err(|_| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("\"{zone}\" is not a time zone name such as Asia/Tokyo"),
        )
    })?;
    let instant = match text.trim() {
        "now" => now,
        other => match DateTime::parse_from_rfc3339(other) {
            Ok(t) => t.with_timezone(&Utc),
            Err(_) => return Ok(other.to_owned()), // local already; checked with the schedule
        },
    };
    Ok(instant
        .with_timezone(&tz)
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string())
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidInput, message)
}

pub(crate) fn check_tasks(tasks: &[OrderTask]) -> Result<(), Error> {
    if tasks.is_empty() {
        return Err(invalid("an order needs at least one task"));
    }
    for task in tasks {
        match task {
            OrderTask::Firmware { image_url } => {
                let url = racksmith_redfish::reexport::Url::parse(image_url.trim())
                    .map_err(|e| invalid(format!("\"{image_url}\" is not an image URL: {e}")))?;
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(invalid(format!(
                        "\"{image_url}\": BMCs fetch firmware over http or https"
                    )));
                }
            }
            OrderTask::FirmwareFile { path } => {
                let meta = std::fs::metadata(path)
                    .map_err(|e| invalid(format!("cannot read the image {path}: {e}")))?;
                if !meta.is_file() || meta.len() == 0 {
                    return Err(invalid(format!("{path} is not a firmware image file")));
                }
            }
            OrderTask::Bios { attributes } if attributes.is_empty() => {
                return Err(invalid("a BIOS task needs at least one attribute"));
            }
            OrderTask::Wait {
                timeout_minutes, ..
            } if *timeout_minutes == 0 || *timeout_minutes > 24 * 60 => {
                return Err(invalid("a wait lasts 1 minute to 24 hours"));
            }
            _ => {}
        }
    }
    Ok(())
}

impl Core {
    /// Checks a draft and resolves its servers.
    async fn order_body(&self, draft: &OrderDraft) -> Result<(OrderBody, Vec<OrderServer>), Error> {
        if draft.name.trim().is_empty() || draft.name.len() > 120 {
            return Err(invalid("an order needs a name of 1 to 120 characters"));
        }
        check_tasks(&draft.tasks)?;
        if draft.window_minutes == 0 || draft.window_minutes > MAX_WINDOW_MINUTES {
            return Err(invalid("the maintenance window lasts 1 minute to 7 days"));
        }
        if draft.grace_minutes > draft.window_minutes {
            return Err(invalid(
                "the grace period cannot be longer than the maintenance window",
            ));
        }
        if draft.parallel == 0 || draft.parallel > MAX_PARALLEL {
            return Err(invalid(format!(
                "servers at once must be 1 to {MAX_PARALLEL}"
            )));
        }
        if draft.servers.is_empty() {
            return Err(invalid("an order needs at least one server"));
        }
        let mut servers: Vec<OrderServer> = Vec::new();
        for key in &draft.servers {
            let server = self.find_server(key).await?;
            if !servers.iter().any(|s| s.id == server.id) {
                servers.push(OrderServer {
                    id: server.id,
                    name: server.name,
                });
            }
        }
        let body = OrderBody {
            servers: servers.iter().map(|s| s.id.clone()).collect(),
            tasks: draft.tasks.clone(),
            start: draft.start.trim().to_owned(),
            time_zone: draft.time_zone.trim().to_owned(),
            rrule: draft.rrule.clone().filter(|r| !r.trim().is_empty()),
            window_minutes: draft.window_minutes,
            grace_minutes: draft.grace_minutes,
            allow_stage_move: draft.allow_stage_move,
            parallel: draft.parallel,
            hand_to_bmc: draft.hand_to_bmc,
        };
        body.schedule()?;
        Ok((body, servers))
    }

    /// Saves a new order (`id` none) or replaces one. Audited.
    pub async fn save_order(
        &self,
        id: Option<String>,
        draft: OrderDraft,
        actor: &Actor,
    ) -> Result<OrderView, Error> {
        self.refuse_in_snapshot()?;
        let (body, _) = self.order_body(&draft).await?;
        let now = utc_text(Utc::now());
        let existing = match &id {
            Some(id) => {
                let id = id.clone();
                Some(self.with_store(move |store| store.order(&id)).await?)
            }
            None => None,
        };
        let stored = StoredOrder {
            id: id.unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
            name: draft.name.trim().to_owned(),
            body: serde_json::to_string(&body)
                .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?,
            created_at: existing
                .as_ref()
                .map_or(now.clone(), |e| e.created_at.clone()),
            created_by: existing
                .as_ref()
                .map_or(actor.name.clone(), |e| e.created_by.clone()),
            updated_at: now,
        };
        let audit = NewAudit {
            actor: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            action: if existing.is_some() {
                "order_update"
            } else {
                "order_add"
            }
            .to_owned(),
            target: None,
            params: serde_json::json!({
                "orderId": stored.id, "name": stored.name, "servers": body.servers,
                "start": body.start, "timeZone": body.time_zone, "rrule": body.rrule,
                "tasks": body.tasks.iter().map(OrderTask::label).collect::<Vec<_>>(),
            }),
            outcome: "ok".to_owned(),
            detail: None,
        };
        let saved = stored.clone();
        self.with_store(move |store| store.save_order(&saved, audit))
            .await?;
        if body.hand_to_bmc {
            self.hand_off_next(&stored.id, &body, Utc::now(), actor)
                .await?;
        }
        self.order(&stored.id).await
    }

    /// Moves an order to a new start (a drag on the calendar), keeping the rest.
    pub async fn move_order(&self, request: OrderMove, actor: &Actor) -> Result<OrderView, Error> {
        let current = self.order(&request.order_id).await?;
        let draft = OrderDraft {
            name: current.name,
            servers: current.servers.into_iter().map(|s| s.id).collect(),
            tasks: current.tasks,
            start: request.start,
            time_zone: request.time_zone,
            rrule: current.rrule,
            window_minutes: current.window_minutes,
            grace_minutes: current.grace_minutes,
            allow_stage_move: current.allow_stage_move,
            parallel: current.parallel,
            hand_to_bmc: current.hand_to_bmc,
        };
        self.save_order(Some(request.order_id), draft, actor).await
    }

    pub async fn delete_order(&self, id: &str, actor: &Actor) -> Result<(), Error> {
        self.refuse_in_snapshot()?;
        let audit = NewAudit {
            actor: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            action: "order_delete".to_owned(),
            target: None,
            params: serde_json::json!({ "orderId": id }),
            outcome: "ok".to_owned(),
            detail: None,
        };
        let id = id.to_owned();
        self.with_store(move |store| store.delete_order(&id, audit))
            .await
    }

    pub(crate) fn parse_body(stored: &StoredOrder) -> Result<OrderBody, Error> {
        serde_json::from_str(&stored.body).map_err(|e| {
            Error::new(
                ErrorCode::Internal,
                format!(
                    "order {} is stored in a shape this version cannot read: {e}",
                    stored.id
                ),
            )
        })
    }

    async fn view_of(
        &self,
        stored: StoredOrder,
        all: &[(StoredOrder, OrderBody)],
        with_runs: bool,
    ) -> Result<OrderView, Error> {
        let body = Self::parse_body(&stored)?;
        let mut servers = Vec::new();
        for id in &body.servers {
            let name = match self.find_server(id).await {
                Ok(server) => server.name,
                Err(_) => format!("{id} (removed)"),
            };
            servers.push(OrderServer {
                id: id.clone(),
                name,
            });
        }
        let schedule = body.schedule().ok();
        let now = Utc::now();
        let next_run = schedule
            .as_ref()
            .and_then(|s| s.next_from(now))
            .map(utc_text);
        let conflicts = conflicts_with(&stored.id, &body, all, now);
        let routes = match (&next_run, body.hand_to_bmc) {
            (Some(next), true) => {
                let (id, occ) = (stored.id.clone(), next.clone());
                self.with_store(move |store| store.handoffs(&id, &occ))
                    .await?
                    .into_iter()
                    .map(|h| TaskRoute {
                        server_name: servers
                            .iter()
                            .find(|s| s.id == h.server_id)
                            .map_or(h.server_id.clone(), |s| s.name.clone()),
                        occurrence: h.occurrence,
                        server_id: h.server_id,
                        task_index: h.task_index,
                        via: if h.via == "bmc" {
                            TaskVia::Bmc
                        } else {
                            TaskVia::Racksmith
                        },
                        detail: h.detail,
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        let runs = if with_runs {
            let id = stored.id.clone();
            self.with_store(move |store| store.order_runs(&id))
                .await?
                .into_iter()
                .map(RunView::from)
                .collect()
        } else {
            Vec::new()
        };
        Ok(OrderView {
            id: stored.id,
            name: stored.name,
            servers,
            tasks: body.tasks,
            start: body.start,
            time_zone: body.time_zone,
            rrule: body.rrule,
            window_minutes: body.window_minutes,
            grace_minutes: body.grace_minutes,
            allow_stage_move: body.allow_stage_move,
            parallel: body.parallel,
            hand_to_bmc: body.hand_to_bmc,
            created_at: stored.created_at,
            created_by: stored.created_by,
            updated_at: stored.updated_at,
            next_run,
            conflicts,
            runs,
            routes,
        })
    }

    /// Every order whose body this version can read.
    pub(crate) async fn stored_orders(&self) -> Result<Vec<(StoredOrder, OrderBody)>, Error> {
        let stored = self.with_store(|store| store.orders()).await?;
        Ok(stored
            .into_iter()
            .filter_map(|s| Self::parse_body(&s).ok().map(|b| (s, b)))
            .collect())
    }

    pub async fn orders(&self) -> Result<Vec<OrderView>, Error> {
        let all = self.stored_orders().await?;
        let mut views = Vec::with_capacity(all.len());
        for (stored, _) in &all {
            views.push(self.view_of(stored.clone(), &all, false).await?);
        }
        Ok(views)
    }

    /// One order with every run it has had.
    pub async fn order(&self, id: &str) -> Result<OrderView, Error> {
        let all = self.stored_orders().await?;
        let key = id.to_owned();
        let stored = self.with_store(move |store| store.order(&key)).await?;
        self.view_of(stored, &all, true).await
    }

    /// Every occurrence in a range: past ones with their run's state, future
    /// ones planned, missed ones that have no run yet shown as planned until a
    /// runner records them.
    pub async fn order_calendar(&self, range: CalendarRange) -> Result<Vec<CalendarEvent>, Error> {
        let from = parse_utc(&range.from)?;
        let to = parse_utc(&range.to)?;
        if to < from || to - from > Duration::days(400) {
            return Err(invalid("a calendar range is 0 to 400 days long"));
        }
        let all = self.stored_orders().await?;
        let (f, t) = (utc_text(from - Duration::days(8)), utc_text(to));
        let runs = self
            .with_store(move |store| store.runs_between(&f, &t))
            .await?;
        let mut events = Vec::new();
        for (stored, body) in &all {
            let Ok(schedule) = body.schedule() else {
                continue;
            };
            let window = Duration::minutes(i64::from(body.window_minutes));
            let mut seen: Vec<String> = Vec::new();
            let mut push = |start: DateTime<Utc>, run: Option<&OrderRun>| {
                events.push(CalendarEvent {
                    order_id: stored.id.clone(),
                    name: stored.name.clone(),
                    start: utc_text(start),
                    end: utc_text(start + window),
                    state: run.map_or(OccurrenceState::Planned, |r| r.state.into()),
                    job_id: run.and_then(|r| r.job_id.clone()),
                    server_count: body.servers.len() as u32,
                    recurring: body.rrule.is_some(),
                });
            };
            // Runs keep their own time even if the order was moved since.
            for run in runs.iter().filter(|r| r.order_id == stored.id) {
                if let Ok(at) = parse_utc(&run.occurrence) {
                    if at + window >= from && at <= to {
                        seen.push(run.occurrence.clone());
                        push(at, Some(run));
                    }
                }
            }
            for at in schedule.between(from - window, to) {
                if !seen.contains(&utc_text(at)) {
                    push(at, None);
                }
            }
        }
        events.sort_by(|a, b| a.start.cmp(&b.start));
        Ok(events)
    }
}

/// Other orders that share a server with `body` and overlap it in time within
/// the horizon.
fn conflicts_with(
    id: &str,
    body: &OrderBody,
    all: &[(StoredOrder, OrderBody)],
    now: DateTime<Utc>,
) -> Vec<OrderConflict> {
    let Ok(mine) = body.schedule() else {
        return Vec::new();
    };
    let horizon = now + Duration::days(OVERLAP_HORIZON_DAYS);
    let my_times = mine.between(now - Duration::days(1), horizon);
    let mut found = Vec::new();
    for (other, other_body) in all {
        if other.id == id {
            continue;
        }
        let shared: Vec<String> = body
            .servers
            .iter()
            .filter(|s| other_body.servers.contains(s))
            .cloned()
            .collect();
        if shared.is_empty() {
            continue;
        }
        let Ok(theirs) = other_body.schedule() else {
            continue;
        };
        let their_times = theirs.between(now - Duration::days(1), horizon);
        let clash = my_times.iter().find_map(|a| {
            their_times
                .iter()
                .find(|b| overlaps(*a, body.window_minutes, **b, other_body.window_minutes))
                .map(|_| *a)
        });
        if let Some(at) = clash {
            found.push(OrderConflict {
                order_id: other.id.clone(),
                name: other.name.clone(),
                servers: shared,
                at: utc_text(at),
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_are_kept_as_local_wall_clock_time() {
        let now = parse_utc("2026-11-24T23:30:00Z").expect("now");
        assert_eq!(
            local_start("now", "Asia/Tokyo", now).expect("now"),
            "2026-11-25T08:30:00"
        );
        assert_eq!(
            local_start("2026-11-25T22:00:00+09:00", "Europe/Berlin", now).expect("offset"),
            "2026-11-25T14:00:00"
        );
        assert_eq!(
            local_start("2026-11-25T22:00", "Asia/Tokyo", now).expect("local"),
            "2026-11-25T22:00"
        );
        assert!(local_start("now", "Nowhere/City", now).is_err());
    }

    #[test]
    fn tasks_are_checked_before_saving() {
        assert!(check_tasks(&[]).is_err());
        assert!(check_tasks(&[OrderTask::Firmware {
            image_url: "file:///etc/passwd".into()
        }])
        .is_err());
        assert!(check_tasks(&[OrderTask::Bios {
            attributes: BTreeMap::new()
        }])
        .is_err());
        assert!(check_tasks(&[
            OrderTask::Firmware {
                image_url: "http://10.0.0.1/bios.bin".into()
            },
            OrderTask::Reboot
        ])
        .is_ok());
    }
}
