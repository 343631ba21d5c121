//! A stage move of an Ironic node is a request to Ironic first: the operator's
//! hold is its maintenance flag, a build starts from manageable, service is a
//! deploy, retirement its retired flag. The move is recorded only once Ironic
//! is there, so the cache never says more than Ironic does.

use std::time::Duration;

use racksmith_inventory::{ServerSummary, Stage};
use racksmith_ironic::{Client, Verb};
use racksmith_lifecycle::{ironic_route, IronicStep};
use serde_json::json;

use crate::{Core, Error, ErrorCode};

/// How long one provision transition (a clean, a deploy) may take.
pub(crate) const IRONIC_TRANSITION: Duration = Duration::from_secs(3 * 3600);

impl Core {
    pub(crate) async fn move_through_ironic(
        &self,
        server: &ServerSummary,
        to: Stage,
        reason: Option<&str>,
    ) -> Result<(), Error> {
        let Some((backend, node)) = self.ironic_link(server).await? else {
            return Ok(());
        };
        let client = self.ironic(&backend).await?;
        if to == Stage::MaintenanceOperator {
            return Ok(client
                .set_maintenance(&node, reason.unwrap_or("held in Racksmith"))
                .await?);
        }
        if server.stage == Stage::MaintenanceOperator {
            return Ok(client.clear_maintenance(&node).await?);
        }
        let state = client.node(&node).await?.provision_state;
        let steps = ironic_route(&state, server.stage, to)
            .map_err(|why| Error::new(ErrorCode::Conflict, format!("{}: {why}", server.name)))?;
        for step in steps {
            take_step(&client, &node, step, reason).await?;
        }
        Ok(())
    }
}

async fn take_step(
    client: &Client,
    node: &str,
    step: IronicStep,
    reason: Option<&str>,
) -> Result<(), Error> {
    let verb = match step {
        IronicStep::Manage => Verb::Manage,
        IronicStep::Provide => Verb::Provide,
        IronicStep::Deploy => Verb::Deploy,
        IronicStep::Retire => {
            client
                .patch(
                    node,
                    json!([
                        { "op": "replace", "path": "/retired", "value": true },
                        { "op": "replace", "path": "/retired_reason",
                          "value": reason.unwrap_or("retired in Racksmith") },
                    ]),
                )
                .await?;
            return Ok(());
        }
    };
    client
        .provision_and_wait(node, verb, &[], IRONIC_TRANSITION)
        .await?;
    Ok(())
}
