//! The BIOS editor on an Ironic node: the values Ironic cached, described by the
//! registry fields its driver reports, and changes carried out as a step: a
//! manual clean while the node is built, servicing once it is deployed.

use std::collections::BTreeMap;

use racksmith_build::{check_changes, AttributeKind, BiosAttribute, BiosRegistry};
use racksmith_ironic::{BiosSetting, Client, Step};
use serde_json::Value;

use crate::bios::{refusal_text, BiosView};
use crate::ironic_jobs::{bios_settings, step_verb, verify_bios};
use crate::ironic_moves::IRONIC_TRANSITION;
use crate::{Error, ErrorCode};

/// A value as the registry types it (Ironic keeps every value as text).
fn typed(setting: &BiosSetting) -> Value {
    let text = setting.value.clone().unwrap_or_default();
    match setting.attribute_type.as_deref() {
        Some("Integer") => text.parse::<i64>().map_or(Value::String(text), Value::from),
        Some("Boolean") => match text.to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text),
        },
        _ => Value::String(text),
    }
}

fn attribute_of(setting: &BiosSetting) -> Option<BiosAttribute> {
    let kind = match setting.attribute_type.as_deref()? {
        "Enumeration" => AttributeKind::Enumeration {
            values: setting.allowable_values.clone().unwrap_or_default(),
        },
        "Integer" => AttributeKind::Integer {
            lower: setting.lower_bound,
            upper: setting.upper_bound,
            increment: None,
        },
        "String" => AttributeKind::String {
            min_length: setting.min_length,
            max_length: setting.max_length,
            pattern: None,
        },
        "Boolean" => AttributeKind::Boolean,
        "Password" => AttributeKind::Password,
        other => AttributeKind::Other { name: other.into() },
    };
    Some(BiosAttribute {
        name: setting.name.clone(),
        display_name: None,
        help: None,
        kind,
        read_only: setting.read_only.unwrap_or(false),
        default: None,
    })
}

/// The editor's view: no registry when the driver reports none (Ironic's fake
/// BIOS), and no apply time, since Ironic reboots the node within the step.
pub(crate) fn view_of(server_id: &str, settings: &[BiosSetting]) -> BiosView {
    let attributes: Vec<BiosAttribute> = settings.iter().filter_map(attribute_of).collect();
    let locked = attributes
        .iter()
        .filter(|a| a.read_only)
        .map(|a| (a.name.clone(), format!("{} is read-only", a.name)))
        .collect();
    BiosView {
        server_id: server_id.to_owned(),
        registry_id: None,
        registry: (!attributes.is_empty()).then(|| BiosRegistry {
            id: None,
            attributes,
            dependencies: Vec::new(),
        }),
        current: settings
            .iter()
            .map(|s| (s.name.clone(), typed(s)))
            .collect(),
        pending: BTreeMap::new(),
        apply_times: Vec::new(),
        locked,
    }
}

/// The editor's view of the node's BIOS, from Ironic's cache.
pub(crate) async fn read(client: &Client, node: &str, server_id: &str) -> Result<BiosView, Error> {
    Ok(view_of(server_id, &client.bios_detail(node).await?))
}

/// Checks the values against the driver's registry, then applies them in one
/// step and reads Ironic's cache back.
pub(crate) async fn apply(
    client: &Client,
    node: &str,
    server_id: &str,
    values: &BTreeMap<String, Value>,
) -> Result<BiosView, Error> {
    let before = read(client, node, server_id).await?;
    if let Some(registry) = &before.registry {
        check_changes(registry, &before.current, values)
            .map_err(|refusals| Error::new(ErrorCode::InvalidBiosValue, refusal_text(&refusals)))?;
    }
    let step = Step::new("bios", "apply_configuration", bios_settings(values));
    run_step(client, node, step).await?;
    let after = client.bios_detail(node).await?;
    let cached: Vec<(String, String)> = after
        .iter()
        .map(|s| (s.name.clone(), s.value.clone().unwrap_or_default()))
        .collect();
    verify_bios(&cached, values)?;
    Ok(view_of(server_id, &after))
}

/// Every setting back to the driver's defaults (`bios.factory_reset`).
pub(crate) async fn reset(client: &Client, node: &str, server_id: &str) -> Result<BiosView, Error> {
    run_step(
        client,
        node,
        Step::new("bios", "factory_reset", Value::Null),
    )
    .await?;
    read(client, node, server_id).await
}

async fn run_step(client: &Client, node: &str, step: Step) -> Result<(), Error> {
    let (verb, _) = step_verb(client, node).await?;
    client
        .provision_and_wait(node, verb, &[step], IRONIC_TRANSITION)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn setting(name: &str, value: &str, kind: Option<&str>) -> BiosSetting {
        BiosSetting {
            name: name.into(),
            value: Some(value.into()),
            attribute_type: kind.map(str::to_owned),
            allowable_values: Some(vec!["Uefi".into(), "Legacy".into()]),
            lower_bound: Some(1),
            upper_bound: Some(16),
            min_length: None,
            max_length: None,
            read_only: Some(name == "Serial"),
            reset_required: Some(true),
        }
    }

    #[test]
    fn a_drivers_registry_types_the_values_and_locks_the_read_only_ones() {
        let view = view_of(
            "s1",
            &[
                setting("BootMode", "Uefi", Some("Enumeration")),
                setting("Cores", "8", Some("Integer")),
                setting("Serial", "X1", Some("String")),
            ],
        );
        assert_eq!(view.current["Cores"], json!(8));
        assert!(view.locked.contains_key("Serial"));
        let registry = view.registry.expect("registry");
        let refused = check_changes(
            &registry,
            &view.current,
            &[
                ("BootMode".to_owned(), json!("Bios")),
                ("Cores".to_owned(), json!(64)),
            ]
            .into_iter()
            .collect(),
        )
        .expect_err("both refused");
        assert_eq!(refused.len(), 2, "{refused:?}");
    }

    #[test]
    fn without_a_registry_values_are_shown_as_text_and_left_to_ironic() {
        let view = view_of("s1", &[setting("BootMode", "Uefi", None)]);
        assert!(view.registry.is_none());
        assert_eq!(view.current["BootMode"], json!("Uefi"));
        assert!(view.apply_times.is_empty());
    }
}
