//! Where an OpenStack Ironic node stands in our stage model (DESIGN.md section
//! 1): its provision state, with the direction of a transition under way, its
//! maintenance flag (the operator's hold) and its retired flag.

use crate::Stage;

/// What Ironic says of a node that decides its stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IronicNodeState<'a> {
    pub provision_state: &'a str,
    pub target_provision_state: Option<&'a str>,
    pub maintenance: bool,
    pub retired: bool,
}

/// The node's stage. `known` is the stage the cache had: a manageable node is
/// in stock or being built, and only our own record tells which.
pub fn stage_of(node: IronicNodeState<'_>, known: Option<Stage>) -> Stage {
    if node.retired {
        return Stage::Retired;
    }
    // Ironic's maintenance flag means "stop managing it": the operator's hold.
    if node.maintenance {
        return Stage::MaintenanceOperator;
    }
    match node.provision_state {
        // A customer's move to Maintenance changes nothing in Ironic (moving
        // never touches the hardware), so our record of it stands.
        "active" if known == Some(Stage::MaintenanceCustomer) => Stage::MaintenanceCustomer,
        "active" | "deploying" | "wait call-back" | "deploy failed" | "deploy hold" => {
            Stage::InService
        }
        "servicing" | "service wait" | "service failed" | "service hold" => {
            Stage::MaintenanceCustomer
        }
        "deleting" | "error" => Stage::Deletion,
        // Cleaning on its way back to available is the automated clean of a
        // deletion; on its way to manageable it is a manual clean, a build.
        "cleaning" | "clean wait" | "clean failed" | "clean hold" => {
            match node.target_provision_state {
                Some("manageable") => Stage::Building,
                // A build's provide on its way to deploy cleans too.
                Some("available") if known == Some(Stage::Building) => Stage::Building,
                Some("available") => Stage::Deletion,
                _ if known == Some(Stage::Building) => Stage::Building,
                _ => Stage::Deletion,
            }
        }
        "manageable" | "inspecting" | "inspect wait" | "inspect failed" | "verifying" => {
            match known {
                Some(Stage::Building) => Stage::Building,
                _ => Stage::Inventory,
            }
        }
        // Cleaned and available, but Racksmith's deletion pass is still open:
        // the pass verifies it and issues the certificate before it is stock.
        "available" if known == Some(Stage::Deletion) => Stage::Deletion,
        // enroll, available, and states this client does not know yet.
        _ => Stage::Inventory,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node<'a>(state: &'a str, target: Option<&'a str>) -> IronicNodeState<'a> {
        IronicNodeState {
            provision_state: state,
            target_provision_state: target,
            maintenance: false,
            retired: false,
        }
    }

    #[test]
    fn provision_states_map_to_stages_as_the_design_says() {
        let cases = [
            ("enroll", None, None, Stage::Inventory),
            ("manageable", None, None, Stage::Inventory),
            ("available", None, None, Stage::Inventory),
            ("manageable", None, Some(Stage::Building), Stage::Building),
            ("cleaning", Some("manageable"), None, Stage::Building),
            ("clean wait", Some("available"), None, Stage::Deletion),
            ("clean failed", None, Some(Stage::Deletion), Stage::Deletion),
            ("clean failed", None, Some(Stage::Building), Stage::Building),
            ("deploying", Some("active"), None, Stage::InService),
            ("active", None, None, Stage::InService),
            (
                "active",
                None,
                Some(Stage::MaintenanceCustomer),
                Stage::MaintenanceCustomer,
            ),
            (
                "deploying",
                None,
                Some(Stage::MaintenanceCustomer),
                Stage::InService,
            ),
            (
                "servicing",
                Some("active"),
                None,
                Stage::MaintenanceCustomer,
            ),
            ("service failed", None, None, Stage::MaintenanceCustomer),
            ("deleting", Some("available"), None, Stage::Deletion),
            (
                "cleaning",
                Some("available"),
                Some(Stage::Building),
                Stage::Building,
            ),
            ("available", None, Some(Stage::Deletion), Stage::Deletion),
        ];
        for (state, target, known, want) in cases {
            assert_eq!(
                stage_of(node(state, target), known),
                want,
                "{state} {target:?} {known:?}"
            );
        }
    }

    #[test]
    fn the_flags_win_over_the_provision_state() {
        let mut held = node("active", None);
        held.maintenance = true;
        assert_eq!(stage_of(held, None), Stage::MaintenanceOperator);
        let mut retired = node("manageable", None);
        retired.retired = true;
        retired.maintenance = true;
        assert_eq!(stage_of(retired, None), Stage::Retired);
    }
}
