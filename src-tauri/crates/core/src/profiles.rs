//! Build profiles in the inventory: saved (problems refused), listed, deleted,
//! exported to a file and imported from one; each change audited.

use std::path::{Path, PathBuf};

use racksmith_build::BuildProfile;
use racksmith_inventory::{NewAudit, StoredProfile};
use racksmith_lifecycle::Actor;
use serde::Serialize;
use specta::Type;

use crate::{Core, Error, ErrorCode, ExportFormat, ExportedFile};

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileEntry {
    pub profile: BuildProfile,
    pub updated_at: String,
    pub updated_by: String,
}

fn entry_of(stored: StoredProfile) -> Result<ProfileEntry, Error> {
    let profile = serde_json::from_str(&stored.body).map_err(|e| {
        Error::new(
            ErrorCode::Database,
            format!("the saved profile {} cannot be read: {e}", stored.name),
        )
    })?;
    Ok(ProfileEntry {
        profile,
        updated_at: stored.updated_at,
        updated_by: stored.updated_by,
    })
}

fn audit(actor: &Actor, action: &str, name: &str, params: serde_json::Value) -> NewAudit {
    NewAudit {
        actor: actor.name.clone(),
        role: actor.role.as_str().to_owned(),
        action: action.to_owned(),
        target: Some(name.to_owned()),
        params,
        outcome: "ok".into(),
        detail: None,
    }
}

/// Every problem of a profile, or none.
pub(crate) fn check_profile(profile: &BuildProfile) -> Result<(), Error> {
    let problems = profile.problems();
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::InvalidInput,
        problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect::<Vec<_>>()
            .join("; "),
    ))
}

impl Core {
    pub async fn build_profiles(&self) -> Result<Vec<ProfileEntry>, Error> {
        self.with_store(|store| store.profiles())
            .await?
            .into_iter()
            .map(entry_of)
            .collect()
    }

    pub async fn build_profile(&self, name: &str) -> Result<BuildProfile, Error> {
        let name = name.to_owned();
        Ok(entry_of(self.with_store(move |store| store.profile(&name)).await?)?.profile)
    }

    /// Saves a profile under its name; `replacing` names the one it was loaded
    /// as, so a rename removes the old name.
    pub async fn save_build_profile(
        &self,
        profile: BuildProfile,
        replacing: Option<String>,
        actor: &Actor,
    ) -> Result<ProfileEntry, Error> {
        self.refuse_in_snapshot()?;
        check_profile(&profile)?;
        let body = serde_json::to_string(&profile)
            .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
        let name = profile.name.trim().to_owned();
        let record = audit(
            actor,
            "profile_save",
            &name,
            serde_json::to_value(&profile).unwrap_or_default(),
        );
        let stored = {
            let name = name.clone();
            self.with_store(move |store| store.save_profile(&name, &body, record))
                .await?
        };
        if let Some(old) = replacing.filter(|old| !old.eq_ignore_ascii_case(&name)) {
            let record = audit(
                actor,
                "profile_delete",
                &old,
                serde_json::json!({ "renamedTo": name }),
            );
            self.with_store(move |store| store.delete_profile(&old, record))
                .await?;
        }
        entry_of(stored)
    }

    pub async fn delete_build_profile(&self, name: &str, actor: &Actor) -> Result<(), Error> {
        self.refuse_in_snapshot()?;
        let record = audit(actor, "profile_delete", name, serde_json::json!({}));
        let name = name.to_owned();
        self.with_store(move |store| store.delete_profile(&name, record))
            .await
    }

    /// Writes a profile's file to `path`, or to Downloads when none is given.
    pub async fn export_build_profile(
        &self,
        name: &str,
        path: Option<PathBuf>,
    ) -> Result<ExportedFile, Error> {
        let profile = self.build_profile(name).await?;
        let path = path.unwrap_or_else(|| {
            self.export_path_named(
                &format!("racksmith-profile-{}", slug(&profile.name)),
                ExportFormat::Json.extension(),
            )
        });
        let text = serde_json::to_string_pretty(&profile.to_file())
            .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
        std::fs::write(&path, text).map_err(|e| {
            Error::new(
                ErrorCode::InvalidInput,
                format!("cannot write {}: {e}", path.display()),
            )
        })?;
        Ok(ExportedFile {
            path: path.display().to_string(),
            format: ExportFormat::Json,
            count: 1,
        })
    }

    /// Reads a profile file's text and saves it (replacing one of the same name).
    pub async fn import_build_profile(
        &self,
        text: &str,
        actor: &Actor,
    ) -> Result<ProfileEntry, Error> {
        let profile = BuildProfile::from_file(text)
            .map_err(|why| Error::new(ErrorCode::InvalidInput, why))?;
        self.save_build_profile(profile, None, actor).await
    }

    pub async fn import_build_profile_file(
        &self,
        path: &Path,
        actor: &Actor,
    ) -> Result<ProfileEntry, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::new(
                ErrorCode::InvalidInput,
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        self.import_build_profile(&text, actor).await
    }
}

fn slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}
