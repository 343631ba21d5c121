//! The built-in lab: a fleet of simulated servers, each a Redfish service over
//! HTTPS with its own certificate, and a VNC console, all on 127.0.0.1. It is the
//! app's demo, the tests' peer and the benchmarks' target.

mod accounts;
mod bios;
mod clock;
mod events;
mod faults;
mod fetch;
mod firmware;
mod http;
pub mod model;
mod power;
mod raid;
pub mod redfish;
mod rng;
mod server;
pub mod spec;
mod state;
mod storage;
mod tasks;
mod tls;
pub mod vnc;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use spec::{Away, FaultOverride, Faults, KvmOffer, LabSpec, LatencyRange};

#[derive(Debug, thiserror::Error)]
pub enum LabError {
    #[error("lab spec: {0}")]
    Spec(String),
    #[error("cannot listen on 127.0.0.1: {0}")]
    Listen(#[from] std::io::Error),
    #[error("certificate: {0}")]
    Tls(String),
}

/// What a client needs to reach one lab server. The password is a lab secret,
/// simulated, so printing it is fine.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LabServerInfo {
    pub id: String,
    pub number: usize,
    pub redfish_url: String,
    pub username: String,
    pub password: String,
    pub vnc_port: Option<u16>,
    pub vnc_password: Option<String>,
    pub certificate_sha256: String,
    pub certificate_pem: String,
    pub model: String,
    pub serial: String,
}

/// A running lab. Dropping it stops every server.
pub struct Lab {
    servers: Vec<Arc<server::SimServer>>,
    infos: Vec<LabServerInfo>,
    tasks: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for Lab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lab")
            .field("servers", &self.servers.len())
            .finish()
    }
}

async fn listen() -> Result<TcpListener, LabError> {
    Ok(TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?)
}

impl Lab {
    pub async fn start(spec: LabSpec) -> Result<Lab, LabError> {
        spec.validate()?;
        let mut lab = Lab {
            servers: Vec::with_capacity(spec.servers),
            infos: Vec::with_capacity(spec.servers),
            tasks: Vec::with_capacity(spec.servers * 3),
        };
        for number in 1..=spec.servers {
            let hardware = model::generate(spec.seed, number - 1);
            let identity = tls::self_signed(&tls::common_name(number))?;
            let https = listen().await?;
            let https_port = https.local_addr()?.port();
            let vnc = if spec.vnc && spec.kvm == KvmOffer::Vnc {
                Some(listen().await?)
            } else {
                None
            };
            let vnc_port = vnc
                .as_ref()
                .map(|l| l.local_addr().map(|a| a.port()))
                .transpose()?;
            let server = server::SimServer::new(
                &spec,
                number,
                hardware,
                https_port,
                vnc_port,
                identity.clone(),
            );
            let router = redfish::router(server.clone());
            lab.tasks
                .push(tokio::spawn(http::serve(https, server.clone(), router)));
            lab.tasks.push(tokio::spawn(server.clone().tick()));
            if let Some(vnc) = vnc {
                lab.tasks
                    .push(tokio::spawn(vnc::serve(vnc, server.console.clone())));
            }
            lab.infos.push(LabServerInfo {
                id: server.id.clone(),
                number,
                redfish_url: format!("https://127.0.0.1:{https_port}"),
                username: spec.username.clone(),
                password: spec.password.clone(),
                vnc_port,
                vnc_password: spec.vnc_password.clone(),
                certificate_sha256: identity.fingerprint_sha256,
                certificate_pem: identity.certificate_pem,
                model: server.hardware.model.to_owned(),
                serial: server.hardware.serial.clone(),
            });
            lab.servers.push(server);
        }
        tracing::info!(servers = spec.servers, seed = spec.seed, "lab started");
        Ok(lab)
    }

    pub fn servers(&self) -> &[LabServerInfo] {
        &self.infos
    }

    /// The console of server `number` (from 1), for tests and the app's preview.
    pub fn console(&self, number: usize) -> Option<Arc<vnc::Console>> {
        self.index_of(number)
            .map(|i| self.servers[i].console.clone())
    }

    /// The position of server `number` (counted from 1, as the lab lists them).
    fn index_of(&self, number: usize) -> Option<usize> {
        number.checked_sub(1).filter(|i| *i < self.servers.len())
    }

    fn no_such_server(number: usize) -> LabError {
        LabError::Spec(format!("there is no server {number}"))
    }

    /// Replaces the faults of server `number` (from 1) while the lab runs.
    pub fn set_faults(&self, number: usize, faults: Faults) -> Result<(), LabError> {
        faults.check()?;
        let index = self
            .index_of(number)
            .ok_or_else(|| Lab::no_such_server(number))?;
        self.servers[index].set_faults(faults);
        Ok(())
    }

    /// Gives server `number` (from 1) a new certificate, as a BMC whose
    /// certificate was reset; clients that pinned the old one must refuse it.
    pub fn regenerate_certificate(&mut self, number: usize) -> Result<&LabServerInfo, LabError> {
        let index = self
            .index_of(number)
            .ok_or_else(|| Lab::no_such_server(number))?;
        let identity = self.servers[index].regenerate_certificate()?;
        let info = &mut self.infos[index];
        info.certificate_sha256 = identity.fingerprint_sha256;
        info.certificate_pem = identity.certificate_pem;
        Ok(info)
    }

    /// How many Redfish sessions server `number` (from 1) holds open now.
    pub fn open_sessions(&self, number: usize) -> usize {
        self.index_of(number)
            .map(|i| self.servers[i].state().accounts.sessions.len())
            .unwrap_or(0)
    }

    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        for task in self.tasks.drain(..) {
            task.abort();
        }
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        self.stop();
    }
}
