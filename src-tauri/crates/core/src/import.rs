//! CSV import of many BMCs. Every row is checked and every BMC contacted before
//! anything is stored; one bad row and nothing is imported, and the report says
//! which line failed and why.
//!
//! Columns (a header row is required, in any order): `address`, `user`,
//! `secret` (`keyring:<name>` or `lab:<server id>`), `site`, `room`, `rack`,
//! `u`, `asset_tag`, and optionally `sha256` (the certificate to pin).

use std::collections::{HashMap, HashSet};

use racksmith_inventory::{Location, Origin};
use racksmith_redfish::{inspect_certificate, Credentials, Endpoint, Fingerprint, Trust};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::credentials::CredentialRef;
use crate::enrol::{
    assemble, first_read, normalise_address, CertificateView, NewBmc, INSPECT_TIMEOUT,
};
use crate::{Core, Error, ErrorCode};

const COLUMNS: &[&str] = &[
    "address",
    "user",
    "secret",
    "site",
    "room",
    "rack",
    "u",
    "asset_tag",
    "sha256",
];
const REQUIRED: &[&str] = &["address", "user", "secret"];
pub const MAX_ROWS: usize = 5000;

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportRequest {
    pub csv: String,
    /// Check every row and contact every BMC, but store nothing.
    pub dry_run: bool,
    /// Certificates the user accepted after a dry run, by line number.
    #[serde(default)]
    pub accepted: Vec<AcceptedCertificate>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AcceptedCertificate {
    pub line: u32,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportRowReport {
    /// The line in the file (the header is line 1).
    pub line: u32,
    pub address: String,
    pub ok: bool,
    pub error: Option<Error>,
    /// The certificate the BMC presents, when it was looked at.
    pub certificate: Option<CertificateView>,
    /// How many systems the BMC manages.
    pub systems: u32,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub dry_run: bool,
    /// True only when every row was good and everything was stored.
    pub imported: bool,
    pub servers_added: u32,
    pub rows: Vec<ImportRowReport>,
}

#[derive(Debug, Clone)]
struct Row {
    line: u32,
    address: String,
    user: String,
    secret: CredentialRef,
    location: Location,
    asset_tag: Option<String>,
    sha256: Option<Fingerprint>,
}

fn invalid(message: String) -> Error {
    Error::new(ErrorCode::InvalidInput, message)
}

/// Parses and checks every row; returns the good rows and a report per bad one.
fn parse(csv_text: &str) -> Result<(Vec<Row>, Vec<ImportRowReport>), Error> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(csv_text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| invalid(format!("line 1: the header cannot be read: {e}")))?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    for header in &headers {
        if !COLUMNS.contains(&header.as_str()) {
            return Err(invalid(format!(
                "line 1: unknown column \"{header}\"; the columns are {}",
                COLUMNS.join(", ")
            )));
        }
    }
    for required in REQUIRED {
        if !headers.iter().any(|h| h == required) {
            return Err(invalid(format!(
                "line 1: the column \"{required}\" is missing"
            )));
        }
    }
    let index: HashMap<&str, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    let mut seen = HashMap::new();
    for (n, record) in reader.records().enumerate() {
        let line = u32::try_from(n + 2).unwrap_or(u32::MAX);
        if rows.len() + bad.len() >= MAX_ROWS {
            return Err(invalid(format!(
                "more than {MAX_ROWS} rows; split the file"
            )));
        }
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                bad.push(report_error(line, "", invalid(format!("line {line}: {e}"))));
                continue;
            }
        };
        let field = |name: &str| {
            index
                .get(name)
                .and_then(|i| record.get(*i))
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let raw_address = field("address").unwrap_or_default();
        match check_row(line, &field, &mut seen) {
            Ok(row) => rows.push(row),
            Err(error) => bad.push(report_error(line, &raw_address, error)),
        }
    }
    if rows.is_empty() && bad.is_empty() {
        return Err(invalid("the file has a header but no rows".into()));
    }
    Ok((rows, bad))
}

fn check_row(
    line: u32,
    field: &dyn Fn(&str) -> Option<String>,
    seen: &mut HashMap<String, u32>,
) -> Result<Row, Error> {
    let at = |e: Error| Error::new(e.code, format!("line {line}: {}", e.message));
    let address = normalise_address(
        &field("address")
            .ok_or_else(|| invalid("the address is empty".into()))
            .map_err(at)?,
    )
    .map_err(at)?;
    if let Some(first) = seen.insert(address.clone(), line) {
        return Err(at(invalid(format!(
            "{address} is listed again (first on line {first})"
        ))));
    }
    let user = field("user").ok_or_else(|| at(invalid("the user is empty".into())))?;
    let secret = CredentialRef::parse(&field("secret").unwrap_or_default()).map_err(at)?;
    let rack_unit = field("u")
        .map(|u| {
            u.parse::<u32>()
                .ok()
                .filter(|u| (1..=60).contains(u))
                .ok_or_else(|| {
                    at(invalid(format!(
                        "the rack unit \"{u}\" is not a number from 1 to 60"
                    )))
                })
        })
        .transpose()?;
    let sha256 = field("sha256")
        .map(|s| Fingerprint::parse(&s))
        .transpose()
        .map_err(|e| at(e.into()))?;
    Ok(Row {
        line,
        address,
        user,
        secret,
        location: Location {
            site: field("site"),
            room: field("room"),
            rack: field("rack"),
            rack_unit,
        },
        asset_tag: field("asset_tag"),
        sha256,
    })
}

fn report_error(line: u32, address: &str, error: Error) -> ImportRowReport {
    ImportRowReport {
        line,
        address: address.to_owned(),
        ok: false,
        error: Some(error),
        certificate: None,
        systems: 0,
    }
}

impl Core {
    pub async fn import_csv(&self, request: ImportRequest) -> Result<ImportReport, Error> {
        self.refuse_in_snapshot()?;
        let (rows, mut reports) = parse(&request.csv)?;
        let enrolled: HashSet<String> = self
            .with_store(|store| store.bmcs())
            .await?
            .into_iter()
            .map(|b| b.address)
            .collect();
        let accepted: HashMap<u32, String> = request
            .accepted
            .iter()
            .map(|a| (a.line, a.sha256.clone()))
            .collect();
        let contacts = rows
            .iter()
            .map(|row| self.contact(row, &enrolled, accepted.get(&row.line), request.dry_run));
        let results = futures_util::future::join_all(contacts).await;
        let mut good = Vec::new();
        for (row, result) in rows.into_iter().zip(results) {
            match result {
                Ok((certificate, facts, vendor, trust)) => {
                    reports.push(ImportRowReport {
                        line: row.line,
                        address: row.address.clone(),
                        ok: true,
                        error: None,
                        certificate,
                        systems: u32::try_from(facts.len()).unwrap_or(u32::MAX),
                    });
                    good.push((row, facts, vendor, trust));
                }
                Err((certificate, error)) => reports.push(ImportRowReport {
                    certificate,
                    ..report_error(row.line, &row.address, error)
                }),
            }
        }
        reports.sort_by_key(|r| r.line);
        let all_good = reports.iter().all(|r| r.ok);
        if request.dry_run || !all_good {
            return Ok(ImportReport {
                dry_run: request.dry_run,
                imported: false,
                servers_added: 0,
                rows: reports,
            });
        }
        let store = self.store.clone();
        let added = tokio::task::spawn_blocking(move || {
            let mut taken = HashSet::new();
            let mut batch = Vec::new();
            for (row, facts, vendor, trust) in good {
                let new = NewBmc {
                    address: &row.address,
                    username: &row.user,
                    credential: row.secret.to_string(),
                    trust,
                    origin: Origin::User,
                    location: row.location.clone(),
                    asset_tag: row.asset_tag.clone(),
                    name_hint: None,
                };
                let found = assemble(
                    &store,
                    &mut taken,
                    uuid::Uuid::new_v4().to_string(),
                    new,
                    vendor,
                    &facts,
                )?;
                batch.push((found.bmc, found.systems));
            }
            Ok::<_, Error>(store.enrol_many(&batch)?.len())
        })
        .await??;
        tracing::info!(bmcs = reports.len(), servers = added, "CSV import stored");
        Ok(ImportReport {
            dry_run: false,
            imported: true,
            servers_added: u32::try_from(added).unwrap_or(u32::MAX),
            rows: reports,
        })
    }

    /// Looks at one row's BMC: its certificate, its credentials, its systems.
    #[allow(clippy::type_complexity)]
    async fn contact(
        &self,
        row: &Row,
        enrolled: &HashSet<String>,
        accepted: Option<&String>,
        dry_run: bool,
    ) -> Result<
        (
            Option<CertificateView>,
            Vec<racksmith_redfish::facts::SystemFacts>,
            Option<String>,
            racksmith_inventory::TrustRecord,
        ),
        (Option<CertificateView>, Error),
    > {
        let line = row.line;
        let at = |e: Error| Error::new(e.code, format!("line {line}: {}", e.message));
        if enrolled.contains(&row.address) {
            return Err((
                None,
                at(Error::new(
                    ErrorCode::Conflict,
                    format!("{} is already enrolled", row.address),
                )),
            ));
        }
        let mut certificate = None;
        let pin = if row.address.starts_with("https://") {
            let seen = inspect_certificate(&row.address, INSPECT_TIMEOUT)
                .await
                .map_err(|e| (None, at(e.into())))?;
            let view = CertificateView::new(&row.address, seen.clone(), None);
            certificate = Some(view.clone());
            let wanted = match (row.sha256, accepted) {
                (Some(pin), _) => Some(pin),
                (None, Some(sha)) => Some(Fingerprint::parse(sha).map_err(|e| (certificate.clone(), at(e.into())))?),
                (None, None) if dry_run => None,
                (None, None) => {
                    return Err((
                        certificate,
                        at(Error::new(
                            ErrorCode::CertificateUntrusted,
                            format!("{} presents certificate {}, which is not trusted yet; check it and accept it, or put it in the sha256 column", row.address, seen.sha256),
                        )),
                    ))
                }
            };
            match wanted {
                Some(pin) if pin != seen.sha256 => {
                    return Err((
                        certificate,
                        at(Error::new(
                            ErrorCode::CertificateChanged,
                            format!(
                                "{} presents certificate {}, not the trusted {pin}",
                                row.address, seen.sha256
                            ),
                        )),
                    ))
                }
                Some(pin) => pin,
                // A dry run reads on with the certificate it was just shown, to
                // check the credentials; nothing is stored.
                None => seen.sha256,
            }
        } else {
            Fingerprint([0; 32]) // plain http on this machine has no certificate
        };
        let vault = self.vault.clone();
        let reference = row.secret.clone();
        let password = tokio::task::spawn_blocking(move || vault.resolve(&reference))
            .await
            .map_err(|e| (certificate.clone(), at(e.into())))?
            .map_err(|e| (certificate.clone(), at(e)))?;
        let endpoint = Endpoint {
            base_url: row.address.clone(),
            trust: Trust::Pinned(pin),
            credentials: Credentials {
                username: row.user.clone(),
                password,
            },
        };
        let read = first_read(endpoint, self.fleet.limits()).await;
        let (facts, vendor) = read.map_err(|e| (certificate.clone(), at(e)))?;
        Ok((
            certificate,
            facts,
            vendor,
            racksmith_inventory::TrustRecord::Pinned(pin.to_string()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_reason() {
        let csv = "address,user,secret,u,sha256\n\
                   https://10.0.0.1,admin,keyring:a,4,\n\
                   ftp://10.0.0.2,admin,keyring:a,,\n\
                   https://10.0.0.3,,keyring:a,,\n\
                   https://10.0.0.4,admin,hunter2,,\n\
                   https://10.0.0.5,admin,keyring:a,99,\n\
                   https://10.0.0.1,admin,keyring:a,,\n\
                   https://10.0.0.6,admin,keyring:a,,AB:CD\n";
        let (good, bad) = parse(csv).expect("parse");
        assert_eq!(good.len(), 1);
        assert_eq!(good[0].location.rack_unit, Some(4));
        let lines: Vec<u32> = bad.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7, 8]);
        let reasons: Vec<String> = bad
            .iter()
            .map(|r| r.error.as_ref().expect("error").message.clone())
            .collect();
        assert!(reasons[0].contains("line 3"), "{reasons:?}");
        assert!(reasons[1].contains("user is empty"), "{reasons:?}");
        assert!(reasons[2].contains("secret reference"), "{reasons:?}");
        assert!(
            !reasons[2].contains("hunter2") || reasons[2].contains("\"hunter2\""),
            "a mistyped secret is echoed only as the bad reference"
        );
        assert!(reasons[3].contains("rack unit"), "{reasons:?}");
        assert!(reasons[4].contains("first on line 2"), "{reasons:?}");
        assert!(reasons[5].contains("SHA-256"), "{reasons:?}");
    }

    #[test]
    fn a_missing_or_unknown_column_is_refused_before_any_row() {
        assert!(parse("address,user\nx,y\n")
            .expect_err("no secret")
            .message
            .contains("secret"));
        assert!(parse("address,user,secret,colour\n")
            .expect_err("colour")
            .message
            .contains("colour"));
        assert!(parse("address,user,secret\n")
            .expect_err("no rows")
            .message
            .contains("no rows"));
        let ragged =
            parse("address,user,secret\nhttps://a,b\n").expect("ragged row is a row error");
        assert_eq!(ragged.1.len(), 1);
    }
}
