//! BIOS attributes as the BMC's attribute registry describes them, and the check
//! of requested values against it: every refusal is found before anything is
//! sent, so the editor and the build job can name all of them at once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use specta::Type;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum AttributeKind {
    Enumeration {
        values: Vec<String>,
    },
    #[serde(rename_all = "camelCase")]
    Integer {
        #[specta(type = Option<specta_typescript::Number>)]
        lower: Option<i64>,
        #[specta(type = Option<specta_typescript::Number>)]
        upper: Option<i64>,
        #[specta(type = Option<specta_typescript::Number>)]
        increment: Option<i64>,
    },
    #[serde(rename_all = "camelCase")]
    String {
        min_length: Option<u32>,
        max_length: Option<u32>,
        /// The registry's `ValueExpression`, a regular expression.
        pattern: Option<String>,
    },
    Boolean,
    Password,
    /// A type this console does not know: shown, not edited.
    Other {
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BiosAttribute {
    pub name: String,
    pub display_name: Option<String>,
    pub help: Option<String>,
    pub kind: AttributeKind,
    pub read_only: bool,
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub default: Option<Value>,
}

/// "`attribute` is read-only while `from` `condition` `value`" (the registry's
/// Map dependencies that lock or unlock an attribute).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BiosDependency {
    pub attribute: String,
    pub from: String,
    /// EQU or NEQ.
    pub condition: String,
    #[specta(type = specta_typescript::Unknown)]
    pub value: Value,
}

impl BiosDependency {
    fn locks(&self, values: &BTreeMap<String, Value>) -> bool {
        let current = values.get(&self.from);
        let equal = current == Some(&self.value);
        match self.condition.as_str() {
            "EQU" => equal,
            "NEQ" => !equal,
            _ => false,
        }
    }

    fn explain(&self) -> String {
        let value = display(&self.value);
        match self.condition.as_str() {
            "NEQ" => format!(
                "{} can only be changed when {} is {value}",
                self.attribute, self.from
            ),
            _ => format!(
                "{} cannot be changed while {} is {value}",
                self.attribute, self.from
            ),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BiosRegistry {
    pub id: Option<String>,
    pub attributes: Vec<BiosAttribute>,
    pub dependencies: Vec<BiosDependency>,
}

impl BiosRegistry {
    pub fn attribute(&self, name: &str) -> Option<&BiosAttribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// Read-only in the registry, or locked by a dependency on these values.
    pub fn locked_by(&self, name: &str, values: &BTreeMap<String, Value>) -> Option<String> {
        if self.attribute(name).is_some_and(|a| a.read_only) {
            return Some(format!("{name} is read-only"));
        }
        self.dependencies
            .iter()
            .find(|d| d.attribute == name && d.locks(values))
            .map(BiosDependency::explain)
    }
}

/// Why one requested value is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BiosRefusal {
    pub attribute: String,
    /// unknown_attribute, read_only, locked, not_in_list, out_of_range,
    /// wrong_type, too_long, too_short, pattern, not_a_step
    pub code: String,
    pub message: String,
}

fn refuse(attribute: &str, code: &str, message: String) -> BiosRefusal {
    BiosRefusal {
        attribute: attribute.to_owned(),
        code: code.to_owned(),
        message,
    }
}

fn display(value: &Value) -> String {
    match value {
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

fn check_value(a: &BiosAttribute, value: &Value) -> Option<BiosRefusal> {
    let name = a.name.as_str();
    let wrong_type = |expected: &str| {
        Some(refuse(
            name,
            "wrong_type",
            format!("{name} takes {expected}, not {}", display(value)),
        ))
    };
    match &a.kind {
        AttributeKind::Enumeration { values } => match value.as_str() {
            Some(v) if values.iter().any(|allowed| allowed == v) => None,
            Some(v) => Some(refuse(
                name,
                "not_in_list",
                format!(
                    "{name} cannot be \"{v}\"; it is one of {}",
                    values.join(", ")
                ),
            )),
            None => wrong_type("one of its listed values"),
        },
        AttributeKind::Integer {
            lower,
            upper,
            increment,
        } => {
            let Some(v) = value.as_i64() else {
                return wrong_type("a whole number");
            };
            let (lo, hi) = (lower.unwrap_or(i64::MIN), upper.unwrap_or(i64::MAX));
            if v < lo || v > hi {
                return Some(refuse(
                    name,
                    "out_of_range",
                    format!(
                        "{name} must be from {} to {}; {v} is outside",
                        lower.map_or("any".into(), |l| l.to_string()),
                        upper.map_or("any".into(), |u| u.to_string())
                    ),
                ));
            }
            match increment {
                Some(step) if *step > 1 && (v - lower.unwrap_or(0)) % step != 0 => Some(refuse(
                    name,
                    "not_a_step",
                    format!("{name} moves in steps of {step}; {v} is not one"),
                )),
                _ => None,
            }
        }
        AttributeKind::String {
            min_length,
            max_length,
            pattern,
        } => {
            let Some(v) = value.as_str() else {
                return wrong_type("text");
            };
            let length = v.chars().count() as u32;
            if let Some(max) = max_length.filter(|max| length > *max) {
                return Some(refuse(
                    name,
                    "too_long",
                    format!("{name} takes at most {max} characters; {length} were given"),
                ));
            }
            if let Some(min) = min_length.filter(|min| length < *min) {
                return Some(refuse(
                    name,
                    "too_short",
                    format!("{name} needs at least {min} characters; {length} were given"),
                ));
            }
            match pattern.as_deref().filter(|p| !p.is_empty()) {
                Some(p) => match whole_match(p, v) {
                    Some(false) => Some(refuse(
                        name,
                        "pattern",
                        format!("{name} must match {p}; \"{v}\" does not"),
                    )),
                    // A pattern our engine cannot read is left to the BMC.
                    _ => None,
                },
                None => None,
            }
        }
        AttributeKind::Boolean => (!value.is_boolean())
            .then(|| wrong_type("true or false"))
            .flatten(),
        AttributeKind::Password => (!value.is_string()).then(|| wrong_type("text")).flatten(),
        AttributeKind::Other { name: kind } => Some(refuse(
            name,
            "wrong_type",
            format!("{name} has the type {kind}, which this console does not edit"),
        )),
    }
}

/// Registry patterns are meant for the whole value.
fn whole_match(pattern: &str, text: &str) -> Option<bool> {
    let anchored = format!(
        "^(?:{})$",
        pattern.trim_start_matches('^').trim_end_matches('$')
    );
    regex::Regex::new(&anchored)
        .ok()
        .map(|re| re.is_match(text))
}

/// Checks requested values against the registry and the values they would
/// leave (dependencies are judged on those). Every refusal is returned.
pub fn check_changes(
    registry: &BiosRegistry,
    values: &BTreeMap<String, Value>,
    changes: &BTreeMap<String, Value>,
) -> Result<(), Vec<BiosRefusal>> {
    let mut after = values.clone();
    after.extend(changes.clone());
    let mut refusals = Vec::new();
    for (name, value) in changes {
        let Some(attribute) = registry.attribute(name) else {
            refusals.push(refuse(
                name,
                "unknown_attribute",
                format!("the BIOS has no attribute {name}"),
            ));
            continue;
        };
        if attribute.read_only {
            refusals.push(refuse(name, "read_only", format!("{name} is read-only")));
            continue;
        }
        if values.get(name) != Some(value) {
            if let Some(why) = registry
                .dependencies
                .iter()
                .find(|d| &d.attribute == name && d.locks(&after))
            {
                refusals.push(refuse(name, "locked", why.explain()));
                continue;
            }
        }
        if let Some(refusal) = check_value(attribute, value) {
            refusals.push(refusal);
        }
    }
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(refusals)
    }
}

/// The requested values that differ from the given ones.
pub fn differing(
    values: &BTreeMap<String, Value>,
    wanted: &BTreeMap<String, Value>,
) -> BTreeMap<String, Value> {
    wanted
        .iter()
        .filter(|(k, v)| values.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn registry() -> BiosRegistry {
        let attr = |name: &str, kind: AttributeKind, read_only: bool| BiosAttribute {
            name: name.into(),
            display_name: None,
            help: None,
            kind,
            read_only,
            default: None,
        };
        BiosRegistry {
            id: Some("Test.1.0.0".into()),
            attributes: vec![
                attr(
                    "BootMode",
                    AttributeKind::Enumeration {
                        values: vec!["Uefi".into(), "Bios".into()],
                    },
                    false,
                ),
                attr(
                    "SysProfile",
                    AttributeKind::Enumeration {
                        values: vec!["Perf".into(), "Custom".into()],
                    },
                    false,
                ),
                attr(
                    "CStates",
                    AttributeKind::Enumeration {
                        values: vec!["Enabled".into(), "Disabled".into()],
                    },
                    false,
                ),
                attr(
                    "Retries",
                    AttributeKind::Integer {
                        lower: Some(0),
                        upper: Some(10),
                        increment: Some(1),
                    },
                    false,
                ),
                attr(
                    "Delay",
                    AttributeKind::Integer {
                        lower: Some(0),
                        upper: Some(300),
                        increment: Some(30),
                    },
                    false,
                ),
                attr(
                    "Tag",
                    AttributeKind::String {
                        min_length: None,
                        max_length: Some(8),
                        pattern: Some("^[A-Za-z0-9-]*$".into()),
                    },
                    false,
                ),
                attr("MemTest", AttributeKind::Boolean, false),
                attr(
                    "ServiceTag",
                    AttributeKind::String {
                        min_length: None,
                        max_length: None,
                        pattern: None,
                    },
                    true,
                ),
            ],
            dependencies: vec![BiosDependency {
                attribute: "CStates".into(),
                from: "SysProfile".into(),
                condition: "NEQ".into(),
                value: json!("Custom"),
            }],
        }
    }

    fn values() -> BTreeMap<String, Value> {
        [
            ("BootMode", json!("Uefi")),
            ("SysProfile", json!("Perf")),
            ("CStates", json!("Enabled")),
            ("Retries", json!(3)),
            ("Tag", json!("")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
    }

    fn changes(v: Value) -> BTreeMap<String, Value> {
        serde_json::from_value(v).expect("map")
    }

    fn codes(result: Result<(), Vec<BiosRefusal>>) -> Vec<String> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|r| format!("{}:{}", r.attribute, r.code))
            .collect()
    }

    #[test]
    fn valid_values_of_every_kind_pass() {
        let r = registry();
        assert_eq!(
            check_changes(
                &r,
                &values(),
                &changes(
                    json!({"BootMode": "Bios", "Retries": 10, "Delay": 90, "Tag": "R-7", "MemTest": true})
                )
            ),
            Ok(())
        );
    }

    #[test]
    fn every_bad_value_is_named_at_once() {
        let r = registry();
        let found = codes(check_changes(
            &r,
            &values(),
            &changes(json!({
                "BootMode": "Floppy", "Retries": 11, "Delay": 45, "Tag": "a b",
                "MemTest": "yes", "ServiceTag": "X", "Overclock": 1
            })),
        ));
        assert_eq!(
            found,
            [
                "BootMode:not_in_list",
                "Delay:not_a_step",
                "MemTest:wrong_type",
                "Overclock:unknown_attribute",
                "Retries:out_of_range",
                "ServiceTag:read_only",
                "Tag:pattern"
            ]
        );
        let too_long = codes(check_changes(
            &r,
            &values(),
            &changes(json!({"Tag": "ABCDEFGHIJ"})),
        ));
        assert_eq!(too_long, ["Tag:too_long"]);
    }

    #[test]
    fn a_dependency_locks_until_its_condition_changes_in_the_same_request() {
        let r = registry();
        let locked = check_changes(&r, &values(), &changes(json!({"CStates": "Disabled"})));
        let refusal = locked.expect_err("locked").remove(0);
        assert_eq!(refusal.code, "locked");
        assert!(refusal.message.contains("SysProfile is \"Custom\""));
        assert_eq!(
            check_changes(
                &r,
                &values(),
                &changes(json!({"SysProfile": "Custom", "CStates": "Disabled"}))
            ),
            Ok(())
        );
        assert!(
            r.locked_by("CStates", &values()).is_some(),
            "the editor greys it out"
        );
        // Asking for the value it already has is not a change, so not refused.
        assert_eq!(
            check_changes(&r, &values(), &changes(json!({"CStates": "Enabled"}))),
            Ok(())
        );
    }

    #[test]
    fn differing_keeps_only_real_changes() {
        let wanted = changes(json!({"BootMode": "Uefi", "Retries": 5}));
        assert_eq!(
            differing(&values(), &wanted),
            changes(json!({"Retries": 5}))
        );
    }
}
