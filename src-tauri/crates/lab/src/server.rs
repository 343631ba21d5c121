//! One simulated server: its hardware, its changing state, its console, and the
//! ticker that carries out scheduled steps (power transitions, screens) on time.

use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Notify;
use tokio::time::Instant;

use crate::clock::timestamp;
use crate::clock::Clock;
use crate::events::EventBus;
use crate::firmware::ApplyAt;
use crate::model::{Hardware, VENDOR};
use crate::power::{Power, Step, CD_BOOT, POST};
use crate::rng::Rng;
use crate::spec::{Faults, LabSpec};
use crate::state::ServerState;
use crate::storage::{Sanitized, Storage};
use crate::tasks::Effect;
use crate::tls::Identity;
use crate::vnc::{Console, Screen};

pub struct SimServer {
    /// Counting from 1, as the lab lists servers.
    pub number: usize,
    pub id: String,
    pub hardware: Hardware,
    faults: Mutex<Faults>,
    pub clock: Clock,
    pub console: Arc<Console>,
    pub started: Instant,
    pub https_port: u16,
    pub vnc_port: Option<u16>,
    /// Whether the web server offers the console at `/kvm/0`.
    pub kvm_websocket: bool,
    pub events: EventBus,
    state: Mutex<ServerState>,
    fault_rng: Mutex<Rng>,
    wake: Notify,
    identity: Mutex<Identity>,
    /// Bumped when the certificate changes, so open connections close as a real
    /// BMC's web server restarts with its new certificate.
    pub certificate_generation: tokio::sync::watch::Sender<u64>,
}

impl SimServer {
    pub fn new(
        spec: &LabSpec,
        number: usize,
        hardware: Hardware,
        https_port: u16,
        vnc_port: Option<u16>,
        identity: Identity,
    ) -> Arc<SimServer> {
        let now = Instant::now();
        let mut state = ServerState::new(spec, number, &hardware);
        let faults = spec.faults_for(number).clone();
        if faults.sessions_exhausted {
            state.accounts.exhaust(now);
        }
        Arc::new(SimServer {
            number,
            id: format!("lab-{number:04}"),
            hardware,
            faults: Mutex::new(faults),
            clock: Clock::new(spec.time_scale),
            console: Console::new(spec.vnc_password.clone()),
            started: now,
            https_port,
            vnc_port,
            kvm_websocket: spec.vnc,
            events: EventBus::default(),
            state: Mutex::new(state),
            fault_rng: Mutex::new(Rng::for_server(spec.seed ^ 0xFA17, number)),
            wake: Notify::new(),
            identity: Mutex::new(identity),
            certificate_generation: tokio::sync::watch::Sender::new(0),
        })
    }

    /// The server's state, brought up to date first. A poisoned lock (a panic in
    /// another handler) is recovered: the lab must keep serving.
    pub fn state(&self) -> MutexGuard<'_, ServerState> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        self.advance(&mut state, Instant::now());
        state
    }

    /// The faults in force now; the lab's control endpoint may change them.
    pub fn faults(&self) -> Faults {
        self.faults
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn identity(&self) -> Identity {
        self.identity
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// A new key and self-signed certificate, as after a BMC's certificate reset;
    /// connections made with the old one are closed.
    pub fn regenerate_certificate(&self) -> Result<Identity, crate::LabError> {
        let identity = crate::tls::self_signed(&crate::tls::common_name(self.number))?;
        *self.identity.lock().unwrap_or_else(|p| p.into_inner()) = identity.clone();
        self.certificate_generation.send_modify(|g| *g += 1);
        self.state()
            .log("Warning", "The BMC's TLS certificate was regenerated.");
        Ok(identity)
    }

    pub fn set_faults(&self, faults: Faults) {
        *self.faults.lock().unwrap_or_else(|p| p.into_inner()) = faults;
    }

    pub fn fault_rng(&self) -> MutexGuard<'_, Rng> {
        self.fault_rng.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Wakes the ticker after a change to the plan.
    pub fn replanned(&self) {
        self.wake.notify_one();
    }

    /// Whether the BMC is unreachable: rebooting itself, or in its "gone away" window.
    pub fn is_away(&self, now: Instant) -> bool {
        if self.state().bmc_back_at.is_some_and(|back| now < back) {
            return true;
        }
        self.faults().away.is_some_and(|away| {
            let since = now.duration_since(self.started).as_secs_f64();
            since >= away.after_secs && since < away.after_secs + away.for_secs
        })
    }

    fn advance(&self, state: &mut ServerState, now: Instant) {
        for finished in state.tasks.advance(now) {
            let uri = format!("/redfish/v1/TaskService/Tasks/{}", finished.id);
            let id = finished.id.to_string();
            match finished.effect {
                Some(effect) => {
                    let text = format!("The task with Id '{id}' has completed.");
                    self.events
                        .emit(&uri, "TaskEvent.1.0.TaskCompletedOK", text, &[&id], "OK");
                    self.land(state, effect, now);
                }
                None => {
                    // A drive whose erase failed is no longer being erased; it may be tried again.
                    for drive in &mut state.storage.drives {
                        if drive.erasing == Some(finished.id) {
                            drive.erasing = None;
                        }
                    }
                    let text = format!("The task with Id '{id}' has completed with errors.");
                    self.events
                        .emit(&uri, "TaskEvent.1.0.TaskAborted", text, &[&id], "Critical");
                }
            }
        }
        let in_window = state.firmware.apply_due(false, now);
        if !in_window.is_empty() {
            self.firmware_applied(state, &in_window, now);
        }
        for step in state.power.due_steps(now) {
            match step {
                Step::PowerOff => {
                    state.power.power = Power::Off;
                    // Screens of the boot that was under way never appear.
                    state
                        .power
                        .plan
                        .retain(|s| !matches!(s.step, Step::Show(_)));
                    self.console.set_screen(Screen::NoSignal);
                    state.log("OK", "The server was powered off.");
                    self.events.powered(false);
                }
                Step::PowerOn => self.boot(state, now),
                Step::Show(screen) => self.console.set_screen(screen),
            }
        }
    }

    /// What a finished task leaves behind.
    fn land(&self, state: &mut ServerState, effect: Effect, now: Instant) {
        match effect {
            Effect::EraseDrive { drive, method } => {
                if let Some(i) = Storage::index(&self.hardware, &drive) {
                    state.storage.drives[i].erasing = None;
                    state.storage.drives[i].sanitized = Some(Sanitized {
                        method: method.clone(),
                        at: timestamp(),
                    });
                }
                state.log("OK", format!("Drive {drive} was sanitized ({method})."));
            }
            Effect::StageFirmware {
                component,
                version,
                apply,
            } => {
                state.firmware.stage(&component, version.clone(), apply);
                state.log(
                    "OK",
                    format!("Firmware {version} for {component} was staged."),
                );
                if apply == ApplyAt::Immediate {
                    let applied = state.firmware.apply_due(false, now);
                    self.firmware_applied(state, &applied, now);
                }
            }
        }
    }

    /// New firmware takes effect: the BMC restarts for its own, the host for the rest.
    fn firmware_applied(
        &self,
        state: &mut ServerState,
        applied: &[(String, String)],
        now: Instant,
    ) {
        for (component, version) in applied {
            state.log(
                "OK",
                format!("Firmware {version} was applied to {component}."),
            );
        }
        if applied.iter().any(|(c, _)| c == "BMC") {
            state.accounts.sessions.clear();
            state.bmc_back_at = Some(self.clock.after(now, 30.0));
        }
        let host = applied.iter().any(|(c, _)| c != "BMC");
        if host && state.power.power == Power::On && !state.power.in_transition() {
            let _ = state.power.reset("ForceRestart", now, &self.clock);
        }
    }

    /// Power-on: POST, then whatever the boot override and virtual media lead to.
    fn boot(&self, state: &mut ServerState, now: Instant) {
        state.power.power = Power::On;
        state.log("OK", "The server was powered on.");
        self.events.powered(true);
        if state.bios.apply_pending() > 0 {
            state.log("OK", "Pending BIOS settings were applied during POST.");
        }
        let applied = state.firmware.apply_due(true, now);
        for (component, version) in &applied {
            state.log(
                "OK",
                format!("Firmware {version} was applied to {component}."),
            );
        }
        let hw = &self.hardware;
        self.console.set_screen(Screen::Post {
            vendor: VENDOR.into(),
            model: hw.model.into(),
            bios_version: hw.bios_version.clone(),
            serial: hw.serial.clone(),
        });
        let after_post = self.clock.after(now, POST);
        let target = state.boot.take_for_boot();
        let media = state.media.image.clone();
        let mut show = |due, screen| {
            state.power.plan.push_back(crate::power::Scheduled {
                due,
                step: Step::Show(screen),
            })
        };
        match (target.as_str(), media) {
            ("BiosSetup", _) => show(
                after_post,
                Screen::BiosSetup {
                    vendor: VENDOR.into(),
                    bios_version: hw.bios_version.clone(),
                },
            ),
            ("Cd", Some(image)) => {
                show(
                    after_post,
                    Screen::BootingCd {
                        image: image.clone(),
                    },
                );
                show(
                    self.clock.after(after_post, CD_BOOT),
                    Screen::Installer { image },
                );
            }
            _ => show(
                after_post,
                Screen::Login {
                    hostname: format!("lab-{:04}", self.number),
                },
            ),
        }
    }

    /// Runs forever, carrying out each scheduled step when it falls due.
    pub async fn tick(self: Arc<SimServer>) {
        loop {
            let next = self.state().next_due();
            match next {
                Some(due) => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(due) => {}
                        _ = self.wake.notified() => {}
                    }
                }
                None => self.wake.notified().await,
            }
        }
    }
}
