//! Deleting an Ironic node: Ironic undeploys it and runs automated cleaning
//! back to available; the pass then reads the node's history for the clean
//! steps Ironic ran (quoted on the certificate) and refuses to certify a node
//! that was not cleaned (automated cleaning turned off, or it failed).

use racksmith_inventory::{BackendRecord, Deletion, ServerSummary};
use racksmith_ironic::{Client, HistoryEvent, Node, Verb};
use racksmith_lifecycle::Actor;

use crate::deletion_pipeline::Findings;
use crate::ironic_moves::IRONIC_TRANSITION;
use crate::jobs::Progress;
use crate::{Core, Error, ErrorCode};

/// The steps of a pass on an Ironic node, in order.
pub const IRONIC_PIPELINE: [&str; 3] = ["ironic_cleaning", "ironic_clean_steps", "verify"];

/// The prefix of a recorded clean step, as `ironic:deploy.erase_devices`.
pub const CLEAN_STEP_PREFIX: &str = "ironic:";

/// The verb that gets a node in `state` cleaned and available, if one is needed.
fn cleaning_verb(node: &Node) -> Result<Option<Verb>, Error> {
    match node.provision_state.as_str() {
        "active" | "deploy failed" | "error" => Ok(Some(Verb::Undeploy)),
        "manageable" => Ok(Some(Verb::Provide)),
        // Under way already (a resumed pass): followed, not asked again.
        "deleting" | "cleaning" | "clean wait" | "available" => Ok(None),
        other => Err(Error::new(
            ErrorCode::Conflict,
            format!(
                "Ironic has the node {other}{}; it cannot be cleaned from there",
                node.last_error
                    .as_deref()
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default()
            ),
        )),
    }
}

/// Clocks of Racksmith's computer and Ironic's may differ by this much.
const CLOCK_SKEW: time::Duration = time::Duration::minutes(10);

fn parse_time(text: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
}

/// The clean steps of the automated cleaning this pass asked for, or why the
/// history does not show one that finished: the last cleaning must have begun
/// after the pass did (give or take the clocks), with no deploy or error after it.
fn cleaned_since(history: &[HistoryEvent], since: &str) -> Result<Vec<(String, String)>, String> {
    let not_before = parse_time(since).map(|t| t - CLOCK_SKEW);
    let start = history
        .iter()
        .rposition(|e| e.event.starts_with("Starting automated cleaning"))
        .filter(|&i| match (not_before, parse_time(&history[i].created_at)) {
            (Some(limit), Some(at)) => at >= limit,
            _ => true,
        })
        .ok_or("Ironic's history shows no automated cleaning on this pass (is automated_clean turned off?)")?;
    let after = &history[start + 1..];
    if let Some(error) = after.iter().find(|e| e.severity == "ERROR") {
        return Err(format!("Ironic recorded an error: {}", error.event));
    }
    if after
        .iter()
        .any(|e| e.event.starts_with("Starting deployment"))
    {
        return Err("the node was deployed again after its last automated cleaning".into());
    }
    if !after.iter().any(|e| {
        e.event
            .starts_with("Automated Cleaning completed successfully")
    }) {
        return Err("Ironic's history does not show the automated cleaning finishing".into());
    }
    let started = &history[start];
    Ok(started
        .steps()
        .into_iter()
        .map(|step| (step.name(), started.created_at.clone()))
        .collect())
}

impl Core {
    pub(crate) fn pipeline_of(ironic: bool) -> Vec<String> {
        let steps: &[&str] = if ironic {
            &IRONIC_PIPELINE
        } else {
            &crate::deletion::PIPELINE
        };
        steps.iter().map(|s| (*s).to_owned()).collect()
    }

    /// The pass on an Ironic node, step by step, each recorded like the BMC pipeline's.
    pub(crate) async fn delete_through_ironic(
        &self,
        job_id: &str,
        pass: &Deletion,
        server: &ServerSummary,
        actor: &Actor,
        link: (BackendRecord, String),
        progress: &Progress,
    ) -> Result<String, Error> {
        let (backend, node) = link;
        let client = match self.ironic(&backend).await {
            Ok(client) => client,
            Err(error) => {
                self.fail_step(pass, IRONIC_PIPELINE[0], &error).await;
                return Err(error);
            }
        };
        let mut findings = Findings {
            ironic_node: Some(format!("Ironic node {node} at {}", backend.url)),
            ..Findings::default()
        };
        for (position, step) in IRONIC_PIPELINE.iter().enumerate() {
            // Room between steps for the clean steps recorded under one of them.
            self.step_started(pass, step, position as u32 * 100).await?;
            self.record_step(job_id, server, step_label(step).to_owned(), progress)
                .await?;
            let outcome = match *step {
                "ironic_cleaning" => clean(&client, &node).await,
                "ironic_clean_steps" => {
                    self.record_clean_steps(pass, &client, &node, position as u32 * 100)
                        .await
                }
                _ => verify(&client, &node).await,
            };
            match outcome {
                Ok(detail) => self.step_done(pass, step, &detail).await?,
                Err(error) => {
                    self.fail_step(pass, step, &error).await;
                    return Err(error);
                }
            }
        }
        findings.manufacturer = None;
        let certificate = self
            .issue_certificate(pass, server, actor, findings)
            .await?;
        Ok(format!(
            "cleaned by Ironic and back in Inventory; certificate {certificate}"
        ))
    }

    /// Each clean step Ironic ran on this pass, recorded as a step of the pass.
    async fn record_clean_steps(
        &self,
        pass: &Deletion,
        client: &Client,
        node: &str,
        position: u32,
    ) -> Result<String, Error> {
        let history = client.history(node).await?;
        let steps = cleaned_since(&history, &pass.started_at)
            .map_err(|why| Error::new(ErrorCode::VerifyFailed, why))?;
        for (offset, (name, at)) in steps.iter().enumerate() {
            let step = format!("{CLEAN_STEP_PREFIX}{name}");
            self.step_started(pass, &step, position + 1 + offset as u32)
                .await?;
            self.step_done(
                pass,
                &step,
                &format!("run by Ironic's automated cleaning, started {at}"),
            )
            .await?;
        }
        let names: Vec<&str> = steps.iter().map(|(n, _)| n.as_str()).collect();
        Ok(if names.is_empty() {
            "Ironic's automated cleaning ran with no steps enabled".to_owned()
        } else {
            format!("Ironic ran {}", names.join(", "))
        })
    }

    async fn step_started(&self, pass: &Deletion, step: &str, position: u32) -> Result<(), Error> {
        let (id, name) = (pass.id.clone(), step.to_owned());
        self.with_store(move |store| store.deletion_step_started(&id, &name, position))
            .await
    }

    async fn step_done(&self, pass: &Deletion, step: &str, detail: &str) -> Result<(), Error> {
        let (id, name, detail) = (pass.id.clone(), step.to_owned(), detail.to_owned());
        self.with_store(move |store| store.deletion_step_done(&id, &name, &detail))
            .await
    }
}

async fn clean(client: &Client, node: &str) -> Result<String, Error> {
    let facts = client.node(node).await?;
    if let Some(verb) = cleaning_verb(&facts)? {
        client.provision(node, verb, &[]).await?;
    }
    let cleaned = client
        .wait_for_provision(node, "available", IRONIC_TRANSITION)
        .await?;
    // Stock is kept powered off; some drivers leave a cleaned node on.
    if cleaned.power_state.as_deref() != Some("power off") {
        client.set_power(node, "power off").await?;
        client
            .wait_for_power(node, "power off", std::time::Duration::from_secs(600))
            .await?;
    }
    Ok(format!(
        "Ironic undeployed and cleaned node {node}; it is available and powered off"
    ))
}

async fn verify(client: &Client, node: &str) -> Result<String, Error> {
    let facts = client.node(node).await?;
    let mut wrong = Vec::new();
    if facts.provision_state != "available" {
        wrong.push(format!("it is {}, not available", facts.provision_state));
    }
    if facts.maintenance {
        wrong.push("it is in maintenance".to_owned());
    }
    if let Some(error) = &facts.last_error {
        wrong.push(format!("Ironic reports: {error}"));
    }
    if facts.power_state.as_deref() == Some("power on") {
        wrong.push("power is on".to_owned());
    }
    if !wrong.is_empty() {
        return Err(Error::new(ErrorCode::VerifyFailed, wrong.join("; ")));
    }
    Ok("available, powered off, no error in Ironic".to_owned())
}

/// The step as the job list shows it.
fn step_label(step: &str) -> &'static str {
    match step {
        "ironic_cleaning" => "Ironic: undeploying and cleaning",
        "ironic_clean_steps" => "reading the clean steps from Ironic's history",
        _ => "verifying clean",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(at: &str, severity: &str, text: &str) -> HistoryEvent {
        HistoryEvent {
            uuid: at.into(),
            created_at: at.into(),
            severity: severity.into(),
            event: text.into(),
        }
    }

    #[test]
    fn the_clean_steps_come_from_the_last_cleaning_of_this_pass() {
        let history = [
            event("2026-11-01T00:00:00Z", "INFO", "Starting automated cleaning with steps=[{'step': 'old', 'interface': 'deploy'}]"),
            event("2026-11-01T00:00:09Z", "INFO", "Automated Cleaning completed successfully with steps=[]"),
            event("2026-11-25T04:31:20.000912+00:00", "INFO", "Starting automated cleaning with steps=[{'step': 'erase_devices', 'priority': 10, 'interface': 'deploy'}]"),
            event("2026-11-25T04:31:50.1+00:00", "INFO", "Automated Cleaning completed successfully with steps=[]"),
        ];
        // Ironic's clock a few minutes behind ours still counts.
        let steps = cleaned_since(&history, "2026-11-25T04:35:00Z").expect("cleaned");
        assert_eq!(
            steps,
            vec![(
                "deploy.erase_devices".to_owned(),
                "2026-11-25T04:31:20.000912+00:00".to_owned()
            )]
        );
        // Only the old cleaning, long before the pass: not this pass's.
        assert!(cleaned_since(&history[..2], "2026-11-25T04:35:00Z").is_err());
    }

    #[test]
    fn no_cleaning_an_unfinished_one_or_an_error_is_not_certified() {
        let since = "2026-11-25T04:00:00Z";
        let none = cleaned_since(&[], since).expect_err("no cleaning");
        assert!(none.contains("automated_clean"), "{none}");
        let started = event(
            "2026-11-25T04:31:20Z",
            "INFO",
            "Starting automated cleaning with steps=[]",
        );
        assert!(cleaned_since(std::slice::from_ref(&started), since).is_err());
        let failed = [
            started.clone(),
            event(
                "2026-11-25T04:31:21Z",
                "ERROR",
                "Cleaning failed: disk gone",
            ),
        ];
        let why = cleaned_since(&failed, since).expect_err("failed");
        assert!(why.contains("disk gone"), "{why}");
        let redeployed = [
            started.clone(),
            event(
                "2026-11-25T04:31:22Z",
                "INFO",
                "Automated Cleaning completed successfully with steps=[]",
            ),
            event(
                "2026-11-25T04:40:00Z",
                "INFO",
                "Starting deployment with steps=[]",
            ),
        ];
        assert!(cleaned_since(&redeployed, since).is_err());
    }
}
