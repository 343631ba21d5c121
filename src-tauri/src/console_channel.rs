//! The console's two Tauri channels: binary screen batches (raw bytes, not
//! JSON, so a full screen is one copy) and status for the console bar.

use racksmith_core::console_client::{ConsoleStatus as Status, Sink};
use racksmith_core::{BootDevice, MediaSource};
use serde::Deserialize;
use specta::Type;
use tauri::ipc::{Channel, InvokeResponseBody, IpcResponse};

pub use racksmith_core::console_client::ConsoleStatus;

/// One batch of screen changes, sent as an ArrayBuffer.
#[derive(Type)]
pub struct FrameBatch(#[specta(type = specta_typescript::Unknown)] pub Vec<u8>);

impl IpcResponse for FrameBatch {
    fn body(self) -> tauri::Result<InvokeResponseBody> {
        Ok(InvokeResponseBody::Raw(self.0))
    }
}

pub struct ChannelSink {
    pub frames: Channel<FrameBatch>,
    pub status: Channel<Status>,
}

impl Sink for ChannelSink {
    fn frames(&mut self, batch: Vec<u8>) {
        // A closed window drops its channel; the session ends with close_console.
        let _ = self.frames.send(FrameBatch(batch));
    }

    fn status(&mut self, status: &Status) {
        let _ = self.status.send(status.clone());
    }
}

#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConsolePassword {
    pub server_id: String,
    /// Empty forgets the stored password.
    pub password: String,
}

#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MediaInsert {
    pub server_id: String,
    pub source: MediaSource,
    /// Also set the next boot (only) to the virtual CD.
    pub boot_once: bool,
}

#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BootOnce {
    pub server_id: String,
    pub device: BootDevice,
}
