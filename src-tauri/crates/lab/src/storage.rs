//! The RAID controller's changing state: volumes, hot spares, and what each drive
//! has been through (an erase under way, or sanitized).

use crate::model::{Drive, Hardware};
use crate::raid::{self, Member};

#[derive(Debug, Clone)]
pub struct Sanitized {
    pub method: String,
    pub at: String,
}

#[derive(Debug, Clone, Default)]
pub struct DriveState {
    pub erasing: Option<u32>,
    pub sanitized: Option<Sanitized>,
    pub spare_for: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Volume {
    pub id: String,
    pub name: String,
    pub raid_type: String,
    pub capacity_bytes: u64,
    pub drives: Vec<String>,
    pub spares: Vec<String>,
    pub strip_size_bytes: u64,
    pub write_cache: String,
    pub read_cache: String,
    pub tolerates: u32,
}

#[derive(Debug, Clone)]
pub struct NewVolume {
    pub name: Option<String>,
    pub raid_type: String,
    pub capacity_bytes: Option<u64>,
    pub drives: Vec<String>,
    pub spares: Vec<String>,
    pub strip_size_bytes: Option<u64>,
    pub write_cache: Option<String>,
    pub read_cache: Option<String>,
}

pub const WRITE_CACHE: [&str; 3] = ["WriteThrough", "ProtectedWriteBack", "UnprotectedWriteBack"];
pub const READ_CACHE: [&str; 3] = ["Off", "ReadAhead", "AdaptiveReadAhead"];

#[derive(Debug)]
pub struct Storage {
    pub drives: Vec<DriveState>,
    pub volumes: Vec<Volume>,
    next_volume: u32,
}

impl Storage {
    pub fn new(hw: &Hardware) -> Storage {
        Storage {
            drives: vec![DriveState::default(); hw.drives.len()],
            volumes: Vec::new(),
            next_volume: 1,
        }
    }

    pub fn index(hw: &Hardware, drive: &str) -> Option<usize> {
        hw.drives.iter().position(|d| d.id == drive)
    }

    /// The volume a drive belongs to, as a member or a dedicated spare.
    pub fn used_by(&self, drive: &str) -> Option<&Volume> {
        self.volumes
            .iter()
            .find(|v| v.drives.iter().chain(&v.spares).any(|d| d == drive))
    }

    /// Creates a volume after the controller's checks, or says why it cannot.
    pub fn create(&mut self, hw: &Hardware, new: NewVolume) -> Result<Volume, String> {
        if !hw.controller.raid_types.contains(&new.raid_type.as_str()) {
            return Err(format!(
                "this controller supports {} only, not {}",
                hw.controller.raid_types.join(", "),
                new.raid_type
            ));
        }
        let mut seen = std::collections::HashSet::new();
        let mut members: Vec<&Drive> = Vec::new();
        for id in new.drives.iter().chain(&new.spares) {
            if !seen.insert(id) {
                return Err(format!("drive {id} is named twice"));
            }
            let index = Storage::index(hw, id).ok_or_else(|| format!("there is no drive {id}"))?;
            if let Some(volume) = self.used_by(id) {
                return Err(format!(
                    "drive {id} is already used by volume {}",
                    volume.name
                ));
            }
            if self.drives[index].erasing.is_some() {
                return Err(format!("drive {id} is being erased"));
            }
            if new.drives.contains(id) {
                members.push(&hw.drives[index]);
            }
        }
        let as_members: Vec<Member> = members
            .iter()
            .map(|d| Member {
                capacity_bytes: d.capacity_bytes,
                media: d.media,
                health: d.health,
            })
            .collect();
        let plan = raid::plan(&new.raid_type, &as_members, new.capacity_bytes)?;
        for id in &new.spares {
            let spare = &hw.drives[Storage::index(hw, id).unwrap_or_default()];
            if spare.media != members[0].media || spare.capacity_bytes < plan.per_drive_bytes {
                return Err(format!(
                    "hot spare {id} must be the same media and at least as large as the members"
                ));
            }
            if spare.health != crate::model::Health::Ok {
                return Err(format!("hot spare {id} has failed"));
            }
        }
        if let Some(strip) = new.strip_size_bytes {
            if !hw
                .controller
                .stripe_sizes_kib
                .iter()
                .any(|k| u64::from(*k) * 1024 == strip)
            {
                return Err(format!(
                    "strip size {strip} bytes is not one this controller offers"
                ));
            }
        }
        let id = self.next_volume.to_string();
        self.next_volume += 1;
        let volume = Volume {
            name: new.name.unwrap_or_else(|| format!("Virtual Disk {id}")),
            id,
            raid_type: new.raid_type,
            capacity_bytes: plan.usable_bytes,
            drives: new.drives,
            spares: new.spares,
            strip_size_bytes: new.strip_size_bytes.unwrap_or(256 * 1024),
            write_cache: new
                .write_cache
                .unwrap_or_else(|| "ProtectedWriteBack".into()),
            read_cache: new.read_cache.unwrap_or_else(|| "ReadAhead".into()),
            tolerates: plan.tolerates,
        };
        for id in &volume.spares {
            if let Some(i) = Storage::index(hw, id) {
                self.drives[i].spare_for = Some(volume.id.clone());
            }
        }
        // Data written to a new volume means the drives are no longer sanitized.
        for id in &volume.drives {
            if let Some(i) = Storage::index(hw, id) {
                self.drives[i].sanitized = None;
            }
        }
        self.volumes.push(volume.clone());
        Ok(volume)
    }

    pub fn delete(&mut self, hw: &Hardware, id: &str) -> Option<Volume> {
        let index = self.volumes.iter().position(|v| v.id == id)?;
        let volume = self.volumes.remove(index);
        for spare in &volume.spares {
            if let Some(i) = Storage::index(hw, spare) {
                self.drives[i].spare_for = None;
            }
        }
        Some(volume)
    }
}
