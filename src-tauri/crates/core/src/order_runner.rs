//! Who runs due orders: the app while it is open and `rackctl agent` on a
//! machine that stays on, against the same database. Each tick looks at every
//! order; an occurrence that has come is claimed (the store's insert is the
//! lease, so one runner only) and run as a job, or marked missed when it is
//! later than the order's grace. A run whose runner died is failed, never
//! re-run: its tasks may reboot servers.

use std::sync::Arc;
use std::time::Duration;

use racksmith_inventory::RunState;
use racksmith_lifecycle::schedule::chrono::{self, DateTime, Utc};
use racksmith_lifecycle::Actor;
use serde::Serialize;
use specta::Type;

use crate::jobs::{JobKind, JobRequest};
use crate::orders::{parse_utc, utc_text, OrderBody};
use crate::{Core, Error};

/// How long a claim holds without renewal; renewed every quarter of it.
const LEASE: Duration = Duration::from_secs(120);
/// Runners look every few seconds: this late still counts as on time.
const ON_TIME: Duration = Duration::from_secs(120);
/// Occurrences further back than this are neither run nor marked.
const LOOK_BACK_DAYS: i64 = 7;
/// How often the app and the agent look for due orders.
pub const TICK: Duration = Duration::from_secs(10);

/// How a runner is named in the runs it holds: which program, which process, where.
pub fn runner_name(program: &str) -> String {
    let host = std::env::var("HOSTNAME")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .unwrap_or_else(|_| "this machine".to_owned());
    format!("{program} (pid {}) on {host}", std::process::id())
}

/// A run this runner started.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StartedRun {
    pub order_id: String,
    pub name: String,
    pub occurrence: String,
    pub job_id: Option<String>,
    /// Minutes after the planned start (within the grace).
    #[specta(type = specta_typescript::Number)]
    pub late_minutes: i64,
}

/// What one look at the orders did.
#[derive(Debug, Default)]
pub struct Tick {
    pub started: Vec<(StartedRun, tokio::task::JoinHandle<()>)>,
    pub missed: Vec<(String, String)>,
    pub abandoned: usize,
}

fn minutes(d: chrono::Duration) -> i64 {
    d.num_minutes()
}

impl Core {
    /// Runs what is due at `now` (given, so a test's clock is the only clock)
    /// and marks what was missed. Started runs go on in the background.
    pub async fn tick_orders(&self, now: DateTime<Utc>, runner: &str) -> Result<Tick, Error> {
        let mut tick = Tick::default();
        let now_text = utc_text(now);
        tick.abandoned = self
            .with_store({
                let n = now_text.clone();
                move |store| store.abandon_stale_runs(&n)
            })
            .await?
            .len();
        for (stored, body) in self.stored_orders().await? {
            let Ok(schedule) = body.schedule() else {
                continue;
            };
            if body.hand_to_bmc {
                // The next occurrence's firmware goes to the BMCs ahead of time.
                if let Err(error) = self
                    .hand_off_next(&stored.id, &body, now, &Actor::scheduler())
                    .await
                {
                    tracing::warn!(order = %stored.name, %error, "could not hand tasks to the BMCs");
                }
            }
            // Occurrences before the order was last saved belong to a schedule
            // it no longer has.
            let saved = parse_utc(&stored.updated_at)? - chrono::Duration::minutes(5);
            let from = saved.max(now - chrono::Duration::days(LOOK_BACK_DAYS));
            let id = stored.id.clone();
            let had: Vec<String> = self
                .with_store(move |store| store.order_runs(&id))
                .await?
                .into_iter()
                .map(|r| r.occurrence)
                .collect();
            for at in schedule.between(from, now) {
                let occurrence = utc_text(at);
                if had.contains(&occurrence) {
                    continue;
                }
                let late = now - at;
                let grace = chrono::Duration::minutes(i64::from(body.grace_minutes));
                let on_time = chrono::Duration::from_std(ON_TIME).unwrap_or_default();
                if late <= grace.max(on_time) {
                    if let Some(started) = self
                        .start_run(
                            &stored.id,
                            &stored.name,
                            &body,
                            &occurrence,
                            late,
                            now,
                            runner,
                        )
                        .await?
                    {
                        tick.started.push(started);
                    }
                } else {
                    let note = format!(
                        "nothing was running when it was due; {} min late is past its grace of {} min",
                        minutes(late),
                        body.grace_minutes
                    );
                    let (id, occ, n) = (stored.id.clone(), occurrence.clone(), now_text.clone());
                    if self
                        .with_store(move |store| store.mark_missed(&id, &occ, &n, &note))
                        .await?
                    {
                        tracing::warn!(order = %stored.name, %occurrence, "order run missed");
                        tick.missed.push((stored.id.clone(), occurrence));
                    }
                }
            }
        }
        Ok(tick)
    }

    /// Claims one occurrence and starts its job; `None` when another runner has it.
    #[allow(clippy::too_many_arguments)]
    async fn start_run(
        &self,
        order_id: &str,
        name: &str,
        body: &OrderBody,
        occurrence: &str,
        late: chrono::Duration,
        now: DateTime<Utc>,
        runner: &str,
    ) -> Result<Option<(StartedRun, tokio::task::JoinHandle<()>)>, Error> {
        let lease = chrono::Duration::from_std(LEASE).unwrap_or_default();
        let (id, occ, who, n, until) = (
            order_id.to_owned(),
            occurrence.to_owned(),
            runner.to_owned(),
            utc_text(now),
            utc_text(now + lease),
        );
        let claimed = self
            .with_store(move |store| store.claim_run(&id, &occ, &who, &n, &until))
            .await?;
        if !claimed {
            return Ok(None);
        }
        tracing::info!(order = %name, %occurrence, %runner, "order run starting");
        let request = JobRequest {
            kind: JobKind::Order {
                order_id: order_id.to_owned(),
                order_name: name.to_owned(),
                occurrence: occurrence.to_owned(),
                tasks: body.tasks.clone(),
                allow_stage_move: body.allow_stage_move,
                parallel: body.parallel,
            },
            servers: body.servers.clone(),
        };
        let mut started = StartedRun {
            order_id: order_id.to_owned(),
            name: name.to_owned(),
            occurrence: occurrence.to_owned(),
            job_id: None,
            late_minutes: minutes(late),
        };
        let job = self
            .start_job(request, &Actor::scheduler(), None, |_| {})
            .await;
        let core = self.clone();
        let (id, occ, who) = (
            order_id.to_owned(),
            occurrence.to_owned(),
            runner.to_owned(),
        );
        let handle = match job {
            Err(error) => {
                let note = error.message.clone();
                core.end_run(&id, &occ, &who, RunState::Failed, now, Some(note))
                    .await;
                tokio::spawn(async {})
            }
            Ok((record, job)) => {
                started.job_id = Some(record.id.clone());
                let job_id = record.id.clone();
                let (i, o) = (id.clone(), occ.clone());
                self.with_store(move |store| store.attach_run_job(&i, &o, &job_id))
                    .await?;
                let began = tokio::time::Instant::now();
                tokio::spawn(async move {
                    let held = Arc::new(tokio::sync::Notify::new());
                    let renewing = core.keep_lease(&id, &occ, &who, now, held.clone());
                    let result = job.await;
                    held.notify_one();
                    let _ = renewing.await;
                    let (state, note) = match result {
                        Ok(Ok(job)) => {
                            let c = &job.counts;
                            let state = if c.failed == 0
                                && c.interrupted == 0
                                && c.cancelled == 0
                                && c.not_started == 0
                                && c.succeeded == c.total
                            {
                                RunState::Done
                            } else {
                                RunState::Failed
                            };
                            (
                                state,
                                format!(
                                    "{} of {} servers done, {} failed",
                                    c.succeeded, c.total, c.failed
                                ),
                            )
                        }
                        Ok(Err(error)) => (RunState::Failed, error.message),
                        Err(panic) => (RunState::Failed, format!("the run stopped: {panic}")),
                    };
                    let ended =
                        now + chrono::Duration::from_std(began.elapsed()).unwrap_or_default();
                    core.end_run(&id, &occ, &who, state, ended, Some(note))
                        .await;
                })
            }
        };
        Ok(Some((started, handle)))
    }

    /// Renews the lease until told to stop; time runs on from the tick's `now`.
    fn keep_lease(
        &self,
        order_id: &str,
        occurrence: &str,
        runner: &str,
        now: DateTime<Utc>,
        stop: Arc<tokio::sync::Notify>,
    ) -> tokio::task::JoinHandle<()> {
        let (core, id, occ, who) = (
            self.clone(),
            order_id.to_owned(),
            occurrence.to_owned(),
            runner.to_owned(),
        );
        let began = tokio::time::Instant::now();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = stop.notified() => return,
                    _ = tokio::time::sleep(LEASE / 4) => {}
                }
                let at =
                    now + chrono::Duration::from_std(began.elapsed() + LEASE).unwrap_or_default();
                let (i, o, w, u) = (id.clone(), occ.clone(), who.clone(), utc_text(at));
                match core
                    .with_store(move |store| store.renew_lease(&i, &o, &w, &u))
                    .await
                {
                    Ok(true) => {}
                    Ok(false) => {
                        tracing::error!(order = %id, occurrence = %occ, "the run's lease was lost");
                        return;
                    }
                    Err(error) => tracing::warn!(%error, "could not renew an order run's lease"),
                }
            }
        })
    }

    async fn end_run(
        &self,
        order_id: &str,
        occurrence: &str,
        runner: &str,
        state: RunState,
        at: DateTime<Utc>,
        note: Option<String>,
    ) {
        let (id, occ, who, t) = (
            order_id.to_owned(),
            occurrence.to_owned(),
            runner.to_owned(),
            utc_text(at),
        );
        if let Err(error) = self
            .with_store(move |store| store.finish_run(&id, &occ, &who, state, &t, note.as_deref()))
            .await
        {
            tracing::error!(order = %order_id, %occurrence, %error, "could not record the end of an order run");
        } else {
            tracing::info!(order = %order_id, %occurrence, state = state.as_str(), "order run ended");
        }
    }

    /// Runs due orders until `stop` resolves, looking every [`TICK`], and syncs
    /// the backends every [`crate::backend_follow_every`]; for the app (in the
    /// background) and `rackctl agent`.
    pub async fn run_orders_until(
        &self,
        runner: &str,
        stop: impl std::future::Future<Output = ()>,
    ) {
        tokio::pin!(stop);
        let mut running: Vec<tokio::task::JoinHandle<()>> = Vec::new();
        let follow_every = crate::backend_follow_every();
        let mut followed: Option<tokio::time::Instant> = None;
        loop {
            match self.tick_orders(Utc::now(), runner).await {
                Ok(tick) => running.extend(tick.started.into_iter().map(|(_, h)| h)),
                Err(error) => tracing::warn!(%error, "could not look at the scheduled orders"),
            }
            self.resume_stranded_deletions().await;
            if let Some(every) = follow_every {
                if followed.is_none_or(|at| at.elapsed() >= every) {
                    self.follow_backends().await;
                    followed = Some(tokio::time::Instant::now());
                }
            }
            running.retain(|h| !h.is_finished());
            let pause = follow_every.map_or(TICK, |every| every.min(TICK));
            tokio::select! {
                _ = &mut stop => break,
                _ = tokio::time::sleep(pause) => {}
            }
        }
        // Runs under way finish their servers' current work before the runner ends.
        for handle in running {
            let _ = handle.await;
        }
    }

    /// Deletions never stay half done: passes whose process died (or that
    /// `rackctl delete` queued without running) are taken up here.
    pub async fn resume_stranded_deletions(&self) {
        if let Err(error) = self.recover_jobs().await {
            tracing::warn!(%error, "could not recover interrupted jobs");
        }
        let resumed = match self.actor().await {
            Ok(actor) => self.resume_interrupted_deletions(&actor).await,
            Err(error) => Err(error),
        };
        match resumed {
            // The job runs on in this process; its end is recorded by the job itself.
            Ok(Some((job, _))) => tracing::warn!(job = %job.id, "deletions cut short were resumed"),
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "deletions cut short could not be resumed"),
        }
    }
}
