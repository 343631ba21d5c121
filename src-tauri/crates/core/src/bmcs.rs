//! Adding BMCs one at a time, trusting certificates, and reaching enrolled BMCs.

use std::collections::HashSet;
use std::sync::Arc;

use racksmith_inventory::{BmcRecord, Origin};
use racksmith_redfish::{inspect_certificate, Client, Credentials, Endpoint};

use crate::credentials::CredentialRef;
use crate::enrol::{
    assemble, first_read, normalise_address, AddBmcRequest, CertificateView, EnrolResult, NewBmc,
    INSPECT_TIMEOUT,
};
use crate::fleet::trust_of;
use crate::{Core, Error, ErrorCode};

impl Core {
    /// Connects and shows the certificate the BMC presents, trusting nothing.
    pub async fn inspect_certificate(&self, address: &str) -> Result<CertificateView, Error> {
        let address = normalise_address(address)?;
        let lookup = address.clone();
        let pinned = self
            .with_store(move |store| store.bmc_by_address(&lookup))
            .await?
            .and_then(|bmc| match bmc.trust {
                racksmith_inventory::TrustRecord::Pinned(pin) => Some(pin),
                racksmith_inventory::TrustRecord::CaBundle(_) => None,
            });
        let info = inspect_certificate(&address, INSPECT_TIMEOUT).await?;
        Ok(CertificateView::new(&address, info, pinned))
    }

    /// Adds one BMC: reads what it manages with the trust the user chose, then
    /// files the password in the OS keyring and the facts in the inventory.
    /// Nothing is kept when any step fails.
    pub async fn add_bmc(&self, request: AddBmcRequest) -> Result<EnrolResult, Error> {
        self.refuse_in_snapshot()?;
        let address = normalise_address(&request.address)?;
        if request.username.trim().is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "the user name is empty",
            ));
        }
        let lookup = address.clone();
        if self
            .with_store(move |store| store.bmc_by_address(&lookup))
            .await?
            .is_some()
        {
            return Err(Error::new(
                ErrorCode::Conflict,
                format!("the BMC at {address} is already enrolled"),
            ));
        }
        let trust = request.trust.record()?;
        let endpoint = Endpoint {
            base_url: address.clone(),
            trust: trust_of(&trust)?,
            credentials: Credentials {
                username: request.username.clone(),
                password: request.password.clone(),
            },
        };
        let (facts, vendor) = first_read(endpoint, self.fleet.limits()).await?;
        let id = uuid::Uuid::new_v4().to_string();
        let credential = CredentialRef::for_bmc(&id);
        let CredentialRef::Keyring(account) = &credential else {
            unreachable!("for_bmc files in the keyring")
        };
        let vault = self.vault.clone();
        let (account, password) = (account.clone(), request.password.clone());
        let stored_account = account.clone();
        tokio::task::spawn_blocking(move || vault.store(&stored_account, &password)).await??;
        let new = NewBmc {
            address: &address,
            username: request.username.trim(),
            credential: credential.to_string(),
            trust,
            origin: Origin::User,
            location: request.location,
            asset_tag: request.asset_tag.filter(|t| !t.trim().is_empty()),
            name_hint: None,
        };
        let store = self.store.clone();
        let mut taken = HashSet::new();
        let enrolled = assemble(&store, &mut taken, id.clone(), new, vendor, &facts)
            .and_then(|found| Ok(store.enrol(&found.bmc, &found.systems)?));
        match enrolled {
            Ok(servers) => {
                tracing::info!(bmc = %address, servers = servers.len(), "BMC enrolled");
                Ok(EnrolResult {
                    bmc_id: id,
                    servers,
                })
            }
            Err(error) => {
                let vault = self.vault.clone();
                let _ = tokio::task::spawn_blocking(move || vault.forget(&account)).await;
                Err(error)
            }
        }
    }

    /// Trusts the certificate the user was just shown for an enrolled BMC. The
    /// fingerprint must be the one the BMC presents now.
    pub async fn trust_certificate(&self, bmc_id: &str, sha256: &str) -> Result<(), Error> {
        self.refuse_in_snapshot()?;
        let id = bmc_id.to_owned();
        let bmc = self.with_store(move |store| store.bmc(&id)).await?;
        let wanted = racksmith_redfish::Fingerprint::parse(sha256)?;
        let presented = inspect_certificate(&bmc.address, INSPECT_TIMEOUT).await?;
        if presented.sha256 != wanted {
            return Err(Error::new(
                ErrorCode::CertificateChanged,
                format!(
                    "{} now presents {}, not the certificate {} you accepted; look again",
                    bmc.address, presented.sha256, wanted
                ),
            ));
        }
        let (id, pin) = (bmc.id.clone(), wanted.to_string());
        self.with_store(move |store| store.set_pin(&id, &pin))
            .await?;
        self.fleet.evict(&bmc.id);
        tracing::info!(bmc = %bmc.address, sha256 = %wanted, "certificate trusted");
        Ok(())
    }

    /// The client for an enrolled BMC, made (and its password fetched) on first use.
    pub(crate) async fn client_for(&self, bmc: &BmcRecord) -> Result<Arc<Client>, Error> {
        if let Some(client) = self.fleet.cached(bmc) {
            return Ok(client);
        }
        let reference = CredentialRef::parse(&bmc.credential)?;
        let vault = self.vault.clone();
        let password = tokio::task::spawn_blocking(move || vault.resolve(&reference)).await??;
        self.fleet.connect(bmc, password)
    }
}
