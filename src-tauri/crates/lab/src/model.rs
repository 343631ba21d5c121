//! The lab's own hardware models, varied per server from the seed. Shapes and
//! property names follow real Redfish trees; the values are invented here.

use crate::rng::Rng;

pub const VENDOR: &str = "Racksmith Lab";
const GIB: u64 = 1 << 30;
const GB: u64 = 1_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    Ssd,
    Hdd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    Ok,
    Warning,
    Critical,
}

impl Health {
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Ok => "OK",
            Health::Warning => "Warning",
            Health::Critical => "Critical",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Processor {
    pub id: String,
    pub model: &'static str,
    pub cores: u32,
    pub threads: u32,
    pub max_speed_mhz: u32,
}

#[derive(Debug, Clone)]
pub struct Dimm {
    pub id: String,
    pub capacity_mib: u64,
    pub speed_mhz: u32,
    pub part_number: String,
    pub serial: String,
    pub health: Health,
}

#[derive(Debug, Clone)]
pub struct Drive {
    pub id: String,
    pub bay: u32,
    pub media: Media,
    pub protocol: &'static str,
    pub capacity_bytes: u64,
    pub model: &'static str,
    pub serial: String,
    pub firmware: String,
    pub health: Health,
    /// SanitizationType values the drive's Drive.SecureErase accepts, strongest first.
    pub erase_methods: Vec<&'static str>,
}

#[derive(Debug, Clone)]
pub struct Controller {
    pub id: &'static str,
    pub model: &'static str,
    pub firmware: String,
    pub raid_types: Vec<&'static str>,
    pub stripe_sizes_kib: Vec<u32>,
}

#[derive(Debug, Clone)]
pub struct Nic {
    pub id: String,
    pub mac: String,
    pub speed_mbps: u32,
    pub firmware: String,
}

#[derive(Debug, Clone)]
pub struct PowerSupply {
    pub id: String,
    pub capacity_watts: u32,
    pub health: Health,
}

#[derive(Debug, Clone)]
pub struct Fan {
    pub id: String,
    pub rpm: u32,
    pub health: Health,
}

#[derive(Debug, Clone)]
pub struct Hardware {
    pub model: &'static str,
    pub sku: &'static str,
    pub serial: String,
    pub uuid: String,
    pub asset_tag: String,
    pub bios_version: String,
    pub bmc_version: String,
    pub bmc_mac: String,
    pub processors: Vec<Processor>,
    pub memory: Vec<Dimm>,
    pub controller: Controller,
    pub drives: Vec<Drive>,
    pub nics: Vec<Nic>,
    pub power_supplies: Vec<PowerSupply>,
    pub fans: Vec<Fan>,
}

struct ModelLine {
    name: &'static str,
    sku: &'static str,
    sockets: &'static [u32],
    dimms: &'static [usize],
    drives: &'static [usize],
    hdd_share: f64,
    raid_types: &'static [&'static str],
    nics: &'static [usize],
}

const MODELS: &[ModelLine] = &[
    ModelLine {
        name: "RS-110 Compute",
        sku: "RS110-C",
        sockets: &[1, 2],
        dimms: &[8, 16],
        drives: &[2, 4],
        hdd_share: 0.0,
        raid_types: &["RAID0", "RAID1", "RAID10"],
        nics: &[2, 4],
    },
    ModelLine {
        name: "RS-120 General",
        sku: "RS120-G",
        sockets: &[2],
        dimms: &[8, 12, 16],
        drives: &[4, 6, 8],
        hdd_share: 0.4,
        raid_types: &["RAID0", "RAID1", "RAID5", "RAID6", "RAID10"],
        nics: &[2, 4],
    },
    ModelLine {
        name: "RS-220 Storage",
        sku: "RS220-S",
        sockets: &[1, 2],
        dimms: &[8, 12],
        drives: &[8, 10, 12],
        hdd_share: 0.75,
        raid_types: &[
            "RAID0", "RAID1", "RAID5", "RAID6", "RAID10", "RAID50", "RAID60",
        ],
        nics: &[2],
    },
];

const CPUS: &[(&str, u32, u32)] = &[
    ("Lab Processor 4410 16-Core", 16, 2600),
    ("Lab Processor 6430 32-Core", 32, 2100),
    ("Lab Processor 8460 48-Core", 48, 2000),
];

const SSDS: &[(&str, u64)] = &[
    ("LabFlash 480 SATA SSD", 480 * GB),
    ("LabFlash 960 SAS SSD", 960 * GB),
    ("LabFlash 1920 SAS SSD", 1_920 * GB),
];

const HDDS: &[(&str, u64)] = &[
    ("LabSpin 2400 SAS HDD", 2_400 * GB),
    ("LabSpin 4000 SAS HDD", 4_000 * GB),
];

fn mac(rng: &mut Rng) -> String {
    // 02: locally administered, so lab MACs never collide with real hardware.
    let tail: Vec<String> = (0..5).map(|_| format!("{:02X}", rng.below(256))).collect();
    format!("02:{}", tail.join(":"))
}

fn uuid(rng: &mut Rng) -> String {
    let h = rng.hex(32).to_lowercase();
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// A rare failed part: a few servers in a fleet show one, as real fleets do.
fn health(rng: &mut Rng, failure_rate: f64) -> Health {
    if rng.chance(failure_rate) {
        Health::Critical
    } else {
        Health::Ok
    }
}

/// Server `index` (from 0) of the fleet grown from `seed`.
pub fn generate(seed: u64, index: usize) -> Hardware {
    let mut rng = Rng::for_server(seed, index);
    let line = rng.pick(MODELS);
    let &(cpu_model, cores, speed) = rng.pick(CPUS);
    let sockets = *rng.pick(line.sockets);
    let processors = (1..=sockets)
        .map(|n| Processor {
            id: format!("CPU{n}"),
            model: cpu_model,
            cores,
            threads: cores * 2,
            max_speed_mhz: speed,
        })
        .collect();
    let dimm_gib = *rng.pick(&[32u64, 64]);
    let memory = (0..*rng.pick(line.dimms))
        .map(|n| Dimm {
            id: format!("DIMM{}{}", char::from(b'A' + (n / 8) as u8), n % 8 + 1),
            capacity_mib: dimm_gib * 1024,
            speed_mhz: 4800,
            part_number: format!("LAB-{dimm_gib}G-4800"),
            serial: rng.hex(8),
            health: health(&mut rng, 0.01),
        })
        .collect();
    let ssd = *rng.pick(SSDS);
    let hdd = *rng.pick(HDDS);
    let drives = (0..*rng.pick(line.drives))
        .map(|bay| {
            let media = if rng.chance(line.hdd_share) {
                Media::Hdd
            } else {
                Media::Ssd
            };
            let (model, capacity_bytes) = if media == Media::Hdd { hdd } else { ssd };
            Drive {
                id: format!("Disk.Bay.{bay}"),
                bay: bay as u32,
                media,
                protocol: if model.contains("SATA") {
                    "SATA"
                } else {
                    "SAS"
                },
                capacity_bytes,
                model,
                serial: format!("LD{}", rng.hex(10)),
                firmware: format!("F{}", rng.below(90) + 10),
                health: health(&mut rng, 0.03),
                erase_methods: match media {
                    Media::Ssd => vec!["CryptographicErase", "BlockErase", "Overwrite"],
                    Media::Hdd => vec!["Overwrite"],
                },
            }
        })
        .collect();
    let nics = (1..=*rng.pick(line.nics))
        .map(|n| Nic {
            id: format!("NIC.{n}"),
            mac: mac(&mut rng),
            speed_mbps: *rng.pick(&[10_000, 25_000]),
            firmware: format!("22.{}.{}", rng.below(40), rng.below(10)),
        })
        .collect();
    let power_supplies = (1..=2)
        .map(|n| PowerSupply {
            id: format!("PSU{n}"),
            capacity_watts: 1100,
            health: health(&mut rng, 0.02),
        })
        .collect();
    let fans = (1..=6)
        .map(|n| Fan {
            id: format!("Fan{n}"),
            rpm: 5400 + rng.below(1800) as u32,
            health: health(&mut rng, 0.01),
        })
        .collect();
    Hardware {
        model: line.name,
        sku: line.sku,
        serial: format!("RSL{}", rng.hex(8)),
        uuid: uuid(&mut rng),
        asset_tag: format!("LAB-{:05}", index + 1),
        bios_version: format!("2.{}.{}", rng.below(20), rng.below(10)),
        bmc_version: format!("7.{}.{}", rng.below(10), rng.below(100)),
        bmc_mac: mac(&mut rng),
        processors,
        memory,
        controller: Controller {
            id: "RAID.Integrated.1",
            model: "Lab RAID Controller 9600",
            firmware: format!("52.{}.0-{}", rng.below(30), rng.below(9000) + 1000),
            raid_types: line.raid_types.to_vec(),
            stripe_sizes_kib: vec![64, 128, 256, 512, 1024],
        },
        drives,
        nics,
        power_supplies,
        fans,
    }
}

impl Hardware {
    pub fn memory_gib(&self) -> u64 {
        self.memory.iter().map(|d| d.capacity_mib).sum::<u64>() * 1024 * 1024 / GIB
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_always_grows_the_same_server() {
        let a = generate(11, 5);
        let b = generate(11, 5);
        assert_eq!(a.serial, b.serial);
        assert_eq!(a.drives.len(), b.drives.len());
        assert_eq!(a.nics[0].mac, b.nics[0].mac);
        assert_ne!(generate(11, 6).serial, a.serial);
        assert_ne!(generate(12, 5).serial, a.serial);
    }

    #[test]
    fn a_fleet_is_varied_and_has_a_few_failed_parts() {
        let fleet: Vec<Hardware> = (0..300).map(|i| generate(1, i)).collect();
        let models: std::collections::HashSet<_> = fleet.iter().map(|h| h.model).collect();
        assert_eq!(models.len(), MODELS.len());
        let serials: std::collections::HashSet<_> = fleet.iter().map(|h| &h.serial).collect();
        assert_eq!(serials.len(), fleet.len(), "serials are unique");
        let drives: Vec<&Drive> = fleet.iter().flat_map(|h| &h.drives).collect();
        assert!(drives.iter().any(|d| d.media == Media::Hdd));
        assert!(drives.iter().any(|d| d.media == Media::Ssd));
        let failed = drives
            .iter()
            .filter(|d| d.health == Health::Critical)
            .count();
        assert!(
            failed > 0 && failed < drives.len() / 10,
            "{failed} failed drives"
        );
        assert!(fleet
            .iter()
            .all(|h| h.nics.iter().all(|n| n.mac.starts_with("02:"))));
    }
}
