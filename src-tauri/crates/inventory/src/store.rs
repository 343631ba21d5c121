use std::path::{Path, PathBuf};
use std::time::Duration;

use r2d2::{Pool, PooledConnection};
use r2d2_sqlite::rusqlite::Connection;
use r2d2_sqlite::SqliteConnectionManager;

use crate::migrations::{self, SCHEMA_VERSION};
use crate::StoreError;

/// The profile's SQLite database. Cheap to clone: clones share one connection pool,
/// so readers never queue behind a single locked connection.
#[derive(Clone)]
pub struct Store {
    pool: Pool<SqliteConnectionManager>,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// WAL lets the app and `rackctl` read while the other writes; the busy timeout
/// turns a brief clash between two writers into a short wait, not an error.
fn configure(conn: &mut Connection) -> Result<(), r2d2_sqlite::rusqlite::Error> {
    conn.busy_timeout(BUSY_WAIT)?;
    use_wal(conn)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")
}

const BUSY_WAIT: Duration = Duration::from_secs(5);

/// Switching a new file to WAL needs an exclusive lock, and when two processes
/// open the same new profile at once SQLite answers "locked" at once instead of
/// calling the busy handler (it would deadlock otherwise). So that one case is
/// retried here, for as long as the busy timeout would have waited.
fn use_wal(conn: &Connection) -> Result<(), r2d2_sqlite::rusqlite::Error> {
    let deadline = std::time::Instant::now() + BUSY_WAIT;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(r2d2_sqlite::rusqlite::Error::SqliteFailure(e, _))
                if e.code == r2d2_sqlite::rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`. A database
    /// written by a newer schema is refused before anything in it is touched.
    pub fn open(path: &Path, app_version: &str) -> Result<Store, StoreError> {
        // Migrate on a connection of our own first: a damaged or too-new file then
        // fails at once with SQLite's own reason, not after the pool's retry timeout.
        let mut first = Connection::open(path)?;
        configure(&mut first)?;
        migrations::migrate(&mut first, app_version)?;
        drop(first);
        let manager = SqliteConnectionManager::file(path).with_init(configure);
        let pool = Pool::builder()
            .max_size(4)
            .min_idle(Some(1))
            .build(manager)?;
        Ok(Store {
            pool,
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> u32 {
        SCHEMA_VERSION
    }

    pub(crate) fn conn(&self) -> Result<PooledConnection<SqliteConnectionManager>, StoreError> {
        Ok(self.pool.get()?)
    }

    /// Runs `work` in a BEGIN IMMEDIATE transaction: a read-check-write in it
    /// cannot interleave with another writer's.
    pub(crate) fn immediate<T>(
        &self,
        work: impl FnOnce(&r2d2_sqlite::rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn()?;
        let tx =
            conn.transaction_with_behavior(r2d2_sqlite::rusqlite::TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// The journal mode SQLite reports for this database ("wal" once opened here).
    pub fn journal_mode(&self) -> Result<String, StoreError> {
        Ok(self
            .conn()?
            .pragma_query_value(None, "journal_mode", |row| row.get(0))?)
    }
}

/// A store in a folder of its own, for unit tests.
#[cfg(test)]
pub(crate) fn scratch_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("db.sqlite3"), "test").expect("open");
    (dir, store)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("racksmith.sqlite3");
        (dir, path)
    }

    #[test]
    fn a_new_database_is_created_migrated_and_in_wal_mode() {
        let (_dir, path) = scratch();
        let store = Store::open(&path, "0.1.0").expect("open");
        assert_eq!(store.journal_mode().expect("mode"), "wal");
        let raw = Connection::open(&path).expect("raw open");
        let version: u32 = raw
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, SCHEMA_VERSION);
    }

    #[test]
    fn reopening_is_idempotent_and_keeps_data() {
        let (_dir, path) = scratch();
        {
            let store = Store::open(&path, "0.1.0").expect("first open");
            store
                .insert_server(&crate::NewServer::named("rack1-u01"))
                .expect("insert");
        }
        let store = Store::open(&path, "0.1.0").expect("second open");
        let all = store.list_servers(crate::Tab::Inventory).expect("list");
        assert_eq!(all.len(), 1);
    }

    #[test]
    fn a_database_from_a_newer_version_is_refused_untouched() {
        let (_dir, path) = scratch();
        Store::open(&path, "0.1.0").expect("create");
        {
            let raw = Connection::open(&path).expect("raw open");
            raw.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
                .expect("bump");
            raw.execute(
                "UPDATE meta SET value = '9.9.9' WHERE key = 'last_writer_version'",
                [],
            )
            .expect("pretend a newer writer");
        }
        let err = Store::open(&path, "0.1.0").expect_err("must refuse");
        let message = err.to_string();
        assert!(matches!(err, StoreError::DatabaseTooNew { .. }));
        assert!(message.contains("newer Racksmith"), "{message}");
        assert!(message.contains("9.9.9"), "{message}");
        let raw = Connection::open(&path).expect("raw reopen");
        let writer: String = raw
            .query_row(
                "SELECT value FROM meta WHERE key = 'last_writer_version'",
                [],
                |r| r.get(0),
            )
            .expect("writer");
        assert_eq!(writer, "9.9.9", "a refused database must not be written");
    }

    #[test]
    fn a_file_that_is_not_a_database_gives_an_error_not_a_panic() {
        let (_dir, path) = scratch();
        std::fs::write(&path, b"this is a spreadsheet, honest").expect("write junk");
        let err = Store::open(&path, "0.1.0").expect_err("junk must be refused");
        assert!(err.to_string().contains("database"), "{err}");
    }

    #[test]
    fn two_processes_opening_the_same_new_profile_both_succeed() {
        let (_dir, path) = scratch();
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || Store::open(&path, "0.1.0").map(|_| ()))
            })
            .collect();
        for handle in handles {
            handle.join().expect("thread").expect("open");
        }
    }
}
