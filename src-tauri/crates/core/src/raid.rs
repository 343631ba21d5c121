//! The RAID wizard's backend: the controllers and their bay maps, the review of
//! a layout on the server's real drives, and applying it (existing volumes
//! deleted only when the request names them) with a read-back that verifies.

use racksmith_build::{plan, Media, PlanDrive, RaidLevel, RaidPlan, RaidRequest};
use racksmith_lifecycle::{Action, Actor};
use racksmith_redfish::storage::{
    create_volume, delete_volume, read_storage, BayDrive, NewVolume, StorageView, VolumeView,
};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{Core, Error, ErrorCode};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RaidApply {
    /// The storage subsystem (controller) by its id.
    pub storage_id: String,
    pub level: RaidLevel,
    /// Member drives by id, in the order spans are filled.
    pub drives: Vec<String>,
    #[serde(default)]
    pub hot_spares: Vec<String>,
    #[serde(default)]
    pub spans: Option<u32>,
    #[serde(default)]
    pub name: Option<String>,
    /// All the layout gives when absent.
    #[serde(default)]
    #[specta(type = Option<specta_typescript::Number>)]
    pub capacity_bytes: Option<u64>,
    #[serde(default)]
    #[specta(type = Option<specta_typescript::Number>)]
    pub strip_size_bytes: Option<u64>,
    #[serde(default)]
    pub write_cache_policy: Option<String>,
    #[serde(default)]
    pub read_cache_policy: Option<String>,
    /// Existing volumes (by id) the user confirmed may be deleted first.
    #[serde(default)]
    pub delete_volumes: Vec<String>,
}

/// The review step: what the layout gives, and what it would delete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RaidReview {
    pub plan: RaidPlan,
    /// Volumes on the chosen drives: they must be deleted first.
    pub in_the_way: Vec<VolumeView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RaidApplied {
    pub plan: RaidPlan,
    pub volume: VolumeView,
    pub deleted: Vec<String>,
    /// The storage as read back after the change.
    pub storage: StorageView,
}

pub(crate) fn media_of(drive: &BayDrive) -> Option<Media> {
    match drive.media_type.as_deref() {
        Some("SSD") => Some(Media::Ssd),
        Some("HDD") => Some(Media::Hdd),
        _ => None,
    }
}

/// A drive's resource path by its id (empty when the storage has no such drive;
/// the review has already refused unknown ids).
pub(crate) fn drive_path(storage: &StorageView, id: &String) -> String {
    storage
        .drives
        .iter()
        .find(|d| &d.id == id)
        .map(|d| d.path.clone())
        .unwrap_or_default()
}

pub(crate) fn is_failed(drive: &BayDrive) -> bool {
    matches!(drive.health.as_deref(), Some("Critical"))
}

fn invalid(message: String) -> Error {
    Error::new(ErrorCode::InvalidInput, message)
}

fn impossible(message: String) -> Error {
    Error::new(ErrorCode::ImpossibleLayout, message)
}

/// Checks a request against the storage as it is and plans it.
pub(crate) fn review(storage: &StorageView, apply: &RaidApply) -> Result<RaidReview, Error> {
    let find = |id: &String| {
        storage
            .drives
            .iter()
            .find(|d| &d.id == id)
            .ok_or_else(|| invalid(format!("{} has no drive {id}", storage.id)))
    };
    let mut seen = std::collections::BTreeSet::new();
    for id in apply.drives.iter().chain(&apply.hot_spares) {
        if !seen.insert(id) {
            return Err(invalid(format!("drive {id} is chosen twice")));
        }
    }
    let plan_drive = |id: &String| -> Result<PlanDrive, Error> {
        let d = find(id)?;
        Ok(PlanDrive {
            id: Some(d.id.clone()),
            capacity_bytes: d
                .capacity_bytes
                .ok_or_else(|| invalid(format!("drive {id} reports no capacity")))?,
            media: media_of(d),
            failed: is_failed(d),
        })
    };
    let request = RaidRequest {
        level: apply.level,
        drives: apply
            .drives
            .iter()
            .map(plan_drive)
            .collect::<Result<_, _>>()?,
        spans: apply.spans,
        hot_spares: apply
            .hot_spares
            .iter()
            .map(plan_drive)
            .collect::<Result<_, _>>()?,
    };
    if !storage.raid_types.is_empty()
        && !storage
            .raid_types
            .iter()
            .any(|t| t == apply.level.redfish())
    {
        return Err(impossible(format!(
            "{} does not offer {}; it offers {}",
            storage.controller.as_deref().unwrap_or(&storage.id),
            apply.level.redfish(),
            storage.raid_types.join(", ")
        )));
    }
    let plan = plan(&request)?;
    if let Some(asked) = apply.capacity_bytes {
        if asked == 0 || asked > plan.usable_bytes {
            return Err(impossible(format!(
                "a volume of {} does not fit: the layout gives {}",
                racksmith_build::format_bytes(asked),
                racksmith_build::format_bytes(plan.usable_bytes)
            )));
        }
    }
    let options = &storage.options;
    if let Some(strip) = apply.strip_size_bytes {
        if !options.strip_sizes.is_empty() && !options.strip_sizes.contains(&strip) {
            return Err(invalid(format!(
                "the controller does not offer a strip size of {strip} bytes"
            )));
        }
    }
    for (asked, offered, what) in [
        (
            &apply.write_cache_policy,
            &options.write_cache,
            "write cache",
        ),
        (&apply.read_cache_policy, &options.read_cache, "read cache"),
    ] {
        if let Some(policy) = asked {
            if !offered.is_empty() && !offered.contains(policy) {
                return Err(invalid(format!(
                    "the controller has no {what} policy {policy}; it offers {}",
                    offered.join(", ")
                )));
            }
        }
    }
    let in_the_way = storage
        .volumes
        .iter()
        .filter(|v| {
            let drives = v.drives.iter().chain(&v.spares);
            drives
                .filter_map(|path| storage.drives.iter().find(|d| &d.path == path))
                .any(|d| seen.contains(&d.id))
        })
        .cloned()
        .collect();
    Ok(RaidReview { plan, in_the_way })
}

/// The new volume reads back as asked: its level, its members, its size.
pub(crate) fn verify(
    storage: &StorageView,
    volume_id: &str,
    level: RaidLevel,
    drives: &[String],
    expected_bytes: u64,
) -> Result<VolumeView, Error> {
    let fail = |why: String| Error::new(ErrorCode::VerifyFailed, why);
    let volume = storage
        .volumes
        .iter()
        .find(|v| v.id == volume_id)
        .ok_or_else(|| fail(format!("volume {volume_id} is not listed after creation")))?;
    if volume.raid_type.as_deref() != Some(level.redfish()) {
        return Err(fail(format!(
            "volume {volume_id} reads back as {}, not {}",
            volume.raid_type.as_deref().unwrap_or("no RAID type"),
            level.redfish()
        )));
    }
    let members: std::collections::BTreeSet<&str> = storage
        .drives
        .iter()
        .filter(|d| volume.drives.contains(&d.path))
        .map(|d| d.id.as_str())
        .collect();
    let wanted: std::collections::BTreeSet<&str> = drives.iter().map(String::as_str).collect();
    if members != wanted {
        return Err(fail(format!(
            "volume {volume_id} reads back on {members:?}, not {wanted:?}"
        )));
    }
    // Controllers keep a little for their own metadata; more than 2% is wrong.
    let got = volume.capacity_bytes.unwrap_or(0);
    if got < expected_bytes - expected_bytes / 50 {
        return Err(fail(format!(
            "volume {volume_id} reads back with {}, less than the {} planned",
            racksmith_build::format_bytes(got),
            racksmith_build::format_bytes(expected_bytes)
        )));
    }
    Ok(volume.clone())
}

fn storage_by_id(storages: Vec<StorageView>, id: &str) -> Result<StorageView, Error> {
    storages
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| Error::new(ErrorCode::NotFound, format!("no storage controller {id}")))
}

impl Core {
    /// Every storage subsystem with its bay map and volumes.
    pub async fn storage(&self, key: &str) -> Result<Vec<StorageView>, Error> {
        let server = self.find_server(key).await?;
        let reached = self.reach(&server).await?;
        Ok(read_storage(&reached.client, &reached.system_path).await?)
    }

    /// The review step, on the drives as they are now.
    pub async fn review_raid(&self, key: &str, apply: &RaidApply) -> Result<RaidReview, Error> {
        let storages = self.storage(key).await?;
        review(&storage_by_id(storages, &apply.storage_id)?, apply)
    }

    /// Builds the volume: deletes the confirmed volumes in the way, creates it,
    /// reads the storage back and checks the volume is what was asked for.
    pub async fn apply_raid(
        &self,
        key: &str,
        apply: RaidApply,
        actor: &Actor,
    ) -> Result<RaidApplied, Error> {
        let params = serde_json::to_value(&apply).unwrap_or_default();
        self.audited(key, Action::RaidBuild, "raid_apply", actor,params, |server| async move {
            let reached = self.reach(&server).await?;
            let storages = read_storage(&reached.client, &reached.system_path).await?;
            let storage = storage_by_id(storages, &apply.storage_id)?;
            let reviewed = review(&storage, &apply)?;
            let unconfirmed: Vec<String> = reviewed
                .in_the_way
                .iter()
                .filter(|v| !apply.delete_volumes.contains(&v.id))
                .map(|v| v.name.clone().unwrap_or_else(|| v.id.clone()))
                .collect();
            if !unconfirmed.is_empty() {
                return Err(Error::new(
                    ErrorCode::ConfirmationRequired,
                    format!(
                        "the chosen drives belong to volume(s) {}; confirm their deletion to go on",
                        unconfirmed.join(", ")
                    ),
                ));
            }
            let mut deleted = Vec::new();
            for id in &apply.delete_volumes {
                let volume = storage.volumes.iter().find(|v| &v.id == id).ok_or_else(|| {
                    Error::new(ErrorCode::NotFound, format!("no volume {id} to delete"))
                })?;
                let outcome = delete_volume(&reached.client, &volume.path)
                    .await
                    .map_err(Error::from);
                self.audit_done(
                    actor,
                    "raid_delete_volume",
                    &server,
                    serde_json::json!({ "volume": id, "name": volume.name, "raidType": volume.raid_type }),
                    &outcome,
                )
                .await?;
                outcome?;
                deleted.push(id.clone());
            }
            let path = |id: &String| drive_path(&storage, id);
            let volumes_path = storage.volumes_path.clone().ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidInput,
                    format!("{} does not let volumes be created", storage.id),
                )
            })?;
            let created = create_volume(
                &reached.client,
                &volumes_path,
                &NewVolume {
                    name: apply.name.clone(),
                    raid_type: apply.level.redfish().to_owned(),
                    drives: apply.drives.iter().map(path).collect(),
                    spares: apply.hot_spares.iter().map(path).collect(),
                    capacity_bytes: apply.capacity_bytes,
                    strip_size_bytes: apply.strip_size_bytes,
                    write_cache_policy: apply.write_cache_policy.clone(),
                    read_cache_policy: apply.read_cache_policy.clone(),
                },
            )
            .await?;
            let after = storage_by_id(
                read_storage(&reached.client, &reached.system_path).await?,
                &apply.storage_id,
            )?;
            let expected = apply.capacity_bytes.unwrap_or(reviewed.plan.usable_bytes);
            let volume = verify(&after, &created.id, apply.level, &apply.drives, expected)?;
            Ok(RaidApplied {
                plan: reviewed.plan,
                volume,
                deleted,
                storage: after,
            })
        })
        .await
    }
}
