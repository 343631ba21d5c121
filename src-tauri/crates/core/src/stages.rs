//! Stage moves and action guards over the store: every front end asks here, so
//! a refusal is the same from the app, `rackctl` and the scheduler, and is
//! written to the audit log like what was allowed.

use racksmith_inventory::{
    AuditEntry, AuditFilter, AuditVerdict, ServerSummary, StageChange, StageMove,
};
use racksmith_lifecycle::{
    allowed_actions, allowed_moves, check_move, guard, Action, ActionRule, Actor, Backend,
    MoveRequest, MoveRule, Reachability, Refusal, Role, ServerState,
};
use serde::Serialize;
use specta::Type;

use crate::{Core, Error};

/// What may be done to one server now, and by moving it where.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ServerActions {
    pub server_id: String,
    pub actions: Vec<ActionRule>,
    pub moves: Vec<MoveRule>,
    pub history: Vec<StageChange>,
}

fn state_of(server: &ServerSummary, read_only: bool, backend: Backend) -> ServerState {
    let reachability = match (server.unreachable, &server.refreshed_at) {
        (true, _) => Reachability::Unreachable,
        (false, Some(_)) => Reachability::Reachable,
        (false, None) => Reachability::Unknown,
    };
    ServerState {
        name: server.name.clone(),
        stage: server.stage,
        hold: server.hold.clone(),
        reachability,
        cleaned: server.cleaned_at.is_some(),
        read_only,
        backend,
    }
}

impl Core {
    /// What the guards look at for this server, its backend included.
    pub(crate) async fn server_state(&self, server: &ServerSummary) -> Result<ServerState, Error> {
        let backend = match self.ironic_link(server).await? {
            Some(_) => Backend::Ironic,
            None => Backend::Direct,
        };
        Ok(state_of(server, self.read_only(), backend))
    }

    /// Who is acting: this OS user, as operator or customer per Settings.
    pub async fn actor(&self) -> Result<Actor, Error> {
        let settings = self.settings().await?;
        let role = if settings.operator_mode {
            Role::Operator
        } else {
            Role::Customer
        };
        Ok(Actor::local(role))
    }

    pub async fn server_actions(&self, key: &str, actor: &Actor) -> Result<ServerActions, Error> {
        let server = self.find_server(key).await?;
        let id = server.id.clone();
        let history = self
            .with_store(move |store| store.stage_changes(&id))
            .await?;
        let state = self.server_state(&server).await?;
        let mut moves = allowed_moves(&state, actor);
        if state.backend == Backend::Ironic {
            for rule in &mut moves {
                rule.ironic = Some(racksmith_lifecycle::ironic_requests(server.stage, rule.to));
            }
        }
        Ok(ServerActions {
            actions: allowed_actions(&state, actor),
            moves,
            server_id: server.id,
            history,
        })
    }

    async fn audit_refusal(
        &self,
        actor: &Actor,
        action: &str,
        server: &ServerSummary,
        params: serde_json::Value,
        refusal: &Refusal,
    ) -> Result<(), Error> {
        let detail = format!("{}: {}", refusal.code.as_str(), refusal.message);
        self.audit_server(actor, action, server, params, "refused", Some(detail))
            .await
    }

    /// Moves a server between stages. Never touches the hardware.
    pub async fn move_stage(
        &self,
        key: &str,
        request: MoveRequest,
        actor: &Actor,
    ) -> Result<ServerSummary, Error> {
        let server = self.find_server(key).await?;
        let state = self.server_state(&server).await?;
        let checked = check_move(&state, &request, actor).and_then(|()| {
            // Entering Deletion destroys data: only start_deletion, with its typed
            // confirmation, moves a server there.
            if request.to == racksmith_inventory::Stage::Deletion {
                Err(Refusal::new(
                    racksmith_lifecycle::RefusalCode::ConfirmationRequired,
                    format!(
                        "deleting {} destroys its data: start it with Delete and its typed confirmation",
                        server.name
                    ),
                ))
            } else {
                Ok(())
            }
        });
        if let Err(refusal) = checked {
            let params = serde_json::json!({
                "serverId": server.id, "from": server.stage.as_str(), "to": request.to.as_str(),
                "reason": request.reason,
            });
            self.audit_refusal(actor, "stage_move", &server, params, &refusal)
                .await?;
            return Err(refusal.into());
        }
        self.move_through_ironic(&server, request.to, request.reason.as_deref())
            .await?;
        let change = StageMove {
            server_id: server.id.clone(),
            from: server.stage,
            to: request.to,
            actor: actor.name.clone(),
            role: actor.role.as_str().to_owned(),
            reason: request.reason.map(|r| r.trim().to_owned()),
            hold_until: request.hold_until,
        };
        let linked = state.backend == Backend::Ironic;
        let moved = match self
            .with_store(move |store| store.move_stage(&change))
            .await
        {
            Ok(moved) => moved,
            Err(error) if linked => {
                // A sync may record Ironic's arrival before this move does.
                let now = self.find_server(&server.id).await?;
                if now.stage != request.to {
                    return Err(error);
                }
                now
            }
            Err(error) => return Err(error),
        };
        tracing::info!(server = %moved.name, from = server.stage.as_str(), to = moved.stage.as_str(), actor = %actor, "stage moved");
        Ok(moved)
    }

    pub async fn audit(&self, filter: AuditFilter) -> Result<Vec<AuditEntry>, Error> {
        self.with_store(move |store| store.audit_entries(&filter))
            .await
    }

    pub async fn verify_audit(&self) -> Result<AuditVerdict, Error> {
        self.with_store(|store| store.verify_audit()).await
    }

    /// The guard every hardware action passes first; a refusal is audited.
    pub(crate) async fn guard_action(
        &self,
        server: &ServerSummary,
        action: Action,
        audit_name: &str,
        actor: &Actor,
        params: serde_json::Value,
    ) -> Result<(), Error> {
        let state = self.server_state(server).await?;
        if let Err(refusal) = guard(&state, action, actor) {
            self.audit_refusal(actor, audit_name, server, params, &refusal)
                .await?;
            return Err(refusal.into());
        }
        Ok(())
    }
}
