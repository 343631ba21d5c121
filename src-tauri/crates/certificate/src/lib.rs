//! The erasure certificate: what a verified deletion proves, as JSON (the
//! record kept in the inventory) and as a PDF in English or Japanese.

mod layout;
mod pdf;
mod words;

use serde::{Deserialize, Serialize};
use specta::Type;

pub use pdf::to_pdf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Ja,
}

impl Language {
    pub fn parse(text: &str) -> Option<Language> {
        match text {
            "en" => Some(Language::En),
            "ja" => Some(Language::Ja),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ErasureCertificate {
    pub certificate_id: String,
    pub deletion_id: String,
    pub issued_at: String,
    /// The program and version that issued it.
    pub issuer: String,
    pub server: CertifiedServer,
    pub started_by: String,
    pub role: String,
    pub reason: Option<String>,
    pub started_at: String,
    pub ended_at: String,
    /// "verified": only verified deletions get a certificate.
    pub result: String,
    pub drives: Vec<ErasedDrive>,
    pub firmware: FirmwareCheck,
    pub steps: Vec<StepRecord>,
    pub sel_archive: Option<SelArchive>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CertifiedServer {
    pub id: String,
    pub name: String,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub asset_tag: Option<String>,
    pub bmc_address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ErasedDrive {
    pub id: String,
    pub model: Option<String>,
    pub serial: Option<String>,
    #[specta(type = Option<specta_typescript::Number>)]
    pub capacity_bytes: Option<u64>,
    /// The Redfish SanitizationType used.
    pub method: String,
    pub started_at: String,
    pub ended_at: String,
    /// "completed": the BMC's task ended well (and the drive reads sanitized).
    pub result: String,
    /// The BMC task that did it.
    pub task: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FirmwareCheck {
    /// Whether the firmware baseline names this server's model.
    pub baseline_found: bool,
    pub components: Vec<FirmwareLine>,
}

impl FirmwareCheck {
    pub fn drifted(&self) -> impl Iterator<Item = &FirmwareLine> {
        self.components.iter().filter(|c| c.drift)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FirmwareLine {
    pub id: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub baseline: Option<String>,
    pub drift: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StepRecord {
    /// The step's stable name (`erase_drives`, ...), translated when shown.
    pub step: String,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SelArchive {
    pub file: String,
    pub entries: u32,
    pub sha256: String,
}

impl ErasureCertificate {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<ErasureCertificate, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// Bytes as people read a drive's size: decimal units, as drive makers label them.
pub fn capacity(bytes: Option<u64>) -> String {
    let Some(bytes) = bytes else {
        return "?".to_owned();
    };
    let units = ["B", "KB", "MB", "GB", "TB", "PB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < units.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn sample() -> ErasureCertificate {
        ErasureCertificate {
            certificate_id: "c-1".into(),
            deletion_id: "d-1".into(),
            issued_at: "2026-11-25T03:00:00Z".into(),
            issuer: "Racksmith 0.1.0".into(),
            server: CertifiedServer {
                id: "s-1".into(),
                name: "lab-001".into(),
                manufacturer: Some("Racksmith Lab".into()),
                model: Some("RS-220 Storage".into()),
                serial: Some("RSL0001".into()),
                asset_tag: None,
                bmc_address: Some("https://127.0.0.1:8443".into()),
            },
            started_by: "alice".into(),
            role: "customer".into(),
            reason: Some("契約終了 (contract ended)".into()),
            started_at: "2026-11-25T02:00:00Z".into(),
            ended_at: "2026-11-25T02:59:00Z".into(),
            result: "verified".into(),
            drives: (0..3)
                .map(|i| ErasedDrive {
                    id: format!("Disk.Bay.{i}"),
                    model: Some("RS SSD 1.92T".into()),
                    serial: Some(format!("SN{i:04}")),
                    capacity_bytes: Some(1_920_000_000_000),
                    method: "CryptographicErase".into(),
                    started_at: "2026-11-25T02:10:00Z".into(),
                    ended_at: "2026-11-25T02:11:00Z".into(),
                    result: "completed".into(),
                    task: Some(format!("/redfish/v1/TaskService/Tasks/{i}")),
                })
                .collect(),
            firmware: FirmwareCheck {
                baseline_found: true,
                components: vec![FirmwareLine {
                    id: "BIOS".into(),
                    name: Some("BIOS".into()),
                    version: Some("2.19.2".into()),
                    baseline: Some("2.30.1".into()),
                    drift: true,
                }],
            },
            steps: vec![StepRecord {
                step: "erase_drives".into(),
                started_at: "2026-11-25T02:10:00Z".into(),
                ended_at: Some("2026-11-25T02:11:00Z".into()),
                detail: Some("3 drives erased".into()),
            }],
            sel_archive: Some(SelArchive {
                file: "sel/lab-001.json".into(),
                entries: 42,
                sha256: "ab".repeat(32),
            }),
        }
    }

    #[test]
    fn json_round_trips_and_sizes_read_as_labelled() {
        let cert = sample();
        assert_eq!(
            ErasureCertificate::from_json(&cert.to_json()).expect("parse"),
            cert
        );
        assert_eq!(capacity(Some(1_920_000_000_000)), "1.9 TB");
        assert_eq!(capacity(Some(512)), "512 B");
        assert_eq!(capacity(None), "?");
    }
}
