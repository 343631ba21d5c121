//! The stage model, the heart of the product: which moves between stages and
//! which actions on hardware each stage allows, for whom. Every caller (the app,
//! `rackctl`, the scheduler) asks here; nothing else decides.

mod action;
mod actor;
mod backend;
mod guard;
mod ironic_route;
mod ironic_stage;
mod moves;

pub use action::Action;
pub use actor::{Actor, Role};
pub use backend::Backend;
pub use guard::{
    allowed_actions, guard, snapshot_refusal, ActionRule, Reachability, Refusal, RefusalCode,
    ServerState,
};
pub use ironic_route::{
    requests as ironic_requests, route as ironic_route, IronicRequest, IronicStep,
};
pub use ironic_stage::{stage_of as ironic_stage, IronicNodeState};
pub use moves::{allowed_moves, check_move, MoveRequest, MoveRule};
pub use racksmith_inventory::{Hold, Stage};
pub mod schedule;
