//! IPC commands: each one line over the core, so the same behaviour is reachable
//! from `rackctl` and the tests without a window.

use racksmith_core::{
    AddBmcRequest, AppInfo, CertificateView, EnrolResult, Error, ImportReport, ImportRequest,
    LabEnrolReport, RefreshEvent, RefreshOutcome, ServerDetail, ServerSummary, Settings, Tab,
    TabSummary,
};
use tauri::ipc::Channel;
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

/// Waits for the in-process demo lab to be enrolled; `None` when this profile runs none.
#[tauri::command]
#[specta::specta]
pub async fn demo_lab_ready(state: State<'_, AppState>) -> Result<Option<LabEnrolReport>, Error> {
    state.demo_lab_ready().await
}

#[tauri::command]
#[specta::specta]
pub async fn all_servers(state: State<'_, AppState>) -> Result<Vec<ServerSummary>, Error> {
    state.core()?.all_servers().await
}

#[tauri::command]
#[specta::specta]
pub async fn server_detail(
    state: State<'_, AppState>,
    server_id: String,
) -> Result<ServerDetail, Error> {
    state.core()?.server_detail(&server_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn inspect_certificate(
    state: State<'_, AppState>,
    address: String,
) -> Result<CertificateView, Error> {
    state.core()?.inspect_certificate(&address).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_bmc(
    state: State<'_, AppState>,
    request: AddBmcRequest,
) -> Result<EnrolResult, Error> {
    state.core()?.add_bmc(request).await
}

#[tauri::command]
#[specta::specta]
pub async fn trust_certificate(
    state: State<'_, AppState>,
    bmc_id: String,
    sha256: String,
) -> Result<(), Error> {
    state.core()?.trust_certificate(&bmc_id, &sha256).await
}

#[tauri::command]
#[specta::specta]
pub async fn import_csv(
    state: State<'_, AppState>,
    request: ImportRequest,
) -> Result<ImportReport, Error> {
    state.core()?.import_csv(request).await
}

/// Refreshes the servers named (all when `None`), reporting each as it ends.
#[tauri::command]
#[specta::specta]
pub async fn refresh_servers(
    state: State<'_, AppState>,
    server_ids: Option<Vec<String>>,
    progress: Channel<RefreshEvent>,
) -> Result<Vec<RefreshOutcome>, Error> {
    state
        .core()?
        .refresh(server_ids, |event| drop(progress.send(event)))
        .await
}
