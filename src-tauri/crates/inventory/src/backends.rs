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
    /// The CA certificates (PEM) trusted for its HTTPS, when it was added with them.
    pub ca_bundle: Option<String>,
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
    /// Ironic's reason when the node failed or reports an error (`last_error`),
    /// kept as the server's last contact error so the tabs show it.
    pub problem: Option<String>,
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

impl SyncCounts {
    /// The sync wrote something to the cache.
    pub fn changed(&self) -> bool {
        self.added + self.updated + self.moved > 0
    }
}

/// The error code a server shows when Ironic reports a failure on its node.
pub const IRONIC_ERROR_CODE: &str = "ironic_error";

const COLUMNS: &str =
    "id, kind, url, auth, secret_ref, api_version, created_at, synced_at, ca_bundle";

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
        ca_bundle: row.get(8)?,
    })
}

impl Store {
    pub fn add_backend(&self, backend: &BackendRecord, audit: NewAudit) -> Result<(), StoreError> {
        self.immediate(|tx| {
            let inserted = tx.execute(
                &format!(
                    "INSERT INTO backends ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                ),
                params![
                    backend.id,
                    backend.kind,
                    backend.url,
                    backend.auth,
                    backend.secret_ref,
                    backend.api_version,
                    backend.created_at,
                    backend.synced_at,
                    backend.ca_bundle
                ],
            );
            match inserted {
                Err(e) if crate::bmcs::is_unique_violation(&e) => {
                    return Err(StoreError::Changed(format!(
                        "the Ironic at {} is already a backend",
                        backend.url
                    )))
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
            // A node left in Deletion with no pass of ours open is not ours to
            // finish: its Ironic state alone decides where it stands.
            "SELECT external_id, stage FROM servers s WHERE backend_id = ?1 AND external_id IS NOT NULL
               AND NOT (stage = 'deletion' AND NOT EXISTS
                 (SELECT 1 FROM deletions d WHERE d.server_id = s.id AND d.state != 'verified'))",
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

    /// The server a synced node is, by its uuid in the backend.
    pub fn server_of_node(&self, backend_id: &str, node: &str) -> Result<String, StoreError> {
        self.conn()?
            .query_row(
                "SELECT id FROM servers WHERE backend_id = ?1 AND external_id = ?2",
                params![backend_id, node],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "node",
                id: node.to_owned(),
            })
    }

    /// Writes every node of one sync in one transaction, with its audit entry
    /// (none when `audit` gives none: a quiet sync that changed nothing).
    pub fn sync_nodes(
        &self,
        backend_id: &str,
        api_version: &str,
        nodes: &[SyncedNode],
        audit: impl FnOnce(&SyncCounts) -> Option<NewAudit>,
    ) -> Result<SyncCounts, StoreError> {
        self.immediate(|tx| {
            let mut counts = SyncCounts::default();
            let at = now();
            for node in nodes {
                type Known = (
                    String,
                    String,
                    Option<String>,
                    Option<String>,
                    Option<String>,
                );
                let known: Option<Known> = tx
                    .query_row(
                        "SELECT id, stage, power_state, hold_reason, refresh_error FROM servers
                         WHERE backend_id = ?1 AND external_id = ?2",
                        params![backend_id, node.external_id],
                        |row| {
                            Ok((
                                row.get(0)?,
                                row.get(1)?,
                                row.get(2)?,
                                row.get(3)?,
                                row.get(4)?,
                            ))
                        },
                    )
                    .optional()?;
                let problem_code = node.problem.as_ref().map(|_| IRONIC_ERROR_CODE);
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
                                hold_by, hold_reason, held_from, refreshed_at, refresh_error,
                                refresh_error_code)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?6,
                                ?13, ?14)",
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
                                node.problem,
                                problem_code,
                            ],
                        )?;
                        counts.added += 1;
                    }
                    Some((id, stage, power, hold, problem)) => {
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
                        } else if power == node.power_state
                            && hold == hold_now
                            && problem == node.problem
                        {
                            counts.unchanged += 1;
                            continue;
                        } else {
                            counts.updated += 1;
                        }
                        tx.execute(
                            "UPDATE servers SET stage = ?2, power_state = ?3, updated_at = ?4,
                                stage_since = CASE WHEN ?5 THEN ?4 ELSE stage_since END,
                                hold_by = ?6, hold_reason = ?7, held_from = ?8, refreshed_at = ?4,
                                refresh_error = ?9, refresh_error_code = ?10
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
                                node.problem,
                                problem_code,
                            ],
                        )?;
                    }
                }
            }
            tx.execute(
                "UPDATE backends SET synced_at = ?2, api_version = ?3 WHERE id = ?1",
                params![backend_id, at, api_version],
            )?;
            if let Some(entry) = audit(&counts) {
                append(tx, entry)?;
            }
            Ok(counts)
        })
    }
}
