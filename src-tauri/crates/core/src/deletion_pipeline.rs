//! One server's deletion pipeline, step by step, each recorded on its pass so a
//! failure names where and why, and a retry runs the whole pipeline again
//! (drives whose erase finished on this pass are not erased twice).

use racksmith_build::BmcSettings;
use racksmith_inventory::{Deletion, ServerSummary};
use racksmith_lifecycle::Actor;
use racksmith_redfish::bios::{read_bios, reset_to_defaults};
use racksmith_redfish::manager::{delete_account, list_accounts, AccountView};
use racksmith_redfish::storage::{delete_volume, read_storage};
use racksmith_redfish::{event_log, media, power};
use serde::Deserialize;

use crate::bmc_settings::change_for;
use crate::deletion::PIPELINE;
use crate::jobs::{wait_for_power, Progress};
use crate::reach::Reached;
use crate::{Core, Error, ErrorCode};

/// The file in the profile folder that says what a deleted server's BMC returns to.
pub const DELETION_BASELINE_FILE: &str = "deletion-baseline.toml";

/// What a deleted server's BMC is set back to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeletionBaseline {
    /// Accounts kept besides the one Racksmith signs in with (the operator's own).
    #[serde(default)]
    pub keep_accounts: Vec<String>,
    #[serde(default = "secure_bmc")]
    pub bmc: BmcSettings,
}

/// With no baseline file: the host name back to the server's and the remote
/// shells a customer may have opened turned off; the rest as the BMC has it.
fn secure_bmc() -> BmcSettings {
    BmcSettings {
        hostname: Some("{name}".to_owned()),
        ipmi: Some(false),
        ssh: Some(false),
        ..BmcSettings::default()
    }
}

impl Default for DeletionBaseline {
    fn default() -> Self {
        DeletionBaseline {
            keep_accounts: Vec::new(),
            bmc: secure_bmc(),
        }
    }
}

/// What the steps found, for the certificate issued at the end of the run.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub manufacturer: Option<String>,
    pub firmware: Option<crate::maintenance::FirmwareView>,
    pub sel: Option<racksmith_certificate::SelArchive>,
    /// The Ironic node the pass was carried out through, instead of a BMC.
    pub ironic_node: Option<String>,
}

impl Core {
    async fn deletion_baseline(&self) -> Result<DeletionBaseline, Error> {
        let path = self.profile.dir().join(DELETION_BASELINE_FILE);
        match tokio::fs::read_to_string(&path).await {
            Ok(text) => toml::from_str(&text).map_err(|e| {
                Error::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "the deletion baseline {} cannot be read: {e}",
                        path.display()
                    ),
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(DeletionBaseline::default()),
            Err(e) => Err(e.into()),
        }
    }

    /// The job's part for one server: its open pass, every step in order.
    pub(crate) async fn delete_one(
        &self,
        job_id: &str,
        server: &ServerSummary,
        actor: &Actor,
        progress: &Progress,
    ) -> Result<String, Error> {
        let id = server.id.clone();
        let pass = self
            .with_store(move |store| store.open_deletion(&id))
            .await?
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::DeletionUnfinished,
                    format!("{} has no deletion open", server.name),
                )
            })?;
        let (pass_id, job) = (pass.id.clone(), job_id.to_owned());
        self.with_store(move |store| store.deletion_resumed(&pass_id, &job))
            .await?;
        if let Some(link) = self.ironic_link(server).await? {
            return self
                .delete_through_ironic(job_id, &pass, server, actor, link, progress)
                .await;
        }
        let reached = match self.reach(server).await {
            Ok(reached) => reached,
            Err(error) => {
                self.fail_step(&pass, PIPELINE[0], &error).await;
                return Err(error);
            }
        };
        let mut findings = Findings::default();
        for (position, step) in PIPELINE.iter().enumerate() {
            let (pass_id, name) = (pass.id.clone(), (*step).to_owned());
            self.with_store(move |store| {
                store.deletion_step_started(&pass_id, &name, position as u32)
            })
            .await?;
            self.record_step(job_id, server, step_label(step).to_owned(), progress)
                .await?;
            let outcome = self
                .run_step(
                    step,
                    job_id,
                    &pass,
                    server,
                    &reached,
                    &mut findings,
                    progress,
                )
                .await;
            match outcome {
                Ok(detail) => {
                    let (pass_id, name) = (pass.id.clone(), (*step).to_owned());
                    self.with_store(move |store| {
                        store.deletion_step_done(&pass_id, &name, &detail)
                    })
                    .await?;
                }
                Err(error) => {
                    self.fail_step(&pass, step, &error).await;
                    return Err(error);
                }
            }
        }
        let certificate = self
            .issue_certificate(&pass, server, actor, findings)
            .await?;
        Ok(format!(
            "verified clean and back in Inventory; certificate {certificate}"
        ))
    }

    pub(crate) async fn fail_step(&self, pass: &Deletion, step: &str, error: &Error) {
        let (id, name, message, code) = (
            pass.id.clone(),
            step.to_owned(),
            error.message.clone(),
            error.code.name(),
        );
        if let Err(e) = self
            .with_store(move |store| store.deletion_step_failed(&id, &name, &message, &code))
            .await
        {
            tracing::error!(deletion = %pass.id, error = %e, "could not record a failed deletion step");
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn run_step(
        &self,
        step: &str,
        job_id: &str,
        pass: &Deletion,
        server: &ServerSummary,
        reached: &Reached,
        findings: &mut Findings,
        progress: &Progress,
    ) -> Result<String, Error> {
        match step {
            "power_off" => self.power_off(reached).await,
            "eject_media" => eject_all(reached).await,
            "bmc_accounts" => self.remove_customer_accounts(server, reached).await,
            "bmc_settings" => self.restore_bmc(server, reached).await,
            "raid_volumes" => delete_volumes(reached).await,
            "erase_drives" => {
                self.erase_drives(job_id, pass, server, reached, progress)
                    .await
            }
            "bios_reset" => self.reset_bios_to_defaults(reached).await,
            "firmware_check" => {
                let view = self.firmware_of(server, reached).await?;
                let system: racksmith_redfish::resources::ComputerSystem =
                    reached.client.get(&reached.system_path).await?;
                findings.manufacturer = system.manufacturer;
                let detail = firmware_detail(&view);
                findings.firmware = Some(view);
                Ok(detail)
            }
            "sel_archive" => {
                let (detail, archive) = self.archive_sel(pass, server, reached).await?;
                findings.sel = archive;
                Ok(detail)
            }
            "verify" => self.verify_clean(pass, server, reached).await,
            other => Err(Error::new(
                ErrorCode::Internal,
                format!("the pipeline has no step {other}"),
            )),
        }
    }

    async fn power_off(&self, reached: &Reached) -> Result<String, Error> {
        let state = power::power_state(&reached.client, &reached.system_path).await?;
        if state.as_deref() == Some("Off") {
            return Ok("already off".to_owned());
        }
        power::reset(&reached.client, &reached.system_path, "ForceOff").await?;
        wait_for_power(reached, "Off").await?;
        Ok(format!(
            "was {}; forced off",
            state.as_deref().unwrap_or("in an unknown state")
        ))
    }

    /// The BMC's accounts that are neither Racksmith's own sign-in nor kept by
    /// the baseline: the customer's, to be removed.
    async fn customer_accounts_on(
        &self,
        server: &ServerSummary,
        reached: &Reached,
    ) -> Result<Vec<AccountView>, Error> {
        let (bmc, _) = self.bmc_of(server).await?;
        let baseline = self.deletion_baseline().await?;
        Ok(list_accounts(&reached.client)
            .await?
            .into_iter()
            .filter(|a| {
                !a.username.is_empty()
                    && a.username != bmc.username
                    && !baseline.keep_accounts.contains(&a.username)
            })
            .collect())
    }

    async fn remove_customer_accounts(
        &self,
        server: &ServerSummary,
        reached: &Reached,
    ) -> Result<String, Error> {
        let mut removed = Vec::new();
        for account in self.customer_accounts_on(server, reached).await? {
            delete_account(&reached.client, &account.path).await?;
            removed.push(account.username);
        }
        // Racksmith's own record of the customer's passwords goes with them.
        let id = server.id.clone();
        let ours = self
            .with_store(move |store| store.customer_accounts(&id))
            .await?;
        for account in ours {
            if let Some(secret) = account.secret_ref.strip_prefix("keyring:") {
                let (vault, secret) = (self.vault.clone(), secret.to_owned());
                tokio::task::spawn_blocking(move || vault.forget(&secret)).await??;
            }
            let (id, user) = (server.id.clone(), account.username.clone());
            self.with_store(move |store| store.forget_customer_account(&id, &user))
                .await?;
        }
        let left: Vec<String> = self
            .customer_accounts_on(server, reached)
            .await?
            .into_iter()
            .map(|a| a.username)
            .collect();
        if !left.is_empty() {
            return Err(Error::new(
                ErrorCode::VerifyFailed,
                format!("the BMC still lists {} after removal", left.join(", ")),
            ));
        }
        Ok(if removed.is_empty() {
            "no customer accounts".to_owned()
        } else {
            format!("removed {}", removed.join(", "))
        })
    }

    async fn restore_bmc(
        &self,
        server: &ServerSummary,
        reached: &Reached,
    ) -> Result<String, Error> {
        let baseline = self.deletion_baseline().await?;
        // Sent and read back as any BMC settings are; a baseline makes no account.
        let settings = BmcSettings {
            account: None,
            ..baseline.bmc
        };
        self.apply_settings_on(server, reached, &settings).await?;
        let change = change_for(&settings, server);
        let mut said = Vec::new();
        if let Some(host) = &change.hostname {
            said.push(format!("host name {host}"));
        }
        for (name, value) in [
            ("IPMI", change.ipmi),
            ("SSH", change.ssh),
            ("KVM", change.kvm),
        ] {
            if let Some(on) = value {
                said.push(format!("{name} {}", if on { "on" } else { "off" }));
            }
        }
        Ok(format!("baseline restored: {}", said.join(", ")))
    }

    async fn reset_bios_to_defaults(&self, reached: &Reached) -> Result<String, Error> {
        let reading = read_bios(&reached.client, &reached.system_path).await?;
        reset_to_defaults(&reached.client, &reading).await?;
        let pending = read_bios(&reached.client, &reached.system_path)
            .await?
            .pending;
        let changed = pending.len();
        if changed > 0 {
            // The defaults take effect during POST; the server goes off again after.
            self.reboot_until_applied(reached).await?;
            power::reset(&reached.client, &reached.system_path, "ForceOff").await?;
            wait_for_power(reached, "Off").await?;
        }
        let after = read_bios(&reached.client, &reached.system_path).await?;
        let wrong: Vec<String> = after
            .registry
            .as_ref()
            .map(crate::bios::registry_of)
            .map(|registry| {
                registry
                    .attributes
                    .iter()
                    .filter(|a| !a.read_only)
                    .filter_map(|a| {
                        let default = a.default.as_ref()?;
                        let now = after.current.get(&a.name)?;
                        (now != default).then(|| format!("{} is {now} (default {default})", a.name))
                    })
                    .collect()
            })
            .unwrap_or_default();
        if !wrong.is_empty() {
            return Err(Error::new(
                ErrorCode::VerifyFailed,
                format!("after the reset {}", wrong.join(", ")),
            ));
        }
        Ok(if changed == 0 {
            "every attribute was at its default already".to_owned()
        } else {
            format!("{changed} attributes back to their defaults (applied at a power-on, then off)")
        })
    }

    /// Saves every SEL entry to the profile's archive folder, then clears the log.
    async fn archive_sel(
        &self,
        pass: &Deletion,
        server: &ServerSummary,
        reached: &Reached,
    ) -> Result<(String, Option<racksmith_certificate::SelArchive>), Error> {
        let Some(sel) = event_log::sel_service(&reached.client, &reached.system_path).await? else {
            return Ok(("the BMC publishes no SEL".to_owned(), None));
        };
        let entries = event_log::entries(&reached.client, &sel).await?;
        let dir = self.profile.dir().join("sel-archive");
        tokio::fs::create_dir_all(&dir).await?;
        let file = dir.join(format!("{}-{}.json", server.name, pass.id));
        let body = serde_json::to_vec_pretty(&serde_json::json!({
            "server": server.name,
            "serverId": server.id,
            "deletionId": pass.id,
            "readAt": racksmith_inventory::now(),
            "entries": entries,
        }))
        .unwrap_or_default();
        tokio::fs::write(&file, &body).await?;
        let sha256 = hex(ring::digest::digest(&ring::digest::SHA256, &body).as_ref());
        event_log::clear(&reached.client, &sel).await?;
        let archive = racksmith_certificate::SelArchive {
            file: file.display().to_string(),
            entries: entries.len() as u32,
            sha256,
        };
        Ok((
            format!(
                "{} entries archived to {} (SHA-256 {}), then cleared",
                archive.entries, archive.file, archive.sha256
            ),
            Some(archive),
        ))
    }

    /// Reads everything back: power off, no media, no volumes, every drive
    /// erased on this pass, no customer accounts.
    async fn verify_clean(
        &self,
        pass: &Deletion,
        server: &ServerSummary,
        reached: &Reached,
    ) -> Result<String, Error> {
        let mut wrong: Vec<String> = self
            .customer_accounts_on(server, reached)
            .await?
            .into_iter()
            .map(|a| format!("the BMC account {} is still there", a.username))
            .collect();
        let state = power::power_state(&reached.client, &reached.system_path).await?;
        if state.as_deref() != Some("Off") {
            wrong.push(format!(
                "power is {}",
                state.unwrap_or_else(|| "unknown".into())
            ));
        }
        for slot in media::slots(&reached.client, &reached.system_path).await? {
            if slot.inserted {
                wrong.push(format!("{} still has media inserted", slot.name));
            }
        }
        let storages = read_storage(&reached.client, &reached.system_path).await?;
        for storage in &storages {
            for volume in &storage.volumes {
                wrong.push(format!("volume {} is still there", volume.id));
            }
        }
        let id = pass.id.clone();
        let erasures = self.with_store(move |store| store.erasures(&id)).await?;
        let drives =
            racksmith_redfish::erase::erasable_drives(&reached.client, &reached.system_path)
                .await?;
        for drive in &drives {
            let erased = erasures.iter().any(|e| {
                e.drive_id == drive.id && e.state == racksmith_inventory::ErasureState::Completed
            });
            if !erased {
                wrong.push(format!("drive {} was not erased on this pass", drive.id));
            } else if drive.reports_sanitized == Some(false) || drive.erasing_task.is_some() {
                wrong.push(format!("drive {} does not report sanitized", drive.id));
            }
        }
        if !wrong.is_empty() {
            return Err(Error::new(ErrorCode::VerifyFailed, wrong.join("; ")));
        }
        Ok(format!(
            "power off, no media, no volumes, {} drives sanitized, no customer accounts",
            drives.len()
        ))
    }
}

async fn eject_all(reached: &Reached) -> Result<String, Error> {
    let mut ejected = Vec::new();
    for slot in media::slots(&reached.client, &reached.system_path).await? {
        if slot.inserted {
            media::eject(&reached.client, &slot).await?;
            ejected.push(format!(
                "{} from {}",
                slot.image.clone().unwrap_or_else(|| "media".into()),
                slot.name
            ));
        }
    }
    Ok(if ejected.is_empty() {
        "nothing inserted".to_owned()
    } else {
        format!("ejected {}", ejected.join(", "))
    })
}

async fn delete_volumes(reached: &Reached) -> Result<String, Error> {
    let mut deleted = Vec::new();
    for storage in read_storage(&reached.client, &reached.system_path).await? {
        for volume in storage.volumes {
            delete_volume(&reached.client, &volume.path).await?;
            deleted.push(format!(
                "{} ({})",
                volume.name.as_deref().unwrap_or(&volume.id),
                volume.raid_type.as_deref().unwrap_or("?")
            ));
        }
    }
    Ok(if deleted.is_empty() {
        "no volumes".to_owned()
    } else {
        format!("deleted {}", deleted.join(", "))
    })
}

fn firmware_detail(view: &crate::maintenance::FirmwareView) -> String {
    if !view.baseline_found {
        return format!(
            "no baseline names {}; {} components recorded as found",
            view.model.as_deref().unwrap_or("this model"),
            view.components.len()
        );
    }
    let drift: Vec<String> = view
        .components
        .iter()
        .filter(|c| c.drift)
        .map(|c| {
            format!(
                "{} {} (baseline {})",
                c.id,
                c.version.as_deref().unwrap_or("?"),
                c.baseline.as_deref().unwrap_or("?")
            )
        })
        .collect();
    if drift.is_empty() {
        "every component matches the baseline".to_owned()
    } else {
        format!("drift recorded: {}", drift.join(", "))
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The step as the job list shows it (the UI translates the step's name).
pub(crate) fn step_label(step: &str) -> &'static str {
    match step {
        "power_off" => "powering off",
        "eject_media" => "ejecting virtual media",
        "bmc_accounts" => "removing customer BMC accounts",
        "bmc_settings" => "restoring the BMC baseline",
        "raid_volumes" => "deleting RAID volumes",
        "erase_drives" => "erasing drives",
        "bios_reset" => "resetting the BIOS to defaults",
        "firmware_check" => "checking firmware against the baseline",
        "sel_archive" => "archiving and clearing the event log",
        "verify" => "verifying clean",
        _ => "working",
    }
}
