use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{Action, Actor, Backend, Hold, Role, Stage};

/// Why something was refused: the UI translates the code, `rackctl` prints both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RefusalCode {
    /// The stage does not allow this action or move.
    StageForbids,
    /// It may reboot the server, and the server is in service: move it to Maintenance first.
    RebootNeedsMaintenance,
    /// An operator holds the server; customer actions are locked.
    OperatorHold,
    /// Only an operator may do this.
    OperatorOnly,
    /// The BMC did not answer at the last contact.
    BmcUnreachable,
    /// A snapshot opened for review cannot change anything.
    ReadOnlySnapshot,
    /// The move needs a reason (or the hold an end time).
    ReasonRequired,
    /// Deletion has not verified the server clean yet.
    DeletionUnfinished,
    /// Destroying data needs the typed confirmation of a deletion, not a plain move.
    ConfirmationRequired,
    /// The stage allows it, but the server's backend (Ironic) cannot carry it out.
    BackendCannot,
}

impl RefusalCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalCode::StageForbids => "stage_forbids",
            RefusalCode::RebootNeedsMaintenance => "reboot_needs_maintenance",
            RefusalCode::OperatorHold => "operator_hold",
            RefusalCode::OperatorOnly => "operator_only",
            RefusalCode::BmcUnreachable => "bmc_unreachable",
            RefusalCode::ReadOnlySnapshot => "read_only_snapshot",
            RefusalCode::ReasonRequired => "reason_required",
            RefusalCode::DeletionUnfinished => "deletion_unfinished",
            RefusalCode::ConfirmationRequired => "confirmation_required",
            RefusalCode::BackendCannot => "backend_cannot",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Refusal {
    pub code: RefusalCode,
    pub message: String,
}

impl Refusal {
    pub fn new(code: RefusalCode, message: impl Into<String>) -> Refusal {
        Refusal {
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Whether the BMC answered at the last contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Reachability {
    Reachable,
    Unreachable,
    /// Never contacted (a server with no BMC, or not refreshed yet).
    Unknown,
}

/// What the guards look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerState {
    pub name: String,
    pub stage: Stage,
    pub hold: Option<Hold>,
    pub reachability: Reachability,
    /// Set once Deletion's pipeline has verified the server clean.
    pub cleaned: bool,
    /// A snapshot opened for review: nothing may change.
    pub read_only: bool,
    /// Who carries out its hardware actions.
    pub backend: Backend,
}

/// One action, allowed or not, and why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ActionRule {
    pub action: Action,
    pub allowed: bool,
    pub refusal: Option<Refusal>,
}

fn building_allows(action: Action) -> bool {
    !matches!(
        action,
        Action::ScheduleOrder | Action::BmcReset | Action::Erase
    )
}

/// RAID changes may rebuild disks, so they wait for Maintenance like the rest;
/// a whole build profile belongs to Building only.
fn maintenance_allows(action: Action) -> bool {
    !matches!(action, Action::BuildProfile | Action::Erase)
}

/// The stage table of DESIGN.md, section 1.
fn stage_allows(stage: Stage, action: Action) -> bool {
    use Action::*;
    match stage {
        Stage::Inventory => matches!(action, View | Export | Refresh | Locate),
        Stage::Building => building_allows(action),
        Stage::InService => matches!(
            action,
            View | Export
                | Refresh
                | Locate
                | PowerOn
                | GracefulShutdown
                | Kvm
                | VirtualMedia
                | BmcAccess
        ),
        Stage::MaintenanceCustomer => maintenance_allows(action),
        Stage::MaintenanceOperator => building_allows(action) || maintenance_allows(action),
        // The pipeline works here, not people.
        Stage::Deletion => matches!(action, View | Export | Refresh | Erase),
        Stage::Retired => matches!(action, View | Export),
    }
}

pub(crate) fn stage_label(stage: Stage) -> &'static str {
    match stage {
        Stage::Inventory => "Inventory",
        Stage::Building => "Building",
        Stage::InService => "In service",
        Stage::MaintenanceCustomer => "Maintenance",
        Stage::MaintenanceOperator => "the operator's hold",
        Stage::Deletion => "Deletion",
        Stage::Retired => "Retired",
    }
}

/// What any change to a snapshot under review gets, whoever asks.
pub fn snapshot_refusal() -> Refusal {
    Refusal::new(
        RefusalCode::ReadOnlySnapshot,
        "this is a snapshot opened for review; nothing in it can be changed",
    )
}

pub(crate) fn hold_refusal(server: &ServerState, hold: Option<&Hold>) -> Refusal {
    let held = hold.map_or_else(
        || String::from("held by the operator"),
        |h| {
            format!(
                "held by the operator {} until {} ({})",
                h.by, h.until, h.reason
            )
        },
    );
    Refusal::new(
        RefusalCode::OperatorHold,
        format!(
            "{} is {held}; customer actions are locked until it is released",
            server.name
        ),
    )
}

/// May `actor` do `action` on this server now? The one check every caller makes
/// before touching hardware, whatever it is (UI, `rackctl`, the scheduler).
pub fn guard(server: &ServerState, action: Action, actor: &Actor) -> Result<(), Refusal> {
    if server.read_only && !matches!(action, Action::View | Action::Export) {
        return Err(snapshot_refusal());
    }
    if server.stage == Stage::MaintenanceOperator
        && actor.role != Role::Operator
        && !matches!(action, Action::View | Action::Export)
    {
        return Err(hold_refusal(server, server.hold.as_ref()));
    }
    if stage_allows(server.stage, action) {
        return match server.backend.cannot(action) {
            None => Ok(()),
            Some(why) => Err(Refusal::new(
                RefusalCode::BackendCannot,
                format!("{}: {why}", server.name),
            )),
        };
    }
    if server.stage == Stage::InService && action.may_reboot() {
        return Err(Refusal::new(
            RefusalCode::RebootNeedsMaintenance,
            format!(
                "{} is in service and {} may reboot it; move it to Maintenance first (moving does not reboot)",
                server.name,
                action.as_str()
            ),
        ));
    }
    Err(Refusal::new(
        RefusalCode::StageForbids,
        format!(
            "{} is not allowed in {} ({})",
            action.as_str(),
            stage_label(server.stage),
            server.name
        ),
    ))
}

/// Every action with its answer for this server and actor; the UI shows exactly this.
/// Beyond the guard, actions that need the BMC are disabled while it is unreachable.
pub fn allowed_actions(server: &ServerState, actor: &Actor) -> Vec<ActionRule> {
    Action::ALL
        .into_iter()
        .map(|action| {
            let refusal = guard(server, action, actor).err().or_else(|| {
                (action.needs_bmc() && server.reachability == Reachability::Unreachable).then(|| {
                    Refusal::new(
                        RefusalCode::BmcUnreachable,
                        format!("the BMC of {} did not answer at the last contact; refresh it once it is back", server.name),
                    )
                })
            });
            ActionRule {
                action,
                allowed: refusal.is_none(),
                refusal,
            }
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn server(stage: Stage) -> ServerState {
        ServerState {
            name: "web-1".into(),
            stage,
            hold: None,
            reachability: Reachability::Reachable,
            cleaned: false,
            read_only: false,
            backend: Backend::Direct,
        }
    }

    #[test]
    fn an_ironic_node_is_refused_what_ironic_cannot_do_with_that_reason() {
        let ironic = ServerState {
            backend: Backend::Ironic,
            ..server(Stage::Building)
        };
        let refusal = guard(&ironic, Action::BmcSettings, &customer()).expect_err("bmc");
        assert_eq!(refusal.code, RefusalCode::BackendCannot);
        assert!(refusal.message.contains("Ironic"), "{}", refusal.message);
        assert_eq!(guard(&ironic, Action::BuildProfile, &customer()), Ok(()));
        // The stage is asked first: in service a reboot still needs Maintenance.
        let serving = ServerState {
            stage: Stage::InService,
            ..ironic.clone()
        };
        assert_eq!(
            guard(&serving, Action::BmcReset, &customer()).map_err(|r| r.code),
            Err(RefusalCode::RebootNeedsMaintenance)
        );
        let kvm = allowed_actions(&serving, &customer())
            .into_iter()
            .find(|rule| rule.action == Action::Kvm)
            .expect("kvm rule");
        assert!(!kvm.allowed);
        assert_eq!(
            kvm.refusal.map(|r| r.code),
            Some(RefusalCode::BackendCannot)
        );
    }

    fn customer() -> Actor {
        Actor::new("alice", Role::Customer)
    }

    fn operator() -> Actor {
        Actor::new("oscar", Role::Operator)
    }

    /// The table, written out by hand so that a change to the rules must change it too.
    /// Columns: Inventory, Building, InService, Maintenance (customer), Deletion, Retired.
    const TABLE: &[(Action, [bool; 6])] = &[
        (Action::View, [true, true, true, true, true, true]),
        (Action::Export, [true, true, true, true, true, true]),
        (Action::Refresh, [true, true, true, true, true, false]),
        (Action::Locate, [true, true, true, true, false, false]),
        (Action::PowerOn, [false, true, true, true, false, false]),
        (
            Action::GracefulShutdown,
            [false, true, true, true, false, false],
        ),
        (Action::ForceOff, [false, true, false, true, false, false]),
        (
            Action::GracefulRestart,
            [false, true, false, true, false, false],
        ),
        (
            Action::ForceRestart,
            [false, true, false, true, false, false],
        ),
        (Action::PowerCycle, [false, true, false, true, false, false]),
        (Action::Kvm, [false, true, true, true, false, false]),
        (
            Action::VirtualMedia,
            [false, true, true, true, false, false],
        ),
        (Action::BmcAccess, [false, true, true, true, false, false]),
        (
            Action::BiosSettings,
            [false, true, false, true, false, false],
        ),
        (Action::RaidBuild, [false, true, false, true, false, false]),
        (
            Action::BmcSettings,
            [false, true, false, true, false, false],
        ),
        (
            Action::BuildProfile,
            [false, true, false, false, false, false],
        ),
        (
            Action::FirmwareUpdate,
            [false, true, false, true, false, false],
        ),
        (Action::BmcReset, [false, false, false, true, false, false]),
        (
            Action::ScheduleOrder,
            [false, false, false, true, false, false],
        ),
        (Action::Erase, [false, false, false, false, true, false]),
    ];
    const STAGES: [Stage; 6] = [
        Stage::Inventory,
        Stage::Building,
        Stage::InService,
        Stage::MaintenanceCustomer,
        Stage::Deletion,
        Stage::Retired,
    ];

    #[test]
    fn every_stage_and_action_is_as_the_table_says() {
        assert_eq!(
            TABLE.len(),
            Action::ALL.len(),
            "every action is in the table"
        );
        for (action, row) in TABLE {
            for (stage, expected) in STAGES.iter().zip(row) {
                for actor in [customer(), operator()] {
                    let answer = guard(&server(*stage), *action, &actor);
                    assert_eq!(
                        answer.is_ok(),
                        *expected,
                        "{action:?} in {stage:?} for {actor}: {answer:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_reboot_in_service_is_refused_with_its_own_code() {
        for action in Action::ALL.into_iter().filter(|a| a.may_reboot()) {
            let refusal =
                guard(&server(Stage::InService), action, &customer()).expect_err("refused");
            assert_eq!(
                refusal.code,
                RefusalCode::RebootNeedsMaintenance,
                "{action:?}"
            );
            assert!(
                refusal.message.contains("Maintenance"),
                "{}",
                refusal.message
            );
        }
        let off =
            guard(&server(Stage::InService), Action::ForceOff, &customer()).expect_err("refused");
        assert_eq!(off.code, RefusalCode::StageForbids);
    }

    #[test]
    fn a_hold_locks_customers_out_and_lets_operators_act() {
        let mut held = server(Stage::MaintenanceOperator);
        held.hold = Some(Hold {
            by: "oscar".into(),
            reason: "PSU swap".into(),
            until: "2026-12-01T06:00:00Z".into(),
            held_from: Stage::InService,
        });
        let refusal = guard(&held, Action::PowerCycle, &customer()).expect_err("locked");
        assert_eq!(refusal.code, RefusalCode::OperatorHold);
        assert!(refusal.message.contains("PSU swap") && refusal.message.contains("oscar"));
        assert!(guard(&held, Action::View, &customer()).is_ok());
        for action in [
            Action::PowerCycle,
            Action::FirmwareUpdate,
            Action::RaidBuild,
            Action::BmcReset,
        ] {
            assert!(guard(&held, action, &operator()).is_ok(), "{action:?}");
        }
    }

    #[test]
    fn an_unreachable_bmc_disables_what_needs_it_and_nothing_else() {
        let mut offline = server(Stage::MaintenanceCustomer);
        offline.reachability = Reachability::Unreachable;
        for rule in allowed_actions(&offline, &customer()) {
            if guard(&offline, rule.action, &customer()).is_err() {
                assert!(!rule.allowed);
                continue;
            }
            assert_eq!(rule.allowed, !rule.action.needs_bmc(), "{:?}", rule.action);
            if !rule.allowed {
                assert_eq!(
                    rule.refusal.map(|r| r.code),
                    Some(RefusalCode::BmcUnreachable)
                );
            }
        }
    }

    #[test]
    fn a_snapshot_allows_only_viewing() {
        let mut snapshot = server(Stage::Building);
        snapshot.read_only = true;
        let allowed: Vec<Action> = allowed_actions(&snapshot, &operator())
            .into_iter()
            .filter(|r| r.allowed)
            .map(|r| r.action)
            .collect();
        assert_eq!(allowed, vec![Action::View, Action::Export]);
    }
}
