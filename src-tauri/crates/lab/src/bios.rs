//! BIOS settings: the lab's attribute registry (enumerations, integers, strings,
//! booleans; some read-only; some that depend on others), the current values, and
//! the pending ones that wait for the next reset.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::model::Hardware;

#[derive(Debug, Clone)]
pub enum Kind {
    Enumeration(&'static [&'static str]),
    Integer {
        lower: i64,
        upper: i64,
    },
    String {
        max_length: usize,
        pattern: &'static str,
    },
    Boolean,
}

#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: &'static str,
    pub display: &'static str,
    pub kind: Kind,
    pub read_only: bool,
}

/// An attribute that is read-only unless another holds a value, as real BIOSes
/// lock C-state control unless the profile is Custom.
pub struct Dependency {
    pub attribute: &'static str,
    pub unless: &'static str,
    pub equals: &'static str,
}

pub const ATTRIBUTES: &[Attribute] = &[
    Attribute {
        name: "BootMode",
        display: "Boot Mode",
        kind: Kind::Enumeration(&["Uefi", "Bios"]),
        read_only: false,
    },
    Attribute {
        name: "ProcVirtualization",
        display: "Virtualization Technology",
        kind: Kind::Enumeration(&["Enabled", "Disabled"]),
        read_only: false,
    },
    Attribute {
        name: "ProcHyperThreading",
        display: "Logical Processor",
        kind: Kind::Enumeration(&["Enabled", "Disabled"]),
        read_only: false,
    },
    Attribute {
        name: "SriovGlobalEnable",
        display: "SR-IOV Global Enable",
        kind: Kind::Enumeration(&["Enabled", "Disabled"]),
        read_only: false,
    },
    Attribute {
        name: "SysProfile",
        display: "System Profile",
        kind: Kind::Enumeration(&["PerfPerWattOptimized", "PerfOptimized", "Custom"]),
        read_only: false,
    },
    Attribute {
        name: "ProcCStates",
        display: "C States",
        kind: Kind::Enumeration(&["Enabled", "Disabled"]),
        read_only: false,
    },
    Attribute {
        name: "SerialBaudRate",
        display: "Serial Port Baud Rate",
        kind: Kind::Enumeration(&["115200", "57600", "19200", "9600"]),
        read_only: false,
    },
    Attribute {
        name: "MemTest",
        display: "Extended Memory Test",
        kind: Kind::Boolean,
        read_only: false,
    },
    Attribute {
        name: "PxeRetryCount",
        display: "PXE Retry Count",
        kind: Kind::Integer {
            lower: 0,
            upper: 10,
        },
        read_only: false,
    },
    Attribute {
        name: "PowerOnDelaySeconds",
        display: "Power-On Delay (seconds)",
        kind: Kind::Integer {
            lower: 0,
            upper: 300,
        },
        read_only: false,
    },
    Attribute {
        name: "AssetTagString",
        display: "Asset Tag",
        kind: Kind::String {
            max_length: 32,
            pattern: "^[A-Za-z0-9-]*$",
        },
        read_only: false,
    },
    Attribute {
        name: "SystemServiceTag",
        display: "Service Tag",
        kind: Kind::String {
            max_length: 16,
            pattern: "^.*$",
        },
        read_only: true,
    },
];

pub const DEPENDENCIES: &[Dependency] = &[Dependency {
    attribute: "ProcCStates",
    unless: "SysProfile",
    equals: "Custom",
}];

pub const REGISTRY: &str = "RacksmithLabBiosAttributeRegistry.1.0.0";

pub fn attribute(name: &str) -> Option<&'static Attribute> {
    ATTRIBUTES.iter().find(|a| a.name == name)
}

pub fn defaults(hw: &Hardware) -> BTreeMap<String, Value> {
    let mut values = BTreeMap::new();
    for a in ATTRIBUTES {
        let value = match (&a.kind, a.name) {
            (_, "SystemServiceTag") => json!(hw.serial),
            (_, "AssetTagString") => json!(""),
            (_, "SriovGlobalEnable") => json!("Disabled"),
            (_, "PxeRetryCount") => json!(3),
            (Kind::Enumeration(values), _) => json!(values[0]),
            (Kind::Integer { lower, .. }, _) => json!(lower),
            (Kind::String { .. }, _) => json!(""),
            (Kind::Boolean, _) => json!(false),
        };
        values.insert(a.name.to_owned(), value);
    }
    values
}

/// Why a requested value cannot be set; the Redfish layer maps each to a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    Unknown(String),
    ReadOnly(String),
    NotInList(String, String),
    OutOfRange(String, String),
    WrongType(String, String),
    Conflict(String),
}

fn pattern_ok(pattern: &str, text: &str) -> bool {
    // The registry's patterns are simple character classes; check those exactly.
    match pattern {
        "^[A-Za-z0-9-]*$" => text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
        _ => true,
    }
}

fn check_value(a: &Attribute, value: &Value) -> Result<(), Refusal> {
    let name = a.name.to_owned();
    match (&a.kind, value) {
        (Kind::Enumeration(allowed), Value::String(s)) if allowed.contains(&s.as_str()) => Ok(()),
        (Kind::Enumeration(_), Value::String(s)) => Err(Refusal::NotInList(s.clone(), name)),
        (Kind::Integer { lower, upper }, Value::Number(n)) => match n.as_i64() {
            Some(v) if (*lower..=*upper).contains(&v) => Ok(()),
            _ => Err(Refusal::OutOfRange(n.to_string(), name)),
        },
        (
            Kind::String {
                max_length,
                pattern,
            },
            Value::String(s),
        ) => {
            if s.chars().count() > *max_length || !pattern_ok(pattern, s) {
                Err(Refusal::OutOfRange(s.clone(), name))
            } else {
                Ok(())
            }
        }
        (Kind::Boolean, Value::Bool(_)) => Ok(()),
        (_, other) => Err(Refusal::WrongType(other.to_string(), name)),
    }
}

/// Checks a requested change against the registry and the values it would leave,
/// and returns the new pending set (previous pending changes kept).
pub fn validate(
    current: &BTreeMap<String, Value>,
    pending: &BTreeMap<String, Value>,
    requested: &serde_json::Map<String, Value>,
) -> Result<BTreeMap<String, Value>, Refusal> {
    let mut merged = current.clone();
    merged.extend(pending.clone());
    for (name, value) in requested {
        let a = attribute(name).ok_or_else(|| Refusal::Unknown(name.clone()))?;
        if a.read_only {
            return Err(Refusal::ReadOnly(name.clone()));
        }
        check_value(a, value)?;
        merged.insert(name.clone(), value.clone());
    }
    for d in DEPENDENCIES {
        let unlocked = merged.get(d.unless).and_then(Value::as_str) == Some(d.equals);
        if requested.contains_key(d.attribute) && !unlocked {
            return Err(Refusal::Conflict(format!(
                "{} can only be changed when {} is {}",
                d.attribute, d.unless, d.equals
            )));
        }
    }
    let sriov = merged.get("SriovGlobalEnable").and_then(Value::as_str) == Some("Enabled");
    let virtualization =
        merged.get("ProcVirtualization").and_then(Value::as_str) == Some("Enabled");
    if sriov && !virtualization {
        return Err(Refusal::Conflict(
            "SriovGlobalEnable needs ProcVirtualization Enabled".into(),
        ));
    }
    let mut new_pending = pending.clone();
    for (name, value) in requested {
        if current.get(name) == Some(value) {
            new_pending.remove(name);
        } else {
            new_pending.insert(name.clone(), value.clone());
        }
    }
    Ok(new_pending)
}

#[derive(Debug, Clone)]
pub struct BiosState {
    pub current: BTreeMap<String, Value>,
    pub pending: BTreeMap<String, Value>,
}

impl BiosState {
    pub fn new(hw: &Hardware) -> BiosState {
        BiosState {
            current: defaults(hw),
            pending: BTreeMap::new(),
        }
    }

    /// Applies pending values, as POST does on the next boot; returns how many.
    pub fn apply_pending(&mut self) -> usize {
        let n = self.pending.len();
        let pending = std::mem::take(&mut self.pending);
        self.current.extend(pending);
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> BiosState {
        BiosState::new(&crate::model::generate(1, 0))
    }

    fn request(value: Value) -> serde_json::Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn each_kind_of_attribute_is_checked() {
        let s = state();
        let check = |v: Value| validate(&s.current, &s.pending, &request(v));
        assert!(check(json!({"BootMode": "Bios", "PxeRetryCount": 5, "MemTest": true, "AssetTagString": "RACK-7"})).is_ok());
        assert_eq!(
            check(json!({"BootMode": "Floppy"})),
            Err(Refusal::NotInList("Floppy".into(), "BootMode".into()))
        );
        assert_eq!(
            check(json!({"PxeRetryCount": 11})),
            Err(Refusal::OutOfRange("11".into(), "PxeRetryCount".into()))
        );
        assert!(matches!(
            check(json!({"MemTest": "yes"})),
            Err(Refusal::WrongType(..))
        ));
        assert!(matches!(
            check(json!({"AssetTagString": "has space"})),
            Err(Refusal::OutOfRange(..))
        ));
        assert_eq!(
            check(json!({"SystemServiceTag": "X"})),
            Err(Refusal::ReadOnly("SystemServiceTag".into()))
        );
        assert_eq!(
            check(json!({"Overclock": 9})),
            Err(Refusal::Unknown("Overclock".into()))
        );
    }

    #[test]
    fn dependent_attributes_follow_their_rule() {
        let s = state();
        let check = |v: Value| validate(&s.current, &s.pending, &request(v));
        assert!(matches!(
            check(json!({"ProcCStates": "Disabled"})),
            Err(Refusal::Conflict(_))
        ));
        assert!(check(json!({"SysProfile": "Custom", "ProcCStates": "Disabled"})).is_ok());
        assert!(matches!(
            check(json!({"ProcVirtualization": "Disabled", "SriovGlobalEnable": "Enabled"})),
            Err(Refusal::Conflict(_))
        ));
    }

    #[test]
    fn pending_values_wait_for_apply_and_a_revert_clears_them() {
        let mut s = state();
        s.pending = validate(
            &s.current,
            &s.pending,
            &request(json!({"BootMode": "Bios"})),
        )
        .expect("valid");
        assert_eq!(s.current["BootMode"], "Uefi");
        assert_eq!(s.apply_pending(), 1);
        assert_eq!(s.current["BootMode"], "Bios");
        s.pending = validate(
            &s.current,
            &s.pending,
            &request(json!({"BootMode": "Uefi"})),
        )
        .expect("valid");
        s.pending = validate(
            &s.current,
            &s.pending,
            &request(json!({"BootMode": "Bios"})),
        )
        .expect("valid");
        assert!(
            s.pending.is_empty(),
            "asking for the current value leaves nothing pending"
        );
    }
}
