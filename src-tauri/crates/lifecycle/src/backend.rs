//! The seam between the stage model and the hardware: who carries out an action
//! on a server. The stage rules are the same for every backend; a backend only
//! narrows them to what it can do, so the UI and `rackctl` show one set of
//! answers whichever backend a server belongs to.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::Action;

/// Who a server's hardware actions go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// Racksmith talks Redfish to the server's BMC itself.
    #[default]
    Direct,
    /// An OpenStack Ironic conductor does the work; Racksmith never reaches the BMC.
    Ironic,
}

impl Backend {
    /// Why this backend cannot carry out `action`, or `None` when it can.
    pub fn cannot(self, action: Action) -> Option<&'static str> {
        match self {
            Backend::Direct => None,
            Backend::Ironic => match action {
                // Ironic's API has no console of its own to embed (its VNC
                // console goes through Nova's proxy), no BMC network or account
                // settings, and no BMC reset.
                Action::Kvm => Some("the KVM console is not offered through Ironic"),
                Action::BmcAccess => Some("Ironic keeps the BMC's address and sign-in; direct BMC access is not offered through Ironic"),
                Action::BmcSettings => Some("BMC settings are not carried out through Ironic"),
                Action::BmcReset => Some("a BMC reset is not carried out through Ironic"),
                _ => None,
            },
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Direct => "direct",
            Backend::Ironic => "ironic",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_direct_backend_carries_out_every_action() {
        assert!(Action::ALL
            .iter()
            .all(|&action| Backend::Direct.cannot(action).is_none()));
    }

    #[test]
    fn ironic_carries_out_the_lifecycle_and_not_the_bmcs_own_settings() {
        for action in [
            Action::PowerOn,
            Action::PowerCycle,
            Action::Locate,
            Action::VirtualMedia,
            Action::BiosSettings,
            Action::RaidBuild,
            Action::BuildProfile,
            Action::FirmwareUpdate,
            Action::ScheduleOrder,
            Action::Erase,
            Action::Refresh,
        ] {
            assert_eq!(Backend::Ironic.cannot(action), None, "{action:?}");
        }
        for action in [
            Action::Kvm,
            Action::BmcAccess,
            Action::BmcSettings,
            Action::BmcReset,
        ] {
            assert!(Backend::Ironic.cannot(action).is_some(), "{action:?}");
        }
    }
}
