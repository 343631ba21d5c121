//! A typed async Redfish client. The transport (TLS trust, sessions, slots,
//! timeouts, retries) is separate from the resources, which are plain serde types
//! that keep every property they do not name.

pub mod bios;
mod client;
pub mod erase;
mod error;
pub mod event_log;
pub mod facts;
pub mod firmware;
mod limits;
pub mod manager;
pub mod media;
pub mod oem;
pub mod power;
mod quirks;
pub mod resources;
mod secret;
pub mod storage;
mod transport;
mod trust;

pub use client::{Client, Outcome, TaskPoll};
pub use error::{Error, ErrorKind};
pub use limits::Limits;
pub use quirks::{Quirks, Vendor};
pub use secret::Secret;
pub use transport::{Answer, Call, Credentials, Endpoint, Transport, Upload};
pub use trust::{inspect_certificate, CertificateInfo, Fingerprint, Trust};

/// Types of the HTTP stack that callers may need to name.
pub mod reexport {
    pub use reqwest::Url;
}
