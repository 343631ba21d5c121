//! The In-service tools: where a server's KVM console is, virtual media (a URL
//! or a local file served for the length of the mount), the one-time boot
//! override, and direct access to the BMC.

use std::net::IpAddr;
use std::path::PathBuf;

use racksmith_console::{Target, Transport};
use racksmith_lifecycle::{Action, Actor};
use racksmith_redfish::media::{self, MediaSlot};
use racksmith_redfish::reexport::Url;
use racksmith_redfish::Secret;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::credentials::CredentialRef;
use crate::file_server::{self, ServedFile};
use crate::ironic_media::MediaOp;
use crate::{Core, Error, ErrorCode};

/// Longest image URL accepted; BMCs keep far less.
const MAX_URL: usize = 2048;

/// Where the console is, as the UI shows it (never the password).
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConsoleEndpoint {
    pub server_id: String,
    pub name: String,
    /// `vnc://host:port` or the WebSocket URL.
    pub address: String,
    pub password_stored: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MediaSlotView {
    pub id: String,
    pub name: String,
    pub media_types: Vec<String>,
    pub inserted: bool,
    pub image: Option<String>,
    pub write_protected: Option<bool>,
}

/// A local file this app serves to the BMC while it is mounted.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ServedView {
    pub file: String,
    pub url: String,
    #[specta(type = specta_typescript::Number)]
    pub size: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MediaView {
    pub server_id: String,
    pub slots: Vec<MediaSlotView>,
    /// `Once`, `Continuous` or `Disabled`, as the BMC reports it.
    pub boot_override: Option<String>,
    pub boot_target: Option<String>,
    pub boot_targets: Vec<String>,
    pub served: Option<ServedView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", tag = "kind", content = "value")]
pub enum MediaSource {
    /// An image the BMC fetches itself (http, https, nfs, smb/cifs).
    Url(String),
    /// A file on this computer, served over HTTP while mounted.
    File(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BootDevice {
    Cd,
    Pxe,
    Hdd,
    BiosSetup,
    Usb,
}

impl BootDevice {
    pub fn redfish(self) -> &'static str {
        match self {
            BootDevice::Cd => "Cd",
            BootDevice::Pxe => "Pxe",
            BootDevice::Hdd => "Hdd",
            BootDevice::BiosSetup => "BiosSetup",
            BootDevice::Usb => "Usb",
        }
    }

    pub fn parse(text: &str) -> Option<BootDevice> {
        match text.to_ascii_lowercase().as_str() {
            "cd" | "dvd" => Some(BootDevice::Cd),
            "pxe" | "network" => Some(BootDevice::Pxe),
            "hdd" | "disk" => Some(BootDevice::Hdd),
            "bios" | "bios_setup" | "setup" => Some(BootDevice::BiosSetup),
            "usb" => Some(BootDevice::Usb),
            _ => None,
        }
    }
}

/// The BMC's address and the customer's accounts on it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BmcAccess {
    pub server_id: String,
    pub address: String,
    pub web_url: String,
    pub accounts: Vec<String>,
}

/// The host part of a BMC address (`https://host:port`).
pub fn bmc_host(address: &str) -> Result<String, Error> {
    let url = Url::parse(address).map_err(|e| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("\"{address}\" is not a BMC address: {e}"),
        )
    })?;
    url.host_str()
        .map(|h| h.trim_start_matches('[').trim_end_matches(']').to_owned())
        .ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidInput,
                format!("\"{address}\" names no host"),
            )
        })
}

/// A WebSocket console logs in with the BMC's Redfish session (its token
/// as the subprotocol) and trusts the BMC's certificate as Redfish does.
async fn websocket_transport(
    reached: &crate::reach::Reached,
    server_name: &str,
    url: String,
) -> Result<Transport, Error> {
    let bmc = reached.client.transport();
    let token = bmc.session_token().await?.ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidInput,
            format!(
                "the BMC of {} offers its console only over a WebSocket, which needs a Redfish session, and it has no session service",
                server_name
            ),
        )
    })?;
    let tls = url.starts_with("wss://").then(|| bmc.tls_config());
    Ok(Transport::WebSocket {
        url,
        token: token.expose().to_owned(),
        tls,
    })
}

/// How to reach a console, before any session token is fetched.
#[derive(Debug, Clone)]
pub enum Route {
    Vnc(Transport),
    /// `wss://bmc/kvm/0`, OpenBMC's way.
    WebSocket(String),
}

/// The console a BMC advertises: a KVM-IP port in NetworkProtocol, else (as
/// OpenBMC, which lists no KVMIP) the web server's `/kvm/0` when its
/// GraphicalConsole offers KVM-IP, else the usual VNC port.
pub fn route_from_manager(
    manager: &racksmith_redfish::manager::ManagerReading,
    base_url: &str,
    server_name: &str,
) -> Result<Route, Error> {
    let host = bmc_host(base_url)?;
    match (manager.kvm, manager.kvm_port) {
        (Some(false), _) => Err(Error::new(
            ErrorCode::InvalidInput,
            format!("KVM-IP is turned off on the BMC of {server_name}; turn it on in BMC settings"),
        )),
        (None, None) if manager.graphical_console => {
            let web = base_url
                .trim_end_matches('/')
                .replacen("https://", "wss://", 1)
                .replacen("http://", "ws://", 1);
            Ok(Route::WebSocket(format!("{web}/kvm/0")))
        }
        (_, port) => Ok(Route::Vnc(Transport::Tcp {
            host,
            port: port.unwrap_or(5900),
        })),
    }
}

/// An address typed by hand: `HOST[:PORT]` for VNC, or a `ws://`/`wss://`
/// URL for a BMC's web console.
pub fn parse_console_address(text: &str) -> Result<Route, Error> {
    let trimmed = text.trim();
    if trimmed.starts_with("wss://") || trimmed.starts_with("ws://") {
        let url = Url::parse(trimmed).map_err(|e| {
            Error::new(
                ErrorCode::InvalidInput,
                format!("\"{trimmed}\" is not a console URL: {e}"),
            )
        })?;
        if url.host_str().is_none() {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                format!("\"{trimmed}\" names no host"),
            ));
        }
        return Ok(Route::WebSocket(url.to_string()));
    }
    parse_vnc_address(trimmed).map(Route::Vnc)
}

/// `HOST:PORT` typed by hand (port 5900 when left out).
pub fn parse_vnc_address(text: &str) -> Result<Transport, Error> {
    let text = text.trim().trim_start_matches("vnc://");
    let invalid = || {
        Error::new(
            ErrorCode::InvalidInput,
            format!("\"{text}\" is not a console address; write HOST:PORT or a wss:// URL"),
        )
    };
    let (host, port) = match text.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(':') || h.starts_with('[') => {
            (h, p.parse().map_err(|_| invalid())?)
        }
        _ => (text, 5900),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c == '/') {
        return Err(invalid());
    }
    Ok(Transport::Tcp {
        host: host.to_owned(),
        port,
    })
}

pub(crate) fn check_image_url(text: &str) -> Result<String, Error> {
    let invalid = |why: &str| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("\"{text}\" is not an image URL: {why}"),
        )
    };
    if text.len() > MAX_URL {
        return Err(invalid("too long"));
    }
    let url = Url::parse(text.trim()).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https" | "nfs" | "smb" | "cifs") {
        return Err(invalid("BMCs fetch images over http, https, nfs or smb"));
    }
    if url.host_str().is_none() {
        return Err(invalid("it names no host"));
    }
    Ok(url.to_string())
}

/// The keyring account of a server's VNC password.
fn vnc_account(server_id: &str) -> String {
    format!("vnc/{server_id}")
}

fn slot_view(slot: &MediaSlot) -> MediaSlotView {
    MediaSlotView {
        id: slot.id.clone(),
        name: slot.name.clone(),
        media_types: slot.media_types.clone(),
        inserted: slot.inserted,
        image: slot.image.clone(),
        write_protected: slot.write_protected,
    }
}

impl Core {
    async fn vnc_password(&self, server_id: &str) -> Result<Option<Secret>, Error> {
        let vault = self.vault.clone();
        let reference = CredentialRef::Keyring(vnc_account(server_id));
        match tokio::task::spawn_blocking(move || vault.resolve(&reference)).await? {
            Ok(secret) => Ok(Some(secret)),
            Err(e) if e.code == ErrorCode::SecretMissing => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Where to connect for a server's console, and with what password. The
    /// address comes from the BMC's KVM-IP setting unless one is given by hand.
    /// Opening a console is audited.
    pub async fn console_target(
        &self,
        key: &str,
        address: Option<&str>,
        actor: &Actor,
    ) -> Result<(ConsoleEndpoint, Target), Error> {
        let params = serde_json::json!({ "address": address });
        self.audited(
            key,
            Action::Kvm,
            "console_open",
            actor,
            params,
            |server| async move {
                let (route, reached) = match address {
                    Some(text) => (parse_console_address(text)?, None),
                    None => {
                        let reached = self.reach(&server).await?;
                        let manager = racksmith_redfish::manager::read_manager(
                            &reached.client,
                            &reached.system_path,
                        )
                        .await?;
                        let route =
                            route_from_manager(&manager, reached.client.base_url(), &server.name)?;
                        (route, Some(reached))
                    }
                };
                let transport = match route {
                    Route::Vnc(transport) => transport,
                    Route::WebSocket(url) => {
                        // A typed URL has not reached the BMC yet; the advertised one has.
                        let reached = match reached {
                            Some(reached) => reached,
                            None => self.reach(&server).await?,
                        };
                        websocket_transport(&reached, &server.name, url).await?
                    }
                };
                let password = self.vnc_password(&server.id).await?;
                let endpoint = ConsoleEndpoint {
                    server_id: server.id.clone(),
                    name: server.name.clone(),
                    address: transport.to_string(),
                    password_stored: password.is_some(),
                };
                let target = Target {
                    transport,
                    password: password.map(|p| p.expose().to_owned()),
                };
                Ok((endpoint, target))
            },
        )
        .await
    }

    /// Files the console's VNC password in the OS keyring (empty forgets it).
    pub async fn set_console_password(
        &self,
        key: &str,
        password: Secret,
        actor: &Actor,
    ) -> Result<(), Error> {
        self.audited(
            key,
            Action::Kvm,
            "console_password_set",
            actor,
            serde_json::json!({}),
            |server| async move {
                let vault = self.vault.clone();
                let account = vnc_account(&server.id);
                tokio::task::spawn_blocking(move || {
                    if password.expose().is_empty() {
                        match vault.forget(&account) {
                            Err(e) if e.code == ErrorCode::SecretMissing => Ok(()),
                            other => other,
                        }
                    } else {
                        vault.store(&account, &password)
                    }
                })
                .await?
            },
        )
        .await
    }

    pub async fn virtual_media(&self, key: &str) -> Result<MediaView, Error> {
        self.refuse_in_snapshot()?;
        let server = self.find_server(key).await?;
        if let Some(link) = self.ironic_link(&server).await? {
            return self
                .media_through_ironic(&server, link, MediaOp::View)
                .await;
        }
        let reached = self.reach(&server).await?;
        self.media_view(&server, &reached).await
    }

    /// What the media and boot override are now, read through a BMC the
    /// caller has already reached.
    async fn media_view(
        &self,
        server: &racksmith_inventory::ServerSummary,
        reached: &crate::reach::Reached,
    ) -> Result<MediaView, Error> {
        let slots = media::slots(&reached.client, &reached.system_path).await?;
        let boot = media::boot_override(&reached.client, &reached.system_path).await?;
        let served = self.served_files().get(&server.id).map(|f| ServedView {
            file: f.path.display().to_string(),
            url: f.url.clone(),
            size: f.size,
        });
        // A served file the BMC no longer shows was ejected elsewhere: stop serving it.
        let served = match served {
            Some(s)
                if slots
                    .iter()
                    .any(|slot| slot.image.as_deref() == Some(s.url.as_str())) =>
            {
                Some(s)
            }
            Some(_) => {
                self.served_files().remove(&server.id);
                None
            }
            None => None,
        };
        Ok(MediaView {
            server_id: server.id.clone(),
            slots: slots.iter().map(slot_view).collect(),
            boot_override: boot.enabled,
            boot_target: boot.target,
            boot_targets: boot.allowed_targets,
            served,
        })
    }

    fn served_files(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, ServedFile>> {
        self.served
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Mounts an image on the server's virtual CD, then optionally sets the
    /// next boot to it. A local file is served until ejected.
    pub async fn insert_media(
        &self,
        key: &str,
        source: MediaSource,
        boot_once: bool,
        actor: &Actor,
    ) -> Result<MediaView, Error> {
        let params = serde_json::json!({ "source": source, "bootOnce": boot_once });
        self.audited(
            key,
            Action::VirtualMedia,
            "media_insert",
            actor,
            params,
            |server| async move {
                if let Some(link) = self.ironic_link(&server).await? {
                    let url = crate::ironic_media::ironic_media_url(&source, &server)?;
                    let op = MediaOp::Insert { url, boot_once };
                    return self.media_through_ironic(&server, link, op).await;
                }
                let reached = self.reach(&server).await?;
                let slot = media::cd_slot(&reached.client, &reached.system_path, None).await?;
                if slot.inserted {
                    return Err(Error::new(
                        ErrorCode::Conflict,
                        format!(
                            "{} already holds {}; eject it first",
                            if slot.name.is_empty() {
                                &slot.id
                            } else {
                                &slot.name
                            },
                            slot.image.as_deref().unwrap_or("an image")
                        ),
                    ));
                }
                let (url, served) = match &source {
                    MediaSource::Url(url) => (check_image_url(url)?, None),
                    MediaSource::File(path) => {
                        let host = bmc_host(reached.client.base_url())?;
                        let ip = resolve_host(&host).await?;
                        let served = file_server::serve(&PathBuf::from(path), ip).await?;
                        (served.url.clone(), Some(served))
                    }
                };
                media::insert(&reached.client, &slot, &url).await?;
                if let Some(served) = served {
                    self.served_files().insert(server.id.clone(), served);
                }
                if boot_once {
                    media::boot_once(&reached.client, &reached.system_path, "Cd").await?;
                }
                self.media_view(&server, &reached).await
            },
        )
        .await
    }

    pub async fn eject_media(&self, key: &str, actor: &Actor) -> Result<MediaView, Error> {
        self.audited(
            key,
            Action::VirtualMedia,
            "media_eject",
            actor,
            serde_json::json!({}),
            |server| async move {
                if let Some(link) = self.ironic_link(&server).await? {
                    return self
                        .media_through_ironic(&server, link, MediaOp::Eject)
                        .await;
                }
                let reached = self.reach(&server).await?;
                let slot = media::cd_slot(&reached.client, &reached.system_path, None).await?;
                if slot.inserted {
                    media::eject(&reached.client, &slot).await?;
                }
                self.served_files().remove(&server.id);
                self.media_view(&server, &reached).await
            },
        )
        .await
    }

    /// Boots from `device` at the next start only; nothing restarts now.
    pub async fn boot_once(
        &self,
        key: &str,
        device: BootDevice,
        actor: &Actor,
    ) -> Result<MediaView, Error> {
        let params = serde_json::json!({ "device": device });
        self.audited(
            key,
            Action::VirtualMedia,
            "boot_once",
            actor,
            params,
            |server| async move {
                if let Some(link) = self.ironic_link(&server).await? {
                    let op = MediaOp::BootOnce(device);
                    return self.media_through_ironic(&server, link, op).await;
                }
                let reached = self.reach(&server).await?;
                media::boot_once(&reached.client, &reached.system_path, device.redfish()).await?;
                self.media_view(&server, &reached).await
            },
        )
        .await
    }

    /// The BMC's address and web UI, and the customer accounts made on it.
    /// Reading it is not audited (the server page shows it); opening the web
    /// UI and revealing a password are.
    pub async fn bmc_access(&self, key: &str, actor: &Actor) -> Result<BmcAccess, Error> {
        let server = self.find_server(key).await?;
        self.guard_action(
            &server,
            Action::BmcAccess,
            "bmc_access",
            actor,
            serde_json::json!({}),
        )
        .await?;
        let (bmc, _) = self.bmc_of(&server).await?;
        let id = server.id.clone();
        let accounts = self
            .with_store(move |store| store.customer_accounts(&id))
            .await?;
        Ok(BmcAccess {
            server_id: server.id.clone(),
            web_url: format!("{}/", bmc.address.trim_end_matches('/')),
            address: bmc.address,
            accounts: accounts.into_iter().map(|a| a.username).collect(),
        })
    }

    /// The web UI address to open in a browser; audited, as it hands the BMC
    /// itself to the user.
    pub async fn bmc_web_url(&self, key: &str, actor: &Actor) -> Result<String, Error> {
        let access = self.bmc_access(key, actor).await?;
        let url = access.web_url.clone();
        let params = serde_json::json!({ "url": url });
        self.audited(
            key,
            Action::BmcAccess,
            "bmc_web_open",
            actor,
            params,
            |_| async move { Ok(access.web_url) },
        )
        .await
    }
}

async fn resolve_host(host: &str) -> Result<IpAddr, Error> {
    if let Ok(ip) = host.parse() {
        return Ok(ip);
    }
    tokio::net::lookup_host((host, 0))
        .await
        .ok()
        .and_then(|mut a| a.next())
        .map(|a| a.ip())
        .ok_or_else(|| Error::new(ErrorCode::BmcUnreachable, format!("cannot resolve {host}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vnc_addresses_typed_by_hand() {
        let t = |s| parse_vnc_address(s).map(|t| t.to_string());
        assert_eq!(t("10.0.0.5:5901").expect("ok"), "vnc://10.0.0.5:5901");
        assert_eq!(t("bmc-7").expect("ok"), "vnc://bmc-7:5900");
        assert_eq!(t("[::1]:5902").expect("ok"), "vnc://::1:5902");
        assert!(parse_vnc_address("host:port").is_err());
        assert!(parse_vnc_address(":5900").is_err());
    }

    #[test]
    fn console_addresses_typed_by_hand() {
        let ws = |s| match parse_console_address(s) {
            Ok(Route::WebSocket(url)) => url,
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(ws("wss://10.0.0.5/kvm/0"), "wss://10.0.0.5/kvm/0");
        assert_eq!(ws(" ws://[::1]:8080/kvm/0 "), "ws://[::1]:8080/kvm/0");
        assert!(matches!(
            parse_console_address("10.0.0.5:5901"),
            Ok(Route::Vnc(_))
        ));
        assert!(parse_console_address("wss://").is_err());
    }

    #[test]
    fn the_console_route_follows_what_the_bmc_advertises() {
        use racksmith_redfish::manager::ManagerReading;
        let base = "https://127.0.0.1:8443";
        let route =
            |m: &ManagerReading| route_from_manager(m, base, "web-01").map(|r| format!("{r:?}"));
        let vnc = ManagerReading {
            kvm: Some(true),
            kvm_port: Some(5901),
            graphical_console: true,
            ..ManagerReading::default()
        };
        assert!(route(&vnc).expect("vnc").contains("vnc://127.0.0.1:5901"));
        let openbmc = ManagerReading {
            graphical_console: true,
            ..ManagerReading::default()
        };
        assert!(route(&openbmc)
            .expect("ws")
            .contains("wss://127.0.0.1:8443/kvm/0"));
        let off = ManagerReading {
            kvm: Some(false),
            kvm_port: Some(5900),
            graphical_console: true,
            ..ManagerReading::default()
        };
        let error = route(&off).expect_err("off");
        assert!(
            error.message.contains("KVM-IP is turned off"),
            "{}",
            error.message
        );
        let silent = ManagerReading::default();
        assert!(route(&silent)
            .expect("default")
            .contains("vnc://127.0.0.1:5900"));
    }

    #[test]
    fn image_urls_are_checked() {
        assert!(check_image_url("http://10.0.0.1/os.iso").is_ok());
        assert!(check_image_url("nfs://files/os.iso").is_ok());
        assert!(check_image_url("file:///etc/passwd").is_err());
        assert!(check_image_url("not a url").is_err());
    }

    #[test]
    fn boot_devices_by_name() {
        assert_eq!(BootDevice::parse("CD"), Some(BootDevice::Cd));
        assert_eq!(BootDevice::parse("floppy"), None);
    }
}
