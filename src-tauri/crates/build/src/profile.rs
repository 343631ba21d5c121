//! Build profiles: one named set of BIOS values, a RAID layout and BMC settings
//! that many identical servers are built from. Saved in the inventory, and
//! exported and imported as a JSON file.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use specta::Type;

use crate::raid::{plan, Media, PlanDrive, RaidLevel, RaidRequest};

/// The file format's version, so an older console can refuse a newer file.
pub const PROFILE_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BuildProfile {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// BIOS attributes and the values they must have.
    #[serde(default)]
    #[specta(type = std::collections::BTreeMap<String, specta_typescript::Unknown>)]
    pub bios: BTreeMap<String, Value>,
    #[serde(default)]
    pub raid: Option<RaidLayout>,
    #[serde(default)]
    pub bmc: BmcSettings,
    /// The lowest BIOS version the profile was made for ("2.10.2").
    #[serde(default)]
    pub min_bios_version: Option<String>,
    #[serde(default)]
    pub min_bmc_version: Option<String>,
}

/// The volume a profile builds: drives are picked per server, by kind and size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RaidLayout {
    pub level: RaidLevel,
    pub drives: u32,
    #[serde(default)]
    pub media: Option<Media>,
    /// Drives smaller than this are not picked.
    #[serde(default)]
    #[specta(type = Option<specta_typescript::Number>)]
    pub min_drive_bytes: Option<u64>,
    #[serde(default)]
    pub spans: Option<u32>,
    #[serde(default)]
    pub hot_spares: u32,
    pub volume_name: String,
    /// Delete the volumes a server already has; without it such a server fails preflight.
    #[serde(default)]
    pub replace_existing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "mode", rename_all = "camelCase")]
pub enum NetworkMode {
    Dhcp,
    #[serde(rename_all = "camelCase")]
    Static {
        address: String,
        netmask: String,
        gateway: String,
    },
}

/// The customer's BMC account: its password is made by the console and kept
/// in the keyring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountSpec {
    pub username: String,
    /// Administrator, Operator or ReadOnly.
    pub role: String,
}

/// BMC settings; an absent field is left as the BMC has it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BmcSettings {
    /// A host name, or a template with {name} or {serial} for each server.
    #[serde(default)]
    pub hostname: Option<String>,
    #[serde(default)]
    pub ntp_servers: Option<Vec<String>>,
    #[serde(default)]
    pub dns_servers: Option<Vec<String>>,
    #[serde(default)]
    pub network: Option<NetworkMode>,
    #[serde(default)]
    pub ipmi: Option<bool>,
    #[serde(default)]
    pub ssh: Option<bool>,
    #[serde(default)]
    pub kvm: Option<bool>,
    #[serde(default)]
    pub account: Option<AccountSpec>,
}

/// One thing wrong with a profile or settings, named by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileProblem {
    pub field: String,
    pub message: String,
}

fn problem(field: &str, message: String) -> ProfileProblem {
    ProfileProblem {
        field: field.to_owned(),
        message,
    }
}

pub const ACCOUNT_ROLES: [&str; 3] = ["Administrator", "Operator", "ReadOnly"];

/// A DNS label: letters, digits and hyphens, not at either end, at most 63.
pub fn hostname_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

/// The host name for one server, from a template with {name} and {serial}.
pub fn hostname_for(template: &str, name: &str, serial: Option<&str>) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect::<String>()
            .trim_matches('-')
            .to_owned()
    };
    template
        .replace("{name}", &clean(name))
        .replace("{serial}", &clean(serial.unwrap_or("")))
}

impl BmcSettings {
    /// Problems with the settings themselves, before any BMC is asked.
    pub fn problems(&self) -> Vec<ProfileProblem> {
        let mut found = Vec::new();
        if let Some(template) = &self.hostname {
            let sample = hostname_for(template, "server-1", Some("SN1"));
            if !hostname_ok(&sample) {
                found.push(problem(
                    "bmc.hostname",
                    format!("\"{template}\" does not make a host name (letters, digits and hyphens, at most 63)"),
                ));
            }
        }
        if let Some(ntp) = &self.ntp_servers {
            for server in ntp {
                let valid = !server.is_empty()
                    && server.len() <= 253
                    && server
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':');
                if !valid {
                    found.push(problem(
                        "bmc.ntpServers",
                        format!("\"{server}\" is not a host name or address"),
                    ));
                }
            }
        }
        if let Some(dns) = &self.dns_servers {
            for server in dns {
                if server.parse::<Ipv4Addr>().is_err() {
                    found.push(problem(
                        "bmc.dnsServers",
                        format!("\"{server}\" is not an IPv4 address"),
                    ));
                }
            }
        }
        if let Some(NetworkMode::Static {
            address,
            netmask,
            gateway,
        }) = &self.network
        {
            for (field, value) in [
                ("address", address),
                ("netmask", netmask),
                ("gateway", gateway),
            ] {
                if value.parse::<Ipv4Addr>().is_err() {
                    found.push(problem(
                        &format!("bmc.network.{field}"),
                        format!("\"{value}\" is not an IPv4 address"),
                    ));
                }
            }
        }
        if let Some(account) = &self.account {
            let valid = !account.username.is_empty()
                && account.username.len() <= 16
                && account
                    .username
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !valid {
                found.push(problem(
                    "bmc.account.username",
                    format!(
                        "\"{}\" is not a BMC user name (letters, digits, _ and -, at most 16)",
                        account.username
                    ),
                ));
            }
            if !ACCOUNT_ROLES.contains(&account.role.as_str()) {
                found.push(problem(
                    "bmc.account.role",
                    format!(
                        "\"{}\" is not a role; it is one of {}",
                        account.role,
                        ACCOUNT_ROLES.join(", ")
                    ),
                ));
            }
        }
        found
    }
}

impl BuildProfile {
    /// Problems with the profile itself; a profile with any is not saved.
    pub fn problems(&self) -> Vec<ProfileProblem> {
        let mut found = Vec::new();
        if self.name.trim().is_empty() || self.name.len() > 80 {
            found.push(problem(
                "name",
                "a profile needs a name of 1 to 80 characters".into(),
            ));
        }
        if let Some(raid) = &self.raid {
            if raid.volume_name.trim().is_empty() {
                found.push(problem("raid.volumeName", "the volume needs a name".into()));
            }
            let drive = PlanDrive {
                id: None,
                capacity_bytes: raid.min_drive_bytes.unwrap_or(1_000_000_000_000),
                media: raid.media,
                failed: false,
            };
            let request = RaidRequest {
                level: raid.level,
                drives: vec![drive.clone(); raid.drives as usize],
                spans: raid.spans,
                hot_spares: vec![drive; raid.hot_spares as usize],
            };
            if let Err(refusal) = plan(&request) {
                found.push(problem("raid", refusal.message));
            }
        }
        if matches!(self.bmc.network, Some(NetworkMode::Static { .. })) {
            found.push(problem(
                "bmc.network",
                "a profile is for many servers, so it cannot give them one static address; use DHCP or set addresses per server".into(),
            ));
        }
        found.extend(self.bmc.problems());
        found
    }

    /// The profile as the file it is exported to.
    pub fn to_file(&self) -> Value {
        serde_json::json!({ "racksmithBuildProfile": PROFILE_FORMAT, "profile": self })
    }

    /// Reads an exported profile file; a newer format or a bad field is refused.
    pub fn from_file(text: &str) -> Result<BuildProfile, String> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("the file is not JSON: {e}"))?;
        let format = value
            .get("racksmithBuildProfile")
            .and_then(Value::as_u64)
            .ok_or("the file is not a Racksmith build profile")?;
        if format > u64::from(PROFILE_FORMAT) {
            return Err(format!(
                "the profile was written by a newer Racksmith (format {format}); this one reads format {PROFILE_FORMAT}"
            ));
        }
        let profile = value
            .get("profile")
            .cloned()
            .ok_or("the file has no profile")?;
        serde_json::from_value(profile).map_err(|e| format!("the profile is not valid: {e}"))
    }
}

/// Compares dotted versions numerically ("2.10.2" > "2.9"); None when either
/// has no numbers to compare.
pub fn version_at_least(have: &str, want: &str) -> Option<bool> {
    let numbers = |s: &str| -> Vec<u64> {
        s.split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse().ok())
            .collect()
    };
    let (h, w) = (numbers(have), numbers(want));
    if h.is_empty() || w.is_empty() {
        return None;
    }
    let len = h.len().max(w.len());
    let pad = |v: &[u64]| {
        let mut v = v.to_vec();
        v.resize(len, 0);
        v
    };
    Some(pad(&h) >= pad(&w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn profile() -> BuildProfile {
        BuildProfile {
            name: "web".into(),
            description: None,
            bios: [("BootMode".to_owned(), json!("Uefi"))].into(),
            raid: Some(RaidLayout {
                level: RaidLevel::Raid1,
                drives: 2,
                media: Some(Media::Ssd),
                min_drive_bytes: None,
                spans: None,
                hot_spares: 0,
                volume_name: "os".into(),
                replace_existing: false,
            }),
            bmc: BmcSettings {
                hostname: Some("bmc-{name}".into()),
                ipmi: Some(false),
                ..BmcSettings::default()
            },
            min_bios_version: None,
            min_bmc_version: None,
        }
    }

    #[test]
    fn a_good_profile_round_trips_through_its_file() {
        let p = profile();
        assert!(p.problems().is_empty(), "{:?}", p.problems());
        let text = p.to_file().to_string();
        assert_eq!(BuildProfile::from_file(&text), Ok(p));
    }

    #[test]
    fn files_that_are_not_profiles_are_refused_with_the_reason() {
        assert!(BuildProfile::from_file("nope")
            .expect_err("refused")
            .contains("not JSON"));
        assert!(BuildProfile::from_file("{}")
            .expect_err("refused")
            .contains("not a Racksmith build profile"));
        let newer = json!({"racksmithBuildProfile": 99, "profile": {}}).to_string();
        assert!(BuildProfile::from_file(&newer)
            .expect_err("refused")
            .contains("newer"));
        let typo =
            json!({"racksmithBuildProfile": 1, "profile": {"name": "x", "biso": {}}}).to_string();
        assert!(BuildProfile::from_file(&typo)
            .expect_err("refused")
            .contains("biso"));
    }

    #[test]
    fn problems_name_their_field() {
        let mut p = profile();
        p.name = " ".into();
        p.raid.as_mut().expect("raid").drives = 3;
        p.bmc.hostname = Some("bad name".into());
        p.bmc.dns_servers = Some(vec!["8.8.8".into()]);
        p.bmc.network = Some(NetworkMode::Static {
            address: "10.0.0.2".into(),
            netmask: "255.255.255.0".into(),
            gateway: "10.0.0.1".into(),
        });
        p.bmc.account = Some(AccountSpec {
            username: "cust omer".into(),
            role: "God".into(),
        });
        let fields: Vec<String> = p.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "name",
                "raid",
                "bmc.network",
                "bmc.hostname",
                "bmc.dnsServers",
                "bmc.account.username",
                "bmc.account.role"
            ]
        );
    }

    #[test]
    fn host_names_come_from_the_template() {
        assert_eq!(
            hostname_for("bmc-{name}", "Lab Server 7", None),
            "bmc-lab-server-7"
        );
        assert_eq!(
            hostname_for("{serial}-bmc", "x", Some("SN-0042")),
            "sn-0042-bmc"
        );
    }

    #[test]
    fn versions_compare_by_number() {
        assert_eq!(version_at_least("2.10.2", "2.9"), Some(true));
        assert_eq!(version_at_least("2.9", "2.10.2"), Some(false));
        assert_eq!(version_at_least("1.0", "1.0.0"), Some(true));
        assert_eq!(version_at_least("v3", "2.1"), Some(true));
        assert_eq!(version_at_least("unknown", "2.1"), None);
    }
}
