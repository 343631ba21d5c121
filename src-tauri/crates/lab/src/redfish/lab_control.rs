//! The lab's own OEM endpoint: read and replace a server's faults while it runs,
//! so a test can make a drive fail its erase and then clear the fault. Not part
//! of any real BMC; it is not linked from the service root.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use super::error::{RedfishError, RedfishResult};
use super::{resource, Shared};
use crate::spec::Faults;

pub const FAULTS: &str = "/redfish/v1/Oem/RacksmithLab/Faults";

pub const REGENERATE_CERTIFICATE: &str =
    "/redfish/v1/Oem/RacksmithLab/Actions/RacksmithLab.RegenerateCertificate";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(FAULTS, get(show).put(replace))
        .route(REGENERATE_CERTIFICATE, post(regenerate_certificate))
}

async fn regenerate_certificate(State(server): State<Shared>) -> RedfishResult<Response> {
    let identity = server
        .regenerate_certificate()
        .map_err(|e| RedfishError::internal_error().because(e.to_string()))?;
    Ok(resource(serde_json::json!({
        "CertificateSha256": identity.fingerprint_sha256,
        "CertificatePem": identity.certificate_pem,
    })))
}

async fn show(State(server): State<Shared>) -> Response {
    resource(serde_json::to_value(server.faults()).unwrap_or_default())
}

async fn replace(State(server): State<Shared>, body: Bytes) -> RedfishResult<Response> {
    let faults: Faults = serde_json::from_slice(&body)
        .map_err(|e| RedfishError::malformed_json().because(e.to_string()))?;
    faults.check().map_err(|e| {
        RedfishError::property_value_out_of_range("faults", "Faults").because(e.to_string())
    })?;
    server
        .state()
        .log("Warning", "The lab's fault settings were changed.");
    server.set_faults(faults);
    Ok(resource(
        serde_json::to_value(server.faults()).unwrap_or_default(),
    ))
}
