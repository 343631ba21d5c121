//! Handing an order's firmware tasks to the BMCs: where a BMC offers
//! `AtMaintenanceWindowStart`, the image is staged on it now with the
//! occurrence as its `@Redfish.MaintenanceWindow`, and the BMC applies it when
//! the window opens, whether or not anything of Racksmith is running then.
//! Every other task, and every server that cannot take it, is run by
//! Racksmith at the time; each decision is recorded with its reason.

use racksmith_inventory::Handoff;
use racksmith_lifecycle::schedule::chrono::{DateTime, Utc};
use racksmith_lifecycle::Actor;
use racksmith_redfish::firmware::{self, ApplyAt};

use crate::orders::{utc_text, OrderBody, OrderTask};
use crate::{Core, Error};

const WINDOW_START: &str = "AtMaintenanceWindowStart";

impl Core {
    /// Decides (and stages) each firmware task of the order's next occurrence,
    /// once per occurrence.
    pub(crate) async fn hand_off_next(
        &self,
        order_id: &str,
        body: &OrderBody,
        now: DateTime<Utc>,
        actor: &Actor,
    ) -> Result<(), Error> {
        let Some(next) = body.schedule()?.next_from(now) else {
            return Ok(());
        };
        let occurrence = utc_text(next);
        let (id, occ) = (order_id.to_owned(), occurrence.clone());
        if !self
            .with_store(move |store| store.handoffs(&id, &occ))
            .await?
            .is_empty()
        {
            return Ok(());
        }
        let seconds = u64::from(body.window_minutes) * 60;
        for server_id in &body.servers {
            for (index, task) in body.tasks.iter().enumerate() {
                if !matches!(
                    task,
                    OrderTask::Firmware { .. } | OrderTask::FirmwareFile { .. }
                ) {
                    continue;
                }
                let (via, detail, versions) = match self
                    .stage_in_window(server_id, task, &occurrence, seconds, actor)
                    .await
                {
                    Ok((message, versions)) => ("bmc", message, versions),
                    Err(why) => ("racksmith", why, "{}".to_owned()),
                };
                let handoff = Handoff {
                    order_id: order_id.to_owned(),
                    occurrence: occurrence.clone(),
                    server_id: server_id.clone(),
                    task_index: index as u32,
                    via: via.to_owned(),
                    detail,
                    versions,
                    at: utc_text(Utc::now()),
                };
                self.with_store(move |store| store.record_handoff(&handoff))
                    .await?;
            }
        }
        Ok(())
    }

    /// Stages one image on one BMC for the window; the error is the reason,
    /// in words, why Racksmith runs the task itself instead.
    async fn stage_in_window(
        &self,
        server_id: &str,
        task: &OrderTask,
        occurrence: &str,
        seconds: u64,
        actor: &Actor,
    ) -> Result<(String, String), String> {
        let server = self.find_server(server_id).await.map_err(|e| e.message)?;
        // Staging now is an action on the hardware: the stage must allow it now.
        let params = serde_json::json!({ "task": task.label(), "window": occurrence });
        self.guard_action(&server, task.action(), "order_handoff", actor, params)
            .await
            .map_err(|e| format!("not handed to the BMC: {}", e.message))?;
        let reached = self.reach(&server).await.map_err(|e| e.message)?;
        let offer = firmware::offer(&reached.client)
            .await
            .map_err(|e| Error::from(e).message)?;
        if !offer.supports(WINDOW_START) {
            return Err(format!(
                "the BMC cannot apply updates in a maintenance window (it offers {})",
                if offer.apply_times.is_empty() {
                    "no apply times".to_owned()
                } else {
                    offer.apply_times.join(", ")
                }
            ));
        }
        let before = firmware::components(&reached.client, &offer)
            .await
            .map_err(|e| Error::from(e).message)?;
        let versions: std::collections::BTreeMap<String, Option<String>> =
            before.into_iter().map(|c| (c.id, c.version)).collect();
        let versions = serde_json::to_string(&versions).unwrap_or_else(|_| "{}".to_owned());
        let apply = ApplyAt::Window {
            start: occurrence.to_owned(),
            seconds,
        };
        let staged = match task {
            OrderTask::Firmware { image_url } => {
                firmware::simple_update(&reached.client, &offer, image_url, &apply).await
            }
            OrderTask::FirmwareFile { path } => {
                let (name, bytes) = crate::order_tasks::read_image(path)
                    .await
                    .map_err(|e| e.message)?;
                firmware::push_update(&reached.client, &offer, &name, bytes, &apply).await
            }
            _ => return Err("only firmware is handed to BMCs".to_owned()),
        };
        staged
            .map(|message| {
                let detail = format!(
                    "staged on the BMC to apply at {occurrence}{}",
                    message.map(|m| format!(" ({m})")).unwrap_or_default()
                );
                (detail, versions)
            })
            .map_err(|e| format!("the BMC refused to stage it: {}", Error::from(e).message))
    }

    /// The tasks handed to this server's BMC for this occurrence, with the
    /// versions it had when they were staged.
    pub(crate) async fn handed_tasks(
        &self,
        order_id: &str,
        occurrence: &str,
        server_id: &str,
    ) -> Result<Vec<(u32, Vec<firmware::Component>)>, Error> {
        let (id, occ) = (order_id.to_owned(), occurrence.to_owned());
        let handoffs = self
            .with_store(move |store| store.handoffs(&id, &occ))
            .await?;
        Ok(handoffs
            .into_iter()
            .filter(|h| h.server_id == server_id && h.via == "bmc")
            .map(|h| {
                let versions: std::collections::BTreeMap<String, Option<String>> =
                    serde_json::from_str(&h.versions).unwrap_or_default();
                let before = versions
                    .into_iter()
                    .map(|(id, version)| firmware::Component {
                        id,
                        name: None,
                        version,
                        updateable: None,
                    })
                    .collect();
                (h.task_index, before)
            })
            .collect())
    }
}
