//! Power and the locator LED of one system: the standard actions, checked
//! against what the BMC says it allows before anything is sent.

use serde_json::json;

use crate::resources::ComputerSystem;
use crate::{Client, Error, Outcome};

/// The ResetType values Redfish defines that Racksmith sends.
pub const RESET_TYPES: [&str; 6] = [
    "On",
    "ForceOff",
    "GracefulShutdown",
    "GracefulRestart",
    "ForceRestart",
    "PowerCycle",
];

/// `ComputerSystem.Reset` with `reset_type`, refused here when the BMC lists
/// the values it allows and this is not one of them.
pub async fn reset(client: &Client, system_path: &str, reset_type: &str) -> Result<Outcome, Error> {
    let system: ComputerSystem = client.get(system_path).await?;
    let action = system.actions.and_then(|a| a.reset).unwrap_or_default();
    if !action.allowed.is_empty() && !action.allowed.iter().any(|a| a == reset_type) {
        return Err(Error::Invalid(format!(
            "{} does not offer the reset {reset_type} (it offers {})",
            client.base_url(),
            action.allowed.join(", ")
        )));
    }
    let target = action.target.unwrap_or_else(|| {
        format!(
            "{}/Actions/ComputerSystem.Reset",
            system_path.trim_end_matches('/')
        )
    });
    client
        .action(&target, json!({ "ResetType": reset_type }))
        .await
}

pub async fn power_state(client: &Client, system_path: &str) -> Result<Option<String>, Error> {
    let system: ComputerSystem = client.get(system_path).await?;
    Ok(system.power_state)
}

/// Lights or darkens the locator LED: `LocationIndicatorActive` where the
/// system has it, the older `IndicatorLED` otherwise.
pub async fn set_locator(client: &Client, system_path: &str, on: bool) -> Result<(), Error> {
    let (system, etag) = client.get_tagged::<ComputerSystem>(system_path).await?;
    let body = if system.location_indicator_active.is_some() {
        json!({ "LocationIndicatorActive": on })
    } else if system.indicator_led.is_some() {
        json!({ "IndicatorLED": if on { "Lit" } else { "Off" } })
    } else {
        return Err(Error::Invalid(format!(
            "{} reports no locator LED for {system_path}",
            client.base_url()
        )));
    };
    client.patch(system_path, body, etag).await?;
    Ok(())
}
