//! What the Building stage keeps: build profiles (as the JSON of their file
//! format) and the BMC accounts Racksmith made for customers (the password's
//! keyring reference, never the password).

use r2d2_sqlite::rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::audit::append;
use crate::servers::now;
use crate::{NewAudit, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StoredProfile {
    pub name: String,
    /// The profile's JSON.
    pub body: String,
    pub updated_at: String,
    pub updated_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerAccount {
    pub server_id: String,
    pub username: String,
    pub role: String,
    pub secret_ref: String,
    pub created_at: String,
    pub rotated_at: Option<String>,
}

impl Store {
    /// Saves (or replaces) a profile and audits it in the same transaction.
    pub fn save_profile(
        &self,
        name: &str,
        body: &str,
        audit: NewAudit,
    ) -> Result<StoredProfile, StoreError> {
        let at = now();
        let stored = StoredProfile {
            name: name.to_owned(),
            body: body.to_owned(),
            updated_at: at.clone(),
            updated_by: audit.actor.clone(),
        };
        self.immediate(|tx| {
            tx.execute(
                "INSERT INTO build_profiles (name, body, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(name) DO UPDATE SET body = ?2, updated_at = ?3, updated_by = ?4",
                params![name, body, at, audit.actor],
            )?;
            append(tx, audit)?;
            Ok(())
        })?;
        Ok(stored)
    }

    pub fn profiles(&self) -> Result<Vec<StoredProfile>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(
            "SELECT name, body, updated_at, updated_by FROM build_profiles ORDER BY name COLLATE NOCASE",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(StoredProfile {
                name: row.get(0)?,
                body: row.get(1)?,
                updated_at: row.get(2)?,
                updated_by: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn profile(&self, name: &str) -> Result<StoredProfile, StoreError> {
        self.conn()?
            .query_row(
                "SELECT name, body, updated_at, updated_by FROM build_profiles WHERE name = ?1",
                [name],
                |row| {
                    Ok(StoredProfile {
                        name: row.get(0)?,
                        body: row.get(1)?,
                        updated_at: row.get(2)?,
                        updated_by: row.get(3)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "build profile",
                id: name.to_owned(),
            })
    }

    pub fn delete_profile(&self, name: &str, audit: NewAudit) -> Result<(), StoreError> {
        self.immediate(|tx| {
            let gone = tx.execute("DELETE FROM build_profiles WHERE name = ?1", [name])?;
            if gone == 0 {
                return Err(StoreError::NotFound {
                    what: "build profile",
                    id: name.to_owned(),
                });
            }
            append(tx, audit)?;
            Ok(())
        })
    }

    /// Records a customer account made (or its password rotated) on a server's BMC.
    pub fn record_customer_account(
        &self,
        server_id: &str,
        username: &str,
        role: &str,
        secret_ref: &str,
    ) -> Result<(), StoreError> {
        let at = now();
        self.conn()?.execute(
            "INSERT INTO bmc_accounts (server_id, username, role, secret_ref, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(server_id, username) DO UPDATE SET role = ?3, secret_ref = ?4, rotated_at = ?5",
            params![server_id, username, role, secret_ref, at],
        )?;
        Ok(())
    }

    /// Forgets an account the BMC no longer has (removed by deletion).
    pub fn forget_customer_account(
        &self,
        server_id: &str,
        username: &str,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "DELETE FROM bmc_accounts WHERE server_id = ?1 AND username = ?2",
            params![server_id, username],
        )?;
        Ok(())
    }

    pub fn customer_accounts(&self, server_id: &str) -> Result<Vec<CustomerAccount>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare(
            "SELECT server_id, username, role, secret_ref, created_at, rotated_at
             FROM bmc_accounts WHERE server_id = ?1 ORDER BY username",
        )?;
        let rows = statement.query_map([server_id], |row| {
            Ok(CustomerAccount {
                server_id: row.get(0)?,
                username: row.get(1)?,
                role: row.get(2)?,
                secret_ref: row.get(3)?,
                created_at: row.get(4)?,
                rotated_at: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn audit(action: &str) -> NewAudit {
        NewAudit {
            actor: "ann".into(),
            role: "customer".into(),
            action: action.into(),
            target: Some("web".into()),
            params: serde_json::json!({}),
            outcome: "ok".into(),
            detail: None,
        }
    }

    #[test]
    fn profiles_are_saved_replaced_listed_and_deleted_with_an_audit_trail() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("db.sqlite"), "test").expect("store");
        store
            .save_profile("web", "{\"a\":1}", audit("profile_save"))
            .expect("save");
        store
            .save_profile("WEB", "{\"a\":2}", audit("profile_save"))
            .expect("replace, names ignore case");
        let all = store.profiles().expect("list");
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].body, "{\"a\":2}");
        store
            .delete_profile("web", audit("profile_delete"))
            .expect("delete");
        assert!(matches!(
            store.profile("web"),
            Err(StoreError::NotFound { .. })
        ));
        assert!(store
            .delete_profile("web", audit("profile_delete"))
            .is_err());
        let actions: Vec<String> = store
            .audit_entries(&crate::AuditFilter::default())
            .expect("audit")
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(actions.iter().filter(|a| *a == "profile_save").count(), 2);
        assert_eq!(actions.iter().filter(|a| *a == "profile_delete").count(), 1);
    }
}
