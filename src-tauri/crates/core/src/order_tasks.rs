//! One server's part of an order run: the stage rule first (Maintenance, or a
//! move there and back when the order allows it), then each task in turn, the
//! first failure stopping the rest. Every task waits for the hardware to show
//! its effect, so "done" means verified, not just accepted.

use std::time::Duration;

use racksmith_build::differing;
use racksmith_inventory::{ServerSummary, Stage};
use racksmith_lifecycle::{Actor, MoveRequest};
use racksmith_redfish::{bios, firmware, manager, power};
use tokio::time::Instant;

use crate::jobs::Progress;
use crate::orders::{OrderTask, WaitCondition};
use crate::reach::Reached;
use crate::{Core, Error, ErrorCode};

const POLL: Duration = Duration::from_millis(500);
/// A host reboot, with POST and pending settings, can take many minutes.
const REBOOT_DEADLINE: Duration = Duration::from_secs(900);
/// A BMC restarting after its own firmware or a reset.
const BMC_DEADLINE: Duration = Duration::from_secs(600);

/// What one server's run is to do.
#[derive(Debug, Clone)]
pub(crate) struct OrderWork {
    pub order_id: String,
    pub order_name: String,
    /// The occurrence run (UTC), whose tasks may have been handed to BMCs.
    pub occurrence: String,
    pub tasks: Vec<OrderTask>,
    pub allow_stage_move: bool,
}

impl Core {
    pub(crate) async fn run_order_on(
        &self,
        job_id: &str,
        work: &OrderWork,
        server: &ServerSummary,
        actor: &Actor,
        progress: &Progress,
    ) -> Result<String, Error> {
        let moved = self.enter_maintenance(work, server, actor).await?;
        let server = self.find_server(&server.id).await?;
        let params = serde_json::json!({ "orderId": work.order_id });
        let handed = self
            .handed_tasks(&work.order_id, &work.occurrence, &server.id)
            .await?;
        let mut done = self
            .run_tasks(
                job_id,
                &work.tasks,
                &handed,
                &server,
                actor,
                params,
                progress,
            )
            .await
            .map_err(|e| {
                if moved {
                    Error::new(
                        e.code,
                        format!("{} The server stays in Maintenance for a look.", e.message),
                    )
                } else {
                    e
                }
            })?;
        if moved {
            let back = MoveRequest {
                to: Stage::InService,
                reason: Some(format!("order \"{}\" finished", work.order_name)),
                hold_until: None,
            };
            self.move_stage(&server.id, back, actor).await?;
            done.push("back in service".to_owned());
        }
        Ok(done.join("; "))
    }

    /// Tasks in turn, each guarded, audited as `order_task` when refused; the
    /// first failure stops the rest.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn run_tasks(
        &self,
        job_id: &str,
        tasks: &[OrderTask],
        handed: &[(u32, Vec<firmware::Component>)],
        server: &ServerSummary,
        actor: &Actor,
        params: serde_json::Value,
        progress: &Progress,
    ) -> Result<Vec<String>, Error> {
        let mut done = Vec::new();
        for (i, task) in tasks.iter().enumerate() {
            let step = format!("task {} of {}: {}", i + 1, tasks.len(), task.label());
            self.record_step(job_id, server, step, progress).await?;
            let mut params = params.clone();
            params["task"] = serde_json::json!(task.label());
            let staged = handed.iter().find(|(index, _)| *index as usize == i);
            // A task the BMC applies on its own is only read back here.
            let action = if staged.is_some() {
                racksmith_lifecycle::Action::View
            } else {
                task.action()
            };
            self.guard_action(server, action, "order_task", actor, params)
                .await?;
            let outcome = match staged {
                Some((_, before)) => self.applied_by_bmc(server, before).await,
                None => self.run_task(server, task).await,
            };
            let outcome = outcome.map_err(|e| {
                let why = e.message.trim_end_matches('.');
                Error::new(e.code, format!("{} failed: {why}.", task.label()))
            })?;
            done.push(outcome);
        }
        Ok(done)
    }

    /// Waits for firmware staged on the BMC to show a new version once its
    /// window has opened.
    async fn applied_by_bmc(
        &self,
        server: &ServerSummary,
        before: &[firmware::Component],
    ) -> Result<String, Error> {
        let reached = self.reach(server).await?;
        let list = new_versions(
            &reached,
            before,
            "the BMC had the update staged for this window but no version changed",
        )
        .await?;
        Ok(format!("{list}, applied by the BMC in its window"))
    }

    /// Whether the server was moved into Maintenance for this run.
    async fn enter_maintenance(
        &self,
        work: &OrderWork,
        server: &ServerSummary,
        actor: &Actor,
    ) -> Result<bool, Error> {
        match server.stage {
            Stage::MaintenanceCustomer => Ok(false),
            Stage::InService if work.allow_stage_move => {
                let request = MoveRequest {
                    to: Stage::MaintenanceCustomer,
                    reason: Some(format!("order \"{}\" runs", work.order_name)),
                    hold_until: None,
                };
                self.move_stage(&server.id, request, actor).await?;
                Ok(true)
            }
            stage => Err(Error::new(
                ErrorCode::RebootNeedsMaintenance,
                format!(
                    "{} is in {}; order \"{}\" runs only on servers in Maintenance{}",
                    server.name,
                    stage.as_str(),
                    work.order_name,
                    if stage == Stage::InService {
                        " (or allow it to move servers there and back)"
                    } else {
                        ""
                    }
                ),
            )),
        }
    }

    async fn run_task(&self, server: &ServerSummary, task: &OrderTask) -> Result<String, Error> {
        let reached = self.reach(server).await?;
        match task {
            OrderTask::Reboot => {
                restart(&reached, "GracefulRestart").await?;
                Ok("rebooted".into())
            }
            OrderTask::PowerCycle => {
                restart(&reached, "PowerCycle").await?;
                Ok("power cycled".into())
            }
            OrderTask::Firmware { image_url } => {
                update_firmware(&reached, Image::Url(image_url)).await
            }
            OrderTask::FirmwareFile { path } => {
                let (name, bytes) = read_image(path).await?;
                update_firmware(&reached, Image::File(name, bytes)).await
            }
            OrderTask::Bios { attributes } => apply_bios(&reached, attributes).await,
            OrderTask::BmcReset => {
                let path = manager::manager_path(&reached.client, &reached.system_path).await?;
                firmware::reset_manager(&reached.client, &path).await?;
                // The reset answers before the BMC goes away: wait to see it gone or back.
                tokio::time::sleep(Duration::from_secs(1)).await;
                wait_for_bmc(&reached).await?;
                Ok("BMC reset and answering".into())
            }
            OrderTask::Wait {
                condition,
                timeout_minutes,
            } => {
                let deadline = Duration::from_secs(u64::from(*timeout_minutes) * 60);
                wait_until(&reached, *condition, deadline).await?;
                Ok(format!("{condition:?} seen"))
            }
        }
    }
}

/// Restarts the host and waits until it is on again. A server that is off is
/// simply powered on (a restart of nothing would never finish).
async fn restart(reached: &Reached, kind: &str) -> Result<(), Error> {
    let state = power::power_state(&reached.client, &reached.system_path).await?;
    let kind = if state.as_deref() == Some("On") {
        kind
    } else {
        "On"
    };
    power::reset(&reached.client, &reached.system_path, kind).await?;
    // Seeing it leave "On" first tells a restart that has happened from one
    // that has not started yet; a fast BMC may skip the visible off.
    let left = Instant::now() + Duration::from_secs(30);
    while Instant::now() < left {
        let now = power::power_state(&reached.client, &reached.system_path).await?;
        if now.as_deref() != Some("On") {
            break;
        }
        tokio::time::sleep(POLL).await;
    }
    wait_until(reached, WaitCondition::PowerOn, REBOOT_DEADLINE).await
}

async fn wait_until(
    reached: &Reached,
    condition: WaitCondition,
    deadline: Duration,
) -> Result<(), Error> {
    let until = Instant::now() + deadline;
    loop {
        let seen = match condition {
            WaitCondition::BmcReady => reached.client.ping().await.is_ok(),
            WaitCondition::PowerOn | WaitCondition::PowerOff => {
                let want = if condition == WaitCondition::PowerOn {
                    "On"
                } else {
                    "Off"
                };
                // A BMC that is restarting does not answer: keep waiting.
                power::power_state(&reached.client, &reached.system_path)
                    .await
                    .ok()
                    .flatten()
                    .as_deref()
                    == Some(want)
            }
        };
        if seen {
            return Ok(());
        }
        if Instant::now() > until {
            return Err(Error::new(
                ErrorCode::BmcTimeout,
                format!("{condition:?} not seen within {} s", deadline.as_secs()),
            ));
        }
        tokio::time::sleep(POLL).await;
    }
}

async fn wait_for_bmc(reached: &Reached) -> Result<(), Error> {
    wait_until(reached, WaitCondition::BmcReady, BMC_DEADLINE).await
}

enum Image<'a> {
    Url(&'a str),
    /// A file's name and bytes, pushed as multipart.
    File(String, std::sync::Arc<Vec<u8>>),
}

/// SimpleUpdate or a multipart push, applied at once where the BMC can (else
/// at the next reset, which this makes), then the versions read again until
/// one has changed.
async fn update_firmware(reached: &Reached, image: Image<'_>) -> Result<String, Error> {
    let client = &reached.client;
    let offer = firmware::offer(client).await?;
    let before = firmware::components(client, &offer).await?;
    let apply = if offer.apply_times.is_empty() || offer.supports("Immediate") {
        firmware::ApplyAt::Immediate
    } else {
        firmware::ApplyAt::OnReset
    };
    match image {
        Image::Url(url) => firmware::simple_update(client, &offer, url, &apply).await?,
        Image::File(name, bytes) => {
            firmware::push_update(client, &offer, &name, bytes, &apply).await?
        }
    };
    if apply == firmware::ApplyAt::OnReset {
        restart(reached, "GracefulRestart").await?;
    }
    let list = new_versions(
        reached,
        &before,
        "the BMC finished the update but no firmware version changed",
    )
    .await?;
    wait_for_bmc(reached).await?;
    Ok(list)
}

/// Reads the firmware until a version differs from `before`, and names each
/// change ("BIOS 2.19.2 → 2.30.1"). `why_not` says what it means when none
/// changes in time.
async fn new_versions(
    reached: &Reached,
    before: &[firmware::Component],
    why_not: &str,
) -> Result<String, Error> {
    let until = Instant::now() + BMC_DEADLINE;
    loop {
        // The BMC may be restarting into new firmware of its own: errors mean "not yet".
        if let Ok(after) = firmware::inventory(&reached.client).await {
            let changed = firmware::changed(before, &after);
            if !changed.is_empty() {
                return Ok(changed
                    .into_iter()
                    .map(|(id, old, new)| format!("{id} {old} → {new}"))
                    .collect::<Vec<_>>()
                    .join(", "));
            }
        }
        if Instant::now() > until {
            return Err(Error::new(
                ErrorCode::VerifyFailed,
                format!("{why_not} within {} s", BMC_DEADLINE.as_secs()),
            ));
        }
        tokio::time::sleep(POLL).await;
    }
}

/// A local firmware image: the name the BMC is given, and its bytes.
pub(crate) async fn read_image(path: &str) -> Result<(String, std::sync::Arc<Vec<u8>>), Error> {
    let bytes = tokio::fs::read(path).await.map_err(|e| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("cannot read the image {path}: {e}"),
        )
    })?;
    let name = std::path::Path::new(path)
        .file_name()
        .map_or("firmware.bin".to_owned(), |n| {
            n.to_string_lossy().into_owned()
        });
    Ok((name, std::sync::Arc::new(bytes)))
}

/// Sets BIOS attributes to apply at the next reset, reboots, and checks them.
async fn apply_bios(
    reached: &Reached,
    attributes: &std::collections::BTreeMap<String, serde_json::Value>,
) -> Result<String, Error> {
    let reading = bios::read_bios(&reached.client, &reached.system_path).await?;
    let changes = differing(&reading.current, attributes);
    if !changes.is_empty() {
        let on_reset = reading
            .apply_times
            .iter()
            .any(|t| t == "OnReset")
            .then_some("OnReset");
        bios::set_attributes(&reached.client, &reading.settings_path, &changes, on_reset).await?;
        restart(reached, "GracefulRestart").await?;
    }
    let until = Instant::now() + REBOOT_DEADLINE;
    loop {
        let after = bios::read_bios(&reached.client, &reached.system_path).await?;
        let wrong: Vec<String> = differing(&after.current, attributes)
            .into_iter()
            .map(|(name, want)| format!("{name} is not {want}"))
            .collect();
        if wrong.is_empty() {
            return Ok(format!("{} BIOS values verified", attributes.len()));
        }
        if after.pending.is_empty() || Instant::now() > until {
            return Err(Error::new(
                ErrorCode::VerifyFailed,
                format!("after the reboot {}", wrong.join(", ")),
            ));
        }
        tokio::time::sleep(POLL).await;
    }
}
