//! Erasure certificates: issued when a pass is verified (with the server's
//! return to stock, in one transaction), read back, and exported as JSON or PDF.

use std::path::PathBuf;

use racksmith_certificate::{
    to_pdf, CertifiedServer, ErasedDrive, ErasureCertificate, FirmwareCheck, FirmwareLine,
    Language, StepRecord,
};
use racksmith_inventory::{
    Deletion, ErasureState, NewAudit, ServerSummary, Stage, StageMove, StoredCertificate,
};
use racksmith_lifecycle::Actor;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::deletion_pipeline::Findings;
use crate::{Core, Error, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum CertificateFormat {
    Pdf,
    Json,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CertificateFile {
    pub path: String,
    pub format: CertificateFormat,
    pub language: Language,
}

fn parse(stored: &StoredCertificate) -> Result<ErasureCertificate, Error> {
    ErasureCertificate::from_json(&stored.body).map_err(|e| {
        Error::new(
            ErrorCode::Database,
            format!("certificate {} cannot be read: {e}", stored.id),
        )
    })
}

impl Core {
    /// Writes the certificate of a verified pass and returns the server to stock.
    pub(crate) async fn issue_certificate(
        &self,
        pass: &Deletion,
        server: &ServerSummary,
        actor: &Actor,
        findings: Findings,
    ) -> Result<String, Error> {
        let id = pass.id.clone();
        let (steps, erasures) = self
            .with_store(move |store| {
                Ok::<_, racksmith_inventory::StoreError>((
                    store.deletion_steps(&id)?,
                    store.erasures(&id)?,
                ))
            })
            .await?;
        let bmc_address = match findings.ironic_node {
            Some(_) => None,
            None => Some(self.bmc_of(server).await?.0.address),
        };
        let now = racksmith_inventory::now();
        let firmware = findings.firmware.map_or(
            FirmwareCheck {
                baseline_found: false,
                components: Vec::new(),
            },
            |view| FirmwareCheck {
                baseline_found: view.baseline_found,
                components: view
                    .components
                    .into_iter()
                    .map(|c| FirmwareLine {
                        id: c.id,
                        name: c.name,
                        version: c.version,
                        baseline: c.baseline,
                        drift: c.drift,
                    })
                    .collect(),
            },
        );
        let certificate = ErasureCertificate {
            certificate_id: uuid::Uuid::new_v4().to_string(),
            deletion_id: pass.id.clone(),
            issued_at: now.clone(),
            issuer: format!("Racksmith {}", crate::VERSION),
            server: CertifiedServer {
                id: server.id.clone(),
                name: server.name.clone(),
                manufacturer: findings.manufacturer.clone(),
                model: server.model.clone(),
                serial: server.serial.clone(),
                asset_tag: server.asset_tag.clone(),
                bmc_address,
            },
            started_by: pass.started_by.clone(),
            role: pass.role.clone(),
            reason: pass.reason.clone(),
            started_at: pass.started_at.clone(),
            ended_at: now.clone(),
            result: "verified".to_owned(),
            drives: erasures
                .into_iter()
                .filter(|e| e.state == ErasureState::Completed)
                .map(|e| ErasedDrive {
                    id: e.drive_id,
                    model: e.model,
                    serial: e.serial,
                    capacity_bytes: e.capacity_bytes,
                    method: e.method,
                    started_at: e.started_at,
                    ended_at: e.ended_at.unwrap_or_else(|| now.clone()),
                    result: "completed".to_owned(),
                    task: e.task,
                })
                .collect(),
            firmware,
            steps: steps
                .into_iter()
                .map(|s| StepRecord {
                    step: s.step,
                    started_at: s.started_at,
                    ended_at: s.ended_at,
                    detail: s.detail,
                })
                .collect(),
            sel_archive: findings.sel,
        };
        let stored = StoredCertificate {
            id: certificate.certificate_id.clone(),
            deletion_id: pass.id.clone(),
            server_id: server.id.clone(),
            server_name: server.name.clone(),
            issued_at: now,
            body: certificate.to_json(),
        };
        let back = StageMove {
            server_id: server.id.clone(),
            from: Stage::Deletion,
            to: Stage::Inventory,
            actor: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            reason: Some(format!(
                "verified clean; erasure certificate {}",
                certificate.certificate_id
            )),
            hold_until: None,
        };
        let audit = NewAudit {
            actor: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            action: "deletion_verified".into(),
            target: Some(server.name.clone()),
            params: serde_json::json!({
                "serverId": server.id,
                "deletionId": pass.id,
                "certificateId": certificate.certificate_id,
                "drives": certificate.drives.len(),
            }),
            outcome: "ok".into(),
            detail: None,
        };
        self.with_store(move |store| store.finish_deletion(&stored, &back, audit))
            .await?;
        tracing::info!(server = %server.name, certificate = %certificate.certificate_id, "deletion verified");
        Ok(certificate.certificate_id)
    }

    /// A certificate by its id, or the newest of a server (by id or name).
    pub async fn certificate(&self, key: &str) -> Result<ErasureCertificate, Error> {
        let k = key.to_owned();
        match self.with_store(move |store| store.certificate(&k)).await {
            Ok(stored) => parse(&stored),
            Err(error) if error.code == ErrorCode::NotFound => {
                let server = self.find_server(key).await.map_err(|_| error.clone())?;
                self.certificates(&server.id)
                    .await?
                    .into_iter()
                    .next()
                    .ok_or_else(|| {
                        Error::new(
                            ErrorCode::NotFound,
                            format!("{} has no erasure certificate", server.name),
                        )
                    })
            }
            Err(error) => Err(error),
        }
    }

    /// A server's certificates, newest first.
    pub async fn certificates(&self, key: &str) -> Result<Vec<ErasureCertificate>, Error> {
        let server = self.find_server(key).await?;
        let stored = self
            .with_store(move |store| store.certificates_of(&server.id))
            .await?;
        stored.iter().map(parse).collect()
    }

    /// Writes a certificate to `out`, or to the Downloads folder when none is given.
    pub async fn export_certificate(
        &self,
        key: &str,
        format: CertificateFormat,
        language: Language,
        out: Option<PathBuf>,
    ) -> Result<CertificateFile, Error> {
        let certificate = self.certificate(key).await?;
        let (bytes, extension) = match format {
            CertificateFormat::Json => (certificate.to_json().into_bytes(), "json"),
            CertificateFormat::Pdf => (to_pdf(&certificate, language), "pdf"),
        };
        let path = out.unwrap_or_else(|| {
            let suffix = match (format, language) {
                (CertificateFormat::Pdf, Language::Ja) => "-ja",
                (CertificateFormat::Pdf, Language::En) => "-en",
                _ => "",
            };
            self.export_path_named(
                &format!("erasure-certificate-{}{suffix}", certificate.server.name),
                extension,
            )
        });
        tokio::fs::write(&path, bytes).await.map_err(|e| {
            Error::new(
                ErrorCode::InvalidInput,
                format!("cannot write {}: {e}", path.display()),
            )
        })?;
        Ok(CertificateFile {
            path: path.display().to_string(),
            format,
            language,
        })
    }
}
