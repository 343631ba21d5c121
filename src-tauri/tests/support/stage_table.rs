//! The stage table written out by hand (stage-table.json beside this folder),
//! shared by the rackctl and the IPC table tests.

use serde_json::Value;

/// (stage, the outcome of each action: "ok" or the refusal code).
pub fn table() -> Vec<(String, Vec<String>)> {
    let doc: Value =
        serde_json::from_str(include_str!("../stage-table.json")).expect("the stage table is JSON");
    doc["stages"]
        .as_object()
        .expect("stages")
        .iter()
        .map(|(stage, outcomes)| {
            let outcomes = outcomes.as_array().expect("outcomes");
            let outcomes = outcomes
                .iter()
                .map(|o| o.as_str().expect("outcome").to_owned());
            (stage.clone(), outcomes.collect())
        })
        .collect()
}
