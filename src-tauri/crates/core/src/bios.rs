//! The BIOS editor's backend: current and pending values with the registry that
//! describes them, changes checked against that registry before anything is
//! sent, the apply time the BMC supports, and reset to defaults.

use std::collections::BTreeMap;

use racksmith_build::{
    check_changes, AttributeKind, BiosAttribute, BiosDependency, BiosRefusal, BiosRegistry,
};
use racksmith_lifecycle::{Action, Actor};
use racksmith_redfish::bios::{read_bios, reset_to_defaults, set_attributes, BiosReading};
use racksmith_redfish::resources::{AttributeRegistry, RegistryAttribute};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use specta::Type;

use crate::{Core, Error, ErrorCode};

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BiosView {
    pub server_id: String,
    pub registry_id: Option<String>,
    /// Absent when the BMC publishes none: values are shown, checked by the BMC alone.
    pub registry: Option<BiosRegistry>,
    #[specta(type = std::collections::BTreeMap<String, specta_typescript::Unknown>)]
    pub current: BTreeMap<String, Value>,
    /// Values that wait for the next reset (only those that differ from current).
    #[specta(type = std::collections::BTreeMap<String, specta_typescript::Unknown>)]
    pub pending: BTreeMap<String, Value>,
    /// OnReset, Immediate, ... as the BMC lists them; empty when it lists none.
    pub apply_times: Vec<String>,
    /// Attributes that cannot be changed now, and why (read-only or a dependency).
    pub locked: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BiosChange {
    #[specta(type = std::collections::BTreeMap<String, specta_typescript::Unknown>)]
    pub values: BTreeMap<String, Value>,
    /// One of the view's apply times; the BMC's default when absent.
    #[serde(default)]
    pub apply_time: Option<String>,
}

fn number(extra: &serde_json::Map<String, Value>, key: &str) -> Option<i64> {
    extra.get(key).and_then(Value::as_i64)
}

fn attribute_of(a: &RegistryAttribute) -> Option<BiosAttribute> {
    let name = a.attribute_name.clone()?;
    let text = |key: &str| a.extra.get(key).and_then(Value::as_str).map(str::to_owned);
    let kind = match a.kind.as_deref().unwrap_or("") {
        "Enumeration" => AttributeKind::Enumeration {
            values: a
                .value
                .iter()
                .filter_map(|v| v.get("ValueName").and_then(Value::as_str))
                .map(str::to_owned)
                .collect(),
        },
        "Integer" => AttributeKind::Integer {
            lower: a.lower_bound,
            upper: a.upper_bound,
            increment: number(&a.extra, "ScalarIncrement"),
        },
        "String" => AttributeKind::String {
            min_length: number(&a.extra, "MinLength").and_then(|n| u32::try_from(n).ok()),
            max_length: a.max_length,
            pattern: text("ValueExpression"),
        },
        "Boolean" => AttributeKind::Boolean,
        "Password" => AttributeKind::Password,
        other => AttributeKind::Other {
            name: other.to_owned(),
        },
    };
    Some(BiosAttribute {
        display_name: a.display_name.clone(),
        help: text("HelpText"),
        read_only: a.read_only.unwrap_or(false),
        default: a.extra.get("DefaultValue").cloned(),
        kind,
        name,
    })
}

/// The registry's Map dependencies that make an attribute read-only on one
/// condition. Others (several conditions, other properties) are left to the BMC.
fn dependency_of(entry: &Value) -> Option<BiosDependency> {
    let d = entry.get("Dependency")?;
    let from = d.get("MapFrom")?.as_array()?;
    let [only] = from.as_slice() else {
        return None;
    };
    if d.get("MapToProperty")?.as_str()? != "ReadOnly"
        || only.get("MapFromProperty").and_then(Value::as_str) != Some("CurrentValue")
    {
        return None;
    }
    let mut condition = only.get("MapFromCondition")?.as_str()?.to_owned();
    if !matches!(condition.as_str(), "EQU" | "NEQ") {
        return None;
    }
    // "becomes writable when ..." is "read-only unless ...".
    if d.get("MapToValue")? == &Value::Bool(false) {
        condition = if condition == "EQU" { "NEQ" } else { "EQU" }.to_owned();
    }
    Some(BiosDependency {
        attribute: d.get("MapToAttribute")?.as_str()?.to_owned(),
        from: only.get("MapFromAttribute")?.as_str()?.to_owned(),
        condition,
        value: only.get("MapFromValue")?.clone(),
    })
}

pub(crate) fn registry_of(registry: &AttributeRegistry) -> BiosRegistry {
    BiosRegistry {
        id: registry.id.clone(),
        attributes: registry
            .registry_entries
            .attributes
            .iter()
            .filter_map(attribute_of)
            .collect(),
        dependencies: registry
            .registry_entries
            .dependencies
            .iter()
            .filter_map(dependency_of)
            .collect(),
    }
}

/// Current values with pending ones over them: what the server will have.
pub(crate) fn effective(reading: &BiosReading) -> BTreeMap<String, Value> {
    let mut values = reading.current.clone();
    values.extend(reading.pending.clone());
    values
}

fn view_of(server_id: &str, reading: BiosReading) -> BiosView {
    let registry = reading.registry.as_ref().map(registry_of);
    let values = effective(&reading);
    let locked = registry
        .as_ref()
        .map(|r| {
            r.attributes
                .iter()
                .filter_map(|a| {
                    r.locked_by(&a.name, &values)
                        .map(|why| (a.name.clone(), why))
                })
                .collect()
        })
        .unwrap_or_default();
    BiosView {
        server_id: server_id.to_owned(),
        registry_id: reading.registry_id,
        registry,
        current: reading.current,
        pending: reading.pending,
        apply_times: reading.apply_times,
        locked,
    }
}

/// Refusals in one sentence.
pub(crate) fn refusal_text(refusals: &[BiosRefusal]) -> String {
    refusals
        .iter()
        .map(|r| r.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

impl Core {
    pub async fn bios(&self, key: &str) -> Result<BiosView, Error> {
        let server = self.find_server(key).await?;
        if let Some((client, node)) = self.ironic_node(&server).await? {
            return crate::ironic_bios::read(&client, &node, &server.id).await;
        }
        let reached = self.reach(&server).await?;
        let reading = read_bios(&reached.client, &reached.system_path).await?;
        Ok(view_of(&server.id, reading))
    }

    /// Changes BIOS values: every value is checked against the registry first
    /// and all refusals are named; nothing is sent unless all pass.
    pub async fn set_bios(
        &self,
        key: &str,
        change: BiosChange,
        actor: &Actor,
    ) -> Result<BiosView, Error> {
        let params = serde_json::json!({ "values": change.values, "applyTime": change.apply_time });
        if change.values.is_empty() {
            return Err(Error::new(ErrorCode::InvalidInput, "no BIOS values to set"));
        }
        self.audited(
            key,
            Action::BiosSettings,
            "bios_set",
            actor,
            params,
            |server| async move {
                if let Some((client, node)) = self.ironic_node(&server).await? {
                    return crate::ironic_bios::apply(&client, &node, &server.id, &change.values)
                        .await;
                }
                let reached = self.reach(&server).await?;
                let reading = read_bios(&reached.client, &reached.system_path).await?;
                if let Some(registry) = reading.registry.as_ref().map(registry_of) {
                    check_changes(&registry, &effective(&reading), &change.values).map_err(
                        |refusals| Error::new(ErrorCode::InvalidBiosValue, refusal_text(&refusals)),
                    )?;
                }
                let apply_time = match &change.apply_time {
                    Some(t)
                        if !reading.apply_times.is_empty() && !reading.apply_times.contains(t) =>
                    {
                        return Err(Error::new(
                            ErrorCode::InvalidInput,
                            format!(
                                "the BMC does not apply BIOS settings {t}; it offers {}",
                                reading.apply_times.join(", ")
                            ),
                        ))
                    }
                    Some(_) if reading.apply_times.is_empty() => None,
                    other => other.clone(),
                };
                set_attributes(
                    &reached.client,
                    &reading.settings_path,
                    &change.values,
                    apply_time.as_deref(),
                )
                .await?;
                let after = read_bios(&reached.client, &reached.system_path).await?;
                Ok(view_of(&server.id, after))
            },
        )
        .await
    }

    /// Every attribute back to its default at the next reset.
    pub async fn reset_bios(&self, key: &str, actor: &Actor) -> Result<BiosView, Error> {
        let params = serde_json::json!({});
        self.audited(
            key,
            Action::BiosSettings,
            "bios_reset_defaults",
            actor,
            params,
            |server| async move {
                if let Some((client, node)) = self.ironic_node(&server).await? {
                    return crate::ironic_bios::reset(&client, &node, &server.id).await;
                }
                let reached = self.reach(&server).await?;
                let reading = read_bios(&reached.client, &reached.system_path).await?;
                reset_to_defaults(&reached.client, &reading).await?;
                let after = read_bios(&reached.client, &reached.system_path).await?;
                Ok(view_of(&server.id, after))
            },
        )
        .await
    }
}

/// Values the editor wants checked against a registry it was given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BiosCheck {
    pub registry: BiosRegistry,
    /// What the server has now (current with pending over it).
    #[specta(type = std::collections::BTreeMap<String, specta_typescript::Unknown>)]
    pub values: BTreeMap<String, Value>,
    #[specta(type = std::collections::BTreeMap<String, specta_typescript::Unknown>)]
    pub changes: BTreeMap<String, Value>,
}

/// The editor's check of values before it offers to send them (no BMC call).
pub fn check_bios_values(check: &BiosCheck) -> Vec<BiosRefusal> {
    check_changes(&check.registry, &check.values, &check.changes)
        .err()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn registry_entries_become_typed_attributes_and_dependencies() {
        let registry: AttributeRegistry = serde_json::from_value(json!({
            "Id": "R.1.0.0",
            "RegistryEntries": {
                "Attributes": [
                    {"AttributeName": "Mode", "Type": "Enumeration", "ReadOnly": false,
                     "Value": [{"ValueName": "A"}, {"ValueName": "B"}], "DefaultValue": "A"},
                    {"AttributeName": "Count", "Type": "Integer", "LowerBound": 1, "UpperBound": 9, "ScalarIncrement": 2},
                    {"AttributeName": "Tag", "Type": "String", "MaxLength": 4, "MinLength": 1, "ValueExpression": "^[A-Z]*$"},
                    {"AttributeName": "Blob", "Type": "Blob"}
                ],
                "Dependencies": [
                    {"DependencyFor": "Count", "Type": "Map", "Dependency": {
                        "MapFrom": [{"MapFromAttribute": "Mode", "MapFromProperty": "CurrentValue", "MapFromCondition": "NEQ", "MapFromValue": "B"}],
                        "MapToAttribute": "Count", "MapToProperty": "ReadOnly", "MapToValue": true}},
                    {"DependencyFor": "Tag", "Type": "Map", "Dependency": {
                        "MapFrom": [{"MapFromAttribute": "Mode", "MapFromProperty": "CurrentValue", "MapFromCondition": "EQU", "MapFromValue": "B"}],
                        "MapToAttribute": "Tag", "MapToProperty": "ReadOnly", "MapToValue": false}},
                    {"DependencyFor": "Tag", "Type": "Map", "Dependency": {
                        "MapFrom": [{"MapFromAttribute": "Mode", "MapFromProperty": "CurrentValue", "MapFromCondition": "GTR", "MapFromValue": 1}],
                        "MapToAttribute": "Tag", "MapToProperty": "Hidden", "MapToValue": true}}
                ]
            }
        }))
        .expect("registry");
        let r = registry_of(&registry);
        assert_eq!(r.attributes.len(), 4);
        assert_eq!(
            r.attributes[1].kind,
            AttributeKind::Integer {
                lower: Some(1),
                upper: Some(9),
                increment: Some(2)
            }
        );
        assert_eq!(r.attributes[0].default, Some(json!("A")));
        assert_eq!(
            r.attributes[3].kind,
            AttributeKind::Other {
                name: "Blob".into()
            }
        );
        assert_eq!(r.dependencies.len(), 2, "the Hidden rule is not ours");
        assert_eq!(
            r.dependencies[1].condition, "NEQ",
            "writable-when is inverted"
        );
        let values: BTreeMap<String, Value> = [("Mode".to_owned(), json!("A"))].into();
        assert!(r.locked_by("Count", &values).is_some());
        assert!(r.locked_by("Tag", &values).is_some());
        let b: BTreeMap<String, Value> = [("Mode".to_owned(), json!("B"))].into();
        assert!(r.locked_by("Count", &b).is_none());
        assert!(r.locked_by("Tag", &b).is_none());
    }
}
