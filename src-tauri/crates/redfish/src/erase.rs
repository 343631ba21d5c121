//! Drive sanitization over `Drive.SecureErase`: what each drive offers, the
//! strongest of it, starting an erase, and what the drive says of an erase under
//! way or done.

use serde_json::{json, Value};

use futures_util::future::join_all;

use crate::resources::{link_of, ComputerSystem, Drive, Storage};
use crate::{Client, Error};

/// Redfish SanitizationType values, strongest first: a cryptographic erase
/// destroys the media key, a block erase resets every block, an overwrite only
/// writes over what the drive maps.
pub const STRONGEST_FIRST: [&str; 3] = ["CryptographicErase", "BlockErase", "Overwrite"];

/// One drive as the erase step needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasableDrive {
    pub path: String,
    pub id: String,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub capacity_bytes: Option<u64>,
    /// Where `Drive.SecureErase` is posted; absent when the drive offers none.
    pub target: Option<String>,
    /// SanitizationType values the drive accepts, as it lists them.
    pub methods: Vec<String>,
    /// The task of a sanitize under way (`Operations`), if the drive names one.
    pub erasing_task: Option<String>,
    /// What the drive reports of its own sanitization where a vendor says so.
    pub reports_sanitized: Option<bool>,
}

/// How a drive will be erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasePlan {
    /// The strongest SanitizationType the drive lists.
    Method(&'static str),
    /// The drive has the action but lists no types (as the DMTF mockups and
    /// many BMCs): Redfish then erases by the service's own default.
    ServiceDefault,
}

/// What the certificate says of an erase left to the service's default.
pub const SERVICE_DEFAULT: &str = "ServiceDefault";

impl ErasableDrive {
    /// The strongest method the drive accepts, if it names any we know.
    pub fn strongest(&self) -> Option<&'static str> {
        STRONGEST_FIRST
            .into_iter()
            .find(|m| self.methods.iter().any(|offered| offered == m))
    }

    /// None when the drive cannot be erased through Redfish at all, or lists
    /// only types this client does not know.
    pub fn plan(&self) -> Option<ErasePlan> {
        self.target.as_ref()?;
        match self.strongest() {
            Some(method) => Some(ErasePlan::Method(method)),
            None if self.methods.is_empty() => Some(ErasePlan::ServiceDefault),
            None => None,
        }
    }
}

fn erase_action(drive: &Drive) -> Option<&Value> {
    drive
        .extra
        .get("Actions")
        .and_then(|a| a.get("#Drive.SecureErase"))
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|values| {
            values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn sanitize_task(drive: &Drive) -> Option<String> {
    drive
        .extra
        .get("Operations")
        .and_then(Value::as_array)?
        .iter()
        .find(|op| {
            let name = op
                .get("OperationName")
                .or_else(|| op.get("Operation"))
                .and_then(Value::as_str);
            matches!(name, Some("Sanitize" | "Erase" | "SecureErase"))
        })
        .and_then(|op| op.get("AssociatedTask"))
        .and_then(|task| task.get("@odata.id"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// Any vendor block under `Oem` that says `Sanitized`.
fn reported_sanitized(drive: &Drive) -> Option<bool> {
    drive
        .extra
        .get("Oem")
        .and_then(Value::as_object)?
        .values()
        .find_map(|vendor| vendor.get("Sanitized").and_then(Value::as_bool))
}

/// Reads one drive; the allowed methods come from the action's annotation, or
/// from its `@Redfish.ActionInfo` where the BMC publishes them there.
pub async fn erasable(client: &Client, path: &str) -> Result<ErasableDrive, Error> {
    let drive: Drive = client.get(path).await?;
    let action = erase_action(&drive);
    let mut methods =
        strings(action.and_then(|a| a.get("SanitizationType@Redfish.AllowableValues")));
    if methods.is_empty() {
        if let Some(info) = action
            .and_then(|a| a.get("@Redfish.ActionInfo"))
            .and_then(Value::as_str)
        {
            let info: Value = client.get(info).await?;
            methods = info
                .get("Parameters")
                .and_then(Value::as_array)
                .and_then(|ps| {
                    ps.iter()
                        .find(|p| p.get("Name").and_then(Value::as_str) == Some("SanitizationType"))
                })
                .map(|p| strings(p.get("AllowableValues")))
                .unwrap_or_default();
        }
    }
    Ok(ErasableDrive {
        path: drive.odata_id.clone().unwrap_or_else(|| path.to_owned()),
        id: drive.id.clone().unwrap_or_else(|| {
            path.trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(path)
                .to_owned()
        }),
        target: action
            .and_then(|a| a.get("target"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        erasing_task: sanitize_task(&drive),
        reports_sanitized: reported_sanitized(&drive),
        methods,
        model: drive.model,
        serial: drive.serial_number,
        capacity_bytes: drive.capacity_bytes,
    })
}

/// Every drive of every storage subsystem of the system, each read once.
pub async fn erasable_drives(
    client: &Client,
    system_path: &str,
) -> Result<Vec<ErasableDrive>, Error> {
    let system: ComputerSystem = client.get(system_path).await?;
    let Some(collection) = link_of(&system.storage) else {
        return Ok(Vec::new());
    };
    let storages: Vec<Storage> = client.members(collection).await?;
    let paths: Vec<&str> = storages
        .iter()
        .flat_map(|s| s.drives.iter().map(|d| d.odata_id.as_str()))
        .collect();
    join_all(paths.into_iter().map(|path| erasable(client, path)))
        .await
        .into_iter()
        .collect()
}

/// How the BMC took an erase request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EraseStarted {
    /// A task to follow, by its monitor.
    Task(String),
    /// Finished before the answer (some BMCs erase synchronously).
    Done,
}

pub async fn start_erase(
    client: &Client,
    drive: &ErasableDrive,
    plan: ErasePlan,
) -> Result<EraseStarted, Error> {
    let target = drive
        .target
        .clone()
        .ok_or_else(|| Error::Invalid(format!("drive {} offers no Drive.SecureErase", drive.id)))?;
    let body = match plan {
        ErasePlan::Method(method) => json!({ "SanitizationType": method }),
        ErasePlan::ServiceDefault => json!({}),
    };
    let answer = client.post(&target, body).await?;
    match (answer.status.as_u16(), answer.location.clone()) {
        (202, Some(monitor)) => Ok(EraseStarted::Task(monitor)),
        (202, None) => {
            // A 202 without a monitor still names its task in the body.
            let task: crate::resources::Task = answer.json()?;
            task.task_monitor
                .or(task.odata_id)
                .map(EraseStarted::Task)
                .ok_or_else(|| {
                    Error::Invalid(format!(
                        "the erase of drive {} was accepted with no task to follow",
                        drive.id
                    ))
                })
        }
        _ => Ok(EraseStarted::Done),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drive(body: Value) -> Drive {
        serde_json::from_value(body).expect("drive")
    }

    #[test]
    fn the_strongest_offered_method_is_chosen() {
        let mut d = ErasableDrive {
            path: "/d".into(),
            id: "d".into(),
            model: None,
            serial: None,
            capacity_bytes: None,
            target: Some("/t".into()),
            methods: vec!["Overwrite".into(), "BlockErase".into()],
            erasing_task: None,
            reports_sanitized: None,
        };
        assert_eq!(d.strongest(), Some("BlockErase"));
        d.methods.push("CryptographicErase".into());
        assert_eq!(d.strongest(), Some("CryptographicErase"));
        assert_eq!(d.plan(), Some(ErasePlan::Method("CryptographicErase")));
        d.methods = vec!["Shred".into()];
        assert_eq!(d.strongest(), None);
        assert_eq!(d.plan(), None, "only types it does not know");
        d.methods.clear();
        assert_eq!(d.plan(), Some(ErasePlan::ServiceDefault));
        d.target = None;
        assert_eq!(d.plan(), None, "no action at all");
    }

    #[test]
    fn an_erase_under_way_and_a_vendor_report_are_read() {
        let d = drive(json!({
            "Id": "Disk.Bay.1",
            "Operations": [{ "OperationName": "Sanitize", "PercentageComplete": 40,
                             "AssociatedTask": { "@odata.id": "/redfish/v1/TaskService/Tasks/7" } }],
            "Oem": { "Vendor": { "Sanitized": false } }
        }));
        assert_eq!(
            sanitize_task(&d).as_deref(),
            Some("/redfish/v1/TaskService/Tasks/7")
        );
        assert_eq!(reported_sanitized(&d), Some(false));
        let plain = drive(json!({ "Id": "Disk.Bay.2" }));
        assert_eq!(sanitize_task(&plain), None);
        assert_eq!(reported_sanitized(&plain), None);
    }
}
