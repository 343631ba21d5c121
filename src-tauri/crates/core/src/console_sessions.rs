//! Console sessions a front end opens through the core: the target is looked
//! up (and the opening audited) here, the session itself runs in the console
//! crate, and screenshots are saved next to the other exports.

use std::path::PathBuf;

use racksmith_console::{Input, Layout, Sink};
use racksmith_lifecycle::Actor;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::console::ConsoleEndpoint;
use crate::{Core, Error, ErrorCode};

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConsoleOpen {
    pub server_id: String,
    pub layout: Layout,
    /// `HOST:PORT` (VNC) or a `wss://` URL (a web console such as OpenBMC's
    /// `/kvm/0`) typed by hand instead of what the BMC advertises.
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConsoleOpened {
    pub session_id: String,
    pub endpoint: ConsoleEndpoint,
}

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConsoleInput {
    pub session_id: String,
    pub inputs: Vec<Input>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SavedFile {
    pub path: String,
}

impl Core {
    pub async fn open_console(
        &self,
        request: ConsoleOpen,
        actor: &Actor,
        sink: impl Sink,
    ) -> Result<ConsoleOpened, Error> {
        let (endpoint, target) = self
            .console_target(&request.server_id, request.address.as_deref(), actor)
            .await?;
        let session_id = self
            .consoles
            .open(&endpoint.server_id, target, request.layout, sink)?;
        Ok(ConsoleOpened {
            session_id,
            endpoint,
        })
    }

    pub fn console_input(&self, request: ConsoleInput) -> Result<(), Error> {
        self.consoles
            .input(&request.session_id, request.inputs)
            .map_err(Error::from)
    }

    /// Saves what the console shows now as a PNG in the Downloads folder.
    pub async fn console_screenshot(&self, session_id: &str) -> Result<SavedFile, Error> {
        let (owner, frame) = self.consoles.snapshot(session_id).await?;
        if !frame.complete() {
            return Err(Error::new(
                ErrorCode::Conflict,
                "the console has not shown a whole screen yet",
            ));
        }
        let png = frame.png().map_err(|e| {
            Error::new(
                ErrorCode::Internal,
                format!("the screenshot could not be encoded: {e}"),
            )
        })?;
        let name = self
            .find_server(&owner)
            .await
            .map(|s| s.name)
            .unwrap_or(owner);
        let path = self.screenshot_path(&name);
        tokio::fs::write(&path, png).await?;
        Ok(SavedFile {
            path: path.display().to_string(),
        })
    }

    fn screenshot_path(&self, name: &str) -> PathBuf {
        let stem = format!("console-{}", crate::file_server::safe_file_name(name));
        self.export_path_named(&stem, "png")
    }

    pub async fn close_console(&self, session_id: &str) {
        self.consoles.close(session_id).await;
    }
}
