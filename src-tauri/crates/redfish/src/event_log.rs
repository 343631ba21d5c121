//! The system event log (SEL) whole: every entry, for an archive, and clearing it.

use serde_json::{json, Value};

use crate::resources::{link_of, ComputerSystem, LogService};
use crate::{Client, Error};

/// The SEL's log service, wherever the BMC keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelService {
    pub path: String,
    pub entries: String,
    pub clear_target: Option<String>,
}

/// The SEL sits under the system on some BMCs and under the manager on others;
/// where none is typed SEL, the system's own first log is its event log (as in
/// the DMTF mockups). A manager's other logs are the BMC's, not the server's.
pub async fn sel_service(client: &Client, system_path: &str) -> Result<Option<SelService>, Error> {
    let system: ComputerSystem = client.get(system_path).await?;
    let mut collections = Vec::new();
    if let Some(path) = link_of(&system.log_services) {
        collections.push((path.to_owned(), true));
    }
    if let Ok(manager) = crate::manager::manager_path(client, system_path).await {
        collections.push((
            format!("{}/LogServices", manager.trim_end_matches('/')),
            false,
        ));
    }
    for (collection, of_system) in collections {
        let Ok(services) = client.members::<LogService>(&collection).await else {
            continue;
        };
        let typed = services
            .iter()
            .find(|l| l.log_entry_type.as_deref() == Some("SEL") || l.id.as_deref() == Some("SEL"));
        let sel = typed.or(if of_system { services.first() } else { None });
        let Some(sel) = sel else { continue };
        let (Some(path), Some(entries)) = (sel.odata_id.clone(), link_of(&sel.entries)) else {
            continue;
        };
        let clear_target = sel
            .extra
            .get("Actions")
            .and_then(|a| a.get("#LogService.ClearLog"))
            .and_then(|a| a.get("target"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        return Ok(Some(SelService {
            path,
            entries: entries.to_owned(),
            clear_target,
        }));
    }
    Ok(None)
}

/// Every entry as the BMC wrote it, oldest first where the BMC orders them so.
pub async fn entries(client: &Client, sel: &SelService) -> Result<Vec<Value>, Error> {
    client.members::<Value>(&sel.entries).await
}

pub async fn clear(client: &Client, sel: &SelService) -> Result<(), Error> {
    let target = sel.clear_target.clone().unwrap_or_else(|| {
        format!(
            "{}/Actions/LogService.ClearLog",
            sel.path.trim_end_matches('/')
        )
    });
    client.action(&target, json!({})).await?;
    Ok(())
}
