//! Enrolment: show a BMC's certificate, then with the user's trust decision
//! discover the systems it manages, read their facts and store them.

use std::collections::HashSet;
use std::time::Duration;

use racksmith_inventory::{
    now, BmcRecord, EnrolledSystem, FactsUpdate, Location, Origin, Store, TrustRecord,
};
use racksmith_redfish::facts::{read_system, system_paths, SystemFacts};
use racksmith_redfish::reexport::Url;
use racksmith_redfish::{CertificateInfo, Client, Endpoint, Fingerprint, Limits, Secret};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{Error, ErrorCode};

/// What the user sees before trusting a BMC's certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CertificateView {
    pub address: String,
    /// `AB:CD:…`, 32 bytes.
    pub sha256: String,
    pub subject: String,
    pub issuer: String,
    pub not_before: String,
    pub not_after: String,
    pub self_signed: bool,
    /// When this BMC is enrolled already: the fingerprint trusted until now.
    pub pinned_sha256: Option<String>,
}

impl CertificateView {
    pub fn new(address: &str, info: CertificateInfo, pinned: Option<String>) -> CertificateView {
        CertificateView {
            address: address.to_owned(),
            sha256: info.sha256.to_string(),
            subject: info.subject,
            issuer: info.issuer,
            not_before: info.not_before,
            not_after: info.not_after,
            self_signed: info.self_signed,
            pinned_sha256: pinned,
        }
    }
}

/// How the user chose to trust a BMC.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TrustChoice {
    /// Exactly the certificate with this SHA-256, as shown to the user.
    Pinned { sha256: String },
    /// Certificates from the CA in this PEM file.
    CaBundle { path: String },
}

impl TrustChoice {
    pub fn record(&self) -> Result<TrustRecord, Error> {
        match self {
            TrustChoice::Pinned { sha256 } => {
                Ok(TrustRecord::Pinned(Fingerprint::parse(sha256)?.to_string()))
            }
            TrustChoice::CaBundle { path } => {
                if !std::path::Path::new(path).is_file() {
                    return Err(Error::new(
                        ErrorCode::InvalidInput,
                        format!("the CA bundle {path} does not exist"),
                    ));
                }
                Ok(TrustRecord::CaBundle(path.clone()))
            }
        }
    }
}

/// The add-BMC form.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AddBmcRequest {
    pub address: String,
    pub username: String,
    #[specta(type = String)]
    pub password: Secret,
    pub trust: TrustChoice,
    #[serde(default)]
    pub location: Location,
    #[serde(default)]
    pub asset_tag: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EnrolResult {
    pub bmc_id: String,
    pub servers: Vec<racksmith_inventory::ServerSummary>,
}

pub const INSPECT_TIMEOUT: Duration = Duration::from_secs(10);

/// `https://host[:port]` with no path or trailing slash; plain `http://` only
/// for this machine (emulators and tests), never across a network.
pub fn normalise_address(text: &str) -> Result<String, Error> {
    let invalid = |why: &str| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("\"{text}\" is not a BMC address: {why}"),
        )
    };
    let trimmed = text.trim();
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let url = Url::parse(&with_scheme).map_err(|e| invalid(&e.to_string()))?;
    let host = url.host_str().ok_or_else(|| invalid("it names no host"))?;
    match url.scheme() {
        "https" => {}
        "http" if matches!(host, "127.0.0.1" | "localhost" | "[::1]" | "::1") => {}
        "http" => return Err(invalid("plain http is refused for a remote BMC; use https")),
        _ => return Err(invalid("write https://host[:port]")),
    }
    if url.path() != "/" && !url.path().is_empty() {
        return Err(invalid(
            "leave out the path; Racksmith finds /redfish/v1 itself",
        ));
    }
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    Ok(format!("{}://{host}{port}", url.scheme()))
}

/// Facts as stored: the summary columns plus the whole record as JSON.
pub fn facts_update(facts: &SystemFacts) -> Result<FactsUpdate, Error> {
    Ok(FactsUpdate {
        model: facts.hardware.model.clone(),
        serial: facts.hardware.serial.clone(),
        power_state: facts.hardware.power_state.clone(),
        health: facts.hardware.health.clone(),
        facts: serde_json::to_string(facts)
            .map_err(|e| Error::new(ErrorCode::Internal, format!("cannot store facts: {e}")))?,
        read_at: facts.hardware.read_at.clone(),
    })
}

/// What a BMC that is not enrolled yet manages: every system's facts and the
/// vendor its service root names. The read has a session of its own, closed
/// before returning whatever the read's outcome.
pub async fn first_read(
    endpoint: Endpoint,
    limits: &Limits,
) -> Result<(Vec<SystemFacts>, Option<String>), Error> {
    let client = Client::new(endpoint, limits.clone())?;
    let facts = discover(&client).await;
    let vendor = client
        .service_root()
        .await
        .ok()
        .and_then(|r| r.vendor.clone());
    if let Err(error) = client.close().await {
        tracing::warn!(bmc = %client.base_url(), %error, "logout after the first read failed");
    }
    Ok((facts?, vendor))
}

async fn discover(client: &Client) -> Result<Vec<SystemFacts>, Error> {
    let paths = system_paths(client).await?;
    let reads = paths.iter().map(|path| read_system(client, path));
    futures_util::future::join_all(reads)
        .await
        .into_iter()
        .map(|r| r.map_err(Error::from))
        .collect()
}

/// A system `Name` worth showing: not the generic one most BMCs give every system.
fn telling_system_name(facts: &SystemFacts, system_id: &str) -> Option<String> {
    const GENERIC: [&str; 4] = ["system", "computer system", "computersystem", "server"];
    let name = facts.hardware.system_name.as_deref()?.trim();
    let generic = name.is_empty()
        || name.eq_ignore_ascii_case(system_id)
        || GENERIC.iter().any(|g| name.eq_ignore_ascii_case(g));
    (!generic).then(|| name.to_owned())
}

/// Picks a unique name: the host name, else the serial, else a telling system
/// name (emulators and blade chassis name theirs), else host and system id.
pub fn name_for(
    store: &Store,
    taken: &mut HashSet<String>,
    hint: Option<&str>,
    address: &str,
    facts: &SystemFacts,
) -> Result<String, Error> {
    let host = address.split("://").nth(1).unwrap_or(address);
    let system_id = facts.hardware.system_path.rsplit('/').next().unwrap_or("1");
    let base = hint
        .map(str::to_owned)
        .or_else(|| facts.hardware.host_name.clone().filter(|h| !h.is_empty()))
        .or_else(|| facts.hardware.serial.clone().filter(|s| !s.is_empty()))
        .or_else(|| telling_system_name(facts, system_id))
        .unwrap_or_else(|| format!("{host}/{system_id}"));
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) || store.name_taken(&name)? {
        name = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(name.clone());
    Ok(name)
}

/// What to store for one BMC once it answered.
pub struct Discovered {
    pub bmc: BmcRecord,
    pub systems: Vec<EnrolledSystem>,
}

pub struct NewBmc<'a> {
    pub address: &'a str,
    pub username: &'a str,
    pub credential: String,
    pub trust: TrustRecord,
    pub origin: Origin,
    pub location: Location,
    pub asset_tag: Option<String>,
    /// A name for a BMC with one system (the lab uses its server ids).
    pub name_hint: Option<String>,
}

pub fn assemble(
    store: &Store,
    taken: &mut HashSet<String>,
    id: String,
    new: NewBmc<'_>,
    vendor: Option<String>,
    facts: &[SystemFacts],
) -> Result<Discovered, Error> {
    let hint = if facts.len() == 1 {
        new.name_hint.as_deref()
    } else {
        None
    };
    let systems = facts
        .iter()
        .map(|f| {
            Ok(EnrolledSystem {
                name: name_for(store, taken, hint, new.address, f)?,
                system_path: f.hardware.system_path.clone(),
                facts: facts_update(f)?,
                location: new.location.clone(),
                asset_tag: new.asset_tag.clone(),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(Discovered {
        bmc: BmcRecord {
            id,
            address: new.address.to_owned(),
            username: new.username.to_owned(),
            credential: new.credential,
            trust: new.trust,
            origin: new.origin,
            vendor,
            created_at: now(),
            last_contact_at: None,
        },
        systems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_normalised_and_unsafe_ones_refused() {
        assert_eq!(
            normalise_address(" 10.0.0.5/ ").expect("bare host"),
            "https://10.0.0.5"
        );
        assert_eq!(
            normalise_address("https://bmc-12.example:8443").expect("port"),
            "https://bmc-12.example:8443"
        );
        assert_eq!(
            normalise_address("http://127.0.0.1:8000").expect("local http"),
            "http://127.0.0.1:8000"
        );
        for bad in [
            "http://10.0.0.5",
            "ftp://x",
            "https://x/redfish/v1",
            "https://",
        ] {
            let err = normalise_address(bad).expect_err(bad);
            assert_eq!(err.code, ErrorCode::InvalidInput, "{bad}");
        }
    }
}
