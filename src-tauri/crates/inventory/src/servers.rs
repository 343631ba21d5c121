use r2d2_sqlite::rusqlite::{params, Row};
use serde::{Deserialize, Serialize};
use specta::Type;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::{Stage, Store, StoreError, Tab};

/// A server as the stage tabs list it, from the local cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ServerSummary {
    pub id: String,
    pub name: String,
    pub stage: Stage,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub bmc_address: Option<String>,
    /// RFC 3339, UTC: when this record last changed in the cache.
    pub updated_at: String,
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

fn now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

fn stage_placeholders(stages: &[Stage]) -> String {
    vec!["?"; stages.len()].join(", ")
}

fn read_summary(row: &Row<'_>) -> Result<(ServerSummary, String), r2d2_sqlite::rusqlite::Error> {
    Ok((
        ServerSummary {
            id: row.get("id")?,
            name: row.get("name")?,
            stage: Stage::Inventory, // replaced from the stored text below
            model: row.get("model")?,
            serial: row.get("serial")?,
            bmc_address: row.get("bmc_address")?,
            updated_at: row.get("updated_at")?,
        },
        row.get("stage")?,
    ))
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
            Err(r2d2_sqlite::rusqlite::Error::SqliteFailure(e, _))
                if e.code == r2d2_sqlite::rusqlite::ErrorCode::ConstraintViolation =>
            {
                return Err(StoreError::DuplicateName(new.name.clone()))
            }
            other => other?,
        };
        Ok(ServerSummary {
            id,
            name: new.name.clone(),
            stage: new.stage,
            model: new.model.clone(),
            serial: new.serial.clone(),
            bmc_address: new.bmc_address.clone(),
            updated_at: stamp,
        })
    }

    /// The servers shown on one tab, ordered by name.
    pub fn list_servers(&self, tab: Tab) -> Result<Vec<ServerSummary>, StoreError> {
        let stages = tab.stages();
        let sql = format!(
            "SELECT id, name, stage, model, serial, bmc_address, updated_at FROM servers
             WHERE stage IN ({}) ORDER BY name",
            stage_placeholders(&stages)
        );
        let conn = self.conn()?;
        let mut statement = conn.prepare(&sql)?;
        let rows = statement.query_map(
            r2d2_sqlite::rusqlite::params_from_iter(stages.iter().map(|s| s.as_str())),
            read_summary,
        )?;
        rows.map(|row| {
            let (mut summary, stage) = row?;
            summary.stage = Stage::parse(&stage)?;
            Ok(summary)
        })
        .collect()
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

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("db.sqlite3"), "test").expect("open");
        (dir, store)
    }

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
