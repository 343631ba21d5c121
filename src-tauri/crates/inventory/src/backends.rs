//! Backends (OpenStack Ironic) and the servers synced from their nodes. A sync
//! writes what the backend says; a stage it changes is recorded as a move by
//! the backend, so the history says where each stage came from.

use r2d2_sqlite::rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::audit::append;
use crate::servers::now;
use crate::{NewAudit, Stage, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BackendRecord {
    pub id: String,
    pub kind: String,
    pub url: String,
    /// The non-secret half of the sign-in, as JSON.
    pub auth: String,
    pub secret_ref: Option<String>,
    pub api_version: Option<String>,
    pub created_at: String,
    pub synced_at: Option<String>,
}

/// One node as a sync writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncedNode {
    pub external_id: String,
    pub name: String,
    pub stage: Stage,
    pub power_state: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    /// The hold, when the backend holds the node (Ironic's maintenance flag).
    pub hold_reason: Option<String>,
    /// The stage under the hold (where releasing it returns the server).
    pub held_from: Stage,
    /// Why the stage is what it is, for the stage history (the provision state).
    pub because: String,
}

/// What a sync did, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncCounts {
    pub added: u32,
    pub updated: u32,
    pub moved: u32,
    pub unchanged: u32,
}

const COLUMNS: &str = "id, kind, url, auth, secret_ref, api_version, created_at, synced_at";

fn backend_of(row: &Row<'_>) -> r2d2_sqlite::rusqlite::Result<BackendRecord> {
    Ok(BackendRecord {
        id: row.get(0)?,
        kind: row.get(1)?,
        url: row.get(2)?,
        auth: row.get(3)?,
        secret_ref: row.get(4)?,
        api_version: row.get(5)?,
        created_at: row.get(6)?,
        synced_at: row.get(7)?,
    })
}

impl Store {
    pub fn add_backend(&self, backend: &BackendRecord, audit: NewAudit) -> Result<(), StoreError> {
        self.immediate(|tx| {
            let inserted = tx.execute(
                &format!(
                    "INSERT INTO backends ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                ),
                params![
                    backend.id,
                    backend.kind,
                    backend.url,
                    backend.auth,
                    backend.secret_ref,
                    backend.api_version,
                    backend.created_at,
                    backend.synced_at
                ],
            );
            match inserted {
                Err(e) if crate::bmcs::is_unique_violation(&e) => {
                    return Err(StoreError::DuplicateName(backend.url.clone()))
                }
                other => other?,
            };
            append(tx, audit)?;
            Ok(())
        })
    }

    pub fn backends(&self) -> Result<Vec<BackendRecord>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM backends ORDER BY created_at"
        ))?;
        let rows = statement.query_map([], backend_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// By id or URL.
    pub fn backend(&self, key: &str) -> Result<BackendRecord, StoreError> {
        let conn = self.conn()?;
        conn.query_row(
            &format!("SELECT {COLUMNS} FROM backends WHERE id = ?1 OR url = ?1"),
            [key],
            backend_of,
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: "backend",
            id: key.to_owned(),
        })
    }

    /// The backend a server was synced from, and its node there.
    pub fn backend_link(
        &self,
        server_id: &str,
    ) -> Result<Option<(BackendRecord, String)>, StoreError> {
        let conn = self.conn()?;
        let link: Option<(String, String)> = conn
            .query_row(
                "SELECT backend_id, external_id FROM servers
                 WHERE id = ?1 AND backend_id IS NOT NULL AND external_id IS NOT NULL",
                [server_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        match link {
            Some((backend, node)) => Ok(Some((self.backend(&backend)?, node))),
            None => Ok(None),
        }
    }

    /// The stage each synced node's server is at now, by node id.
    pub fn backend_stages(&self, backend_id: &str) -> Result<Vec<(String, Stage)>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(
            "SELECT external_id, stage FROM servers WHERE backend_id = ?1 AND external_id IS NOT NULL",
        )?;
        let rows = statement.query_map([backend_id], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut stages = Vec::new();
        for row in rows {
            let (id, stage) = row?;
            stages.push((id, Stage::parse(&stage)?));
        }
        Ok(stages)
    }

    /// Writes every node of one sync in one transaction, with its audit entry.
    pub fn sync_nodes(
        &self,
        backend_id: &str,
        api_version: &str,
        nodes: &[SyncedNode],
        audit: impl FnOnce(&SyncCounts) -> NewAudit,
    ) -> Result<SyncCounts, StoreError> {
        self.immediate(|tx| {
            let mut counts = SyncCounts::default();
            let at = now();
            for node in nodes {
                let known: Option<(String, String, Option<String>, Option<String>)> = tx
                    .query_row(
                        "SELECT id, stage, power_state, hold_reason FROM servers
                         WHERE backend_id = ?1 AND external_id = ?2",
                        params![backend_id, node.external_id],
                        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
                    )
                    .optional()?;
                let held = node.stage == Stage::MaintenanceOperator;
                match known {
                    None => {
                        let id = uuid::Uuid::new_v4().to_string();
                        // A name taken by another server gets the node's id beside it.
                        let taken: bool = tx.query_row(
                            "SELECT COUNT(*) > 0 FROM servers WHERE name = ?1",
                            [&node.name],
                            |row| row.get(0),
                        )?;
                        let name = if taken {
                            format!("{} ({})", node.name, node.external_id)
                        } else {
                            node.name.clone()
                        };
                        tx.execute(
                            "INSERT INTO servers (id, name, stage, model, serial, created_at,
                                updated_at, stage_since, power_state, backend_id, external_id,
                                hold_by, hold_reason, held_from)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                            params![
                                id,
                                name,
                                node.stage.as_str(),
                                node.model,
                                node.serial,
                                at,
                                node.power_state,
                                backend_id,
                                node.external_id,
                                held.then_some("Ironic"),
                                if held {
                                    node.hold_reason.as_deref()
                                } else {
                                    None
                                },
                                held.then_some(node.held_from.as_str()),
                            ],
                        )?;
                        counts.added += 1;
                    }
                    Some((id, stage, power, hold)) => {
                        let moved = stage != node.stage.as_str();
                        let hold_now = if held { node.hold_reason.clone() } else { None };
                        if moved {
                            tx.execute(
                                "INSERT INTO stage_changes (server_id, at, actor, role, from_stage,
                                    to_stage, reason)
                                 VALUES (?1, ?2, 'Ironic', 'operator', ?3, ?4, ?5)",
                                params![id, at, stage, node.stage.as_str(), node.because],
                            )?;
                            counts.moved += 1;
                        } else if power == node.power_state && hold == hold_now {
                            counts.unchanged += 1;
                            continue;
                        } else {
                            counts.updated += 1;
                        }
                        tx.execute(
                            "UPDATE servers SET stage = ?2, power_state = ?3, updated_at = ?4,
                                stage_since = CASE WHEN ?5 THEN ?4 ELSE stage_since END,
                                hold_by = ?6, hold_reason = ?7, held_from = ?8
                             WHERE id = ?1",
                            params![
                                id,
                                node.stage.as_str(),
                                node.power_state,
                                at,
                                moved,
                                held.then_some("Ironic"),
                                hold_now,
                                held.then_some(node.held_from.as_str()),
                            ],
                        )?;
                    }
                }
            }
            tx.execute(
                "UPDATE backends SET synced_at = ?2, api_version = ?3 WHERE id = ?1",
                params![backend_id, at, api_version],
            )?;
            append(tx, audit(&counts))?;
            Ok(counts)
        })
    }
}
