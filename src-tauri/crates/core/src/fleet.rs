//! One Redfish client per enrolled BMC, made on first use and reused, so each BMC
//! sees one session; all share the fleet-wide cap.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use racksmith_inventory::{BmcRecord, TrustRecord};
use racksmith_redfish::{Client, Credentials, Endpoint, Fingerprint, Limits, Secret, Trust};

use crate::{Error, ErrorCode};

#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    address: String,
    trust: TrustRecord,
    username: String,
    credential: String,
}

impl Key {
    fn of(bmc: &BmcRecord) -> Key {
        Key {
            address: bmc.address.clone(),
            trust: bmc.trust.clone(),
            username: bmc.username.clone(),
            credential: bmc.credential.clone(),
        }
    }
}

#[derive(Debug)]
pub struct Fleet {
    limits: Limits,
    clients: Mutex<HashMap<String, (Key, Arc<Client>)>>,
}

pub fn trust_of(record: &TrustRecord) -> Result<Trust, Error> {
    match record {
        TrustRecord::Pinned(pin) => Ok(Trust::Pinned(Fingerprint::parse(pin)?)),
        TrustRecord::CaBundle(path) => {
            std::fs::read_to_string(path)
                .map(Trust::CaBundle)
                .map_err(|e| {
                    Error::new(
                        ErrorCode::InvalidInput,
                        format!("cannot read the CA bundle {path}: {e}"),
                    )
                })
        }
    }
}

impl Fleet {
    pub fn new(limits: Limits) -> Fleet {
        Fleet {
            limits,
            clients: Mutex::new(HashMap::new()),
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The cached client for this BMC, or `None` when there is none yet or the
    /// BMC's address, trust or credentials changed since it was made.
    pub fn cached(&self, bmc: &BmcRecord) -> Option<Arc<Client>> {
        let clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients
            .get(&bmc.id)
            .filter(|(key, _)| *key == Key::of(bmc))
            .map(|(_, client)| client.clone())
    }

    pub fn connect(&self, bmc: &BmcRecord, password: Secret) -> Result<Arc<Client>, Error> {
        let endpoint = Endpoint {
            base_url: bmc.address.clone(),
            trust: trust_of(&bmc.trust)?,
            credentials: Credentials {
                username: bmc.username.clone(),
                password,
            },
        };
        let client = Arc::new(Client::new(endpoint, self.limits.clone())?);
        let old = self
            .clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(bmc.id.clone(), (Key::of(bmc), client.clone()));
        drop(old); // a replaced client logs out as it drops
        Ok(client)
    }

    /// Forgets a BMC's client (after its trust changed); its session is closed.
    pub fn evict(&self, bmc_id: &str) {
        let old = self
            .clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(bmc_id);
        drop(old);
    }

    /// Logs every client out, for app exit.
    pub async fn close_all(&self) {
        let clients: Vec<Arc<Client>> = self
            .clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain()
            .map(|(_, (_, client))| client)
            .collect();
        let closing = clients.iter().map(|client| client.close());
        for (client, closed) in clients
            .iter()
            .zip(futures_util::future::join_all(closing).await)
        {
            if let Err(error) = closed {
                tracing::warn!(bmc = %client.base_url(), %error, "logout failed");
            }
        }
    }
}
