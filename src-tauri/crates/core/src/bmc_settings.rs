//! BMC settings for the Building stage: host name, NTP, DNS, DHCP or a static
//! address, which protocols are on, and the customer's BMC account, whose
//! password Racksmith makes, keeps in the OS keyring and shows only on request.

use racksmith_build::{hostname_for, AccountSpec, BmcSettings, NetworkMode};
use racksmith_inventory::ServerSummary;
use racksmith_lifecycle::{Action, Actor};
use racksmith_redfish::manager::{
    apply_manager, create_account, find_account, list_accounts, read_manager, set_password,
    ManagerChange, ManagerReading,
};
use racksmith_redfish::Secret;
use serde::Serialize;
use specta::Type;

use crate::reach::Reached;
use crate::{Core, Error, ErrorCode};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BmcAccountView {
    pub id: String,
    pub username: String,
    pub role: Option<String>,
    pub enabled: Option<bool>,
    pub locked: Option<bool>,
    /// Made by Racksmith for the customer; its password is in the keyring.
    pub customer: bool,
    pub rotated_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BmcSettingsView {
    pub server_id: String,
    pub firmware_version: Option<String>,
    pub hostname: Option<String>,
    pub ntp_enabled: Option<bool>,
    pub ntp_servers: Vec<String>,
    pub dns_servers: Vec<String>,
    pub dhcp: Option<bool>,
    pub address: Option<String>,
    pub netmask: Option<String>,
    pub gateway: Option<String>,
    pub ipmi: Option<bool>,
    pub ssh: Option<bool>,
    pub kvm: Option<bool>,
    pub https: Option<bool>,
    pub accounts: Vec<BmcAccountView>,
}

/// A password BMCs accept: 20 characters with upper and lower case, digits and
/// a symbol, from the OS's random source.
pub(crate) fn new_password() -> Result<Secret, Error> {
    use ring::rand::SecureRandom;
    const SETS: [&[u8]; 4] = [
        b"ABCDEFGHJKLMNPQRSTUVWXYZ",
        b"abcdefghijkmnopqrstuvwxyz",
        b"23456789",
        b"-_.!#%+",
    ];
    let rng = ring::rand::SystemRandom::new();
    let mut bytes = [0u8; 20];
    rng.fill(&mut bytes).map_err(|_| {
        Error::new(
            ErrorCode::Internal,
            "the OS random source failed to make a password",
        )
    })?;
    let all: Vec<u8> = SETS.concat();
    let password: String = bytes
        .iter()
        .enumerate()
        .map(|(i, b)| {
            // The first four come one from each set, so every kind is present.
            let set = if i < SETS.len() { SETS[i] } else { &all[..] };
            char::from(set[usize::from(*b) % set.len()])
        })
        .collect();
    Ok(Secret::new(password))
}

/// Where a customer account's password is filed in the keyring.
fn account_secret(server_id: &str, username: &str) -> String {
    format!("bmc-account/{server_id}/{username}")
}

/// What to send for these settings on this server; the host name template is
/// filled in with the server's name and serial.
pub(crate) fn change_for(settings: &BmcSettings, server: &ServerSummary) -> ManagerChange {
    let (dhcp, static_address) = match &settings.network {
        None => (None, None),
        Some(NetworkMode::Dhcp) => (Some(true), None),
        Some(NetworkMode::Static {
            address,
            netmask,
            gateway,
        }) => (
            Some(false),
            Some((address.clone(), netmask.clone(), gateway.clone())),
        ),
    };
    ManagerChange {
        hostname: settings
            .hostname
            .as_ref()
            .map(|t| hostname_for(t, &server.name, server.serial.as_deref())),
        ntp_servers: settings.ntp_servers.clone(),
        ipmi: settings.ipmi,
        ssh: settings.ssh,
        kvm: settings.kvm,
        dhcp,
        static_address,
        dns_servers: settings.dns_servers.clone(),
    }
}

/// Which of the settings the BMC does not read back as sent.
pub(crate) fn mismatches(change: &ManagerChange, reading: &ManagerReading) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut check = |what: &str, ok: bool| {
        if !ok {
            wrong.push(what.to_owned());
        }
    };
    if let Some(name) = &change.hostname {
        check("host name", reading.hostname.as_ref() == Some(name));
    }
    if let Some(ntp) = &change.ntp_servers {
        check("NTP servers", &reading.ntp_servers == ntp);
    }
    for (what, want, have) in [
        ("IPMI", change.ipmi, reading.ipmi),
        ("SSH", change.ssh, reading.ssh),
        ("KVM", change.kvm, reading.kvm),
        ("DHCP", change.dhcp, reading.dhcp),
    ] {
        if want.is_some() {
            check(what, want == have);
        }
    }
    if let Some((address, _, _)) = &change.static_address {
        check("static address", reading.address.as_ref() == Some(address));
    }
    if let Some(dns) = &change.dns_servers {
        check("DNS servers", &reading.dns_servers == dns);
    }
    wrong
}

impl Core {
    async fn settings_view(
        &self,
        server: &ServerSummary,
        reached: &Reached,
    ) -> Result<BmcSettingsView, Error> {
        let r = read_manager(&reached.client, &reached.system_path).await?;
        let accounts = list_accounts(&reached.client).await?;
        let id = server.id.clone();
        let ours = self
            .with_store(move |store| store.customer_accounts(&id))
            .await?;
        Ok(BmcSettingsView {
            server_id: server.id.clone(),
            firmware_version: r.firmware_version,
            hostname: r.hostname,
            ntp_enabled: r.ntp_enabled,
            ntp_servers: r.ntp_servers,
            dns_servers: r.dns_servers,
            dhcp: r.dhcp,
            address: r.address,
            netmask: r.netmask,
            gateway: r.gateway,
            ipmi: r.ipmi,
            ssh: r.ssh,
            kvm: r.kvm,
            https: r.https,
            accounts: accounts
                .into_iter()
                .map(|a| {
                    let mine = ours.iter().find(|o| o.username == a.username);
                    BmcAccountView {
                        customer: mine.is_some(),
                        rotated_at: mine.and_then(|o| o.rotated_at.clone()),
                        id: a.id,
                        username: a.username,
                        role: a.role,
                        enabled: a.enabled,
                        locked: a.locked,
                    }
                })
                .collect(),
        })
    }

    pub async fn bmc_settings(&self, key: &str) -> Result<BmcSettingsView, Error> {
        let server = self.find_server(key).await?;
        let reached = self.reach(&server).await?;
        self.settings_view(&server, &reached).await
    }

    /// Sends the settings (problems refused first), then reads them back.
    pub async fn apply_bmc_settings(
        &self,
        key: &str,
        settings: BmcSettings,
        actor: &Actor,
    ) -> Result<BmcSettingsView, Error> {
        let params = serde_json::to_value(&settings).unwrap_or_default();
        self.audited(
            key,
            Action::BmcSettings,
            "bmc_settings",
            actor,
            params,
            |server| async move {
                let problems = settings.problems();
                if !problems.is_empty() {
                    return Err(Error::new(
                        ErrorCode::InvalidInput,
                        problems
                            .iter()
                            .map(|p| p.message.as_str())
                            .collect::<Vec<_>>()
                            .join("; "),
                    ));
                }
                let reached = self.reach(&server).await?;
                self.apply_settings_on(&server, &reached, &settings).await?;
                self.settings_view(&server, &reached).await
            },
        )
        .await
    }

    /// Sends the settings to one reached BMC and checks they read back; the
    /// customer account is made when it does not exist yet.
    pub(crate) async fn apply_settings_on(
        &self,
        server: &ServerSummary,
        reached: &Reached,
        settings: &BmcSettings,
    ) -> Result<(), Error> {
        let before = read_manager(&reached.client, &reached.system_path).await?;
        let change = change_for(settings, server);
        apply_manager(&reached.client, &before, &change).await?;
        let after = read_manager(&reached.client, &reached.system_path).await?;
        let wrong = mismatches(&change, &after);
        if !wrong.is_empty() {
            return Err(Error::new(
                ErrorCode::VerifyFailed,
                format!("the BMC does not read back the {} sent", wrong.join(", ")),
            ));
        }
        if let Some(account) = &settings.account {
            if find_account(&reached.client, &account.username)
                .await?
                .is_none()
            {
                self.make_account(server, reached, account).await?;
            }
        }
        Ok(())
    }

    /// Files a customer account's password in the keyring and records where.
    async fn keep_password(
        &self,
        server: &ServerSummary,
        username: &str,
        role: &str,
        password: &Secret,
    ) -> Result<(), Error> {
        let secret = account_secret(&server.id, username);
        let (vault, s, p) = (self.vault.clone(), secret.clone(), password.clone());
        tokio::task::spawn_blocking(move || vault.store(&s, &p)).await??;
        let (id, user, role, reference) = (
            server.id.clone(),
            username.to_owned(),
            role.to_owned(),
            format!("keyring:{secret}"),
        );
        self.with_store(move |store| store.record_customer_account(&id, &user, &role, &reference))
            .await?;
        Ok(())
    }

    async fn make_account(
        &self,
        server: &ServerSummary,
        reached: &Reached,
        spec: &AccountSpec,
    ) -> Result<(), Error> {
        let password = new_password()?;
        // Kept before the BMC has it, so a password the BMC took is never lost.
        self.keep_password(server, &spec.username, &spec.role, &password)
            .await?;
        create_account(&reached.client, &spec.username, &password, &spec.role).await?;
        Ok(())
    }

    /// Creates the customer's BMC account with a new password in the keyring.
    pub async fn create_bmc_account(
        &self,
        key: &str,
        spec: AccountSpec,
        actor: &Actor,
    ) -> Result<BmcSettingsView, Error> {
        let params = serde_json::to_value(&spec).unwrap_or_default();
        self.audited(
            key,
            Action::BmcSettings,
            "bmc_account_create",
            actor,
            params,
            |server| async move {
                let problems = BmcSettings {
                    account: Some(spec.clone()),
                    ..BmcSettings::default()
                }
                .problems();
                if let Some(p) = problems.first() {
                    return Err(Error::new(ErrorCode::InvalidInput, p.message.clone()));
                }
                let reached = self.reach(&server).await?;
                if find_account(&reached.client, &spec.username)
                    .await?
                    .is_some()
                {
                    return Err(Error::new(
                        ErrorCode::Conflict,
                        format!("the BMC already has an account {}", spec.username),
                    ));
                }
                self.make_account(&server, &reached, &spec).await?;
                self.settings_view(&server, &reached).await
            },
        )
        .await
    }

    /// A new password for a customer account: on the BMC and in the keyring.
    pub async fn rotate_bmc_password(
        &self,
        key: &str,
        username: &str,
        actor: &Actor,
    ) -> Result<BmcSettingsView, Error> {
        let params = serde_json::json!({ "username": username });
        self.audited(
            key,
            Action::BmcSettings,
            "bmc_password_rotate",
            actor,
            params,
            |server| async move {
                let reached = self.reach(&server).await?;
                let account = find_account(&reached.client, username)
                    .await?
                    .ok_or_else(|| {
                        Error::new(
                            ErrorCode::NotFound,
                            format!("the BMC has no account {username}"),
                        )
                    })?;
                let role = account.role.clone().unwrap_or_default();
                let reference = crate::credentials::CredentialRef::Keyring(account_secret(
                    &server.id, username,
                ));
                let vault = self.vault.clone();
                let old =
                    tokio::task::spawn_blocking(move || vault.resolve(&reference).ok()).await?;
                // The new password is kept first; if the BMC refuses it, the old
                // one goes back, so the keyring always holds what the BMC accepts.
                let password = new_password()?;
                self.keep_password(&server, username, &role, &password)
                    .await?;
                if let Err(error) = set_password(&reached.client, &account.path, &password).await {
                    if let Some(old) = old {
                        self.keep_password(&server, username, &role, &old).await?;
                    }
                    return Err(error.into());
                }
                self.settings_view(&server, &reached).await
            },
        )
        .await
    }

    /// Shows a customer account's password, on the user's explicit request;
    /// every reveal is audited.
    pub async fn reveal_bmc_password(
        &self,
        key: &str,
        username: &str,
        actor: &Actor,
    ) -> Result<String, Error> {
        let params = serde_json::json!({ "username": username });
        self.audited(
            key,
            Action::BmcAccess,
            "bmc_password_reveal",
            actor,
            params,
            |server| async move {
                let id = server.id.clone();
                let account = self
                    .with_store(move |store| store.customer_accounts(&id))
                    .await?
                    .into_iter()
                    .find(|a| a.username == username)
                    .ok_or_else(|| {
                        Error::new(
                            ErrorCode::NotFound,
                            format!("Racksmith made no account {username} on {}", server.name),
                        )
                    })?;
                let reference = crate::credentials::CredentialRef::parse(&account.secret_ref)?;
                let vault = self.vault.clone();
                let secret =
                    tokio::task::spawn_blocking(move || vault.resolve(&reference)).await??;
                Ok(secret.expose().to_owned())
            },
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_long_varied_and_different_each_time() {
        let a = new_password().expect("password");
        let b = new_password().expect("password");
        assert_ne!(a.expose(), b.expose());
        let p = a.expose();
        assert_eq!(p.chars().count(), 20);
        assert!(p.chars().any(|c| c.is_ascii_uppercase()));
        assert!(p.chars().any(|c| c.is_ascii_lowercase()));
        assert!(p.chars().any(|c| c.is_ascii_digit()));
        assert!(p.chars().any(|c| !c.is_ascii_alphanumeric()));
    }
}
