//! Exporting the inventory (or a filtered part) as JSON or CSV, and opening an
//! exported JSON snapshot read-only for review on another machine.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use racksmith_inventory::{
    LifecycleDates, NewAudit, ServerQuery, ServerSummary, SnapshotServer, Store,
};
use racksmith_lifecycle::Actor;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{Core, Error, ErrorCode, Profile, VERSION};

const SNAPSHOT_FORMAT: &str = "racksmith-inventory";
const SNAPSHOT_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Json,
    Csv,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
        }
    }
}

/// An export file: what the JSON format holds, and what a review opens.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InventorySnapshot {
    format: String,
    format_version: u32,
    exported_at: String,
    exported_by: String,
    app_version: String,
    query: ServerQuery,
    servers: Vec<SnapshotServer>,
}

/// The snapshot a read-only core shows, for the banner that says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotInfo {
    pub label: String,
    pub exported_at: String,
    pub exported_by: String,
    pub servers: u32,
}

/// A snapshot's scratch database lives as long as some core shows it.
#[derive(Debug)]
pub(crate) struct OpenSnapshot {
    pub(crate) info: SnapshotInfo,
    _scratch: tempfile::TempDir,
}

/// Where a server stands, as a technician records it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ServerPlace {
    pub location: racksmith_inventory::Location,
    pub asset_tag: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportedFile {
    pub path: String,
    pub format: ExportFormat,
    /// How many servers (or audit entries) it holds.
    pub count: u32,
}

const CSV_HEADER: [&str; 22] = [
    "id",
    "name",
    "stage",
    "model",
    "serial",
    "bmc_address",
    "power_state",
    "health",
    "site",
    "room",
    "rack",
    "rack_unit",
    "asset_tag",
    "received_on",
    "warranty_end",
    "eosl_on",
    "stage_since",
    "hold_by",
    "hold_reason",
    "hold_until",
    "refreshed_at",
    "refresh_error",
];

fn csv_row(s: &ServerSummary) -> [String; 22] {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let hold = s.hold.as_ref();
    [
        s.id.clone(),
        s.name.clone(),
        s.stage.as_str().to_owned(),
        text(&s.model),
        text(&s.serial),
        text(&s.bmc_address),
        text(&s.power_state),
        text(&s.health),
        text(&s.location.site),
        text(&s.location.room),
        text(&s.location.rack),
        s.location
            .rack_unit
            .map(|u| u.to_string())
            .unwrap_or_default(),
        text(&s.asset_tag),
        text(&s.dates.received_on),
        text(&s.dates.warranty_end),
        text(&s.dates.eosl_on),
        text(&s.stage_since),
        hold.map(|h| h.by.clone()).unwrap_or_default(),
        hold.map(|h| h.reason.clone()).unwrap_or_default(),
        hold.map(|h| h.until.clone()).unwrap_or_default(),
        text(&s.refreshed_at),
        text(&s.refresh_error),
    ]
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::Internal, e.to_string())
}

fn to_csv(servers: &[ServerSummary]) -> Result<String, Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_HEADER).map_err(internal)?;
    for server in servers {
        writer.write_record(csv_row(server)).map_err(internal)?;
    }
    String::from_utf8(writer.into_inner().map_err(internal)?).map_err(internal)
}

fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    std::fs::write(path, text).map_err(|e| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("cannot write {}: {e}", path.display()),
        )
    })
}

fn audit_csv(entries: &[racksmith_inventory::AuditEntry]) -> Result<String, Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "seq",
            "at",
            "actor",
            "role",
            "action",
            "target",
            "outcome",
            "detail",
            "params",
            "prev_hash",
            "hash",
        ])
        .map_err(internal)?;
    for e in entries {
        writer
            .write_record([
                e.seq.to_string().as_str(),
                &e.at,
                &e.actor,
                &e.role,
                &e.action,
                e.target.as_deref().unwrap_or(""),
                &e.outcome,
                e.detail.as_deref().unwrap_or(""),
                &e.params,
                &e.prev_hash,
                &e.hash,
            ])
            .map_err(internal)?;
    }
    String::from_utf8(writer.into_inner().map_err(internal)?).map_err(internal)
}

/// A calendar date as the lifecycle dates take it.
fn check_date(what: &str, value: &Option<String>) -> Result<(), Error> {
    let Some(value) = value else { return Ok(()) };
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(value, &format).map(|_| ()).map_err(|_| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("{what} {value:?} is not a date like 2027-03-31"),
        )
    })
}

impl Core {
    /// Servers matching a query, one page of them.
    pub async fn query_servers(
        &self,
        query: ServerQuery,
    ) -> Result<racksmith_inventory::ServerPage, Error> {
        self.with_store(move |store| store.query_servers(&query))
            .await
    }

    /// The export file's text and how many servers it holds.
    pub async fn export_inventory(
        &self,
        query: ServerQuery,
        format: ExportFormat,
        actor: &Actor,
    ) -> Result<(String, u32), Error> {
        let page = self.query_servers(query.clone()).await?;
        let count = page.servers.len() as u32;
        let text = match format {
            ExportFormat::Csv => to_csv(&page.servers)?,
            ExportFormat::Json => {
                let store = self.store.clone();
                let servers = tokio::task::spawn_blocking(move || {
                    page.servers
                        .into_iter()
                        .map(|server| {
                            let facts = store
                                .server_facts(&server.id)?
                                .and_then(|f| serde_json::from_str(&f).ok());
                            Ok(SnapshotServer { server, facts })
                        })
                        .collect::<Result<Vec<_>, racksmith_inventory::StoreError>>()
                })
                .await??;
                let snapshot = InventorySnapshot {
                    format: SNAPSHOT_FORMAT.into(),
                    format_version: SNAPSHOT_VERSION,
                    exported_at: racksmith_inventory::now(),
                    exported_by: actor.name.clone(),
                    app_version: VERSION.into(),
                    query,
                    servers,
                };
                serde_json::to_string_pretty(&snapshot).map_err(internal)?
            }
        };
        Ok((text, count))
    }

    /// Writes an export to `path` and records it in the audit log.
    pub async fn export_to(
        &self,
        query: ServerQuery,
        format: ExportFormat,
        path: &Path,
        actor: &Actor,
    ) -> Result<ExportedFile, Error> {
        let (text, servers) = self.export_inventory(query.clone(), format, actor).await?;
        write_file(path, &text)?;
        let entry = NewAudit {
            actor: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            action: "export".into(),
            target: None,
            params: serde_json::json!({
                "format": format, "path": path.display().to_string(), "query": query,
            }),
            outcome: "ok".into(),
            detail: Some(format!("{servers} servers")),
        };
        self.with_store(move |store| store.audit(entry)).await?;
        Ok(ExportedFile {
            path: path.display().to_string(),
            format,
            count: servers,
        })
    }

    /// Writes the audit entries a filter matches (all of them, newest first)
    /// and records the export itself in the log.
    pub async fn export_audit(
        &self,
        mut filter: racksmith_inventory::AuditFilter,
        format: ExportFormat,
        path: &Path,
        actor: &Actor,
    ) -> Result<ExportedFile, Error> {
        // Everything the filter matches: paging belongs to the screen, not the file.
        filter.limit = None;
        filter.before_seq = None;
        let entries = self
            .audit(racksmith_inventory::AuditFilter {
                limit: Some(u32::MAX),
                ..filter.clone()
            })
            .await?;
        let text = match format {
            ExportFormat::Json => serde_json::to_string_pretty(&entries).map_err(internal)?,
            ExportFormat::Csv => audit_csv(&entries)?,
        };
        write_file(path, &text)?;
        let count = entries.len() as u32;
        let entry = NewAudit {
            actor: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            action: "audit_export".into(),
            target: None,
            params: serde_json::json!({
                "format": format, "path": path.display().to_string(), "filter": filter,
            }),
            outcome: "ok".into(),
            detail: Some(format!("{count} entries")),
        };
        self.with_store(move |store| store.audit(entry)).await?;
        Ok(ExportedFile {
            path: path.display().to_string(),
            format,
            count,
        })
    }

    /// Where the app saves an export: the Downloads folder, else the profile's.
    pub fn export_path(&self, format: ExportFormat) -> PathBuf {
        self.export_path_named("racksmith-inventory", format.extension())
    }

    pub fn audit_export_path(&self, format: ExportFormat) -> PathBuf {
        self.export_path_named("racksmith-audit", format.extension())
    }

    /// `stem-<time>.extension` in the Downloads folder, else the profile's.
    pub(crate) fn export_path_named(&self, stem: &str, extension: &str) -> PathBuf {
        let dir = dirs::download_dir().unwrap_or_else(|| self.profile.dir().join("exports"));
        let _ = std::fs::create_dir_all(&dir);
        let stamp = racksmith_inventory::now().replace(':', "");
        dir.join(format!("{stem}-{stamp}.{extension}"))
    }

    /// A read-only core over an exported JSON snapshot, in a scratch database
    /// that disappears with the last clone of the core.
    pub fn open_snapshot(text: &str, label: &str) -> Result<Core, Error> {
        let invalid = |why: String| {
            Error::new(
                ErrorCode::InvalidInput,
                format!("{label} is not a Racksmith inventory export: {why}"),
            )
        };
        let snapshot: InventorySnapshot =
            serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if snapshot.format != SNAPSHOT_FORMAT {
            return Err(invalid(format!("its format is {:?}", snapshot.format)));
        }
        if snapshot.format_version > SNAPSHOT_VERSION {
            return Err(invalid(format!(
                "it was written by a newer Racksmith (format {})",
                snapshot.format_version
            )));
        }
        let scratch = tempfile::tempdir().map_err(|e| {
            Error::new(
                ErrorCode::ProfileUnavailable,
                format!("cannot make a scratch folder for the snapshot: {e}"),
            )
        })?;
        let profile = Profile::at(scratch.path().to_path_buf());
        let mut core = Core::open(profile)?;
        let loaded = {
            let store: &Store = &core.store;
            store.load_snapshot(&snapshot.servers)?
        };
        core.read_only = true;
        core.snapshot = Some(Arc::new(OpenSnapshot {
            info: SnapshotInfo {
                label: label.to_owned(),
                exported_at: snapshot.exported_at,
                exported_by: snapshot.exported_by,
                servers: loaded as u32,
            },
            _scratch: scratch,
        }));
        tracing::info!(%label, servers = loaded, "snapshot opened read-only");
        Ok(core)
    }

    pub fn snapshot_info(&self) -> Option<SnapshotInfo> {
        self.snapshot.as_ref().map(|s| s.info.clone())
    }

    /// Sets where a server stands (site, room, rack, lowest U) and its asset tag.
    pub async fn set_server_place(
        &self,
        key: &str,
        place: ServerPlace,
        actor: &Actor,
    ) -> Result<ServerSummary, Error> {
        self.refuse_in_snapshot()?;
        if place
            .location
            .rack_unit
            .is_some_and(|u| !(1..=60).contains(&u))
        {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "the rack unit must be between 1 and 60",
            ));
        }
        let server = self.find_server(key).await?;
        let (name, role) = (actor.name.clone(), actor.role.as_str().to_owned());
        self.with_store(move |store| {
            store.set_place(
                &server.id,
                &place.location,
                place.asset_tag.as_deref(),
                &name,
                &role,
            )
        })
        .await
    }

    /// Sets the received, warranty and end-of-support dates of a server.
    pub async fn set_server_dates(
        &self,
        key: &str,
        dates: LifecycleDates,
        actor: &Actor,
    ) -> Result<ServerSummary, Error> {
        self.refuse_in_snapshot()?;
        check_date("the received date", &dates.received_on)?;
        check_date("the warranty end", &dates.warranty_end)?;
        check_date("the end-of-support date", &dates.eosl_on)?;
        let server = self.find_server(key).await?;
        let (name, role) = (actor.name.clone(), actor.role.as_str().to_owned());
        self.with_store(move |store| store.set_lifecycle_dates(&server.id, &dates, &name, &role))
            .await
    }
}
