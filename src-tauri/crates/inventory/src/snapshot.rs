//! Loading an exported inventory into a scratch database, so a snapshot taken on
//! one machine is reviewed on another with the same views (and nothing else:
//! snapshots carry no BMC records, credentials or jobs).

use r2d2_sqlite::rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::{now, ServerSummary, Store, StoreError};

/// One server as an export carries it: its summary and its last-read facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotServer {
    #[serde(flatten)]
    pub server: ServerSummary,
    #[serde(default)]
    pub facts: Option<serde_json::Value>,
}

impl Store {
    /// Inserts every server in one transaction; a duplicate id or name refuses
    /// the whole snapshot rather than loading part of it.
    pub fn load_snapshot(&self, servers: &[SnapshotServer]) -> Result<usize, StoreError> {
        self.immediate(|tx| {
            let mut insert = tx.prepare(
                "INSERT INTO servers (id, name, stage, model, serial, bmc_address, power_state,
                     health, site, room, rack, rack_unit, asset_tag, facts, refreshed_at,
                     refresh_error, refresh_error_code, stage_since, hold_by, hold_reason,
                     hold_until, held_from, cleaned_at, received_on, warranty_end, eosl_on,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)",
            )?;
            let stamp = now();
            for entry in servers {
                let s = &entry.server;
                let hold = s.hold.as_ref();
                let inserted = insert.execute(params![
                    s.id,
                    s.name,
                    s.stage.as_str(),
                    s.model,
                    s.serial,
                    s.bmc_address,
                    s.power_state,
                    s.health,
                    s.location.site,
                    s.location.room,
                    s.location.rack,
                    s.location.rack_unit,
                    s.asset_tag,
                    entry.facts.as_ref().map(ToString::to_string),
                    s.refreshed_at,
                    s.refresh_error,
                    s.refresh_error_code,
                    s.stage_since,
                    hold.map(|h| &h.by),
                    hold.map(|h| &h.reason),
                    hold.map(|h| &h.until),
                    hold.map(|h| h.held_from.as_str()),
                    s.cleaned_at,
                    s.dates.received_on,
                    s.dates.warranty_end,
                    s.dates.eosl_on,
                    stamp,
                    s.updated_at,
                ]);
                match inserted {
                    Err(e) if crate::bmcs::is_unique_violation(&e) => {
                        return Err(StoreError::DuplicateName(s.name.clone()))
                    }
                    other => other?,
                };
            }
            Ok(servers.len())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::scratch_store;
    use crate::{NewServer, ServerQuery};

    #[test]
    fn a_snapshot_round_trips_and_a_duplicate_loads_nothing() {
        let (_a, source) = scratch_store();
        let one = source.insert_server(&NewServer::named("one")).expect("one");
        let two = source.insert_server(&NewServer::named("two")).expect("two");
        let servers = vec![
            SnapshotServer {
                server: one.clone(),
                facts: Some(serde_json::json!({"hardware": {"cpuCount": 2}})),
            },
            SnapshotServer {
                server: two,
                facts: None,
            },
        ];
        let (_b, review) = scratch_store();
        assert_eq!(review.load_snapshot(&servers).expect("load"), 2);
        assert_eq!(review.find_server("one").expect("found"), one);
        assert_eq!(
            review.server_facts(&one.id).expect("facts").as_deref(),
            Some(r#"{"hardware":{"cpuCount":2}}"#)
        );

        let (_c, other) = scratch_store();
        let mut twice = servers.clone();
        twice.push(servers[0].clone());
        assert!(matches!(
            other.load_snapshot(&twice),
            Err(StoreError::DuplicateName(name)) if name == "one"
        ));
        let left = other.query_servers(&ServerQuery::default()).expect("query");
        assert_eq!(left.total, 0, "a refused snapshot leaves nothing behind");
    }
}
