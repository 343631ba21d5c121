//! A job's part for an Ironic node, carried out by Ironic's conductor: power
//! and reboots as power requests, a build as a manual clean (RAID layout, BIOS
//! settings), Maintenance tasks as servicing. Each is followed to its end and
//! Ironic's own reason is kept when it fails.

use std::time::Duration;

use racksmith_build::{BmcSettings, BuildProfile, Media, RaidLayout, RaidLevel};
use racksmith_inventory::{BackendRecord, ServerSummary};
use racksmith_ironic::{Client, Step, Verb};
use serde_json::{json, Value};

use crate::ironic_moves::IRONIC_TRANSITION;
use crate::jobs::{JobKind, PowerOp, Progress};
use crate::orders::OrderTask;
use crate::{Core, Error, ErrorCode};

/// How long a power change through Ironic may take to show.
const IRONIC_POWER_SETTLE: Duration = Duration::from_secs(600);

/// RAID interfaces that cannot build a layout by cleaning: Ironic's fake one
/// keeps the target layout but offers no RAID clean steps, and no-raid has none.
const NO_RAID_STEPS: [&str; 2] = ["fake", "no-raid"];

/// One server's part of a job, carried out through Ironic.
struct NodeJob<'a> {
    job_id: &'a str,
    server: &'a ServerSummary,
    backend: &'a BackendRecord,
    client: Client,
    node: &'a str,
    progress: &'a Progress,
}

impl NodeJob<'_> {
    fn unsupported(&self, what: &str) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            format!(
                "{} is a node of the Ironic at {}; {what} is not available through Ironic",
                self.server.name, self.backend.url
            ),
        )
    }
}

/// The profile's layout in Ironic's words (its RAID schema).
pub(crate) fn target_raid_config(layout: &RaidLayout) -> Value {
    let level = match layout.level {
        RaidLevel::Raid0 => "0",
        RaidLevel::Raid1 => "1",
        RaidLevel::Raid5 => "5",
        RaidLevel::Raid6 => "6",
        RaidLevel::Raid10 => "1+0",
        RaidLevel::Raid50 => "5+0",
        RaidLevel::Raid60 => "6+0",
    };
    let mut disk = json!({
        "size_gb": "MAX",
        "raid_level": level,
        "is_root_volume": true,
        "volume_name": layout.volume_name,
        "number_of_physical_disks": layout.drives,
    });
    if let Some(media) = layout.media {
        disk["disk_type"] = json!(match media {
            Media::Hdd => "hdd",
            Media::Ssd => "ssd",
        });
    }
    json!({ "logical_disks": [disk] })
}

/// A BIOS value as Ironic keeps it: text.
fn bios_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// BIOS attributes as `bios.apply_configuration` takes them (values as text).
pub(crate) fn bios_settings(attributes: &std::collections::BTreeMap<String, Value>) -> Value {
    let settings: Vec<Value> = attributes
        .iter()
        .map(|(name, value)| json!({ "name": name, "value": bios_text(value) }))
        .collect();
    json!({ "settings": settings })
}

impl Core {
    /// A job's part for a server that is an Ironic node.
    pub(crate) async fn act_through_ironic(
        &self,
        job_id: &str,
        kind: &JobKind,
        server: &ServerSummary,
        backend: &BackendRecord,
        node: &str,
        progress: &Progress,
    ) -> Result<String, Error> {
        let job = NodeJob {
            job_id,
            server,
            backend,
            client: self.ironic(backend).await?,
            node,
            progress,
        };
        match kind {
            JobKind::Power { op } => self.power_through_ironic(&job, *op).await,
            JobKind::Build { profile } => self.build_through_ironic(&job, profile).await,
            JobKind::Maintenance { tasks } | JobKind::Order { tasks, .. } => {
                let mut done = Vec::new();
                for task in tasks {
                    done.push(self.task_through_ironic(&job, task).await?);
                }
                Ok(done.join("; "))
            }
            JobKind::Locate { on } => {
                let (light, state) = job.client.set_locator(job.node, *on).await?;
                Ok(format!("locator {state} ({light}, through Ironic)"))
            }
            JobKind::Delete => Err(Error::new(
                ErrorCode::Internal,
                "a deletion pass is run by delete_one",
            )),
        }
    }

    async fn power_through_ironic(&self, job: &NodeJob<'_>, op: PowerOp) -> Result<String, Error> {
        let NodeJob {
            job_id,
            server,
            client,
            node,
            progress,
            ..
        } = job;
        client.set_power(node, op.ironic_target()).await?;
        let wanted = if op.settles_at() == "On" {
            "power on"
        } else {
            "power off"
        };
        self.record_step(
            job_id,
            server,
            format!("waiting for Ironic to report {wanted}"),
            progress,
        )
        .await?;
        client
            .wait_for_power(node, wanted, IRONIC_POWER_SETTLE)
            .await?;
        let (id, state) = (server.id.clone(), op.settles_at().to_owned());
        self.with_store(move |store| store.record_power_state(&id, &state))
            .await?;
        Ok(format!("power {} (through Ironic)", op.settles_at()))
    }

    /// A build is a manual clean: the RAID layout set as the node's target and
    /// built by the RAID interface, then the BIOS settings applied.
    async fn build_through_ironic(
        &self,
        job: &NodeJob<'_>,
        profile: &BuildProfile,
    ) -> Result<String, Error> {
        let NodeJob {
            job_id,
            server,
            client,
            node,
            progress,
            ..
        } = job;
        if profile.bmc != BmcSettings::default() {
            return Err(job.unsupported("the profile's BMC settings"));
        }
        let facts = ready_for_steps(client, node).await?;
        let raid_interface = facts.raid_interface.clone().unwrap_or_default();
        let mut steps = Vec::new();
        let mut done = Vec::new();
        if let Some(layout) = &profile.raid {
            if raid_interface == "no-raid" {
                return Err(job.unsupported("RAID (its RAID interface is no-raid)"));
            }
            self.record_step(
                job_id,
                server,
                "setting the target RAID layout in Ironic".into(),
                progress,
            )
            .await?;
            client
                .set_target_raid(node, &target_raid_config(layout))
                .await?;
            if NO_RAID_STEPS.contains(&raid_interface.as_str()) {
                let line = format!(
                    "Ironic's {raid_interface} RAID interface keeps the target layout but has no RAID clean steps; none were run"
                );
                self.job_note(job_id, server, "warn", &line).await;
                done.push(format!("target RAID {} set", layout.volume_name));
            } else {
                if layout.replace_existing {
                    steps.push(Step::new("raid", "delete_configuration", Value::Null));
                }
                steps.push(Step::new("raid", "create_configuration", Value::Null));
                done.push(format!("RAID {} built", layout.volume_name));
            }
        }
        if !profile.bios.is_empty() {
            steps.push(Step::new(
                "bios",
                "apply_configuration",
                bios_settings(&profile.bios),
            ));
            done.push(format!("{} BIOS settings applied", profile.bios.len()));
        }
        if !steps.is_empty() {
            let names: Vec<String> = steps.iter().map(Step::name).collect();
            self.record_step(
                job_id,
                server,
                format!("manual clean in Ironic: {}", names.join(", ")),
                progress,
            )
            .await?;
            client
                .provision_and_wait(node, Verb::Clean, &steps, IRONIC_TRANSITION)
                .await?;
        }
        if !profile.bios.is_empty() {
            self.check_bios_in_ironic(client, node, &profile.bios)
                .await?;
        }
        Ok(if done.is_empty() {
            "nothing to build".to_owned()
        } else {
            format!("{} (through Ironic)", done.join(", "))
        })
    }

    /// Reads Ironic's cached BIOS settings back: each must have the value asked for.
    async fn check_bios_in_ironic(
        &self,
        client: &Client,
        node: &str,
        wanted: &std::collections::BTreeMap<String, Value>,
    ) -> Result<(), Error> {
        verify_bios(&client.bios_settings(node).await?, wanted)
    }

    /// A Maintenance task on an active node: reboots as power requests, the
    /// rest as servicing with the matching service step.
    async fn task_through_ironic(
        &self,
        job: &NodeJob<'_>,
        task: &OrderTask,
    ) -> Result<String, Error> {
        let NodeJob {
            job_id,
            server,
            client,
            node,
            progress,
            ..
        } = job;
        let step = match task {
            OrderTask::Reboot => return self.power_through_ironic(job, PowerOp::Restart).await,
            OrderTask::PowerCycle => {
                return self.power_through_ironic(job, PowerOp::PowerCycle).await
            }
            OrderTask::Bios { attributes } => {
                Step::new("bios", "apply_configuration", bios_settings(attributes))
            }
            OrderTask::Firmware { image_url } => Step::new(
                "management",
                "update_firmware",
                json!({ "firmware_images": [{ "url": image_url }] }),
            ),
            OrderTask::FirmwareFile { .. } => {
                return Err(job.unsupported("a firmware file from this computer"))
            }
            OrderTask::BmcReset => return Err(job.unsupported("a BMC reset")),
            OrderTask::Wait { .. } => return Err(job.unsupported("a wait task")),
        };
        let (verb, done) = step_verb(client, node).await?;
        self.record_step(
            job_id,
            server,
            format!("{} in Ironic: {}", verb_words(verb), step.name()),
            progress,
        )
        .await?;
        client
            .provision_and_wait(node, verb, std::slice::from_ref(&step), IRONIC_TRANSITION)
            .await?;
        if let OrderTask::Bios { attributes } = task {
            self.check_bios_in_ironic(client, node, attributes).await?;
        }
        Ok(format!("{} {done} (through Ironic)", step.name()))
    }
}

/// The node as it is now; a failed clean holds a node until it is managed
/// again, so a retry (or the next step) starts from manageable.
async fn ready_for_steps(client: &Client, node: &str) -> Result<racksmith_ironic::Node, Error> {
    let facts = client.node(node).await?;
    if facts.provision_state != "clean failed" {
        return Ok(facts);
    }
    Ok(client
        .provision_and_wait(node, Verb::Manage, &[], IRONIC_TRANSITION)
        .await?)
}

/// How a step runs on the node as it is now: servicing once it is deployed,
/// a manual clean while it is being built (a failed clean is managed again first).
pub(crate) async fn step_verb(client: &Client, node: &str) -> Result<(Verb, &'static str), Error> {
    let state = ready_for_steps(client, node).await?.provision_state;
    match state.as_str() {
        "active" | "service failed" => Ok((Verb::Service, "serviced")),
        "manageable" => Ok((Verb::Clean, "applied by a manual clean")),
        other => Err(Error::new(
            ErrorCode::Conflict,
            format!("Ironic has node {node} {other}; a step runs only on a node being built (manageable) or deployed (active)"),
        )),
    }
}

/// Each wanted value against Ironic's cache (values as text, as Ironic keeps them).
pub(crate) fn verify_bios(
    have: &[(String, String)],
    wanted: &std::collections::BTreeMap<String, Value>,
) -> Result<(), Error> {
    let mut wrong = Vec::new();
    for (name, value) in wanted {
        let value = bios_text(value);
        match have.iter().find(|(n, _)| n == name) {
            Some((_, v)) if *v == value => {}
            Some((_, v)) => wrong.push(format!("{name} is {v}, not {value}")),
            None => wrong.push(format!("{name} is not reported")),
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::VerifyFailed,
            format!("Ironic reports the BIOS otherwise: {}", wrong.join("; ")),
        ))
    }
}

fn verb_words(verb: Verb) -> &'static str {
    match verb {
        Verb::Service => "servicing",
        _ => "manual clean",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profiles_layout_is_written_in_ironics_raid_schema() {
        let layout = RaidLayout {
            level: RaidLevel::Raid10,
            drives: 4,
            media: Some(Media::Ssd),
            min_drive_bytes: None,
            spans: None,
            hot_spares: 0,
            volume_name: "os".into(),
            replace_existing: true,
        };
        assert_eq!(
            target_raid_config(&layout),
            json!({"logical_disks": [{
                "size_gb": "MAX", "raid_level": "1+0", "is_root_volume": true,
                "volume_name": "os", "number_of_physical_disks": 4, "disk_type": "ssd"
            }]})
        );
    }

    #[test]
    fn bios_values_are_sent_as_text() {
        let attributes = [
            ("BootMode".to_owned(), json!("Uefi")),
            ("NumCores".to_owned(), json!(8)),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            bios_settings(&attributes),
            json!({"settings": [
                {"name": "BootMode", "value": "Uefi"},
                {"name": "NumCores", "value": "8"}
            ]})
        );
    }
}
