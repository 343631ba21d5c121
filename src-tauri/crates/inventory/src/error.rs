use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "this profile's database was written by a newer Racksmith (schema {found}{writer}); \
         this build understands schema {supported} at most. Open it with a newer Racksmith, \
         or choose another profile folder"
    )]
    DatabaseTooNew {
        found: u32,
        supported: u32,
        /// ", by Racksmith X.Y.Z" when the newer writer left its version behind.
        writer: String,
    },
    #[error("migration {version} ({name}) failed: {source}")]
    Migration {
        version: u32,
        name: &'static str,
        source: r2d2_sqlite::rusqlite::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] r2d2_sqlite::rusqlite::Error),
    #[error("could not open the database: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("{what} {value:?} is not known to this version of Racksmith")]
    UnknownValue { what: &'static str, value: String },
    #[error("a server named {0:?} already exists")]
    DuplicateName(String),
    #[error("there is no {what} {id:?}")]
    NotFound { what: &'static str, id: String },
    #[error("the BMC at {0} is already enrolled")]
    DuplicateBmc(String),
    /// Someone else changed the record since it was read (two windows, or the app and rackctl).
    #[error("{0}")]
    Changed(String),
}
