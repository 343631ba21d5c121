//! What lab to run: how many servers, from which seed, and which faults. Read
//! from a TOML or JSON file and adjusted by `rackctl lab` flags.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::LabError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LabSpec {
    /// How many simulated servers, 1 to 5,000.
    pub servers: usize,
    /// The same seed always gives the same fleet.
    pub seed: u64,
    /// The account every simulated BMC starts with (a lab secret, fine to print).
    pub username: String,
    pub password: String,
    /// 1.0 runs power transitions and tasks at real-BMC speed; 0.01 makes them
    /// a hundred times faster for tests.
    pub time_scale: f64,
    /// Simultaneous Redfish sessions each BMC allows, like a real BMC's limit.
    pub session_limit: usize,
    /// Seconds of inactivity after which a session expires.
    pub session_timeout_secs: u64,
    /// Whether each server also serves a VNC console.
    pub vnc: bool,
    /// VNC password; none means the console needs no authentication.
    pub vnc_password: Option<String>,
    /// How the console is offered, when `vnc` is on.
    pub kvm: KvmOffer,
    /// Faults for every server.
    pub faults: Faults,
    /// Faults for some servers only, replacing the fleet-wide ones for them.
    pub overrides: Vec<FaultOverride>,
}

impl Default for LabSpec {
    fn default() -> LabSpec {
        LabSpec {
            servers: 8,
            seed: 1,
            username: "admin".into(),
            password: "lab-password".into(),
            time_scale: 1.0,
            session_limit: 16,
            session_timeout_secs: 1800,
            vnc: true,
            vnc_password: None,
            kvm: KvmOffer::default(),
            faults: Faults::default(),
            overrides: Vec::new(),
        }
    }
}

/// Where a client finds the console.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KvmOffer {
    /// A VNC port named in NetworkProtocol's KVMIP, and `/kvm/0` too.
    #[default]
    Vnc,
    /// Only `/kvm/0` on the web server, as OpenBMC: no KVMIP entry at all.
    WebSocket,
}

/// Misbehaviour to inject, per request unless said otherwise. Rates are 0.0 to 1.0.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Added latency per request: uniform between min and max milliseconds.
    pub latency_ms: Option<LatencyRange>,
    /// Share of requests answered with a 5xx Redfish error.
    pub error_rate: f64,
    /// Share of requests never answered (the client's timeout must fire).
    pub timeout_rate: f64,
    /// Share of requests whose connection is closed without an answer.
    pub drop_rate: f64,
    /// Share of answers whose JSON body is cut short.
    pub malformed_rate: f64,
    /// Multiplies how long tasks (erase, firmware update) take.
    pub slow_tasks: Option<f64>,
    /// Start with the session table already full.
    pub sessions_exhausted: bool,
    /// The BMC stops answering `after_secs` after the lab starts, for `for_secs`.
    pub away: Option<Away>,
    /// Drives (by Id, e.g. "Disk.Bay.2") whose secure erase fails with a media error.
    pub failing_drives: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatencyRange {
    pub min: u64,
    pub max: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Away {
    pub after_secs: f64,
    pub for_secs: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultOverride {
    /// Server numbers, counting from 1 as `rackctl lab up` lists them.
    pub servers: Vec<usize>,
    pub faults: Faults,
}

pub const MAX_SERVERS: usize = 5_000;

impl LabSpec {
    /// Reads a spec file: `.json` as JSON, anything else as TOML.
    pub fn from_file(path: &Path) -> Result<LabSpec, LabError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| LabError::Spec(format!("cannot read {}: {e}", path.display())))?;
        let spec: LabSpec = if path.extension().is_some_and(|ext| ext == "json") {
            serde_json::from_str(&text)
                .map_err(|e| LabError::Spec(format!("{}: {e}", path.display())))?
        } else {
            toml::from_str(&text).map_err(|e| LabError::Spec(format!("{}: {e}", path.display())))?
        };
        spec.validate()?;
        Ok(spec)
    }

    pub fn validate(&self) -> Result<(), LabError> {
        if !(1..=MAX_SERVERS).contains(&self.servers) {
            return Err(LabError::Spec(format!(
                "servers must be between 1 and {MAX_SERVERS}, not {}",
                self.servers
            )));
        }
        if !(self.time_scale > 0.0 && self.time_scale <= 100.0) {
            return Err(LabError::Spec(format!(
                "time_scale must be above 0 and at most 100, not {}",
                self.time_scale
            )));
        }
        if self.session_limit == 0 {
            return Err(LabError::Spec("session_limit must be at least 1".into()));
        }
        if self.username.is_empty() || self.password.is_empty() {
            return Err(LabError::Spec(
                "username and password must not be empty".into(),
            ));
        }
        for faults in std::iter::once(&self.faults).chain(self.overrides.iter().map(|o| &o.faults))
        {
            faults.validate()?;
        }
        for o in &self.overrides {
            if let Some(bad) = o.servers.iter().find(|n| **n == 0 || **n > self.servers) {
                return Err(LabError::Spec(format!(
                    "override names server {bad}, but the lab has servers 1 to {}",
                    self.servers
                )));
            }
        }
        Ok(())
    }

    /// The faults that apply to server `number` (counting from 1).
    pub fn faults_for(&self, number: usize) -> &Faults {
        self.overrides
            .iter()
            .rev()
            .find(|o| o.servers.contains(&number))
            .map_or(&self.faults, |o| &o.faults)
    }
}

impl Faults {
    /// Checks the rates and ranges, as a spec file's faults are checked.
    pub fn check(&self) -> Result<(), LabError> {
        self.validate()
    }

    fn validate(&self) -> Result<(), LabError> {
        let rates = [
            ("error_rate", self.error_rate),
            ("timeout_rate", self.timeout_rate),
            ("drop_rate", self.drop_rate),
            ("malformed_rate", self.malformed_rate),
        ];
        for (name, rate) in rates {
            if !(0.0..=1.0).contains(&rate) {
                return Err(LabError::Spec(format!(
                    "{name} must be between 0 and 1, not {rate}"
                )));
            }
        }
        if let Some(LatencyRange { min, max }) = self.latency_ms {
            if min > max {
                return Err(LabError::Spec(format!(
                    "latency_ms min {min} is above max {max}"
                )));
            }
        }
        // NaN fails this test too, which is the point.
        if self.slow_tasks.is_some_and(|f| f.is_nan() || f <= 0.0) {
            return Err(LabError::Spec("slow_tasks must be above 0".into()));
        }
        Ok(())
    }

    pub fn any(&self) -> bool {
        *self != Faults::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toml_spec_with_overrides_reads_and_applies_per_server() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("lab.toml");
        std::fs::write(
            &path,
            r#"
servers = 20
seed = 9
[faults]
error_rate = 0.1
latency_ms = { min = 5, max = 50 }
[[overrides]]
servers = [3, 4]
faults = { drop_rate = 1.0 }
"#,
        )
        .expect("write");
        let spec = LabSpec::from_file(&path).expect("valid spec");
        assert_eq!(spec.servers, 20);
        assert_eq!(spec.faults_for(1).error_rate, 0.1);
        assert_eq!(spec.faults_for(3).drop_rate, 1.0);
        assert_eq!(spec.faults_for(3).error_rate, 0.0);
    }

    #[test]
    fn bad_specs_say_what_is_wrong() {
        let cases = [
            (
                LabSpec {
                    servers: 0,
                    ..LabSpec::default()
                },
                "servers must be",
            ),
            (
                LabSpec {
                    faults: Faults {
                        error_rate: 1.5,
                        ..Faults::default()
                    },
                    ..LabSpec::default()
                },
                "error_rate",
            ),
            (
                LabSpec {
                    overrides: vec![FaultOverride {
                        servers: vec![99],
                        faults: Faults::default(),
                    }],
                    ..LabSpec::default()
                },
                "server 99",
            ),
        ];
        for (spec, expected) in cases {
            let err = spec.validate().expect_err("must be refused").to_string();
            assert!(err.contains(expected), "{err}");
        }
    }

    #[test]
    fn unknown_keys_are_refused_not_ignored() {
        let err = toml::from_str::<LabSpec>("servers = 2\nerror_rat = 0.5\n").expect_err("typo");
        assert!(err.to_string().contains("error_rat"));
    }
}
