//! Recording stage moves and lifecycle dates, each with its audit entry in the
//! same transaction. The guards (may this move happen?) live in the lifecycle
//! crate; this only writes what they allowed.

use r2d2_sqlite::rusqlite::params;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::audit::append;
use crate::servers::{stage_column, summary_where};
use crate::{now, LifecycleDates, Location, NewAudit, ServerSummary, Stage, Store, StoreError};

/// A move the guards allowed, to be recorded.
#[derive(Debug, Clone)]
pub struct StageMove {
    pub server_id: String,
    /// The stage the guard saw; if another writer moved the server meanwhile,
    /// the move is refused rather than applied to a stage no one checked.
    pub from: Stage,
    pub to: Stage,
    pub actor: String,
    pub role: String,
    pub reason: Option<String>,
    pub hold_until: Option<String>,
}

/// A recorded change of stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StageChange {
    pub at: String,
    pub actor: String,
    pub role: String,
    pub from: Stage,
    pub to: Stage,
    pub reason: Option<String>,
}

fn summary_in(
    tx: &r2d2_sqlite::rusqlite::Transaction<'_>,
    id: &str,
) -> Result<ServerSummary, StoreError> {
    summary_where(tx, "s.id = ?1", id)
}

/// One move inside a caller's transaction (a deletion moves many servers in one).
pub(crate) fn move_in(
    tx: &r2d2_sqlite::rusqlite::Transaction<'_>,
    change: &StageMove,
) -> Result<ServerSummary, StoreError> {
    let before = summary_in(tx, &change.server_id)?;
    if before.stage != change.from {
        return Err(StoreError::Changed(format!(
            "{} was moved to {} meanwhile; look again before moving it",
            before.name,
            before.stage.as_str()
        )));
    }
    let at = now();
    let holding = change.to == Stage::MaintenanceOperator;
    tx.execute(
        // Entering Deletion forgets any earlier verification: the pipeline
        // must verify this pass.
        "UPDATE servers SET stage = ?2, stage_since = ?3, updated_at = ?3,
                hold_by = ?4, hold_reason = ?5, hold_until = ?6, held_from = ?7,
                cleaned_at = CASE WHEN ?2 = 'deletion' THEN NULL ELSE cleaned_at END
             WHERE id = ?1",
        params![
            change.server_id,
            change.to.as_str(),
            at,
            holding.then_some(&change.actor),
            if holding {
                change.reason.as_deref()
            } else {
                None
            },
            if holding {
                change.hold_until.as_deref()
            } else {
                None
            },
            holding.then_some(change.from.as_str()),
        ],
    )?;
    tx.execute(
        "INSERT INTO stage_changes (server_id, at, actor, role, from_stage, to_stage, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            change.server_id,
            at,
            change.actor,
            change.role,
            change.from.as_str(),
            change.to.as_str(),
            change.reason
        ],
    )?;
    append(
        tx,
        NewAudit {
            actor: change.actor.clone(),
            role: change.role.clone(),
            action: "stage_move".into(),
            target: Some(before.name.clone()),
            params: serde_json::json!({
                "serverId": change.server_id,
                "from": change.from.as_str(),
                "to": change.to.as_str(),
                "reason": change.reason,
                "holdUntil": change.hold_until,
            }),
            outcome: "ok".into(),
            detail: None,
        },
    )?;
    summary_in(tx, &change.server_id)
}

impl Store {
    pub fn move_stage(&self, change: &StageMove) -> Result<ServerSummary, StoreError> {
        self.immediate(|tx| move_in(tx, change))
    }

    /// Newest first.
    pub fn stage_changes(&self, server_id: &str) -> Result<Vec<StageChange>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(
            "SELECT at, actor, role, from_stage, to_stage, reason FROM stage_changes
             WHERE server_id = ?1 ORDER BY id DESC",
        )?;
        let rows = statement.query_map([server_id], |row| {
            Ok(StageChange {
                at: row.get("at")?,
                actor: row.get("actor")?,
                role: row.get("role")?,
                from: stage_column(row, "from_stage")?,
                to: stage_column(row, "to_stage")?,
                reason: row.get("reason")?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Sets the received, warranty and end-of-support dates (audited).
    pub fn set_lifecycle_dates(
        &self,
        server_id: &str,
        dates: &LifecycleDates,
        actor: &str,
        role: &str,
    ) -> Result<ServerSummary, StoreError> {
        self.immediate(|tx| {
            let before = summary_in(tx, server_id)?;
            tx.execute(
                "UPDATE servers SET received_on = ?2, warranty_end = ?3, eosl_on = ?4, updated_at = ?5
                 WHERE id = ?1",
                params![
                    server_id,
                    dates.received_on,
                    dates.warranty_end,
                    dates.eosl_on,
                    now()
                ],
            )?;
            append(
                tx,
                NewAudit {
                    actor: actor.to_owned(),
                    role: role.to_owned(),
                    action: "set_dates".into(),
                    target: Some(before.name),
                    params: serde_json::to_value(dates).unwrap_or_default(),
                    outcome: "ok".into(),
                    detail: None,
                },
            )?;
            summary_in(tx, server_id)
        })
    }
}

impl Store {
    /// Sets where a server stands and its asset tag (audited): a technician
    /// who moves a box records it here.
    pub fn set_place(
        &self,
        server_id: &str,
        location: &Location,
        asset_tag: Option<&str>,
        actor: &str,
        role: &str,
    ) -> Result<ServerSummary, StoreError> {
        self.immediate(|tx| {
            let before = summary_in(tx, server_id)?;
            tx.execute(
                "UPDATE servers SET site = ?2, room = ?3, rack = ?4, rack_unit = ?5, asset_tag = ?6,
                     updated_at = ?7
                 WHERE id = ?1",
                params![
                    server_id,
                    location.site,
                    location.room,
                    location.rack,
                    location.rack_unit,
                    asset_tag,
                    now()
                ],
            )?;
            append(
                tx,
                NewAudit {
                    actor: actor.to_owned(),
                    role: role.to_owned(),
                    action: "set_place".into(),
                    target: Some(before.name),
                    params: serde_json::json!({"location": location, "assetTag": asset_tag}),
                    outcome: "ok".into(),
                    detail: None,
                },
            )?;
            summary_in(tx, server_id)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NewServer;

    #[test]
    fn a_move_is_recorded_with_its_audit_entry_and_a_stale_one_is_refused() {
        let (_dir, store) = crate::store::scratch_store();
        let server = store
            .insert_server(&NewServer::named("web-1"))
            .expect("insert");
        let hold = StageMove {
            server_id: server.id.clone(),
            from: Stage::Inventory,
            to: Stage::MaintenanceOperator,
            actor: "oscar".into(),
            role: "operator".into(),
            reason: Some("PSU swap".into()),
            hold_until: Some("2026-12-01T06:00:00Z".into()),
        };
        let held = store.move_stage(&hold).expect("hold");
        assert_eq!(held.stage, Stage::MaintenanceOperator);
        let h = held.hold.expect("hold recorded");
        assert_eq!(
            (h.by.as_str(), h.reason.as_str(), h.held_from),
            ("oscar", "PSU swap", Stage::Inventory)
        );
        assert!(held.stage_since.is_some());

        let stale = store.move_stage(&hold).expect_err("moved meanwhile");
        assert!(matches!(stale, StoreError::Changed(_)));

        let release = StageMove {
            from: Stage::MaintenanceOperator,
            to: Stage::Inventory,
            reason: None,
            hold_until: None,
            ..hold
        };
        let released = store.move_stage(&release).expect("release");
        assert_eq!(released.hold, None);
        let history = store.stage_changes(&server.id).expect("history");
        assert_eq!(history.len(), 2);
        assert_eq!(
            (history[0].from, history[0].to),
            (Stage::MaintenanceOperator, Stage::Inventory)
        );
        let audit = store
            .audit_entries(&crate::AuditFilter::default())
            .expect("audit");
        assert_eq!(audit.len(), 2);
        assert!(audit
            .iter()
            .all(|e| e.action == "stage_move" && e.target.as_deref() == Some("web-1")));
        assert!(store.verify_audit().expect("verify").intact);
    }
}
