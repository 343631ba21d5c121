//! Each simulated BMC has its own self-signed certificate, as real BMCs ship, so
//! clients must trust each one explicitly (by its fingerprint).

use std::sync::Arc;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::TlsAcceptor;

use crate::LabError;

#[derive(Clone)]
pub struct Identity {
    pub acceptor: TlsAcceptor,
    pub certificate_pem: String,
    /// SHA-256 of the DER certificate, as colon-separated upper-case hex.
    pub fingerprint_sha256: String,
}

pub fn common_name(number: usize) -> String {
    format!("lab-{number:04}-bmc")
}

pub fn self_signed(common_name: &str) -> Result<Identity, LabError> {
    let tls = |e: &dyn std::fmt::Display| LabError::Tls(format!("{common_name}: {e}"));
    let mut params =
        rcgen::CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .map_err(|e| tls(&e))?;
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, common_name);
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, "Racksmith Lab");
    let key = rcgen::KeyPair::generate().map_err(|e| tls(&e))?;
    let certificate = params.self_signed(&key).map_err(|e| tls(&e))?;
    let der = certificate.der().clone();
    let fingerprint_sha256 = sha256_hex(der.as_ref());
    let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| tls(&e))?
        .with_no_client_auth()
        .with_single_cert(vec![CertificateDer::from(der.to_vec())], key_der)
        .map_err(|e| tls(&e))?;
    Ok(Identity {
        acceptor: TlsAcceptor::from(Arc::new(config)),
        certificate_pem: certificate.pem(),
        fingerprint_sha256,
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    digest
        .as_ref()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}
