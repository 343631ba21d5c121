use r2d2_sqlite::rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::{Stage, Store, StoreError, Tab};

/// Where a server stands in the data centre.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub site: Option<String>,
    pub room: Option<String>,
    pub rack: Option<String>,
    /// The lowest rack unit the server occupies.
    pub rack_unit: Option<u32>,
}

/// A server as the stage tabs list it, from the local cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ServerSummary {
    pub id: String,
    pub name: String,
    pub stage: Stage,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub bmc_id: Option<String>,
    pub bmc_address: Option<String>,
    pub power_state: Option<String>,
    pub health: Option<String>,
    pub location: Location,
    pub asset_tag: Option<String>,
    /// RFC 3339, UTC: when the facts were last read from the BMC.
    pub refreshed_at: Option<String>,
    /// Why the last refresh failed, when it did (the facts are then older).
    pub refresh_error: Option<String>,
    /// The stable code of that failure (the core's error codes, snake_case).
    pub refresh_error_code: Option<String>,
    /// The last contact failed for want of the BMC (its facts are only as fresh
    /// as the last success, and actions that need it are disabled).
    pub unreachable: bool,
    /// RFC 3339, UTC: when this record last changed in the cache.
    pub updated_at: String,
    /// When the server entered its stage.
    pub stage_since: Option<String>,
    /// The operator's hold, while the server is held.
    pub hold: Option<Hold>,
    /// When Deletion verified the server clean (it may then return to stock).
    pub cleaned_at: Option<String>,
    pub dates: LifecycleDates,
}

/// The dates a field team plans by (calendar dates, YYYY-MM-DD).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LifecycleDates {
    pub received_on: Option<String>,
    pub warranty_end: Option<String>,
    /// End of support (EOSL).
    pub eosl_on: Option<String>,
}

/// An operator's hold: who, why, until when, and where the server returns after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Hold {
    pub by: String,
    pub reason: String,
    pub until: String,
    pub held_from: Stage,
}

#[derive(Debug, Clone)]
pub struct NewServer {
    pub name: String,
    pub stage: Stage,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub bmc_address: Option<String>,
}

impl NewServer {
    /// A server in stock with nothing known but its name.
    pub fn named(name: &str) -> NewServer {
        NewServer {
            name: name.to_owned(),
            stage: Stage::Inventory,
            model: None,
            serial: None,
            bmc_address: None,
        }
    }
}

/// Now, as RFC 3339 in UTC, the form every stored time takes.
pub fn now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

/// "?, ?, ?" for an SQL IN list of `n` values.
pub(crate) fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

pub(crate) const SUMMARY_COLUMNS: &str = "s.id, s.name, s.stage, s.model, s.serial, s.bmc_id,
    COALESCE(b.address, s.bmc_address) AS bmc_address, s.power_state, s.health, s.site, s.room,
    s.rack, s.rack_unit, s.asset_tag, s.refreshed_at, s.refresh_error, s.refresh_error_code,
    s.updated_at, s.stage_since, s.hold_by, s.hold_reason, s.hold_until, s.held_from, s.cleaned_at,
    s.received_on, s.warranty_end, s.eosl_on";

pub(crate) const SUMMARY_FROM: &str = "servers s LEFT JOIN bmcs b ON b.id = s.bmc_id";

/// A stored value this build cannot read, as the row-mapping error rusqlite wants.
pub(crate) fn unreadable(error: StoreError) -> r2d2_sqlite::rusqlite::Error {
    r2d2_sqlite::rusqlite::Error::FromSqlConversionFailure(
        0,
        r2d2_sqlite::rusqlite::types::Type::Text,
        Box::new(error),
    )
}

pub(crate) fn stage_column(
    row: &Row<'_>,
    column: &str,
) -> Result<Stage, r2d2_sqlite::rusqlite::Error> {
    let stage: String = row.get(column)?;
    Stage::parse(&stage).map_err(unreadable)
}

pub(crate) fn read_summary(row: &Row<'_>) -> Result<ServerSummary, r2d2_sqlite::rusqlite::Error> {
    let stage = stage_column(row, "stage")?;
    let hold = match row.get::<_, Option<String>>("hold_by")? {
        Some(by) => Some(Hold {
            by,
            reason: row
                .get::<_, Option<String>>("hold_reason")?
                .unwrap_or_default(),
            until: row
                .get::<_, Option<String>>("hold_until")?
                .unwrap_or_default(),
            held_from: stage_column(row, "held_from")?,
        }),
        None => None,
    };
    Ok(ServerSummary {
        id: row.get("id")?,
        name: row.get("name")?,
        stage,
        model: row.get("model")?,
        serial: row.get("serial")?,
        bmc_id: row.get("bmc_id")?,
        bmc_address: row.get("bmc_address")?,
        power_state: row.get("power_state")?,
        health: row.get("health")?,
        location: Location {
            site: row.get("site")?,
            room: row.get("room")?,
            rack: row.get("rack")?,
            rack_unit: row.get("rack_unit")?,
        },
        asset_tag: row.get("asset_tag")?,
        refreshed_at: row.get("refreshed_at")?,
        refresh_error: row.get("refresh_error")?,
        unreachable: row
            .get::<_, Option<String>>("refresh_error_code")?
            .is_some_and(|code| crate::UNREACHABLE_CODES.contains(&code.as_str())),
        refresh_error_code: row.get("refresh_error_code")?,
        updated_at: row.get("updated_at")?,
        stage_since: row.get("stage_since")?,
        hold,
        cleaned_at: row.get("cleaned_at")?,
        dates: LifecycleDates {
            received_on: row.get("received_on")?,
            warranty_end: row.get("warranty_end")?,
            eosl_on: row.get("eosl_on")?,
        },
    })
}

/// One server's summary on `conn` (a transaction, when the caller is in one).
pub(crate) fn summary_where(
    conn: &Connection,
    condition: &str,
    key: &str,
) -> Result<ServerSummary, StoreError> {
    let sql = format!("SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} WHERE {condition}");
    conn.query_row(&sql, [key], read_summary)
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: "server",
            id: key.to_owned(),
        })
}

impl Store {
    pub fn insert_server(&self, new: &NewServer) -> Result<ServerSummary, StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let stamp = now();
        let inserted = self.conn()?.execute(
            "INSERT INTO servers (id, name, stage, model, serial, bmc_address, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![
                id,
                new.name,
                new.stage.as_str(),
                new.model,
                new.serial,
                new.bmc_address,
                stamp
            ],
        );
        match inserted {
            Err(e) if crate::bmcs::is_unique_violation(&e) => {
                return Err(StoreError::DuplicateName(new.name.clone()))
            }
            other => other?,
        };
        self.server_summary(&id)
    }

    pub fn server_summary(&self, id: &str) -> Result<ServerSummary, StoreError> {
        self.summary_where("s.id = ?1", id)
    }

    /// A server by its id or, failing that, its unique name.
    pub fn find_server(&self, id_or_name: &str) -> Result<ServerSummary, StoreError> {
        self.summary_where("s.id = ?1 OR s.name = ?1", id_or_name)
    }

    fn summary_where(&self, condition: &str, key: &str) -> Result<ServerSummary, StoreError> {
        summary_where(&*self.conn()?, condition, key)
    }

    /// The servers shown on one tab, ordered by name.
    pub fn list_servers(&self, tab: Tab) -> Result<Vec<ServerSummary>, StoreError> {
        let stages = tab.stages();
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM}
             WHERE s.stage IN ({}) ORDER BY s.name",
            placeholders(stages.len())
        );
        let conn = self.conn()?;
        let mut statement = conn.prepare(&sql)?;
        let rows = statement.query_map(
            r2d2_sqlite::rusqlite::params_from_iter(stages.iter().map(|s| s.as_str())),
            read_summary,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every server, ordered by name.
    pub fn all_servers(&self) -> Result<Vec<ServerSummary>, StoreError> {
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} ORDER BY s.name");
        let conn = self.conn()?;
        let mut statement = conn.prepare(&sql)?;
        let rows = statement.query_map([], read_summary)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many servers each tab holds, in menu order, zeros included.
    pub fn count_by_tab(&self) -> Result<Vec<(Tab, u32)>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare("SELECT stage, count(*) FROM servers GROUP BY stage")?;
        let mut counts: Vec<(Tab, u32)> = Tab::ALL.iter().map(|tab| (*tab, 0)).collect();
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, u32>(1)?))
        })?;
        for row in rows {
            let (stage, count) = row?;
            let tab = Stage::parse(&stage)?.tab();
            if let Some(entry) = counts.iter_mut().find(|(t, _)| *t == tab) {
                entry.1 += count;
            }
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::store::scratch_store as store;

    fn add(store: &Store, name: &str, stage: Stage) {
        store
            .insert_server(&NewServer {
                stage,
                ..NewServer::named(name)
            })
            .expect("insert");
    }

    #[test]
    fn each_tab_lists_only_its_own_stages_sorted_by_name() {
        let (_dir, store) = store();
        add(&store, "b-02", Stage::Building);
        add(&store, "b-01", Stage::Building);
        add(&store, "m-01", Stage::MaintenanceOperator);
        add(&store, "m-02", Stage::MaintenanceCustomer);
        add(&store, "s-01", Stage::InService);

        let building: Vec<_> = store
            .list_servers(Tab::Building)
            .expect("list")
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(building, ["b-01", "b-02"]);
        assert_eq!(store.list_servers(Tab::Maintenance).expect("list").len(), 2);
        assert!(store.list_servers(Tab::Deletion).expect("list").is_empty());
    }

    #[test]
    fn counts_cover_every_tab_in_menu_order() {
        let (_dir, store) = store();
        add(&store, "x", Stage::Retired);
        add(&store, "y", Stage::Inventory);
        add(&store, "z", Stage::Deletion);
        let counts = store.count_by_tab().expect("counts");
        assert_eq!(
            counts,
            vec![
                (Tab::Inventory, 2),
                (Tab::Building, 0),
                (Tab::InService, 0),
                (Tab::Maintenance, 0),
                (Tab::Deletion, 1)
            ]
        );
    }

    #[test]
    fn a_duplicate_name_is_a_clear_error() {
        let (_dir, store) = store();
        add(&store, "dup", Stage::Inventory);
        let err = store
            .insert_server(&NewServer::named("dup"))
            .expect_err("duplicate");
        assert!(matches!(err, StoreError::DuplicateName(ref n) if n == "dup"));
    }
}
