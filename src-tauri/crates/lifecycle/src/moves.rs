use serde::{Deserialize, Serialize};
use specta::Type;

use crate::guard::{hold_refusal, snapshot_refusal, stage_label};
use crate::{Actor, Refusal, RefusalCode, Role, ServerState, Stage};

/// A move asked for: where to, and why (some moves must say why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MoveRequest {
    pub to: Stage,
    pub reason: Option<String>,
    /// For the operator's hold: when the server is planned to be released (RFC 3339).
    pub hold_until: Option<String>,
}

/// One possible move from the server's stage, allowed or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MoveRule {
    pub to: Stage,
    pub allowed: bool,
    pub refusal: Option<Refusal>,
    pub needs_reason: bool,
    pub needs_until: bool,
    /// For an Ironic node, what Ironic is asked to do on this move (empty:
    /// nothing is sent); none for a server reached through its BMC.
    #[serde(default)]
    pub ironic: Option<Vec<crate::IronicRequest>>,
}

/// The moves a customer (and an operator) may make, from the stage table.
fn ordinary_moves(from: Stage) -> &'static [Stage] {
    match from {
        Stage::Inventory => &[Stage::Building, Stage::Retired],
        Stage::Building => &[Stage::InService, Stage::Inventory],
        Stage::InService => &[Stage::MaintenanceCustomer, Stage::Deletion],
        Stage::MaintenanceCustomer => &[Stage::InService, Stage::Deletion],
        Stage::Deletion => &[Stage::Inventory],
        Stage::MaintenanceOperator | Stage::Retired => &[],
    }
}

fn needs_reason(from: Stage, to: Stage) -> bool {
    matches!(
        to,
        Stage::MaintenanceOperator | Stage::Deletion | Stage::Retired
    ) || (from == Stage::Building && to == Stage::Inventory)
}

fn blank(text: &Option<String>) -> bool {
    text.as_deref().is_none_or(|t| t.trim().is_empty())
}

fn reachable(server: &ServerState, to: Stage, actor: &Actor) -> Result<(), Refusal> {
    let from = server.stage;
    let forbidden = || {
        Refusal::new(
            RefusalCode::StageForbids,
            format!(
                "{} cannot move from {} to {}",
                server.name,
                stage_label(from),
                stage_label(to)
            ),
        )
    };
    if server.read_only {
        return Err(snapshot_refusal());
    }
    if to == Stage::MaintenanceOperator {
        if from == Stage::Deletion || from == Stage::MaintenanceOperator {
            return Err(forbidden());
        }
        if actor.role != Role::Operator {
            return Err(Refusal::new(
                RefusalCode::OperatorOnly,
                "only an operator can put a server on hold",
            ));
        }
        return Ok(());
    }
    if from == Stage::MaintenanceOperator {
        if actor.role != Role::Operator {
            return Err(hold_refusal(server, server.hold.as_ref()));
        }
        // Releasing returns the server where the hold found it.
        let back = server.hold.as_ref().map(|h| h.held_from);
        return if back == Some(to) {
            Ok(())
        } else {
            Err(Refusal::new(
                RefusalCode::StageForbids,
                format!(
                    "a held server is released to where it was held from ({})",
                    back.map(stage_label).unwrap_or("unknown")
                ),
            ))
        };
    }
    if !ordinary_moves(from).contains(&to) {
        return Err(forbidden());
    }
    if from == Stage::Deletion && !server.cleaned {
        return Err(Refusal::new(
            RefusalCode::DeletionUnfinished,
            format!(
                "{} returns to stock only after Deletion has erased it and verified it clean",
                server.name
            ),
        ));
    }
    Ok(())
}

/// May `actor` make this move? Moving never touches the hardware; the caller
/// records it (who, when, from, to, why) once this says yes.
pub fn check_move(
    server: &ServerState,
    request: &MoveRequest,
    actor: &Actor,
) -> Result<(), Refusal> {
    reachable(server, request.to, actor)?;
    if needs_reason(server.stage, request.to) && blank(&request.reason) {
        return Err(Refusal::new(
            RefusalCode::ReasonRequired,
            format!(
                "moving {} to {} needs a reason",
                server.name,
                stage_label(request.to)
            ),
        ));
    }
    if request.to == Stage::MaintenanceOperator && blank(&request.hold_until) {
        return Err(Refusal::new(
            RefusalCode::ReasonRequired,
            "a hold needs the time it is planned to end",
        ));
    }
    Ok(())
}

/// Every other stage with its answer, for the UI's move menu.
pub fn allowed_moves(server: &ServerState, actor: &Actor) -> Vec<MoveRule> {
    Stage::ALL
        .into_iter()
        .filter(|to| *to != server.stage)
        .map(|to| {
            let refusal = reachable(server, to, actor).err();
            MoveRule {
                to,
                allowed: refusal.is_none(),
                refusal,
                needs_reason: needs_reason(server.stage, to),
                needs_until: to == Stage::MaintenanceOperator,
                ironic: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::tests::server;
    use crate::Hold;

    fn to(stage: Stage, reason: Option<&str>) -> MoveRequest {
        MoveRequest {
            to: stage,
            reason: reason.map(str::to_owned),
            hold_until: Some("2026-12-01T06:00:00Z".into()),
        }
    }

    #[test]
    fn every_pair_of_stages_moves_as_the_table_says_for_a_customer() {
        use Stage::*;
        let allowed = [
            (Inventory, Building),
            (Inventory, Retired),
            (Building, InService),
            (Building, Inventory),
            (InService, MaintenanceCustomer),
            (InService, Deletion),
            (MaintenanceCustomer, InService),
            (MaintenanceCustomer, Deletion),
        ];
        let customer = Actor::new("alice", Role::Customer);
        for from in Stage::ALL {
            for target in Stage::ALL.into_iter().filter(|t| *t != from) {
                let answer = check_move(&server(from), &to(target, Some("why")), &customer);
                assert_eq!(
                    answer.is_ok(),
                    allowed.contains(&(from, target)),
                    "{from:?} -> {target:?}: {answer:?}"
                );
            }
        }
    }

    #[test]
    fn an_operator_holds_from_any_stage_but_deletion_and_releases_back() {
        let operator = Actor::new("oscar", Role::Operator);
        for from in Stage::ALL
            .into_iter()
            .filter(|s| *s != Stage::MaintenanceOperator)
        {
            let answer = check_move(
                &server(from),
                &to(Stage::MaintenanceOperator, Some("PSU swap")),
                &operator,
            );
            assert_eq!(answer.is_ok(), from != Stage::Deletion, "{from:?}");
        }
        let no_reason = check_move(
            &server(Stage::InService),
            &to(Stage::MaintenanceOperator, None),
            &operator,
        );
        assert_eq!(
            no_reason.map_err(|r| r.code),
            Err(RefusalCode::ReasonRequired)
        );
        let customer = Actor::new("alice", Role::Customer);
        let by_customer = check_move(
            &server(Stage::InService),
            &to(Stage::MaintenanceOperator, Some("x")),
            &customer,
        );
        assert_eq!(
            by_customer.map_err(|r| r.code),
            Err(RefusalCode::OperatorOnly)
        );

        let mut held = server(Stage::MaintenanceOperator);
        held.hold = Some(Hold {
            by: "oscar".into(),
            reason: "PSU swap".into(),
            until: "2026-12-01T06:00:00Z".into(),
            held_from: Stage::InService,
        });
        assert!(check_move(&held, &to(Stage::InService, None), &operator).is_ok());
        assert!(check_move(&held, &to(Stage::Building, None), &operator).is_err());
        let locked = check_move(&held, &to(Stage::InService, None), &customer);
        assert_eq!(locked.map_err(|r| r.code), Err(RefusalCode::OperatorHold));
    }

    #[test]
    fn deletion_returns_to_stock_only_once_verified_clean() {
        let customer = Actor::new("alice", Role::Customer);
        let mut server = server(Stage::Deletion);
        let refused = check_move(&server, &to(Stage::Inventory, None), &customer);
        assert_eq!(
            refused.map_err(|r| r.code),
            Err(RefusalCode::DeletionUnfinished)
        );
        server.cleaned = true;
        assert!(check_move(&server, &to(Stage::Inventory, None), &customer).is_ok());
    }

    #[test]
    fn deletion_and_retirement_need_a_reason() {
        let customer = Actor::new("alice", Role::Customer);
        for (from, target) in [
            (Stage::InService, Stage::Deletion),
            (Stage::Inventory, Stage::Retired),
        ] {
            let refused = check_move(&server(from), &to(target, Some("  ")), &customer);
            assert_eq!(
                refused.map_err(|r| r.code),
                Err(RefusalCode::ReasonRequired)
            );
        }
        let rules = allowed_moves(&server(Stage::InService), &customer);
        let deletion = rules
            .iter()
            .find(|r| r.to == Stage::Deletion)
            .expect("listed");
        assert!(deletion.allowed && deletion.needs_reason);
    }
}
