//! IPC commands: each one line over the core, so the same behaviour is reachable
//! from `rackctl` and the tests without a window.

use racksmith_core::{AppInfo, Error, ServerSummary, Settings, Tab, TabSummary};
use tauri::State;

use crate::AppState;

/// The build and profile facts, or why the profile could not be opened.
#[tauri::command]
#[specta::specta]
pub async fn startup(state: State<'_, AppState>) -> Result<AppInfo, Error> {
    Ok(state.core()?.app_info())
}

#[tauri::command]
#[specta::specta]
pub async fn tab_summaries(state: State<'_, AppState>) -> Result<Vec<TabSummary>, Error> {
    state.core()?.tab_summaries().await
}

#[tauri::command]
#[specta::specta]
pub async fn list_servers(
    state: State<'_, AppState>,
    tab: Tab,
) -> Result<Vec<ServerSummary>, Error> {
    state.core()?.list_servers(tab).await
}

#[tauri::command]
#[specta::specta]
pub async fn settings(state: State<'_, AppState>) -> Result<Settings, Error> {
    state.core()?.settings().await
}

#[tauri::command]
#[specta::specta]
pub async fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, Error> {
    state.core()?.save_settings(settings).await
}
