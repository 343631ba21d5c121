use serde::{Deserialize, Serialize};
use specta::Type;

/// Everything one can do to a server, whether built yet or not: the guards are
/// decided for all of them now so later features only fill in the doing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    View,
    Export,
    /// Read fresh facts from the BMC.
    Refresh,
    /// The locator LED, so a technician can find the box.
    Locate,
    PowerOn,
    GracefulShutdown,
    /// Cut the power at once (no reboot, but not graceful either).
    ForceOff,
    GracefulRestart,
    /// Reset: restart at once.
    ForceRestart,
    PowerCycle,
    Kvm,
    VirtualMedia,
    /// Open the BMC's own web interface.
    BmcAccess,
    BiosSettings,
    RaidBuild,
    BmcSettings,
    BuildProfile,
    FirmwareUpdate,
    BmcReset,
    ScheduleOrder,
    /// The deletion pipeline's work: erase, reset, verify. Never by hand.
    Erase,
}

impl Action {
    pub const ALL: [Action; 21] = [
        Action::View,
        Action::Export,
        Action::Refresh,
        Action::Locate,
        Action::PowerOn,
        Action::GracefulShutdown,
        Action::ForceOff,
        Action::GracefulRestart,
        Action::ForceRestart,
        Action::PowerCycle,
        Action::Kvm,
        Action::VirtualMedia,
        Action::BmcAccess,
        Action::BiosSettings,
        Action::RaidBuild,
        Action::BmcSettings,
        Action::BuildProfile,
        Action::FirmwareUpdate,
        Action::BmcReset,
        Action::ScheduleOrder,
        Action::Erase,
    ];

    /// Whether the server may restart because of it: such actions wait for Maintenance.
    pub fn may_reboot(self) -> bool {
        matches!(
            self,
            Action::GracefulRestart
                | Action::ForceRestart
                | Action::PowerCycle
                | Action::BiosSettings
                | Action::RaidBuild
                | Action::BuildProfile
                | Action::FirmwareUpdate
                | Action::BmcReset
                | Action::ScheduleOrder
        )
    }

    /// Whether it needs the BMC to answer now (disabled while it is unreachable).
    pub fn needs_bmc(self) -> bool {
        !matches!(self, Action::View | Action::Export)
    }

    /// Whether it changes the hardware (and so runs as a job and is audited).
    pub fn changes_hardware(self) -> bool {
        !matches!(
            self,
            Action::View | Action::Export | Action::Refresh | Action::Kvm | Action::BmcAccess
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::View => "view",
            Action::Export => "export",
            Action::Refresh => "refresh",
            Action::Locate => "locate",
            Action::PowerOn => "power_on",
            Action::GracefulShutdown => "graceful_shutdown",
            Action::ForceOff => "force_off",
            Action::GracefulRestart => "graceful_restart",
            Action::ForceRestart => "force_restart",
            Action::PowerCycle => "power_cycle",
            Action::Kvm => "kvm",
            Action::VirtualMedia => "virtual_media",
            Action::BmcAccess => "bmc_access",
            Action::BiosSettings => "bios_settings",
            Action::RaidBuild => "raid_build",
            Action::BmcSettings => "bmc_settings",
            Action::BuildProfile => "build_profile",
            Action::FirmwareUpdate => "firmware_update",
            Action::BmcReset => "bmc_reset",
            Action::ScheduleOrder => "schedule_order",
            Action::Erase => "erase",
        }
    }
}
