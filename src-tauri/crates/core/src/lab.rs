//! The built-in lab as the app's demo fleet: started in-process, its servers
//! enrolled once and followed to their new ports on every start.

use std::collections::{HashMap, HashSet};

use racksmith_inventory::{Location, Origin, TrustRecord};
use racksmith_lab::{Lab, LabServerInfo, LabSpec};
use racksmith_redfish::{Credentials, Endpoint, Fingerprint, Secret, Trust};
use serde::Serialize;
use specta::Type;

use crate::credentials::CredentialRef;
use crate::enrol::{assemble, first_read, NewBmc};
use crate::{Core, Error, ErrorCode};

/// The seed of the demo fleet, so its serials and disks are the same each start.
pub const DEMO_SEED: u64 = 2026;

#[derive(Debug, Clone, Default, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LabEnrolReport {
    /// Lab servers enrolled now for the first time.
    pub enrolled: u32,
    /// Lab servers enrolled before, now followed to their new address.
    pub followed: u32,
    /// Lab servers someone enrolled by hand as ordinary BMCs; left as they are.
    pub enrolled_by_hand: u32,
}

#[derive(serde::Deserialize)]
struct RunningLab {
    servers: Vec<LabServerInfo>,
}

/// The servers of the lab `rackctl lab up` describes in the profile folder.
pub(crate) fn read_lab_file(file: &std::path::Path) -> Result<Vec<LabServerInfo>, Error> {
    let text = std::fs::read_to_string(file).map_err(|_| {
        Error::new(
            ErrorCode::NotFound,
            format!(
                "no lab is running for this profile ({} is missing); start one with `rackctl lab up`",
                file.display()
            ),
        )
    })?;
    let running: RunningLab = serde_json::from_str(&text).map_err(|e| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("{} is not a lab description: {e}", file.display()),
        )
    })?;
    Ok(running.servers)
}

impl Core {
    /// Starts the in-process lab and enrols its servers. The lab runs until
    /// [`Core::shutdown`].
    pub async fn start_demo_lab(&self, servers: usize) -> Result<LabEnrolReport, Error> {
        let spec = LabSpec {
            servers,
            seed: DEMO_SEED,
            ..LabSpec::default()
        };
        let lab = Lab::start(spec)
            .await
            .map_err(|e| Error::new(ErrorCode::Internal, format!("the lab did not start: {e}")))?;
        let infos = lab.servers().to_vec();
        *self.lab.lock().await = Some(lab);
        let report = self.enrol_lab(&infos).await?;
        tracing::info!(servers, ?report, "demo lab running");
        Ok(report)
    }

    /// Makes a lab server's password known (for a lab this process did not start).
    pub fn remember_lab_secret(&self, id: &str, secret: Secret) {
        self.vault.remember_lab(id, secret);
    }

    /// Enrols the lab that `rackctl lab up` runs for this profile.
    pub async fn enrol_running_lab(&self) -> Result<LabEnrolReport, Error> {
        let servers = read_lab_file(&self.profile.lab_file())?;
        self.enrol_lab(&servers).await
    }

    /// Enrols lab servers: new ones are discovered and added in one transaction;
    /// known ones (same lab id) follow the lab to its new address and certificate.
    /// The lab reported its own certificates, so they are pinned without asking.
    pub async fn enrol_lab(&self, infos: &[LabServerInfo]) -> Result<LabEnrolReport, Error> {
        for info in infos {
            self.vault
                .remember_lab(&info.id, Secret::new(info.password.clone()));
        }
        let bmcs = self.with_store(|store| store.bmcs()).await?;
        let by_hand: HashSet<String> = bmcs
            .iter()
            .filter(|b| b.origin == Origin::User)
            .map(|b| b.address.clone())
            .collect();
        let known: HashMap<String, racksmith_inventory::BmcRecord> = bmcs
            .into_iter()
            .filter(|b| b.origin == Origin::Lab)
            .map(|b| (b.credential.clone(), b))
            .collect();
        let mut report = LabEnrolReport::default();
        let mut fresh = Vec::new();
        for info in infos {
            let credential = CredentialRef::Lab(info.id.clone()).to_string();
            if by_hand.contains(&info.redfish_url) {
                report.enrolled_by_hand += 1;
                continue;
            }
            match known.get(&credential) {
                Some(bmc) => {
                    let (id, address, pin) = (
                        bmc.id.clone(),
                        info.redfish_url.clone(),
                        info.certificate_sha256.clone(),
                    );
                    self.with_store(move |store| store.move_lab_bmc(&id, &address, &pin))
                        .await?;
                    self.fleet.evict(&bmc.id);
                    report.followed += 1;
                }
                None => fresh.push(info.clone()),
            }
        }
        let reads = fresh.iter().map(|info| async move {
            let endpoint = Endpoint {
                base_url: info.redfish_url.clone(),
                trust: Trust::Pinned(Fingerprint::parse(&info.certificate_sha256)?),
                credentials: Credentials {
                    username: info.username.clone(),
                    password: Secret::new(info.password.clone()),
                },
            };
            let (facts, vendor) = first_read(endpoint, self.fleet.limits()).await?;
            Ok::<_, Error>((info.clone(), facts, vendor))
        });
        let found = futures_util::future::join_all(reads).await;
        let store = self.store.clone();
        let batch = tokio::task::spawn_blocking(move || {
            let mut taken = HashSet::new();
            let mut batch = Vec::new();
            for read in found {
                let (info, facts, vendor) = read?;
                let new = NewBmc {
                    address: &info.redfish_url,
                    username: &info.username,
                    credential: CredentialRef::Lab(info.id.clone()).to_string(),
                    trust: TrustRecord::Pinned(info.certificate_sha256.clone()),
                    origin: Origin::Lab,
                    location: Location {
                        site: Some("Lab".into()),
                        room: None,
                        rack: Some(format!("L{}", (info.number - 1) / 20 + 1)),
                        rack_unit: u32::try_from((info.number - 1) % 20 * 2 + 1).ok(),
                    },
                    asset_tag: None,
                    name_hint: Some(info.id.clone()),
                };
                let id = uuid::Uuid::new_v4().to_string();
                let found = assemble(&store, &mut taken, id, new, vendor, &facts)?;
                batch.push((found.bmc, found.systems));
            }
            store.enrol_many(&batch)?;
            Ok::<_, Error>(batch.len())
        })
        .await??;
        report.enrolled = u32::try_from(batch).unwrap_or(u32::MAX);
        Ok(report)
    }
}
