//! What Ironic is asked to do when a node changes stage: the provision verbs,
//! in order, from the state it is in. The stage rules are checked first (as
//! for any server); this only says how Ironic gets there, or why it cannot.

use crate::Stage;

/// One request to Ironic on the way to a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IronicStep {
    /// `manage`: to manageable, where manual cleaning builds it.
    Manage,
    /// `provide`: automated cleaning, then available.
    Provide,
    /// `active`: deploy.
    Deploy,
    /// The retired flag.
    Retire,
}

/// What a move asks of Ironic, as the move dialog says it before anything is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum IronicRequest {
    /// `manage` (from enroll or available).
    Manage,
    /// `provide`: automated cleaning to available.
    Provide,
    /// Deploy: the node is powered on and booted.
    Deploy,
    MaintenanceOn,
    MaintenanceOff,
    Retire,
}

/// What Ironic is asked for on a move `from` → `to`, whatever its state is now
/// (the state decides only whether `manage` is needed; it is named either way).
pub fn requests(from: Stage, to: Stage) -> Vec<IronicRequest> {
    use IronicRequest::*;
    use Stage::*;
    match (from, to) {
        (_, MaintenanceOperator) => vec![MaintenanceOn],
        (MaintenanceOperator, _) => vec![MaintenanceOff],
        (Inventory, Building) => vec![Manage],
        (Building, InService) => vec![Provide, Deploy],
        (Inventory, Retired) => vec![Retire],
        _ => Vec::new(),
    }
}

/// The steps from `state` (the node's provision state) for a move `from` → `to`.
/// Holds (the maintenance flag) and customer Maintenance touch no provision
/// state, and Deletion is its own pipeline.
pub fn route(state: &str, from: Stage, to: Stage) -> Result<Vec<IronicStep>, String> {
    use IronicStep::*;
    use Stage::*;
    if to == MaintenanceOperator || from == MaintenanceOperator {
        return Ok(Vec::new());
    }
    match (from, to, state) {
        (Inventory, Building, "manageable") => Ok(Vec::new()),
        (Inventory, Building, "enroll" | "available" | "inspect failed") => Ok(vec![Manage]),
        (Building, Inventory, _) => Ok(Vec::new()),
        (Building, InService, "manageable") => Ok(vec![Provide, Deploy]),
        (Building, InService, "available") => Ok(vec![Deploy]),
        (InService, MaintenanceCustomer, "active") | (MaintenanceCustomer, InService, "active") => {
            Ok(Vec::new())
        }
        // Undeploying cleans the disks: leaving service is a deletion.
        (InService | MaintenanceCustomer, Building, _) => Err(
            "an Ironic node leaves service only through Delete (undeploying it cleans its disks)"
                .to_owned(),
        ),
        // Ironic refuses the retired flag on an available node.
        (Inventory, Retired, "available") => Ok(vec![Manage, Retire]),
        (Inventory, Retired, _) => Ok(vec![Retire]),
        (_, _, state) => Err(format!(
            "Ironic has the node {state}; it cannot go from {} to {} from there",
            from.as_str(),
            to.as_str()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IronicStep::*;

    #[test]
    fn each_move_asks_ironic_for_the_verbs_its_state_needs() {
        assert_eq!(
            route("available", Stage::Inventory, Stage::Building),
            Ok(vec![Manage])
        );
        assert_eq!(
            route("manageable", Stage::Inventory, Stage::Building),
            Ok(vec![])
        );
        assert_eq!(
            route("manageable", Stage::Building, Stage::InService),
            Ok(vec![Provide, Deploy])
        );
        assert_eq!(
            route("available", Stage::Building, Stage::InService),
            Ok(vec![Deploy])
        );
        assert_eq!(
            route("active", Stage::InService, Stage::MaintenanceCustomer),
            Ok(vec![])
        );
        assert_eq!(
            route("active", Stage::InService, Stage::MaintenanceOperator),
            Ok(vec![])
        );
        assert_eq!(
            route("manageable", Stage::Inventory, Stage::Retired),
            Ok(vec![Retire])
        );
    }

    #[test]
    fn a_move_ironic_cannot_make_is_refused_with_its_state() {
        let busy = route("cleaning", Stage::Building, Stage::InService).expect_err("busy");
        assert!(busy.contains("cleaning"), "{busy}");
        let back = route("active", Stage::InService, Stage::Building).expect_err("undeploy");
        assert!(back.contains("Delete"), "{back}");
    }
}
