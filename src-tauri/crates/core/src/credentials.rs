//! Where BMC passwords live. SQLite holds only a reference: `keyring:<account>`
//! for a password in the OS keyring (Secret Service, Keychain, Credential
//! Manager), or `lab:<server id>` for a simulated lab server's password, which
//! the lab itself hands out.

use std::collections::HashMap;
use std::sync::RwLock;

use racksmith_redfish::Secret;

use crate::{Error, ErrorCode};

/// The keyring service every Racksmith secret is filed under.
pub const KEYRING_SERVICE: &str = "Racksmith";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialRef {
    Keyring(String),
    Lab(String),
}

impl CredentialRef {
    pub fn parse(text: &str) -> Result<CredentialRef, Error> {
        let text = text.trim();
        let invalid = || {
            Error::new(
                ErrorCode::InvalidInput,
                format!(
                    "\"{text}\" is not a secret reference; write keyring:<name> or lab:<server id>"
                ),
            )
        };
        let (scheme, name) = text.split_once(':').ok_or_else(invalid)?;
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err(invalid());
        }
        match scheme {
            "keyring" => Ok(CredentialRef::Keyring(name.to_owned())),
            "lab" => Ok(CredentialRef::Lab(name.to_owned())),
            _ => Err(invalid()),
        }
    }

    /// The account under which an enrolled BMC's own password is filed.
    pub fn for_bmc(bmc_id: &str) -> CredentialRef {
        CredentialRef::Keyring(format!("bmc/{bmc_id}"))
    }
}

impl std::fmt::Display for CredentialRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CredentialRef::Keyring(account) => write!(f, "keyring:{account}"),
            CredentialRef::Lab(id) => write!(f, "lab:{id}"),
        }
    }
}

fn keyring_error(account: &str, error: keyring::Error) -> Error {
    match error {
        keyring::Error::NoEntry => Error::new(
            ErrorCode::SecretMissing,
            format!("the OS keyring has no Racksmith secret named \"{account}\""),
        ),
        other => Error::new(
            ErrorCode::KeyringUnavailable,
            format!("the OS keyring could not be used for \"{account}\": {other}"),
        ),
    }
}

/// Resolves credential references. Keyring calls block (they talk D-Bus or the
/// OS), so async callers run them on the blocking pool.
#[derive(Debug, Default)]
pub struct Vault {
    lab: RwLock<HashMap<String, Secret>>,
    /// A lab run by `rackctl lab up` for this profile lists its passwords here.
    lab_file: Option<std::path::PathBuf>,
}

fn entry(account: &str) -> Result<keyring::Entry, Error> {
    keyring::Entry::new(KEYRING_SERVICE, account).map_err(|e| keyring_error(account, e))
}

impl Vault {
    pub fn new(lab_file: std::path::PathBuf) -> Vault {
        Vault {
            lab: RwLock::default(),
            lab_file: Some(lab_file),
        }
    }

    fn lab_file_secret(&self, id: &str) -> Option<Secret> {
        crate::lab::read_lab_file(self.lab_file.as_ref()?)
            .ok()?
            .into_iter()
            .find(|s| s.id == id)
            .map(|s| Secret::new(s.password))
    }

    pub fn resolve(&self, reference: &CredentialRef) -> Result<Secret, Error> {
        match reference {
            CredentialRef::Keyring(account) => entry(account)?
                .get_password()
                .map(Secret::new)
                .map_err(|e| keyring_error(account, e)),
            CredentialRef::Lab(id) => self
                .lab
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .get(id)
                .cloned()
                .or_else(|| self.lab_file_secret(id))
                .ok_or_else(|| {
                    // A lab BMC that is not running is as absent as a real one
                    // unplugged from the network: say so, not "password missing".
                    Error::new(
                        ErrorCode::BmcUnreachable,
                        format!(
                            "the lab server \"{id}\" is not running (start the lab), so it cannot be reached"
                        ),
                    )
                }),
        }
    }

    pub fn store(&self, account: &str, secret: &Secret) -> Result<(), Error> {
        entry(account)?
            .set_password(secret.expose())
            .map_err(|e| keyring_error(account, e))
    }

    /// Removes a secret; one that is already gone is not an error.
    pub fn forget(&self, account: &str) -> Result<(), Error> {
        match entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(account, e)),
        }
    }

    pub fn remember_lab(&self, id: &str, secret: Secret) {
        self.lab
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id.to_owned(), secret);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_round_trip_and_bad_ones_are_explained() {
        for text in ["keyring:rack-a/admin", "lab:lab-0001"] {
            assert_eq!(CredentialRef::parse(text).expect(text).to_string(), text);
        }
        for bad in ["", "plain-password", "keyring:", "env:X", "keyring:a\nb"] {
            let err = CredentialRef::parse(bad).expect_err(bad);
            assert_eq!(err.code, ErrorCode::InvalidInput);
        }
    }

    #[test]
    fn a_lab_secret_is_known_only_while_the_lab_runs() {
        let vault = Vault::default();
        let reference = CredentialRef::Lab("lab-0001".into());
        // Not running is out of reach, as a BMC unplugged from the network is.
        assert_eq!(
            vault.resolve(&reference).expect_err("unknown").code,
            ErrorCode::BmcUnreachable
        );
        vault.remember_lab("lab-0001", Secret::new("pw"));
        assert_eq!(vault.resolve(&reference).expect("known").expose(), "pw");
    }
}
