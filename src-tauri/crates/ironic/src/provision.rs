//! Moving a node through Ironic's provision states, and following the
//! conductor while it gets there: less often the longer it takes, and a failed
//! state reported with Ironic's own reason.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::{Client, Error, Node};

/// A provision-state verb (`PUT /v1/nodes/{id}/states/provision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Manage,
    Provide,
    Inspect,
    /// A manual clean with the given steps.
    Clean,
    /// Deploy: `active`.
    Deploy,
    /// Undeploy: `deleted`, followed by automated cleaning.
    Undeploy,
    /// Servicing an active node with the given steps.
    Service,
    Abort,
}

impl Verb {
    pub fn target(self) -> &'static str {
        match self {
            Verb::Manage => "manage",
            Verb::Provide => "provide",
            Verb::Inspect => "inspect",
            Verb::Clean => "clean",
            Verb::Deploy => "active",
            Verb::Undeploy => "deleted",
            Verb::Service => "service",
            Verb::Abort => "abort",
        }
    }

    /// The stable state the verb ends in when all goes well.
    pub fn ends_in(self) -> &'static str {
        match self {
            Verb::Manage | Verb::Inspect | Verb::Clean => "manageable",
            Verb::Provide | Verb::Undeploy => "available",
            Verb::Deploy | Verb::Service => "active",
            Verb::Abort => "",
        }
    }
}

/// One clean or service step, as Ironic takes and reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub interface: String,
    pub step: String,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub args: Value,
}

impl Step {
    pub fn new(interface: &str, step: &str, args: Value) -> Step {
        Step {
            interface: interface.to_owned(),
            step: step.to_owned(),
            args,
        }
    }

    pub fn name(&self) -> String {
        format!("{}.{}", self.interface, self.step)
    }
}

/// States a transition stops in when it went wrong.
fn is_failed(state: &str) -> bool {
    state.ends_with(" failed") || state == "error"
}

/// Where a node stands while it is followed: still moving, there, or stopped elsewhere.
fn settled(node: &Node, wanted: &str) -> Option<Result<(), ()>> {
    if node.target_provision_state.is_some() && !is_failed(&node.provision_state) {
        return None;
    }
    if node.provision_state == wanted {
        return Some(Ok(()));
    }
    // A stable state that is neither the goal nor on the way to it: an
    // enroll/verify round or another caller's verb, or a failure.
    if is_failed(&node.provision_state) || node.target_provision_state.is_none() {
        return Some(Err(()));
    }
    None
}

impl Client {
    /// Asks for a transition; `steps` go with clean and service.
    pub async fn provision(&self, id: &str, verb: Verb, steps: &[Step]) -> Result<(), Error> {
        let mut body = json!({ "target": verb.target() });
        match verb {
            Verb::Clean => body["clean_steps"] = json!(steps),
            Verb::Service => body["service_steps"] = json!(steps),
            _ => {}
        }
        let _: Value = self
            .send(
                Method::PUT,
                &format!("/v1/nodes/{id}/states/provision"),
                Some(body),
            )
            .await?;
        Ok(())
    }

    /// Follows the node until it rests in `wanted`, looking after 0.25 s, then
    /// twice as long each time up to 10 s.
    pub async fn wait_for_provision(
        &self,
        id: &str,
        wanted: &str,
        deadline: Duration,
    ) -> Result<Node, Error> {
        let started = Instant::now();
        let mut pause = Duration::from_millis(250);
        // Ironic may not have taken the verb up yet on the first look.
        let mut looks = 0;
        loop {
            let node = self.node(id).await?;
            looks += 1;
            match settled(&node, wanted) {
                Some(Ok(())) => return Ok(node),
                Some(Err(())) if looks > 1 || is_failed(&node.provision_state) => {
                    return Err(Error::Failed {
                        node: node.name.clone().unwrap_or_else(|| id.to_owned()),
                        state: node.provision_state.clone(),
                        wanted: wanted.to_owned(),
                        reason: node.last_error.clone(),
                    })
                }
                _ => {}
            }
            if started.elapsed() > deadline {
                return Err(Error::TimedOut {
                    node: node.name.clone().unwrap_or_else(|| id.to_owned()),
                    state: node.provision_state,
                    wanted: wanted.to_owned(),
                    seconds: deadline.as_secs(),
                });
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_secs(10));
        }
    }

    /// Asks for a transition and follows it to its end.
    pub async fn provision_and_wait(
        &self,
        id: &str,
        verb: Verb,
        steps: &[Step],
        deadline: Duration,
    ) -> Result<Node, Error> {
        self.provision(id, verb, steps).await?;
        self.wait_for_provision(id, verb.ends_in(), deadline).await
    }

    /// Sets the RAID layout a `raid.create_configuration` step builds
    /// (Ironic checks it against its schema and the RAID interface).
    pub async fn set_target_raid(&self, id: &str, config: &Value) -> Result<(), Error> {
        let _: Value = self
            .send(
                Method::PUT,
                &format!("/v1/nodes/{id}/states/raid"),
                Some(config.clone()),
            )
            .await?;
        Ok(())
    }

    /// Changes node fields with a JSON patch (`[{op, path, value}]`).
    pub async fn patch(&self, id: &str, operations: Value) -> Result<Node, Error> {
        self.send(Method::PATCH, &format!("/v1/nodes/{id}"), Some(operations))
            .await
    }

    /// Sets the device the node boots from next (`pxe`, `disk`, `cdrom`, `bios`).
    pub async fn set_boot_device(
        &self,
        id: &str,
        device: &str,
        persistent: bool,
    ) -> Result<(), Error> {
        let _: Value = self
            .send(
                Method::PUT,
                &format!("/v1/nodes/{id}/management/boot_device"),
                Some(json!({ "boot_device": device, "persistent": persistent })),
            )
            .await?;
        Ok(())
    }

    /// The node's BIOS settings as Ironic last cached them, with what the
    /// driver's registry says of each (API 1.74+; absent where it has none).
    pub async fn bios_detail(&self, id: &str) -> Result<Vec<BiosSetting>, Error> {
        #[derive(Deserialize)]
        struct Bios {
            bios: Vec<BiosSetting>,
        }
        let bios: Bios = self
            .send(
                Method::GET,
                &format!("/v1/nodes/{id}/bios?detail=True"),
                None,
            )
            .await?;
        Ok(bios.bios)
    }

    /// The node's BIOS settings as Ironic last cached them.
    pub async fn bios_settings(&self, id: &str) -> Result<Vec<(String, String)>, Error> {
        #[derive(Deserialize)]
        struct Setting {
            name: String,
            value: Option<String>,
        }
        #[derive(Deserialize)]
        struct Bios {
            bios: Vec<Setting>,
        }
        let bios: Bios = self
            .send(Method::GET, &format!("/v1/nodes/{id}/bios"), None)
            .await?;
        Ok(bios
            .bios
            .into_iter()
            .map(|s| (s.name, s.value.unwrap_or_default()))
            .collect())
    }
}

/// One BIOS setting in Ironic's cache, with its registry fields.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BiosSetting {
    pub name: String,
    pub value: Option<String>,
    /// Enumeration, Integer, String, Boolean or Password; absent without a registry.
    pub attribute_type: Option<String>,
    pub allowable_values: Option<Vec<String>>,
    pub lower_bound: Option<i64>,
    pub upper_bound: Option<i64>,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub read_only: Option<bool>,
    pub reset_required: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(state: &str, target: Option<&str>) -> Node {
        serde_json::from_value(json!({
            "uuid": "u", "provision_state": state, "target_provision_state": target
        }))
        .expect("node")
    }

    #[test]
    fn a_transition_is_followed_until_it_rests_and_a_failure_stops_it() {
        assert_eq!(
            settled(&node("cleaning", Some("manageable")), "manageable"),
            None
        );
        assert_eq!(
            settled(&node("manageable", None), "manageable"),
            Some(Ok(()))
        );
        assert_eq!(
            settled(&node("clean failed", Some("manageable")), "manageable"),
            Some(Err(()))
        );
        assert_eq!(
            settled(&node("deploy failed", None), "active"),
            Some(Err(()))
        );
        // Not taken up yet: the caller looks again before it calls this a failure.
        assert_eq!(settled(&node("available", None), "active"), Some(Err(())));
    }

    #[test]
    fn steps_are_sent_as_ironic_reads_them() {
        let step = Step::new("bios", "apply_configuration", json!({"settings": []}));
        assert_eq!(
            serde_json::to_value(&step).expect("json"),
            json!({"interface": "bios", "step": "apply_configuration", "args": {"settings": []}})
        );
        let bare = Step::new("raid", "create_configuration", Value::Null);
        assert_eq!(
            serde_json::to_value(&bare).expect("json"),
            json!({"interface": "raid", "step": "create_configuration"})
        );
        assert_eq!(bare.name(), "raid.create_configuration");
    }
}
