//! The BMC's own settings over Redfish: host name, NTP and the protocols in
//! ManagerNetworkProtocol, DHCP or a static address and DNS on its Ethernet
//! interface, and the accounts of the AccountService.

use serde_json::{json, Value};

use crate::resources::{
    link_of, Collection, ComputerSystem, EthernetInterface, Manager, ManagerAccount,
    NetworkProtocol,
};
use crate::{Client, Error, Secret};

/// What the BMC says about itself, read in one go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManagerReading {
    pub manager_path: String,
    pub firmware_version: Option<String>,
    pub protocol_path: Option<String>,
    pub nic_path: Option<String>,
    pub hostname: Option<String>,
    pub ntp_enabled: Option<bool>,
    pub ntp_servers: Vec<String>,
    pub ipmi: Option<bool>,
    pub ssh: Option<bool>,
    pub kvm: Option<bool>,
    pub kvm_port: Option<u16>,
    /// The manager's GraphicalConsole offers KVM-IP and is enabled: where
    /// KVMIP is not in NetworkProtocol, this is OpenBMC's `/kvm/0` WebSocket.
    pub graphical_console: bool,
    pub https: Option<bool>,
    pub dhcp: Option<bool>,
    pub address: Option<String>,
    pub netmask: Option<String>,
    pub gateway: Option<String>,
    pub dns_servers: Vec<String>,
}

/// The changes to make; None leaves a setting as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManagerChange {
    pub hostname: Option<String>,
    pub ntp_servers: Option<Vec<String>>,
    pub ipmi: Option<bool>,
    pub ssh: Option<bool>,
    pub kvm: Option<bool>,
    pub dhcp: Option<bool>,
    /// Address, netmask, gateway.
    pub static_address: Option<(String, String, String)>,
    pub dns_servers: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountView {
    pub path: String,
    pub id: String,
    pub username: String,
    pub role: Option<String>,
    pub enabled: Option<bool>,
    pub locked: Option<bool>,
}

/// The manager that manages a system (its ManagedBy link), else the first one.
pub async fn manager_path(client: &Client, system_path: &str) -> Result<String, Error> {
    let system: ComputerSystem = client.get(system_path).await?;
    if let Some(path) = system
        .links
        .as_ref()
        .and_then(|l| l.managed_by.first())
        .map(|l| l.odata_id.clone())
    {
        return Ok(path);
    }
    let root = client.service_root().await?;
    let collection = link_of(&root.managers).map(str::to_owned);
    let first = match collection {
        Some(c) => client
            .get::<Collection>(&c)
            .await?
            .links()
            .into_iter()
            .next(),
        None => None,
    };
    first.ok_or_else(|| Error::Invalid(format!("{}: no manager to configure", client.base_url())))
}

fn enabled(setting: &Option<crate::resources::ProtocolSetting>) -> Option<bool> {
    setting.as_ref().and_then(|s| s.protocol_enabled)
}

fn offers_kvm(console: Option<&Value>) -> bool {
    let Some(console) = console else {
        return false;
    };
    console["ServiceEnabled"].as_bool() == Some(true)
        && console["ConnectTypesSupported"]
            .as_array()
            .is_some_and(|types| types.iter().any(|t| t == "KVMIP"))
}

pub async fn read_manager(client: &Client, system_path: &str) -> Result<ManagerReading, Error> {
    let manager_path = manager_path(client, system_path).await?;
    let manager: Manager = client.get(&manager_path).await?;
    let protocol_path = link_of(&manager.network_protocol).map(str::to_owned);
    let mut reading = ManagerReading {
        manager_path,
        firmware_version: manager.firmware_version.clone(),
        protocol_path: protocol_path.clone(),
        graphical_console: offers_kvm(manager.extra.get("GraphicalConsole")),
        ..ManagerReading::default()
    };
    if let Some(path) = &protocol_path {
        let p: NetworkProtocol = client.get(path).await?;
        reading.hostname = p.host_name.clone();
        reading.ntp_enabled = enabled(&p.ntp);
        reading.ntp_servers = p
            .ntp
            .as_ref()
            .map(|n| {
                n.ntp_servers
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        reading.ipmi = enabled(&p.ipmi);
        reading.ssh = enabled(&p.ssh);
        reading.kvm = enabled(&p.kvmip);
        reading.kvm_port = p.kvmip.as_ref().and_then(|k| k.port);
        reading.https = enabled(&p.https);
    }
    if let Some(collection) = link_of(&manager.ethernet_interfaces) {
        if let Some(path) = client
            .get::<Collection>(collection)
            .await?
            .links()
            .into_iter()
            .next()
        {
            let nic: EthernetInterface = client.get(&path).await?;
            reading.dhcp = nic
                .extra
                .get("DHCPv4")
                .and_then(|d| d.get("DHCPEnabled"))
                .and_then(Value::as_bool);
            if let Some(address) = nic.ipv4_addresses.first() {
                reading.address = address.address.clone();
                reading.netmask = address.subnet_mask.clone();
                reading.gateway = address.gateway.clone();
            }
            reading.dns_servers = nic
                .name_servers
                .iter()
                .filter(|s| !s.is_empty() && s.as_str() != "0.0.0.0")
                .cloned()
                .collect();
            reading.nic_path = Some(path);
        }
    }
    Ok(reading)
}

fn protocol_body(change: &ManagerChange) -> Option<Value> {
    let mut body = serde_json::Map::new();
    if let Some(name) = &change.hostname {
        body.insert("HostName".into(), json!(name));
    }
    for (key, on) in [
        ("IPMI", change.ipmi),
        ("SSH", change.ssh),
        ("KVMIP", change.kvm),
    ] {
        if let Some(on) = on {
            body.insert(key.into(), json!({ "ProtocolEnabled": on }));
        }
    }
    if let Some(ntp) = &change.ntp_servers {
        body.insert(
            "NTP".into(),
            json!({ "ProtocolEnabled": !ntp.is_empty(), "NTPServers": ntp }),
        );
    }
    (!body.is_empty()).then_some(Value::Object(body))
}

fn nic_body(change: &ManagerChange) -> Option<Value> {
    let mut body = serde_json::Map::new();
    if let Some(dhcp) = change.dhcp {
        body.insert("DHCPv4".into(), json!({ "DHCPEnabled": dhcp }));
    }
    if let Some((address, netmask, gateway)) = &change.static_address {
        body.insert(
            "IPv4StaticAddresses".into(),
            json!([{ "Address": address, "SubnetMask": netmask, "Gateway": gateway }]),
        );
    }
    if let Some(dns) = &change.dns_servers {
        body.insert("StaticNameServers".into(), json!(dns));
    }
    (!body.is_empty()).then_some(Value::Object(body))
}

/// Sends the changes: one PATCH to the network protocol, one to the interface.
pub async fn apply_manager(
    client: &Client,
    reading: &ManagerReading,
    change: &ManagerChange,
) -> Result<(), Error> {
    if let Some(body) = protocol_body(change) {
        let path = reading.protocol_path.as_deref().ok_or_else(|| {
            Error::Invalid(format!(
                "{}: the BMC has no network protocol settings",
                client.base_url()
            ))
        })?;
        client.patch(path, body, None).await?;
    }
    if let Some(body) = nic_body(change) {
        let path = reading.nic_path.as_deref().ok_or_else(|| {
            Error::Invalid(format!(
                "{}: the BMC has no Ethernet interface to configure",
                client.base_url()
            ))
        })?;
        client.patch(path, body, None).await?;
    }
    Ok(())
}

async fn accounts_path(client: &Client) -> Result<String, Error> {
    let root = client.service_root().await?;
    let service = link_of(&root.account_service)
        .map(str::to_owned)
        .ok_or_else(|| Error::Invalid(format!("{}: no AccountService", client.base_url())))?;
    let service: Value = client.get(&service).await?;
    service
        .get("Accounts")
        .and_then(|a| a.get("@odata.id"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| {
            Error::Invalid(format!(
                "{}: the AccountService lists no accounts",
                client.base_url()
            ))
        })
}

pub async fn list_accounts(client: &Client) -> Result<Vec<AccountView>, Error> {
    let collection = accounts_path(client).await?;
    let links = client.get::<Collection>(&collection).await?.links();
    let mut accounts = Vec::new();
    for link in links {
        let account: ManagerAccount = client.get(&link).await?;
        // Empty slots (IPMI-style fixed tables) have no user name.
        let Some(username) = account.user_name.filter(|u| !u.is_empty()) else {
            continue;
        };
        accounts.push(AccountView {
            id: account.id.unwrap_or_default(),
            path: link,
            username,
            role: account.role_id,
            enabled: account.enabled,
            locked: account.locked,
        });
    }
    Ok(accounts)
}

/// The account with this user name, if the BMC has one.
pub async fn find_account(client: &Client, username: &str) -> Result<Option<AccountView>, Error> {
    Ok(list_accounts(client)
        .await?
        .into_iter()
        .find(|a| a.username == username))
}

/// Creates an account and returns it as the BMC lists it.
pub async fn create_account(
    client: &Client,
    username: &str,
    password: &Secret,
    role: &str,
) -> Result<AccountView, Error> {
    let collection = accounts_path(client).await?;
    client
        .post(
            &collection,
            json!({ "UserName": username, "Password": password.expose(), "RoleId": role, "Enabled": true }),
        )
        .await?;
    find_account(client, username).await?.ok_or_else(|| {
        Error::Invalid(format!(
            "{}: the BMC accepted the account {username} but does not list it",
            client.base_url()
        ))
    })
}

pub async fn set_password(
    client: &Client,
    account_path: &str,
    password: &Secret,
) -> Result<(), Error> {
    client
        .patch(account_path, json!({ "Password": password.expose() }), None)
        .await?;
    Ok(())
}

pub async fn delete_account(client: &Client, account_path: &str) -> Result<(), Error> {
    client.delete(account_path).await?;
    Ok(())
}
