//! `rackctl backend` and `rackctl sync`: OpenStack Ironic as the source of a fleet.

use racksmith_core::{Core, Error, ErrorCode, IronicEnrolment, IronicSignIn, SyncReport};

use crate::bmc::read_password;

use crate::args::{BackendCommand, BackendKind};
use crate::Report;

pub async fn backend(core: &Core, command: BackendCommand) -> Result<Report, Error> {
    match command {
        BackendCommand::Add(BackendKind::Ironic {
            url,
            no_auth: _,
            auth_url,
            user,
            user_domain,
            project,
            project_domain,
            application_credential_id,
            password_stdin,
            ca_bundle,
        }) => {
            let ca_bundle = ca_bundle
                .map(|path| {
                    std::fs::read_to_string(&path).map_err(|e| {
                        Error::new(
                            ErrorCode::InvalidInput,
                            format!("cannot read {}: {e}", path.display()),
                        )
                    })
                })
                .transpose()?;
            let sign_in = match (auth_url, user, application_credential_id) {
                (None, _, _) => IronicSignIn::None,
                (Some(_), _, _) if !password_stdin => {
                    return Err(Error::new(
                        ErrorCode::InvalidInput,
                        "give the Keystone secret with --password-stdin",
                    ))
                }
                (Some(auth_url), Some(user), None) => IronicSignIn::Password {
                    auth_url,
                    user,
                    user_domain,
                    project,
                    project_domain,
                    password: read_password()?,
                },
                (Some(auth_url), None, Some(id)) => IronicSignIn::ApplicationCredential {
                    auth_url,
                    id,
                    secret: read_password()?,
                },
                (Some(_), _, _) => {
                    return Err(Error::new(
                        ErrorCode::InvalidInput,
                        "with --auth-url give --user or --application-credential-id",
                    ))
                }
            };
            let actor = core.actor().await?;
            let added = core
                .add_ironic_backend(&url, sign_in, ca_bundle, &actor)
                .await?;
            let human = format!(
                "added Ironic {} (API {}); `rackctl sync` brings its nodes in",
                added.url,
                added.api_version.as_deref().unwrap_or("?")
            );
            Report::new(&added, human)
        }
        BackendCommand::Enroll {
            backend,
            name,
            driver,
            bmc_address,
            system_id,
            bmc_user,
            password_stdin,
        } => {
            let backend = match backend {
                Some(key) => key,
                None => only_backend(core).await?,
            };
            let enrolment = IronicEnrolment {
                name,
                driver,
                bmc_address,
                system_id,
                bmc_username: bmc_user,
                bmc_password: if password_stdin {
                    Some(read_password()?)
                } else {
                    None
                },
            };
            let actor = core.actor().await?;
            let server = core.enrol_ironic_node(&backend, enrolment, &actor).await?;
            let human = format!(
                "enrolled {} in Ironic; it is in {}",
                server.name,
                server.stage.as_str()
            );
            Report::new(&server, human)
        }
        BackendCommand::Inspect { server } => {
            let actor = core.actor().await?;
            let server = core.inspect_ironic_node(&server, &actor).await?;
            let human = format!("Ironic inspected {}", server.name);
            Report::new(&server, human)
        }
        BackendCommand::List => {
            let backends = core.backends().await?;
            let human = if backends.is_empty() {
                "no backends".to_owned()
            } else {
                backends
                    .iter()
                    .map(|b| {
                        format!(
                            "{}  {}  {}  API {}  last sync {}",
                            b.id,
                            b.kind,
                            b.url,
                            b.api_version.as_deref().unwrap_or("?"),
                            b.synced_at.as_deref().unwrap_or("never")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Report::new(&backends, human)
        }
    }
}

pub async fn sync(core: &Core, backend: Option<String>) -> Result<Report, Error> {
    let actor = core.actor().await?;
    let keys: Vec<String> = match backend {
        Some(key) => vec![key],
        None => core.backends().await?.into_iter().map(|b| b.id).collect(),
    };
    let mut reports: Vec<SyncReport> = Vec::new();
    for key in keys {
        reports.push(core.sync_backend(&key, &actor).await?);
    }
    let human = if reports.is_empty() {
        "no backends to sync; add one with `rackctl backend add ironic`".to_owned()
    } else {
        reports
            .iter()
            .map(|r| {
                format!(
                    "{}: {} nodes (API {}): {} added, {} moved, {} updated, {} unchanged",
                    r.backend.url,
                    r.nodes,
                    r.api_version,
                    r.counts.added,
                    r.counts.moved,
                    r.counts.updated,
                    r.counts.unchanged
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Report::new(&reports, human)
}

/// The backend when the profile has exactly one.
async fn only_backend(core: &Core) -> Result<String, Error> {
    let backends = core.backends().await?;
    match backends.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(Error::new(
            ErrorCode::NotFound,
            "this profile has no backend; add one with `rackctl backend add ironic`",
        )),
        _ => Err(Error::new(
            ErrorCode::InvalidInput,
            "this profile has several backends; name one with --backend",
        )),
    }
}
