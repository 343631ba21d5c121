//! Building one server from a profile, as a step of a bulk job: preflight, BMC
//! settings, the RAID volume, BIOS values, the reboot that applies them, and a
//! verification that reads everything back. Each step is recorded, so the job
//! shows where every server is and where a failed one stopped.

use std::time::Duration;

use futures_util::stream::{self, StreamExt};
use racksmith_build::{
    differing, preflight, BuildProfile, Preflight, PreflightCheck, ServerBuildState, ServerDrive,
};
use racksmith_inventory::ServerSummary;
use racksmith_redfish::bios::{read_bios, set_attributes, BiosReading};
use racksmith_redfish::manager::read_manager;
use racksmith_redfish::power;
use racksmith_redfish::storage::{
    create_volume, delete_volume, read_storage, NewVolume, StorageView,
};
use serde::Serialize;
use specta::Type;

use crate::bios::{effective, registry_of};
use crate::jobs::Progress;
use crate::raid::{drive_path, is_failed, media_of, verify};
use crate::reach::Reached;
use crate::{Core, Error, ErrorCode};

/// How long a server may take to come back with its BIOS settings applied.
const REBOOT_DEADLINE: Duration = Duration::from_secs(900);
const REBOOT_POLL: Duration = Duration::from_millis(500);
/// Servers read at once by a preflight from the UI.
const PREFLIGHT_CONCURRENCY: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ServerPreflight {
    pub server_id: String,
    pub name: String,
    pub checks: Vec<PreflightCheck>,
    pub passed: bool,
    /// The server could not be read at all.
    pub error: Option<Error>,
}

/// What the preflight read, kept for the build steps that follow it.
struct BuildReading {
    state: ServerBuildState,
    storage: Option<StorageView>,
    bios: BiosReading,
}

impl Core {
    /// What a server has that a profile cares about, read from its BMC.
    async fn build_reading(&self, reached: &Reached) -> Result<BuildReading, Error> {
        let storage = read_storage(&reached.client, &reached.system_path)
            .await?
            .into_iter()
            .next();
        let storage_ref = storage.as_ref();
        let bios = read_bios(&reached.client, &reached.system_path).await?;
        let manager = read_manager(&reached.client, &reached.system_path).await?;
        let system: racksmith_redfish::resources::ComputerSystem =
            reached.client.get(&reached.system_path).await?;
        let state = ServerBuildState {
            drives: storage_ref
                .map(|s| {
                    s.drives
                        .iter()
                        .map(|d| ServerDrive {
                            id: d.id.clone(),
                            capacity_bytes: d.capacity_bytes.unwrap_or(0),
                            media: media_of(d),
                            failed: is_failed(d),
                            free: d.volume.is_none(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            volumes: storage_ref.map_or(0, |s| s.volumes.len() as u32),
            raid_types: storage_ref
                .map(|s| s.raid_types.clone())
                .unwrap_or_default(),
            has_controller: storage_ref.is_some_and(|s| s.volumes_path.is_some()),
            registry: bios.registry.as_ref().map(registry_of),
            bios_values: effective(&bios),
            bios_version: system.bios_version,
            bmc_version: manager.firmware_version,
        };
        Ok(BuildReading {
            state,
            storage,
            bios,
        })
    }

    async fn preflight_on(
        &self,
        profile: &BuildProfile,
        reached: &Reached,
    ) -> Result<(Preflight, BuildReading), Error> {
        let reading = self.build_reading(reached).await?;
        Ok((preflight(profile, &reading.state), reading))
    }

    /// The preflight of every chosen server, before a build is started.
    pub async fn preflight_build(
        &self,
        profile: &BuildProfile,
        servers: &[String],
    ) -> Result<Vec<ServerPreflight>, Error> {
        crate::profiles::check_profile(profile)?;
        let mut found = Vec::new();
        for key in servers {
            found.push(self.find_server(key).await?);
        }
        let results = stream::iter(found)
            .map(|server| async move {
                let outcome = async {
                    let reached = self.reach(&server).await?;
                    Ok(self.preflight_on(profile, &reached).await?.0)
                }
                .await;
                match outcome {
                    Ok(p) => ServerPreflight {
                        passed: p.passed(),
                        checks: p.checks,
                        error: None,
                        server_id: server.id,
                        name: server.name,
                    },
                    Err(error) => ServerPreflight {
                        server_id: server.id,
                        name: server.name,
                        checks: Vec::new(),
                        passed: false,
                        error: Some(error),
                    },
                }
            })
            .buffered(PREFLIGHT_CONCURRENCY)
            .collect()
            .await;
        Ok(results)
    }

    async fn step(&self, job_id: &str, server: &ServerSummary, step: &str, progress: &Progress) {
        if let Err(error) = self
            .record_step(job_id, server, step.to_owned(), progress)
            .await
        {
            tracing::error!(job = %job_id, %error, "could not record a job step");
        }
    }

    /// One server's build; the result names what was verified.
    pub(crate) async fn build_one(
        &self,
        job_id: &str,
        profile: &BuildProfile,
        server: &ServerSummary,
        reached: &Reached,
        progress: &Progress,
    ) -> Result<String, Error> {
        let (checked, reading) = self.preflight_on(profile, reached).await?;
        if !checked.passed() {
            return Err(Error::new(
                ErrorCode::PreflightFailed,
                format!("{}: {}", server.name, checked.failures()),
            ));
        }
        let mut done = Vec::new();

        self.step(job_id, server, "applying BMC settings", progress)
            .await;
        self.apply_settings_on(server, reached, &profile.bmc)
            .await?;
        done.push("BMC settings".to_owned());

        if let (Some(raid), Some(pick)) = (&profile.raid, &checked.pick) {
            self.step(job_id, server, "building the RAID volume", progress)
                .await;
            // The preflight read the storage a moment ago and picked the drives from it.
            let storage = reading.storage.clone().ok_or_else(|| {
                Error::new(ErrorCode::PreflightFailed, "the RAID controller is gone")
            })?;
            if raid.replace_existing {
                for volume in &storage.volumes {
                    delete_volume(&reached.client, &volume.path).await?;
                    self.job_note(
                        job_id,
                        server,
                        "info",
                        &format!(
                            "deleted volume {} ({}) as the profile replaces existing volumes",
                            volume.name.as_deref().unwrap_or(&volume.id),
                            volume.raid_type.as_deref().unwrap_or("?")
                        ),
                    )
                    .await;
                }
            }
            let path = |id: &String| drive_path(&storage, id);
            let volumes_path = storage.volumes_path.clone().unwrap_or_default();
            let created = create_volume(
                &reached.client,
                &volumes_path,
                &NewVolume {
                    name: Some(raid.volume_name.clone()),
                    raid_type: raid.level.redfish().to_owned(),
                    drives: pick.drives.iter().map(path).collect(),
                    spares: pick.spares.iter().map(path).collect(),
                    capacity_bytes: None,
                    strip_size_bytes: None,
                    write_cache_policy: None,
                    read_cache_policy: None,
                },
            )
            .await?;
            let after = read_storage(&reached.client, &reached.system_path)
                .await?
                .into_iter()
                .find(|s| s.id == storage.id)
                .unwrap_or(storage.clone());
            verify(
                &after,
                &created.id,
                raid.level,
                &pick.drives,
                pick.usable_bytes,
            )?;
            done.push(format!(
                "{} volume {}",
                raid.level.redfish(),
                raid.volume_name
            ));
        }

        if !profile.bios.is_empty() {
            self.step(job_id, server, "setting BIOS values", progress)
                .await;
            // Neither the BMC settings nor the volume touch the BIOS: the
            // preflight's reading still holds.
            let bios = &reading.bios;
            let changes = differing(&effective(bios), &profile.bios);
            if !changes.is_empty() {
                let on_reset = bios
                    .apply_times
                    .iter()
                    .any(|t| t == "OnReset")
                    .then_some("OnReset");
                set_attributes(&reached.client, &bios.settings_path, &changes, on_reset).await?;
            }
            let pending = read_bios(&reached.client, &reached.system_path)
                .await?
                .pending;
            if !pending.is_empty() {
                self.step(job_id, server, "rebooting to apply BIOS settings", progress)
                    .await;
                self.reboot_until_applied(reached).await?;
            }
            self.step(job_id, server, "verifying", progress).await;
            let after = read_bios(&reached.client, &reached.system_path).await?;
            let wrong: Vec<String> = differing(&after.current, &profile.bios)
                .into_iter()
                .map(|(name, want)| {
                    format!(
                        "{name} is {} (wanted {want})",
                        after
                            .current
                            .get(&name)
                            .map_or("absent".to_owned(), ToString::to_string)
                    )
                })
                .collect();
            if !wrong.is_empty() {
                return Err(Error::new(
                    ErrorCode::VerifyFailed,
                    format!("after the reboot {}", wrong.join(", ")),
                ));
            }
            done.push(format!("{} BIOS values", profile.bios.len()));
        }
        Ok(format!("verified: {}", done.join(", ")))
    }

    /// Powers the server on (or restarts it) and waits until it is on with
    /// nothing pending, which is when POST has applied the BIOS settings.
    pub(crate) async fn reboot_until_applied(&self, reached: &Reached) -> Result<(), Error> {
        let state = power::power_state(&reached.client, &reached.system_path).await?;
        let reset = if state.as_deref() == Some("On") {
            "ForceRestart"
        } else {
            "On"
        };
        power::reset(&reached.client, &reached.system_path, reset).await?;
        let deadline = tokio::time::Instant::now() + REBOOT_DEADLINE;
        loop {
            tokio::time::sleep(REBOOT_POLL).await;
            let on = power::power_state(&reached.client, &reached.system_path)
                .await?
                .as_deref()
                == Some("On");
            if on
                && read_bios(&reached.client, &reached.system_path)
                    .await?
                    .pending
                    .is_empty()
            {
                return Ok(());
            }
            if tokio::time::Instant::now() > deadline {
                return Err(Error::new(
                    ErrorCode::BmcTimeout,
                    format!(
                        "the server did not come back with its BIOS settings applied within {} s",
                        REBOOT_DEADLINE.as_secs()
                    ),
                ));
            }
        }
    }

    /// A line in the job's log for one server, at `level` (info, warn).
    pub(crate) async fn job_note(
        &self,
        job_id: &str,
        server: &ServerSummary,
        level: &'static str,
        line: &str,
    ) {
        let (job, sid, l) = (job_id.to_owned(), server.id.clone(), line.to_owned());
        if let Err(error) = self
            .with_store(move |store| store.job_log(&job, Some(&sid), level, &l))
            .await
        {
            tracing::error!(job = %job_id, %error, "could not log a job note");
        }
    }
}
