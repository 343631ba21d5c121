//! BMCs and what was read from them. A BMC row holds a credential *reference*
//! (never a password); servers point at their BMC and the system path on it.

use r2d2_sqlite::rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};

use crate::servers::{now, read_summary, SUMMARY_COLUMNS, SUMMARY_FROM};
use crate::{Location, ServerSummary, Stage, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustRecord {
    /// The SHA-256 of the one certificate trusted, as `AB:CD:…`.
    Pinned(String),
    /// A PEM file of roots, checked the usual way.
    CaBundle(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    User,
    /// Enrolled from the built-in lab; its address and pin follow the lab.
    Lab,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::User => "user",
            Origin::Lab => "lab",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BmcRecord {
    pub id: String,
    pub address: String,
    pub username: String,
    /// Where the password is: `keyring:<account>` or `lab:<server id>`.
    pub credential: String,
    pub trust: TrustRecord,
    pub origin: Origin,
    pub vendor: Option<String>,
    pub created_at: String,
    pub last_contact_at: Option<String>,
}

/// One system found on a BMC at enrolment, with what was read from it.
#[derive(Debug, Clone)]
pub struct EnrolledSystem {
    pub name: String,
    pub system_path: String,
    pub facts: FactsUpdate,
    pub location: Location,
    pub asset_tag: Option<String>,
}

/// A fresh read of one system.
#[derive(Debug, Clone)]
pub struct FactsUpdate {
    pub model: Option<String>,
    pub serial: Option<String>,
    pub power_state: Option<String>,
    pub health: Option<String>,
    /// The facts as JSON.
    pub facts: String,
    pub read_at: String,
}

/// A server the refresh must visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshTarget {
    pub server_id: String,
    pub server_name: String,
    pub bmc_id: String,
    pub system_path: String,
}

fn read_bmc(row: &Row<'_>) -> Result<BmcRecord, r2d2_sqlite::rusqlite::Error> {
    let trust: String = row.get("trust")?;
    let trust = if trust == "pinned" {
        TrustRecord::Pinned(row.get::<_, String>("pin_sha256")?)
    } else {
        TrustRecord::CaBundle(row.get::<_, String>("ca_bundle_path")?)
    };
    let origin: String = row.get("origin")?;
    Ok(BmcRecord {
        id: row.get("id")?,
        address: row.get("address")?,
        username: row.get("username")?,
        credential: row.get("credential")?,
        trust,
        origin: if origin == "lab" {
            Origin::Lab
        } else {
            Origin::User
        },
        vendor: row.get("vendor")?,
        created_at: row.get("created_at")?,
        last_contact_at: row.get("last_contact_at")?,
    })
}

pub(crate) fn is_unique_violation(error: &r2d2_sqlite::rusqlite::Error) -> bool {
    matches!(error, r2d2_sqlite::rusqlite::Error::SqliteFailure(e, _)
        if e.code == r2d2_sqlite::rusqlite::ErrorCode::ConstraintViolation)
}

fn insert_bmc(tx: &Connection, bmc: &BmcRecord) -> Result<(), StoreError> {
    let (pin, bundle, trust) = match &bmc.trust {
        TrustRecord::Pinned(pin) => (Some(pin.as_str()), None, "pinned"),
        TrustRecord::CaBundle(path) => (None, Some(path.as_str()), "ca_bundle"),
    };
    tx.execute(
        "INSERT INTO bmcs (id, address, username, credential, trust, pin_sha256,
             ca_bundle_path, origin, vendor, created_at, last_contact_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![
            bmc.id,
            bmc.address,
            bmc.username,
            bmc.credential,
            trust,
            pin,
            bundle,
            bmc.origin.as_str(),
            bmc.vendor,
            bmc.created_at
        ],
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            StoreError::DuplicateBmc(bmc.address.clone())
        } else {
            e.into()
        }
    })?;
    Ok(())
}

fn insert_system(
    tx: &Connection,
    bmc_id: &str,
    system: &EnrolledSystem,
) -> Result<String, StoreError> {
    let id = uuid::Uuid::new_v4().to_string();
    tx.execute(
        "INSERT INTO servers (id, name, stage, model, serial, bmc_id, system_path,
             site, room, rack, rack_unit, asset_tag, power_state, health, facts,
             refreshed_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
             ?16, ?17, ?17)",
        params![
            id,
            system.name,
            Stage::Inventory.as_str(),
            system.facts.model,
            system.facts.serial,
            bmc_id,
            system.system_path,
            system.location.site,
            system.location.room,
            system.location.rack,
            system.location.rack_unit,
            system.asset_tag,
            system.facts.power_state,
            system.facts.health,
            system.facts.facts,
            system.facts.read_at,
            now()
        ],
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            StoreError::DuplicateName(system.name.clone())
        } else {
            e.into()
        }
    })?;
    Ok(id)
}

impl Store {
    /// Adds a BMC and the servers found on it in one transaction: all or nothing.
    /// New servers land in the Inventory stage.
    pub fn enrol(
        &self,
        bmc: &BmcRecord,
        systems: &[EnrolledSystem],
    ) -> Result<Vec<ServerSummary>, StoreError> {
        self.enrol_many(&[(bmc.clone(), systems.to_vec())])
    }

    /// Adds many BMCs in one transaction (a CSV import): one clash, and none is added.
    pub fn enrol_many(
        &self,
        batch: &[(BmcRecord, Vec<EnrolledSystem>)],
    ) -> Result<Vec<ServerSummary>, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut ids = Vec::new();
        for (bmc, systems) in batch {
            insert_bmc(&tx, bmc)?;
            for system in systems {
                ids.push(insert_system(&tx, &bmc.id, system)?);
            }
        }
        tx.commit()?;
        drop(conn);
        ids.iter().map(|id| self.server_summary(id)).collect()
    }

    pub fn bmc(&self, id: &str) -> Result<BmcRecord, StoreError> {
        self.conn()?
            .query_row("SELECT * FROM bmcs WHERE id = ?1", [id], read_bmc)
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "BMC",
                id: id.to_owned(),
            })
    }

    pub fn bmc_by_address(&self, address: &str) -> Result<Option<BmcRecord>, StoreError> {
        Ok(self
            .conn()?
            .query_row("SELECT * FROM bmcs WHERE address = ?1", [address], read_bmc)
            .optional()?)
    }

    pub fn bmcs(&self) -> Result<Vec<BmcRecord>, StoreError> {
        let conn = self.conn()?;
        let mut statement = conn.prepare("SELECT * FROM bmcs ORDER BY address")?;
        let rows = statement.query_map([], read_bmc)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Trusts a new certificate for a BMC (after the user saw and accepted it).
    pub fn set_pin(&self, bmc_id: &str, pin: &str) -> Result<(), StoreError> {
        let changed = self.conn()?.execute(
            "UPDATE bmcs SET trust = 'pinned', pin_sha256 = ?2, ca_bundle_path = NULL
             WHERE id = ?1",
            params![bmc_id, pin],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: "BMC",
                id: bmc_id.to_owned(),
            });
        }
        Ok(())
    }

    /// A lab restarted on new ports with new certificates: follow it.
    pub fn move_lab_bmc(&self, bmc_id: &str, address: &str, pin: &str) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE bmcs SET address = ?2, trust = 'pinned', pin_sha256 = ?3,
                 ca_bundle_path = NULL
             WHERE id = ?1 AND origin = 'lab'",
            params![bmc_id, address, pin],
        )?;
        Ok(())
    }

    /// The servers to refresh: the ones named, or every server with a BMC.
    pub fn refresh_targets(
        &self,
        server_ids: Option<&[String]>,
    ) -> Result<Vec<RefreshTarget>, StoreError> {
        let conn = self.conn()?;
        let read = |row: &Row<'_>| {
            Ok(RefreshTarget {
                server_id: row.get(0)?,
                server_name: row.get(1)?,
                bmc_id: row.get(2)?,
                system_path: row.get(3)?,
            })
        };
        let select = "SELECT id, name, bmc_id, system_path FROM servers
                      WHERE bmc_id IS NOT NULL AND system_path IS NOT NULL";
        match server_ids {
            None => {
                let mut statement = conn.prepare(&format!("{select} ORDER BY name"))?;
                let rows = statement.query_map([], read)?;
                Ok(rows.collect::<Result<_, _>>()?)
            }
            Some(ids) => {
                let mut statement = conn.prepare(&format!("{select} AND id = ?1"))?;
                ids.iter()
                    .map(|id| {
                        statement.query_row([id], read).optional()?.ok_or_else(|| {
                            StoreError::NotFound {
                                what: "server with a BMC",
                                id: id.clone(),
                            }
                        })
                    })
                    .collect()
            }
        }
    }

    pub fn record_facts(&self, server_id: &str, update: &FactsUpdate) -> Result<(), StoreError> {
        let conn = self.conn()?;
        conn.execute(
            "UPDATE servers SET model = COALESCE(?2, model), serial = COALESCE(?3, serial),
                 power_state = ?4, health = ?5, facts = ?6, refreshed_at = ?7,
                 refresh_error = NULL, refresh_error_code = NULL, updated_at = ?8
             WHERE id = ?1",
            params![
                server_id,
                update.model,
                update.serial,
                update.power_state,
                update.health,
                update.facts,
                update.read_at,
                now()
            ],
        )?;
        conn.execute(
            "UPDATE bmcs SET last_contact_at = ?2
             WHERE id = (SELECT bmc_id FROM servers WHERE id = ?1)",
            params![server_id, update.read_at],
        )?;
        Ok(())
    }

    /// Keeps the old facts and says why they could not be renewed.
    pub fn record_refresh_error(
        &self,
        server_id: &str,
        code: &str,
        message: &str,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE servers SET refresh_error = ?2, refresh_error_code = ?3, updated_at = ?4
             WHERE id = ?1",
            params![server_id, message, code, now()],
        )?;
        Ok(())
    }

    /// A power state read by a job, ahead of the next full refresh.
    pub fn record_power_state(&self, server_id: &str, power_state: &str) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE servers SET power_state = ?2, updated_at = ?3 WHERE id = ?1",
            params![server_id, power_state, now()],
        )?;
        Ok(())
    }

    /// The stored facts (JSON) of a server, if any were ever read.
    pub fn server_facts(&self, server_id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT facts FROM servers WHERE id = ?1",
                [server_id],
                |row| row.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
    }

    pub fn servers_of_bmc(&self, bmc_id: &str) -> Result<Vec<ServerSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} WHERE s.bmc_id = ?1 ORDER BY s.name"
        );
        let conn = self.conn()?;
        let mut statement = conn.prepare(&sql)?;
        let rows = statement.query_map([bmc_id], read_summary)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn name_taken(&self, name: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn()?
            .query_row("SELECT 1 FROM servers WHERE name = ?1", [name], |_| Ok(()))
            .optional()?
            .is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::store::scratch_store as store;

    fn bmc(address: &str) -> BmcRecord {
        BmcRecord {
            id: uuid::Uuid::new_v4().to_string(),
            address: address.into(),
            username: "admin".into(),
            credential: "keyring:bmc/x".into(),
            trust: TrustRecord::Pinned("AB:CD".into()),
            origin: Origin::User,
            vendor: Some("Racksmith Lab".into()),
            created_at: now(),
            last_contact_at: None,
        }
    }

    fn system(name: &str, path: &str) -> EnrolledSystem {
        EnrolledSystem {
            name: name.into(),
            system_path: path.into(),
            facts: FactsUpdate {
                model: Some("RS-1000".into()),
                serial: Some(format!("SN-{name}")),
                power_state: Some("Off".into()),
                health: Some("OK".into()),
                facts: "{}".into(),
                read_at: now(),
            },
            location: Location {
                site: Some("Tokyo".into()),
                rack_unit: Some(12),
                ..Location::default()
            },
            asset_tag: Some("A-1".into()),
        }
    }

    #[test]
    fn enrolled_servers_land_in_inventory_with_their_bmc_and_location() {
        let (_dir, store) = store();
        let record = bmc("https://127.0.0.1:1");
        let servers = store
            .enrol(&record, &[system("a", "/redfish/v1/Systems/1")])
            .expect("enrol");
        assert_eq!(servers.len(), 1);
        let server = &servers[0];
        assert_eq!(server.stage, Stage::Inventory);
        assert_eq!(server.bmc_address.as_deref(), Some("https://127.0.0.1:1"));
        assert_eq!(server.location.rack_unit, Some(12));
        assert!(server.refreshed_at.is_some());
        // Enrolment talked to the BMC, so that was its last contact.
        let expected = BmcRecord {
            last_contact_at: Some(record.created_at.clone()),
            ..record.clone()
        };
        assert_eq!(store.bmc(&record.id).expect("bmc"), expected);
    }

    #[test]
    fn a_clash_in_one_system_leaves_nothing_behind() {
        let (_dir, store) = store();
        store
            .enrol(&bmc("https://127.0.0.1:1"), &[system("a", "/1")])
            .expect("first");
        let second = bmc("https://127.0.0.1:2");
        let err = store
            .enrol(&second, &[system("b", "/1"), system("a", "/2")])
            .expect_err("name clash");
        assert!(
            matches!(err, StoreError::DuplicateName(ref n) if n == "a"),
            "{err}"
        );
        assert!(store
            .bmc_by_address("https://127.0.0.1:2")
            .expect("query")
            .is_none());
        assert!(!store.name_taken("b").expect("query"));
    }

    #[test]
    fn the_same_address_cannot_be_enrolled_twice() {
        let (_dir, store) = store();
        store.enrol(&bmc("https://x"), &[]).expect("first");
        let err = store.enrol(&bmc("https://x"), &[]).expect_err("twice");
        assert!(matches!(err, StoreError::DuplicateBmc(_)), "{err}");
    }

    #[test]
    fn a_failed_refresh_keeps_the_old_facts_and_says_why() {
        let (_dir, store) = store();
        let servers = store
            .enrol(&bmc("https://x"), &[system("a", "/1")])
            .expect("enrol");
        let id = &servers[0].id;
        store
            .record_refresh_error(id, "bmc_timeout", "no answer")
            .expect("record");
        let summary = store.server_summary(id).expect("summary");
        assert_eq!(summary.refresh_error.as_deref(), Some("no answer"));
        assert_eq!(summary.model.as_deref(), Some("RS-1000"));
        assert_eq!(
            store.server_facts(id).expect("facts").as_deref(),
            Some("{}")
        );
        let targets = store.refresh_targets(None).expect("targets");
        assert_eq!(targets.len(), 1);
        assert!(store.refresh_targets(Some(&["nope".into()])).is_err());
    }
}
