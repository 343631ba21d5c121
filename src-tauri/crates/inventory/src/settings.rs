use r2d2_sqlite::rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LanguagePref {
    /// Follow the operating system's language.
    #[default]
    System,
    En,
    Ja,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ThemePref {
    #[default]
    System,
    Light,
    Dark,
}

/// What the user chose in Settings; kept in the profile so the app and its
/// command line agree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub language: LanguagePref,
    pub theme: ThemePref,
    /// Act as the operator (the provider's staff): may hold servers and act on held ones.
    /// Missing in settings saved before it existed.
    #[serde(default)]
    pub operator_mode: bool,
}

const KEY: &str = "preferences";

impl Store {
    /// The saved preferences; defaults when none were saved. A value this build
    /// cannot read (written by a newer version) falls back to the defaults rather
    /// than locking the user out of the app.
    pub fn settings(&self) -> Result<Settings, StoreError> {
        let stored: Option<String> = self
            .conn()?
            .query_row("SELECT value FROM settings WHERE key = ?1", [KEY], |row| {
                row.get(0)
            })
            .optional()?;
        Ok(match stored {
            None => Settings::default(),
            Some(json) => serde_json::from_str(&json).unwrap_or_else(|error| {
                tracing::warn!(%error, "unreadable saved preferences; using defaults");
                Settings::default()
            }),
        })
    }

    pub fn save_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        let json = serde_json::to_string(settings).map_err(|e| StoreError::UnknownValue {
            what: "settings",
            value: e.to_string(),
        })?;
        self.conn()?.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [KEY, json.as_str()],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_default_then_persist_across_reopen() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("db.sqlite3");
        let store = Store::open(&path, "test").expect("open");
        assert_eq!(store.settings().expect("read"), Settings::default());
        let chosen = Settings {
            language: LanguagePref::Ja,
            theme: ThemePref::Dark,
            operator_mode: true,
        };
        store.save_settings(&chosen).expect("save");
        drop(store);
        let reopened = Store::open(&path, "test").expect("reopen");
        assert_eq!(reopened.settings().expect("read"), chosen);
    }

    #[test]
    fn unreadable_settings_fall_back_to_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("db.sqlite3"), "test").expect("open");
        store
            .conn()
            .expect("conn")
            .execute(
                "INSERT INTO settings (key, value) VALUES ('preferences', '{\"language\":\"klingon\"}')",
                [],
            )
            .expect("insert");
        assert_eq!(store.settings().expect("read"), Settings::default());
    }
}
