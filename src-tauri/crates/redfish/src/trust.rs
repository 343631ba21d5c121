//! Certificate trust. BMCs present self-signed certificates, so the user pins the
//! one they saw (its SHA-256) or names a CA bundle; nothing is ever accepted blindly.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

use crate::error::Hex;
use crate::Error;

/// A SHA-256 fingerprint of a certificate's DER bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    pub fn of(der: &[u8]) -> Fingerprint {
        let digest = ring::digest::digest(&ring::digest::SHA256, der);
        let mut bytes = [0; 32];
        bytes.copy_from_slice(digest.as_ref());
        Fingerprint(bytes)
    }

    /// Accepts `AB:CD:…` or plain hex, any case, as users paste them.
    pub fn parse(text: &str) -> Result<Fingerprint, Error> {
        let hex: String = text
            .chars()
            .filter(|c| !matches!(c, ':' | ' ' | '-'))
            .collect();
        let invalid = || {
            Error::Invalid(format!(
                "\"{text}\" is not a SHA-256 fingerprint (64 hexadecimal digits)"
            ))
        };
        if hex.len() != 64 || !hex.is_ascii() {
            return Err(invalid());
        }
        let mut bytes = [0; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).map_err(|_| invalid())?;
        }
        Ok(Fingerprint(bytes))
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Hex(&self.0).fmt(f)
    }
}

impl std::fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// How a BMC's certificate is trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// Exactly this certificate, whatever its names and dates say.
    Pinned(Fingerprint),
    /// Certificates that chain to these PEM roots, with the usual name and date checks.
    CaBundle(String),
}

/// What the user sees before deciding to trust a BMC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateInfo {
    pub sha256: Fingerprint,
    pub subject: String,
    pub issuer: String,
    /// RFC 3339.
    pub not_before: String,
    pub not_after: String,
    pub self_signed: bool,
}

impl CertificateInfo {
    pub fn parse(der: &[u8]) -> Result<CertificateInfo, Error> {
        let (_, cert) = x509_parser::parse_x509_certificate(der)
            .map_err(|e| Error::Invalid(format!("the certificate cannot be read: {e}")))?;
        let stamp = |t: x509_parser::time::ASN1Time| {
            t.to_datetime()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default()
        };
        Ok(CertificateInfo {
            sha256: Fingerprint::of(der),
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            not_before: stamp(cert.validity().not_before),
            not_after: stamp(cert.validity().not_after),
            self_signed: cert.subject() == cert.issuer(),
        })
    }
}

pub(crate) fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Accepts the one pinned certificate and records any other it is shown, so the
/// caller can report "the certificate changed" with the new fingerprint.
#[derive(Debug)]
pub(crate) struct PinnedVerifier {
    pin: Fingerprint,
    provider: Arc<CryptoProvider>,
    pub(crate) presented: Mutex<Option<Fingerprint>>,
}

impl PinnedVerifier {
    pub(crate) fn new(pin: Fingerprint) -> PinnedVerifier {
        PinnedVerifier {
            pin,
            provider: provider(),
            presented: Mutex::new(None),
        }
    }

    pub(crate) fn pin(&self) -> Fingerprint {
        self.pin
    }

    pub(crate) fn last_mismatch(&self) -> Option<Fingerprint> {
        *self.presented.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let seen = Fingerprint::of(end_entity);
        if seen == self.pin {
            return Ok(ServerCertVerified::assertion());
        }
        *self.presented.lock().unwrap_or_else(|e| e.into_inner()) = Some(seen);
        Err(rustls::Error::InvalidCertificate(
            rustls::CertificateError::ApplicationVerificationFailure,
        ))
    }

    // The handshake signatures are still checked: a pin means "this key", and only
    // the holder of the key can sign the handshake.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// Shows the certificate without trusting it: it records what the server presents
/// and then fails the handshake, so not one byte of HTTP is exchanged.
#[derive(Debug)]
struct Recorder {
    provider: Arc<CryptoProvider>,
    seen: Mutex<Option<Vec<u8>>>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        *self.seen.lock().unwrap_or_else(|e| e.into_inner()) = Some(end_entity.to_vec());
        Err(rustls::Error::InvalidCertificate(
            rustls::CertificateError::ApplicationVerificationFailure,
        ))
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General("inspection only".into()))
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General("inspection only".into()))
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// Connects to `https://host:port` and returns the certificate it presents, for
/// the user's trust decision.
pub async fn inspect_certificate(
    base_url: &str,
    timeout: Duration,
) -> Result<CertificateInfo, Error> {
    let url = reqwest::Url::parse(base_url)
        .map_err(|e| Error::Invalid(format!("\"{base_url}\" is not a URL: {e}")))?;
    if url.scheme() != "https" {
        return Err(Error::Invalid(format!(
            "{base_url}: only https:// addresses have a certificate to inspect"
        )));
    }
    let host = url
        .host_str()
        .ok_or_else(|| Error::Invalid(format!("{base_url} has no host")))?
        .trim_matches(|c| c == '[' || c == ']')
        .to_owned();
    let port = url.port_or_known_default().unwrap_or(443);
    let recorder = Arc::new(Recorder {
        provider: provider(),
        seen: Mutex::new(None),
    });
    let config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Invalid(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let name =
        ServerName::try_from(host.clone()).map_err(|e| Error::Invalid(format!("{host}: {e}")))?;
    let attempt = async {
        let tcp = tokio::net::TcpStream::connect((host.as_str(), port))
            .await
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::ConnectionRefused => Error::Refused {
                    url: base_url.to_owned(),
                },
                _ => Error::Other {
                    url: base_url.to_owned(),
                    detail: e.to_string(),
                },
            })?;
        // The handshake fails by design once the certificate is recorded.
        let _ = connector.connect(name, tcp).await;
        Ok::<(), Error>(())
    };
    tokio::time::timeout(timeout, attempt)
        .await
        .map_err(|_| Error::Timeout {
            method: "TLS".into(),
            url: base_url.to_owned(),
            seconds: timeout.as_secs(),
        })??;
    let der = recorder
        .seen
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
        .ok_or_else(|| Error::Tls {
            url: base_url.to_owned(),
            detail: "the server presented no certificate".into(),
        })?;
    CertificateInfo::parse(&der)
}

pub(crate) fn client_config(
    trust: &Trust,
) -> Result<(rustls::ClientConfig, Option<Arc<PinnedVerifier>>), Error> {
    let builder = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Invalid(e.to_string()))?;
    match trust {
        Trust::Pinned(pin) => {
            let verifier = Arc::new(PinnedVerifier::new(*pin));
            let config = builder
                .dangerous() // a pin is stricter than the web PKI, not looser
                .with_custom_certificate_verifier(verifier.clone())
                .with_no_client_auth();
            Ok((config, Some(verifier)))
        }
        Trust::CaBundle(pem) => {
            use rustls::pki_types::pem::PemObject;
            let mut roots = rustls::RootCertStore::empty();
            for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
                let cert = cert.map_err(|e| Error::Invalid(format!("CA bundle: {e}")))?;
                roots
                    .add(cert)
                    .map_err(|e| Error::Invalid(format!("CA bundle: {e}")))?;
            }
            if roots.is_empty() {
                return Err(Error::Invalid("the CA bundle holds no certificate".into()));
            }
            Ok((
                builder.with_root_certificates(roots).with_no_client_auth(),
                None,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_round_trip_in_both_spellings() {
        let fp = Fingerprint::of(b"abc");
        let colons = fp.to_string();
        assert_eq!(colons.len(), 32 * 3 - 1);
        assert_eq!(Fingerprint::parse(&colons).expect("colons"), fp);
        let plain = colons.replace(':', "").to_lowercase();
        assert_eq!(Fingerprint::parse(&plain).expect("plain"), fp);
    }

    #[test]
    fn a_short_or_non_hex_fingerprint_is_refused() {
        assert!(Fingerprint::parse("AB:CD").is_err());
        assert!(Fingerprint::parse(&"zz".repeat(32)).is_err());
        assert!(Fingerprint::parse(&"é".repeat(32)).is_err());
    }
}
