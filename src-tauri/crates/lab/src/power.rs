//! The power state machine: what each ResetType does, and how long it takes on a
//! real BMC (scaled by the lab clock).

use std::collections::VecDeque;

use tokio::time::Instant;

use crate::clock::Clock;
use crate::redfish::error::RedfishError;
use crate::vnc::Screen;

pub const RESET_TYPES: [&str; 9] = [
    "On",
    "ForceOff",
    "GracefulShutdown",
    "GracefulRestart",
    "ForceRestart",
    "Nmi",
    "ForceOn",
    "PushPowerButton",
    "PowerCycle",
];

/// Seconds a real server takes for each phase.
const POWER_ON: f64 = 3.0;
const GRACEFUL_OFF: f64 = 8.0;
const FORCED_OFF: f64 = 0.5;
const CYCLE_GAP: f64 = 2.0;
pub const POST: f64 = 5.0;
pub const CD_BOOT: f64 = 4.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Power {
    On,
    Off,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    PowerOn,
    PowerOff,
    Show(Screen),
}

#[derive(Debug, Clone)]
pub struct Scheduled {
    pub due: Instant,
    pub step: Step,
}

#[derive(Debug)]
pub struct PowerMachine {
    pub power: Power,
    /// Steps still to happen, in time order.
    pub plan: VecDeque<Scheduled>,
}

impl PowerMachine {
    pub fn new(power: Power) -> PowerMachine {
        PowerMachine {
            power,
            plan: VecDeque::new(),
        }
    }

    fn next_power_step(&self) -> Option<&Step> {
        self.plan
            .iter()
            .map(|s| &s.step)
            .find(|s| matches!(s, Step::PowerOn | Step::PowerOff))
    }

    pub fn in_transition(&self) -> bool {
        self.next_power_step().is_some()
    }

    /// PowerState as Redfish reports it, transitions included.
    pub fn state_name(&self) -> &'static str {
        match (self.next_power_step(), self.power) {
            (Some(Step::PowerOn), _) => "PoweringOn",
            (Some(Step::PowerOff), _) => "PoweringOff",
            (_, Power::On) => "On",
            (_, Power::Off) => "Off",
        }
    }

    fn push(&mut self, due: Instant, step: Step) {
        self.plan.push_back(Scheduled { due, step });
    }

    /// Schedules what `reset_type` does. Returns whether anything will change.
    pub fn reset(
        &mut self,
        reset_type: &str,
        now: Instant,
        clock: &Clock,
    ) -> Result<bool, RedfishError> {
        if !RESET_TYPES.contains(&reset_type) {
            return Err(RedfishError::action_parameter_not_in_list(
                reset_type,
                "ResetType",
                "ComputerSystem.Reset",
            ));
        }
        let forced_off = matches!(reset_type, "ForceOff" | "PowerCycle" | "ForceRestart");
        if self.in_transition() && !forced_off {
            return Err(RedfishError::resource_in_use());
        }
        let on = self.power == Power::On;
        // A forced action cancels whatever was under way, screens included.
        if forced_off {
            self.plan.clear();
        }
        match (reset_type, on) {
            ("On" | "ForceOn", false) | ("PushPowerButton", false) => {
                self.push(clock.after(now, POWER_ON), Step::PowerOn);
            }
            ("GracefulShutdown", true) | ("PushPowerButton", true) => {
                self.push(clock.after(now, GRACEFUL_OFF), Step::PowerOff);
            }
            ("ForceOff", _) => {
                self.push(clock.after(now, FORCED_OFF), Step::PowerOff);
            }
            ("GracefulRestart", true) => {
                let off = clock.after(now, GRACEFUL_OFF);
                self.push(off, Step::PowerOff);
                self.push(clock.after(off, POWER_ON), Step::PowerOn);
            }
            ("ForceRestart" | "PowerCycle", true) => {
                let off = clock.after(now, FORCED_OFF);
                self.push(off, Step::PowerOff);
                self.push(clock.after(off, CYCLE_GAP + POWER_ON), Step::PowerOn);
            }
            ("GracefulRestart" | "ForceRestart" | "PowerCycle", false) => {
                self.push(clock.after(now, POWER_ON), Step::PowerOn);
            }
            // Nmi, and On/GracefulShutdown when already there: accepted, nothing changes.
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Takes the steps that are due, in order.
    pub fn due_steps(&mut self, now: Instant) -> Vec<Step> {
        let mut due = Vec::new();
        while self.plan.front().is_some_and(|s| s.due <= now) {
            if let Some(s) = self.plan.pop_front() {
                due.push(s.step);
            }
        }
        due
    }

    pub fn next_due(&self) -> Option<Instant> {
        self.plan.front().map(|s| s.due)
    }
}

pub const BOOT_TARGETS: [&str; 6] = ["None", "Pxe", "Cd", "Hdd", "BiosSetup", "Usb"];
pub const BOOT_ENABLED: [&str; 3] = ["Disabled", "Once", "Continuous"];
pub const BOOT_MODES: [&str; 2] = ["UEFI", "Legacy"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootOverride {
    pub enabled: String,
    pub target: String,
    pub mode: String,
}

impl Default for BootOverride {
    fn default() -> BootOverride {
        BootOverride {
            enabled: "Disabled".into(),
            target: "None".into(),
            mode: "UEFI".into(),
        }
    }
}

impl BootOverride {
    /// The device this boot uses; a one-time override is spent by it.
    pub fn take_for_boot(&mut self) -> String {
        let target = if self.enabled == "Disabled" {
            "Hdd".to_owned()
        } else {
            self.target.clone()
        };
        if self.enabled == "Once" {
            self.enabled = "Disabled".into();
        }
        target
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine(power: Power) -> (PowerMachine, Instant, Clock) {
        (PowerMachine::new(power), Instant::now(), Clock::new(1.0))
    }

    #[test]
    fn graceful_restart_goes_off_then_on_in_order() {
        let (mut m, now, clock) = machine(Power::On);
        assert!(m.reset("GracefulRestart", now, &clock).expect("accepted"));
        assert_eq!(m.state_name(), "PoweringOff");
        let steps = m.due_steps(now + clock.scaled(GRACEFUL_OFF));
        assert_eq!(steps, vec![Step::PowerOff]);
        assert_eq!(m.state_name(), "PoweringOn");
        let steps = m.due_steps(now + clock.scaled(GRACEFUL_OFF + POWER_ON));
        assert_eq!(steps, vec![Step::PowerOn]);
        assert!(m.plan.is_empty());
    }

    #[test]
    fn a_second_action_during_a_transition_is_refused_but_force_off_wins() {
        let (mut m, now, clock) = machine(Power::Off);
        m.reset("On", now, &clock).expect("on");
        let err = m.reset("GracefulShutdown", now, &clock).expect_err("busy");
        assert_eq!(err.status, axum::http::StatusCode::CONFLICT);
        m.reset("ForceOff", now, &clock)
            .expect("force off always allowed");
        assert_eq!(m.state_name(), "PoweringOff");
    }

    #[test]
    fn unknown_reset_types_are_refused_and_no_ops_change_nothing() {
        let (mut m, now, clock) = machine(Power::On);
        assert!(m.reset("Sideways", now, &clock).is_err());
        assert!(!m.reset("On", now, &clock).expect("no-op"));
        assert!(!m.reset("Nmi", now, &clock).expect("nmi"));
        assert!(m.plan.is_empty());
    }

    #[test]
    fn a_one_time_override_is_spent_by_one_boot() {
        let mut boot = BootOverride {
            enabled: "Once".into(),
            target: "Cd".into(),
            mode: "UEFI".into(),
        };
        assert_eq!(boot.take_for_boot(), "Cd");
        assert_eq!(boot.take_for_boot(), "Hdd");
    }
}
