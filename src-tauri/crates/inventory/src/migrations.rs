use r2d2_sqlite::rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::StoreError;

struct Migration {
    version: u32,
    name: &'static str,
    sql: &'static str,
}

/// Ordered and append-only: a released migration is never edited, only followed.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "servers and settings",
        sql: include_str!("migrations/0001_servers_and_settings.sql"),
    },
    Migration {
        version: 2,
        name: "BMCs and hardware facts",
        sql: include_str!("migrations/0002_bmcs_and_facts.sql"),
    },
    Migration {
        version: 3,
        name: "lifecycle, jobs and audit",
        sql: include_str!("migrations/0003_lifecycle_jobs_audit.sql"),
    },
    Migration {
        version: 4,
        name: "build profiles and customer BMC accounts",
        sql: include_str!("migrations/0004_build_profiles_and_accounts.sql"),
    },
    Migration {
        version: 5,
        name: "scheduled orders and their runs",
        sql: include_str!("migrations/0005_scheduled_orders.sql"),
    },
    Migration {
        version: 6,
        name: "order tasks handed to BMCs",
        sql: include_str!("migrations/0006_order_handoffs.sql"),
    },
    Migration {
        version: 7,
        name: "deletions, erasures and certificates",
        sql: include_str!("migrations/0007_deletions_and_certificates.sql"),
    },
    Migration {
        version: 8,
        name: "backends (Ironic) and the nodes servers are",
        sql: include_str!("migrations/0008_backends.sql"),
    },
    Migration {
        version: 9,
        name: "the CA an HTTPS backend is trusted by",
        sql: include_str!("migrations/0009_backend_trust.sql"),
    },
];

/// The schema this build writes; a database above it is refused.
pub const SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].version;

fn user_version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

fn last_writer(conn: &Connection) -> Option<String> {
    // The meta table may be missing or shaped differently in a future schema; the
    // writer's version only decorates the refusal, so any failure here is ignored.
    conn.query_row(
        "SELECT value FROM meta WHERE key = 'last_writer_version'",
        [],
        |row| row.get(0),
    )
    .optional()
    .ok()
    .flatten()
}

/// Brings the database up to [`SCHEMA_VERSION`], one IMMEDIATE transaction per
/// migration so that a second process opening the same profile waits instead of
/// applying the same step twice. Returns the schema version found on entry.
pub(crate) fn migrate(conn: &mut Connection, app_version: &str) -> Result<u32, StoreError> {
    let found = user_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::DatabaseTooNew {
            found,
            supported: SCHEMA_VERSION,
            writer: last_writer(conn)
                .map(|v| format!(", by Racksmith {v}"))
                .unwrap_or_default(),
        });
    }
    for migration in MIGRATIONS.iter().filter(|m| m.version > found) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if user_version(&tx)? >= migration.version {
            continue; // another process applied it while we waited for the lock
        }
        let failed = |source| StoreError::Migration {
            version: migration.version,
            name: migration.name,
            source,
        };
        tx.execute_batch(migration.sql).map_err(failed)?;
        tx.pragma_update(None, "user_version", migration.version)
            .map_err(failed)?;
        tx.commit().map_err(failed)?;
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "applied migration"
        );
    }
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('last_writer_version', ?1)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [app_version],
    )?;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_strictly_increasing_from_one() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version as usize, index + 1, "{}", migration.name);
        }
    }

    #[test]
    fn a_failing_migration_leaves_nothing_half_applied() {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch("CREATE TABLE servers (id TEXT)")
            .expect("conflicting table");
        let err = migrate(&mut conn, "0.0.0-test").expect_err("must fail on the clash");
        assert!(
            matches!(err, StoreError::Migration { version: 1, .. }),
            "{err}"
        );
        assert_eq!(user_version(&conn).expect("version"), 0);
        let settings_exists: bool = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'settings'",
                [],
                |row| row.get::<_, i64>(0).map(|n| n > 0),
            )
            .expect("schema query");
        assert!(
            !settings_exists,
            "the failed migration's other tables must roll back"
        );
    }
}
