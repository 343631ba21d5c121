//! Everything about one simulated server that changes while the lab runs.

use std::time::Duration;

use crate::accounts::Accounts;
use crate::bios::BiosState;
use crate::clock::timestamp;
use crate::firmware::Firmware;
use crate::model::Hardware;
use crate::power::{BootOverride, Power, PowerMachine};
use crate::spec::LabSpec;
use crate::storage::Storage;
use crate::tasks::Tasks;

#[derive(Debug, Clone)]
pub struct SelEntry {
    pub id: u32,
    pub created: String,
    pub severity: &'static str,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct NetworkSettings {
    pub hostname: String,
    pub dhcp: bool,
    pub address: String,
    pub netmask: String,
    pub gateway: String,
    pub dns: Vec<String>,
    pub ntp_enabled: bool,
    pub ntp: Vec<String>,
    pub ipmi: bool,
    pub ssh: bool,
    pub kvm: bool,
}

#[derive(Debug, Clone, Default)]
pub struct VirtualMedia {
    pub image: Option<String>,
    pub write_protected: bool,
}

#[derive(Debug)]
pub struct ServerState {
    pub power: PowerMachine,
    pub boot: BootOverride,
    pub locator: bool,
    pub accounts: Accounts,
    pub network: NetworkSettings,
    pub media: VirtualMedia,
    pub sel: Vec<SelEntry>,
    pub storage: Storage,
    pub bios: BiosState,
    pub tasks: Tasks,
    pub firmware: Firmware,
    /// The UpdateService's maintenance window: RFC 3339 start, length in seconds.
    pub maintenance_window: (String, u64),
    /// While the BMC reboots itself it answers nothing until this moment.
    pub bmc_back_at: Option<tokio::time::Instant>,
    next_sel: u32,
}

/// How many SEL entries a BMC keeps before dropping the oldest.
const SEL_CAPACITY: usize = 512;

impl ServerState {
    pub fn new(spec: &LabSpec, number: usize, hw: &Hardware) -> ServerState {
        ServerState {
            power: PowerMachine::new(Power::Off),
            boot: BootOverride::default(),
            locator: false,
            accounts: Accounts::new(
                &spec.username,
                &spec.password,
                spec.session_limit,
                Duration::from_secs(spec.session_timeout_secs),
            ),
            network: NetworkSettings {
                hostname: format!("lab-{number:04}-bmc"),
                dhcp: false,
                address: format!("192.0.2.{}", number % 250 + 1),
                netmask: "255.255.255.0".into(),
                gateway: "192.0.2.254".into(),
                dns: vec!["192.0.2.53".into()],
                ntp_enabled: true,
                ntp: vec!["ntp.lab.invalid".into()],
                ipmi: false,
                ssh: true,
                kvm: spec.vnc,
            },
            media: VirtualMedia::default(),
            sel: Vec::new(),
            storage: Storage::new(hw),
            bios: BiosState::new(hw),
            tasks: Tasks::default(),
            firmware: Firmware::from_hardware(hw),
            maintenance_window: ("2026-01-01T22:00:00Z".into(), 7200),
            bmc_back_at: None,
            next_sel: 1,
        }
    }

    /// The next moment something scheduled happens: a power step, a task's end,
    /// a maintenance window opening.
    pub fn next_due(&self) -> Option<tokio::time::Instant> {
        [
            self.power.next_due(),
            self.tasks.next_due(),
            self.firmware.next_window(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    pub fn log(&mut self, severity: &'static str, message: impl Into<String>) {
        if self.sel.len() >= SEL_CAPACITY {
            self.sel.remove(0);
        }
        self.sel.push(SelEntry {
            id: self.next_sel,
            created: timestamp(),
            severity,
            message: message.into(),
        });
        self.next_sel += 1;
    }
}
