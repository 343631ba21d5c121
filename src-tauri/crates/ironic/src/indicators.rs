//! The locator light through Ironic's indicator API (1.63+): the management
//! interface names the node's indicators, and one of the system's (else the
//! chassis') that can be changed is set.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::{Client, Error};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Indicator {
    /// `name@component`, as the API addresses it.
    pub name: String,
    pub component: String,
    #[serde(default = "read_only")]
    pub readonly: bool,
    #[serde(default)]
    pub states: Vec<String>,
}

fn read_only() -> bool {
    true
}

/// The indicator a technician looks for: the system's, else the chassis', that
/// can be changed; blinking where it can blink, as a locator does. The state is
/// sent as Ironic lists it (its states are lower case: `blinking`, `on`, `off`).
pub fn locator(indicators: &[Indicator], on: bool) -> Option<(&Indicator, String)> {
    let writable = |component: &str| {
        indicators
            .iter()
            .find(|i| i.component == component && !i.readonly)
    };
    let indicator = writable("system").or_else(|| writable("chassis"))?;
    let listed = |wanted: &str| {
        indicator
            .states
            .iter()
            .find(|s| s.eq_ignore_ascii_case(wanted))
            .cloned()
    };
    let state = if on {
        listed("blinking").or_else(|| listed("on"))
    } else {
        listed("off")
    }?;
    Some((indicator, state))
}

impl Client {
    pub async fn indicators(&self, id: &str) -> Result<Vec<Indicator>, Error> {
        #[derive(Deserialize)]
        struct List {
            indicators: Vec<Indicator>,
        }
        let list: List = self
            .send(
                Method::GET,
                &format!("/v1/nodes/{id}/management/indicators"),
                None,
            )
            .await?;
        Ok(list.indicators)
    }

    /// Turns the locator light on or off; returns the indicator and the state set.
    pub async fn set_locator(&self, id: &str, on: bool) -> Result<(String, String), Error> {
        let indicators = self.indicators(id).await?;
        let (indicator, state) = locator(&indicators, on).ok_or_else(|| {
            Error::Invalid(format!(
                "Ironic names no indicator of node {id} that can be turned {}",
                if on { "on" } else { "off" }
            ))
        })?;
        let _: Value = self
            .send(
                Method::PUT,
                &format!("/v1/nodes/{id}/management/indicators/{}", indicator.name),
                Some(json!({ "state": state })),
            )
            .await?;
        Ok((indicator.name.clone(), state))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator(name: &str, component: &str, readonly: bool, states: &[&str]) -> Indicator {
        Indicator {
            name: format!("{name}@{component}"),
            component: component.into(),
            readonly,
            states: states.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn the_systems_writable_light_blinks_and_a_read_only_one_is_passed_over() {
        let lights = [
            indicator("led-0", "chassis", true, &["off", "on"]),
            indicator("led", "system", false, &["blinking", "off", "on"]),
        ];
        let (chosen, state) = locator(&lights, true).expect("a light");
        assert_eq!(
            (chosen.name.as_str(), state.as_str()),
            ("led@system", "blinking")
        );
        assert_eq!(
            locator(&lights, false).map(|(_, s)| s),
            Some("off".to_owned())
        );
        let chassis_only = [indicator("led", "chassis", false, &["OFF", "ON"])];
        assert_eq!(
            locator(&chassis_only, true).map(|(_, s)| s),
            Some("ON".to_owned())
        );
        assert!(locator(&lights[..1], true).is_none());
    }
}
