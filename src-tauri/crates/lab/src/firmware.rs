//! Firmware components of a server, their versions, and updates staged to apply
//! later: at the next reset, or when a maintenance window opens.

use tokio::time::Instant;

use crate::model::Hardware;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ApplyAt {
    Immediate,
    OnReset,
    /// The window opens at this moment (lab clock) and lasts this many seconds.
    MaintenanceWindow {
        start: Instant,
        seconds: u64,
    },
}

#[derive(Debug, Clone)]
pub struct Staged {
    pub version: String,
    pub apply: ApplyAt,
}

#[derive(Debug, Clone)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub version: String,
    pub staged: Option<Staged>,
}

#[derive(Debug, Clone)]
pub struct Firmware {
    pub components: Vec<Component>,
}

impl Firmware {
    pub fn from_hardware(hw: &Hardware) -> Firmware {
        let mut components = vec![
            component("BIOS", "System BIOS", &hw.bios_version),
            component("BMC", "BMC firmware", &hw.bmc_version),
            component(
                hw.controller.id,
                &format!("{} firmware", hw.controller.model),
                &hw.controller.firmware,
            ),
        ];
        components.extend(hw.nics.iter().map(|n| {
            component(
                &n.id,
                &format!("Network adapter {} firmware", n.id),
                &n.firmware,
            )
        }));
        Firmware { components }
    }

    pub fn get(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    pub fn version(&self, id: &str) -> String {
        self.get(id).map(|c| c.version.clone()).unwrap_or_default()
    }

    pub fn stage(&mut self, id: &str, version: String, apply: ApplyAt) {
        if let Some(c) = self.components.iter_mut().find(|c| c.id == id) {
            c.staged = Some(Staged { version, apply });
        }
    }

    /// Applies every staged update whose moment has come; returns what changed.
    pub fn apply_due(&mut self, on_reset: bool, now: Instant) -> Vec<(String, String)> {
        let mut applied = Vec::new();
        for c in &mut self.components {
            let due = match c.staged.as_ref().map(|s| s.apply) {
                Some(ApplyAt::Immediate) => true,
                Some(ApplyAt::OnReset) => on_reset,
                Some(ApplyAt::MaintenanceWindow { start, .. }) => now >= start,
                None => false,
            };
            if due {
                if let Some(staged) = c.staged.take() {
                    c.version = staged.version.clone();
                    applied.push((c.id.clone(), staged.version));
                }
            }
        }
        applied
    }

    pub fn next_window(&self) -> Option<Instant> {
        self.components
            .iter()
            .filter_map(|c| match c.staged.as_ref()?.apply {
                ApplyAt::MaintenanceWindow { start, .. } => Some(start),
                _ => None,
            })
            .min()
    }
}

fn component(id: &str, name: &str, version: &str) -> Component {
    Component {
        id: id.to_owned(),
        name: name.to_owned(),
        version: version.to_owned(),
        staged: None,
    }
}

/// The lab's firmware package format: a first line naming the component and the
/// version it carries. Anything else is refused like a corrupt image.
pub fn read_package(bytes: &[u8]) -> Result<(String, String), String> {
    let head = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let head =
        std::str::from_utf8(head).map_err(|_| "the image is not a firmware package".to_owned())?;
    let mut fields = head.split_whitespace();
    if fields.next() != Some("RACKSMITH-LAB-FIRMWARE") {
        return Err("the image is not a firmware package for this server".into());
    }
    let mut component = None;
    let mut version = None;
    for field in fields {
        match field.split_once('=') {
            Some(("component", v)) => component = Some(v.to_owned()),
            Some(("version", v)) => version = Some(v.to_owned()),
            _ => {}
        }
    }
    match (component, version) {
        (Some(c), Some(v)) if !v.is_empty() => Ok((c, v)),
        _ => Err("the firmware package does not name its component and version".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_name_their_component_and_version() {
        assert_eq!(
            read_package(b"RACKSMITH-LAB-FIRMWARE component=BIOS version=2.30.1\nbinary..."),
            Ok(("BIOS".into(), "2.30.1".into()))
        );
        assert!(read_package(b"MZ\x90\x00 not ours").is_err());
        assert!(read_package(b"RACKSMITH-LAB-FIRMWARE component=BIOS").is_err());
    }

    #[test]
    fn staged_updates_wait_for_their_moment() {
        let hw = crate::model::generate(1, 0);
        let mut fw = Firmware::from_hardware(&hw);
        let now = Instant::now();
        fw.stage("BIOS", "9.9.9".into(), ApplyAt::OnReset);
        fw.stage(
            "BMC",
            "8.8.8".into(),
            ApplyAt::MaintenanceWindow {
                start: now + std::time::Duration::from_secs(60),
                seconds: 3600,
            },
        );
        assert!(fw.apply_due(false, now).is_empty());
        assert_eq!(
            fw.apply_due(true, now),
            vec![("BIOS".to_owned(), "9.9.9".to_owned())]
        );
        assert_eq!(
            fw.next_window(),
            Some(now + std::time::Duration::from_secs(60))
        );
        assert_eq!(
            fw.apply_due(false, now + std::time::Duration::from_secs(61)),
            vec![("BMC".to_owned(), "8.8.8".to_owned())]
        );
        assert_eq!(fw.version("BMC"), "8.8.8");
    }
}
