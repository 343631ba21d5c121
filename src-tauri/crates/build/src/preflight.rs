//! Preflight: whether one server can take a profile, checked before anything
//! is changed on it, and which of its drives the profile's volume will use.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use specta::Type;

use crate::bios::{check_changes, BiosRegistry};
use crate::profile::{version_at_least, BuildProfile};
use crate::raid::{plan, Media, PlanDrive, RaidRequest};
use crate::size::format_bytes;

/// A drive as the preflight sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ServerDrive {
    pub id: String,
    #[specta(type = specta_typescript::Number)]
    pub capacity_bytes: u64,
    pub media: Option<Media>,
    pub failed: bool,
    /// In no volume now.
    pub free: bool,
}

/// What the server has, read from its BMC just before the build.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ServerBuildState {
    pub drives: Vec<ServerDrive>,
    pub volumes: u32,
    /// The controller's RAID types ("RAID1", ...); empty when it has none.
    pub raid_types: Vec<String>,
    pub has_controller: bool,
    pub registry: Option<BiosRegistry>,
    #[specta(type = std::collections::BTreeMap<String, specta_typescript::Unknown>)]
    pub bios_values: BTreeMap<String, Value>,
    pub bios_version: Option<String>,
    pub bmc_version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PreflightCheck {
    /// drives, raid_level, volumes, bios_attributes, bios_version, bmc_version
    pub check: String,
    pub ok: bool,
    pub message: String,
}

/// The drives a volume is built from, picked by the preflight.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DrivePick {
    pub drives: Vec<String>,
    pub spares: Vec<String>,
    /// What the layout gives on these drives.
    #[specta(type = specta_typescript::Number)]
    pub usable_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Preflight {
    pub checks: Vec<PreflightCheck>,
    pub pick: Option<DrivePick>,
}

impl Preflight {
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    /// The failed checks in one sentence, for a job's error.
    pub fn failures(&self) -> String {
        self.checks
            .iter()
            .filter(|c| !c.ok)
            .map(|c| c.message.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn check(name: &str, ok: bool, message: String) -> PreflightCheck {
    PreflightCheck {
        check: name.to_owned(),
        ok,
        message,
    }
}

fn media_name(media: Option<Media>) -> &'static str {
    match media {
        Some(Media::Ssd) => "SSD ",
        Some(Media::Hdd) => "HDD ",
        None => "",
    }
}

/// Checks one server against a profile. The drives are picked from those that
/// fit (free ones, or all healthy ones when existing volumes will be replaced),
/// largest group of equal size first so members are not cut to a smaller one.
pub fn preflight(profile: &BuildProfile, server: &ServerBuildState) -> Preflight {
    let mut checks = Vec::new();
    let mut pick = None;
    if let Some(raid) = &profile.raid {
        if !server.has_controller {
            checks.push(check(
                "drives",
                false,
                "the server has no RAID controller".into(),
            ));
        } else {
            let level_ok = server.raid_types.is_empty()
                || server.raid_types.iter().any(|t| t == raid.level.redfish());
            checks.push(check(
                "raid_level",
                level_ok,
                if level_ok {
                    format!("the controller supports {}", raid.level.redfish())
                } else {
                    format!(
                        "the controller does not support {}; it offers {}",
                        raid.level.redfish(),
                        server.raid_types.join(", ")
                    )
                },
            ));
            let volumes_ok = server.volumes == 0 || raid.replace_existing;
            checks.push(check(
                "volumes",
                volumes_ok,
                match (server.volumes, raid.replace_existing) {
                    (0, _) => "no volumes yet".into(),
                    (n, true) => format!("{n} existing volume(s) will be deleted"),
                    (n, false) => format!(
                        "the server already has {n} volume(s) and the profile does not replace them"
                    ),
                },
            ));
            let min = raid.min_drive_bytes.unwrap_or(0);
            let mut fitting: Vec<&ServerDrive> = server
                .drives
                .iter()
                .filter(|d| {
                    !d.failed
                        && (d.free || raid.replace_existing)
                        && d.capacity_bytes >= min
                        && (raid.media.is_none() || d.media == raid.media)
                })
                .collect();
            // Controllers refuse SSDs and HDDs in one volume: with no media
            // asked for, the kind the server has most of is used alone.
            if raid.media.is_none() {
                let count = |m: Option<Media>| fitting.iter().filter(|d| d.media == m).count();
                let most = [Some(Media::Ssd), Some(Media::Hdd), None]
                    .into_iter()
                    .max_by_key(|m| count(*m))
                    .unwrap_or(None);
                if count(most) >= (raid.drives + raid.hot_spares) as usize {
                    fitting.retain(|d| d.media == most);
                }
            }
            let mut by_size: BTreeMap<u64, usize> = BTreeMap::new();
            for d in &fitting {
                *by_size.entry(d.capacity_bytes).or_default() += 1;
            }
            // Equal drives first (the commonest size), in bay order within a size.
            fitting.sort_by_key(|d| {
                (
                    std::cmp::Reverse(by_size[&d.capacity_bytes]),
                    std::cmp::Reverse(d.capacity_bytes),
                )
            });
            let needed = (raid.drives + raid.hot_spares) as usize;
            let kind = format!(
                "{}drives{}",
                media_name(raid.media),
                if min > 0 {
                    format!(" of at least {}", format_bytes(min))
                } else {
                    String::new()
                }
            );
            if fitting.len() < needed {
                checks.push(check(
                    "drives",
                    false,
                    format!(
                        "needs {needed} healthy {}{kind}; the server has {}",
                        if raid.replace_existing { "" } else { "free " },
                        fitting.len()
                    ),
                ));
            } else {
                let members: Vec<&ServerDrive> = fitting[..raid.drives as usize].to_vec();
                let spares: Vec<&ServerDrive> = fitting[raid.drives as usize..needed].to_vec();
                let to_plan = |d: &&ServerDrive| PlanDrive {
                    id: Some(d.id.clone()),
                    capacity_bytes: d.capacity_bytes,
                    media: d.media,
                    failed: d.failed,
                };
                match plan(&RaidRequest {
                    level: raid.level,
                    drives: members.iter().map(to_plan).collect(),
                    spans: raid.spans,
                    hot_spares: spares.iter().map(to_plan).collect(),
                }) {
                    Ok(p) => {
                        checks.push(check(
                            "drives",
                            true,
                            format!(
                                "{} on {} gives {}",
                                raid.level.redfish(),
                                members
                                    .iter()
                                    .map(|d| d.id.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", "),
                                format_bytes(p.usable_bytes)
                            ),
                        ));
                        pick = Some(DrivePick {
                            drives: members.iter().map(|d| d.id.clone()).collect(),
                            spares: spares.iter().map(|d| d.id.clone()).collect(),
                            usable_bytes: p.usable_bytes,
                        });
                    }
                    Err(refusal) => checks.push(check("drives", false, refusal.message)),
                }
            }
        }
    }
    if !profile.bios.is_empty() {
        match &server.registry {
            None => checks.push(check(
                "bios_attributes",
                false,
                "the BMC publishes no BIOS attribute registry, so the values cannot be checked"
                    .into(),
            )),
            Some(registry) => match check_changes(registry, &server.bios_values, &profile.bios) {
                Ok(()) => checks.push(check(
                    "bios_attributes",
                    true,
                    format!(
                        "the registry has all {} BIOS attributes",
                        profile.bios.len()
                    ),
                )),
                Err(refusals) => checks.push(check(
                    "bios_attributes",
                    false,
                    refusals
                        .iter()
                        .map(|r| r.message.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                )),
            },
        }
    }
    for (name, want, have, what) in [
        (
            "bios_version",
            &profile.min_bios_version,
            &server.bios_version,
            "BIOS",
        ),
        (
            "bmc_version",
            &profile.min_bmc_version,
            &server.bmc_version,
            "BMC firmware",
        ),
    ] {
        let Some(want) = want else { continue };
        let have_text = have.as_deref().unwrap_or("unknown");
        let ok = have
            .as_deref()
            .and_then(|h| version_at_least(h, want))
            .unwrap_or(false);
        checks.push(check(
            name,
            ok,
            if ok {
                format!("{what} {have_text} is at least {want}")
            } else {
                format!("{what} {have_text} is older than the {want} the profile needs")
            },
        ));
    }
    Preflight { checks, pick }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bios::{AttributeKind, BiosAttribute};
    use crate::profile::{BmcSettings, RaidLayout};
    use crate::raid::RaidLevel;
    use serde_json::json;

    const TB: u64 = 1_000_000_000_000;

    fn drive(id: &str, tb: u64, media: Media) -> ServerDrive {
        ServerDrive {
            id: id.into(),
            capacity_bytes: tb * TB,
            media: Some(media),
            failed: false,
            free: true,
        }
    }

    fn profile(level: RaidLevel, drives: u32) -> BuildProfile {
        BuildProfile {
            name: "p".into(),
            description: None,
            bios: [("BootMode".to_owned(), json!("Uefi"))].into(),
            raid: Some(RaidLayout {
                level,
                drives,
                media: Some(Media::Ssd),
                min_drive_bytes: None,
                spans: None,
                hot_spares: 0,
                volume_name: "os".into(),
                replace_existing: false,
            }),
            bmc: BmcSettings::default(),
            min_bios_version: Some("2.0".into()),
            min_bmc_version: None,
        }
    }

    fn server() -> ServerBuildState {
        ServerBuildState {
            drives: vec![
                drive("Bay.0", 4, Media::Hdd),
                drive("Bay.1", 2, Media::Ssd),
                drive("Bay.2", 1, Media::Ssd),
                drive("Bay.3", 2, Media::Ssd),
            ],
            volumes: 0,
            raid_types: vec!["RAID0".into(), "RAID1".into(), "RAID10".into()],
            has_controller: true,
            registry: Some(BiosRegistry {
                id: None,
                attributes: vec![BiosAttribute {
                    name: "BootMode".into(),
                    display_name: None,
                    help: None,
                    kind: AttributeKind::Enumeration {
                        values: vec!["Uefi".into(), "Bios".into()],
                    },
                    read_only: false,
                    default: None,
                }],
                dependencies: vec![],
            }),
            bios_values: BTreeMap::new(),
            bios_version: Some("2.1.0".into()),
            bmc_version: Some("1.0".into()),
        }
    }

    #[test]
    fn picks_equal_drives_of_the_asked_kind() {
        let result = preflight(&profile(RaidLevel::Raid1, 2), &server());
        assert!(result.passed(), "{}", result.failures());
        assert_eq!(
            result.pick.expect("pick").drives,
            ["Bay.1", "Bay.3"],
            "the two 2 TB SSDs, not the HDD nor the smaller SSD"
        );
    }

    #[test]
    fn every_failed_check_is_reported() {
        let mut s = server();
        s.drives[1].failed = true;
        s.drives[2].failed = true;
        s.volumes = 1;
        s.bios_version = Some("1.9".into());
        s.raid_types = vec!["RAID0".into()];
        let mut p = profile(RaidLevel::Raid1, 2);
        p.bios.insert("Overclock".into(), json!(1));
        let result = preflight(&p, &s);
        let failed: Vec<&str> = result
            .checks
            .iter()
            .filter(|c| !c.ok)
            .map(|c| c.check.as_str())
            .collect();
        assert_eq!(
            failed,
            [
                "raid_level",
                "volumes",
                "drives",
                "bios_attributes",
                "bios_version"
            ]
        );
        assert!(result
            .failures()
            .contains("needs 2 healthy free SSD drives; the server has 1"));
        assert!(result.pick.is_none());
    }

    #[test]
    fn with_no_media_asked_for_one_kind_is_used_alone() {
        let mut p = profile(RaidLevel::Raid1, 2);
        p.raid.as_mut().expect("raid").media = None;
        let mut s = server();
        s.drives = vec![
            drive("Bay.0", 4, Media::Hdd),
            drive("Bay.1", 4, Media::Ssd),
            drive("Bay.2", 4, Media::Hdd),
            drive("Bay.3", 2, Media::Hdd),
        ];
        let result = preflight(&p, &s);
        assert_eq!(result.pick.expect("pick").drives, ["Bay.0", "Bay.2"]);
    }

    #[test]
    fn replacing_volumes_may_use_drives_in_them() {
        let mut s = server();
        s.volumes = 1;
        for d in &mut s.drives {
            d.free = false;
        }
        let mut p = profile(RaidLevel::Raid1, 2);
        p.raid.as_mut().expect("raid").replace_existing = true;
        let result = preflight(&p, &s);
        assert!(result.passed(), "{}", result.failures());
    }

    #[test]
    fn no_registry_means_bios_values_cannot_be_checked() {
        let mut s = server();
        s.registry = None;
        let result = preflight(&profile(RaidLevel::Raid1, 2), &s);
        assert!(!result.passed());
        assert!(result.failures().contains("no BIOS attribute registry"));
    }
}
