//! IPC commands: each one line over the core, so the same behaviour is reachable
//! from `rackctl` and the tests without a window.

use racksmith_core::build::{
    AccountSpec, BiosRefusal, BmcSettings, BuildProfile, RaidPlan, RaidRequest,
};
use racksmith_core::{
    AddBmcRequest, AppInfo, AuditEntry, AuditFilter, AuditVerdict, CertificateView, EnrolResult,
    Error, ExportFormat, ExportedFile, ImportReport, ImportRequest, JobDetail, JobEvent, JobRecord,
    JobRequest, LabEnrolReport, LifecycleDates, MoveRequest, RefreshEvent, RefreshOutcome,
    ServerActions, ServerDetail, ServerPage, ServerPlace, ServerQuery, ServerSummary, Settings,
    SnapshotInfo, TabSummary,
};
use racksmith_core::{BackendRecord, IronicSignIn, SyncReport};
use racksmith_core::{
    BiosChange, BiosCheck, BiosView, BmcSettingsView, ProfileEntry, RaidApplied, RaidApply,
    RaidReview, ServerPreflight, StorageView,
};
use racksmith_core::{
    BmcAccess, ConsoleInput, ConsoleOpen, ConsoleOpened, MediaView, PowerReading, SavedFile, Secret,
};
use racksmith_core::{
    CertificateFile, CertificateFormat, DeletionRequest, DeletionView, ErasureCertificate, Language,
};
use tauri::ipc::Channel;
use tauri::State;

use crate::console_channel::{
    BootOnce, ChannelSink, ConsolePassword, ConsoleStatus, FrameBatch, MediaInsert,
};
use crate::AppState;
use racksmith_core::maintenance::FirmwareView;
use racksmith_core::orders::{CalendarEvent, CalendarRange, OrderMove, OrderView, SaveOrder};

/// The build and profile facts, or why the profile could not be opened.
#[tauri::command]
#[specta::specta]
pub async fn startup(state: State<'_, AppState>) -> Result<AppInfo, Error> {
    state.app_info()
}

#[tauri::command]
#[specta::specta]
pub async fn tab_summaries(state: State<'_, AppState>) -> Result<Vec<TabSummary>, Error> {
    state.core()?.tab_summaries().await
}

#[tauri::command]
#[specta::specta]
pub async fn settings(state: State<'_, AppState>) -> Result<Settings, Error> {
    state.profile_core()?.settings().await
}

#[tauri::command]
#[specta::specta]
pub async fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, Error> {
    state.profile_core()?.save_settings(settings).await
}

/// Waits for the in-process demo lab to be enrolled; `None` when this profile runs none.
#[tauri::command]
#[specta::specta]
pub async fn demo_lab_ready(state: State<'_, AppState>) -> Result<Option<LabEnrolReport>, Error> {
    state.demo_lab_ready().await
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

/// One page of servers matching a filter (a stage tab, a search, EOSL within N days).
#[tauri::command]
#[specta::specta]
pub async fn query_servers(
    state: State<'_, AppState>,
    query: ServerQuery,
) -> Result<ServerPage, Error> {
    state.core()?.query_servers(query).await
}

/// What this user may do to the server now, and the moves open to it.
#[tauri::command]
#[specta::specta]
pub async fn server_actions(
    state: State<'_, AppState>,
    server_id: String,
) -> Result<ServerActions, Error> {
    let core = state.core()?;
    core.server_actions(&server_id, &core.actor().await?).await
}

#[tauri::command]
#[specta::specta]
pub async fn move_stage(
    state: State<'_, AppState>,
    server_id: String,
    request: MoveRequest,
) -> Result<ServerSummary, Error> {
    let core = state.core()?;
    core.move_stage(&server_id, request, &core.actor().await?)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_server_dates(
    state: State<'_, AppState>,
    server_id: String,
    dates: LifecycleDates,
) -> Result<ServerSummary, Error> {
    let core = state.core()?;
    core.set_server_dates(&server_id, dates, &core.actor().await?)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_server_place(
    state: State<'_, AppState>,
    server_id: String,
    place: ServerPlace,
) -> Result<ServerSummary, Error> {
    let core = state.core()?;
    core.set_server_place(&server_id, place, &core.actor().await?)
        .await
}

/// Starts a job after every server passed the guards; progress streams on the channel.
#[tauri::command]
#[specta::specta]
pub async fn start_job(
    state: State<'_, AppState>,
    request: JobRequest,
    progress: Channel<JobEvent>,
) -> Result<JobRecord, Error> {
    let core = state.core()?;
    let send = move |event| drop(progress.send(event));
    Ok(core
        .start_job(request, &core.actor().await?, None, send)
        .await?
        .0)
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_job(state: State<'_, AppState>, job_id: String) -> Result<(), Error> {
    let core = state.core()?;
    core.cancel_job(&job_id, &core.actor().await?).await
}

/// Runs a job again on its servers that did not succeed.
#[tauri::command]
#[specta::specta]
pub async fn retry_job(
    state: State<'_, AppState>,
    job_id: String,
    progress: Channel<JobEvent>,
) -> Result<JobRecord, Error> {
    let core = state.core()?;
    let send = move |event| drop(progress.send(event));
    Ok(core
        .retry_failed(&job_id, &core.actor().await?, send)
        .await?
        .0)
}

#[tauri::command]
#[specta::specta]
pub async fn jobs(state: State<'_, AppState>, limit: u32) -> Result<Vec<JobRecord>, Error> {
    state.core()?.jobs(limit).await
}

#[tauri::command]
#[specta::specta]
pub async fn job(state: State<'_, AppState>, job_id: String) -> Result<JobDetail, Error> {
    state.core()?.job(&job_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn audit(
    state: State<'_, AppState>,
    filter: AuditFilter,
) -> Result<Vec<AuditEntry>, Error> {
    state.core()?.audit(filter).await
}

#[tauri::command]
#[specta::specta]
pub async fn verify_audit(state: State<'_, AppState>) -> Result<AuditVerdict, Error> {
    state.core()?.verify_audit().await
}

/// Saves the servers a filter matches to the Downloads folder; the file name is returned.
#[tauri::command]
#[specta::specta]
pub async fn export_inventory(
    state: State<'_, AppState>,
    query: ServerQuery,
    format: ExportFormat,
) -> Result<ExportedFile, Error> {
    let core = state.core()?;
    let path = core.export_path(format);
    core.export_to(query, format, &path, &core.actor().await?)
        .await
}

/// Saves the audit entries a filter matches to the Downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn export_audit(
    state: State<'_, AppState>,
    filter: AuditFilter,
    format: ExportFormat,
) -> Result<ExportedFile, Error> {
    let core = state.core()?;
    let path = core.audit_export_path(format);
    core.export_audit(filter, format, &path, &core.actor().await?)
        .await
}

/// Shows an exported inventory (its text, read by the window) read-only.
#[tauri::command]
#[specta::specta]
pub async fn open_snapshot(
    state: State<'_, AppState>,
    text: String,
    label: String,
) -> Result<SnapshotInfo, Error> {
    state.open_snapshot(&text, &label)
}

/// Back to the profile from a snapshot under review.
#[tauri::command]
#[specta::specta]
pub async fn close_snapshot(state: State<'_, AppState>) -> Result<(), Error> {
    state.close_snapshot();
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn bios(state: State<'_, AppState>, server_id: String) -> Result<BiosView, Error> {
    state.core()?.bios(&server_id).await
}

/// The editor's check of values against the registry; nothing reaches the BMC.
#[tauri::command]
#[specta::specta]
pub fn check_bios(check: BiosCheck) -> Vec<BiosRefusal> {
    racksmith_core::check_bios_values(&check)
}

#[tauri::command]
#[specta::specta]
pub async fn set_bios(
    state: State<'_, AppState>,
    server_id: String,
    change: BiosChange,
) -> Result<BiosView, Error> {
    let core = state.core()?;
    core.set_bios(&server_id, change, &core.actor().await?)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn reset_bios(state: State<'_, AppState>, server_id: String) -> Result<BiosView, Error> {
    let core = state.core()?;
    core.reset_bios(&server_id, &core.actor().await?).await
}

#[tauri::command]
#[specta::specta]
pub async fn storage(
    state: State<'_, AppState>,
    server_id: String,
) -> Result<Vec<StorageView>, Error> {
    state.core()?.storage(&server_id).await
}

/// The capacity arithmetic alone, for a layout typed by hand.
#[tauri::command]
#[specta::specta]
pub fn plan_raid(request: RaidRequest) -> Result<RaidPlan, Error> {
    Ok(racksmith_core::build::plan(&request)?)
}

#[tauri::command]
#[specta::specta]
pub async fn review_raid(
    state: State<'_, AppState>,
    server_id: String,
    apply: RaidApply,
) -> Result<RaidReview, Error> {
    state.core()?.review_raid(&server_id, &apply).await
}

#[tauri::command]
#[specta::specta]
pub async fn apply_raid(
    state: State<'_, AppState>,
    server_id: String,
    apply: RaidApply,
) -> Result<RaidApplied, Error> {
    let core = state.core()?;
    core.apply_raid(&server_id, apply, &core.actor().await?)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn bmc_settings(
    state: State<'_, AppState>,
    server_id: String,
) -> Result<BmcSettingsView, Error> {
    state.core()?.bmc_settings(&server_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn apply_bmc_settings(
    state: State<'_, AppState>,
    server_id: String,
    settings: BmcSettings,
) -> Result<BmcSettingsView, Error> {
    let core = state.core()?;
    core.apply_bmc_settings(&server_id, settings, &core.actor().await?)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn create_bmc_account(
    state: State<'_, AppState>,
    server_id: String,
    account: AccountSpec,
) -> Result<BmcSettingsView, Error> {
    let core = state.core()?;
    core.create_bmc_account(&server_id, account, &core.actor().await?)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn rotate_bmc_password(
    state: State<'_, AppState>,
    server_id: String,
    username: String,
) -> Result<BmcSettingsView, Error> {
    let core = state.core()?;
    core.rotate_bmc_password(&server_id, &username, &core.actor().await?)
        .await
}

/// The one reply that carries a password: only on the user's request, audited.
#[tauri::command]
#[specta::specta]
pub async fn reveal_bmc_password(
    state: State<'_, AppState>,
    server_id: String,
    username: String,
) -> Result<String, Error> {
    let core = state.core()?;
    core.reveal_bmc_password(&server_id, &username, &core.actor().await?)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn build_profiles(state: State<'_, AppState>) -> Result<Vec<ProfileEntry>, Error> {
    state.core()?.build_profiles().await
}

#[tauri::command]
#[specta::specta]
pub async fn save_build_profile(
    state: State<'_, AppState>,
    profile: BuildProfile,
    replacing: Option<String>,
) -> Result<ProfileEntry, Error> {
    let core = state.core()?;
    core.save_build_profile(profile, replacing, &core.actor().await?)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_build_profile(state: State<'_, AppState>, name: String) -> Result<(), Error> {
    let core = state.core()?;
    core.delete_build_profile(&name, &core.actor().await?).await
}

/// Saves the profile's file to the Downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn export_build_profile(
    state: State<'_, AppState>,
    name: String,
) -> Result<ExportedFile, Error> {
    state.core()?.export_build_profile(&name, None).await
}

/// Imports the text of a profile file the user picked.
#[tauri::command]
#[specta::specta]
pub async fn import_build_profile(
    state: State<'_, AppState>,
    text: String,
) -> Result<ProfileEntry, Error> {
    let core = state.core()?;
    core.import_build_profile(&text, &core.actor().await?).await
}

#[tauri::command]
#[specta::specta]
pub async fn preflight_build(
    state: State<'_, AppState>,
    profile: BuildProfile,
    servers: Vec<String>,
) -> Result<Vec<ServerPreflight>, Error> {
    state.core()?.preflight_build(&profile, &servers).await
}

/// Opens a server's KVM console: screen changes stream on `frames` as binary
/// batches (see the console crate's `wire` module), state on `status`.
#[tauri::command]
#[specta::specta]
pub async fn open_console(
    state: State<'_, AppState>,
    request: ConsoleOpen,
    frames: Channel<FrameBatch>,
    status: Channel<ConsoleStatus>,
) -> Result<ConsoleOpened, Error> {
    let core = state.core()?;
    core.open_console(
        request,
        &core.actor().await?,
        ChannelSink { frames, status },
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub fn console_input(state: State<'_, AppState>, request: ConsoleInput) -> Result<(), Error> {
    state.core()?.console_input(request)
}

#[tauri::command]
#[specta::specta]
pub async fn console_screenshot(
    state: State<'_, AppState>,
    session_id: String,
) -> Result<SavedFile, Error> {
    state.core()?.console_screenshot(&session_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn close_console(state: State<'_, AppState>, session_id: String) -> Result<(), Error> {
    state.core()?.close_console(&session_id).await;
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn set_console_password(
    state: State<'_, AppState>,
    request: ConsolePassword,
) -> Result<(), Error> {
    let core = state.core()?;
    core.set_console_password(
        &request.server_id,
        Secret::new(request.password),
        &core.actor().await?,
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn virtual_media(
    state: State<'_, AppState>,
    server_id: String,
) -> Result<MediaView, Error> {
    state.core()?.virtual_media(&server_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn insert_media(
    state: State<'_, AppState>,
    request: MediaInsert,
) -> Result<MediaView, Error> {
    let core = state.core()?;
    core.insert_media(
        &request.server_id,
        request.source,
        request.boot_once,
        &core.actor().await?,
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn eject_media(
    state: State<'_, AppState>,
    server_id: String,
) -> Result<MediaView, Error> {
    let core = state.core()?;
    core.eject_media(&server_id, &core.actor().await?).await
}

#[tauri::command]
#[specta::specta]
pub async fn boot_once(state: State<'_, AppState>, request: BootOnce) -> Result<MediaView, Error> {
    let core = state.core()?;
    core.boot_once(&request.server_id, request.device, &core.actor().await?)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn power_state(
    state: State<'_, AppState>,
    server_id: String,
) -> Result<PowerReading, Error> {
    state.core()?.read_power_state(&server_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn bmc_access(state: State<'_, AppState>, server_id: String) -> Result<BmcAccess, Error> {
    let core = state.core()?;
    core.bmc_access(&server_id, &core.actor().await?).await
}

/// Opens the BMC's own web UI in the system browser (audited as BMC access).
#[tauri::command]
#[specta::specta]
pub async fn open_bmc_web(state: State<'_, AppState>, server_id: String) -> Result<(), Error> {
    let core = state.core()?;
    let url = core.bmc_web_url(&server_id, &core.actor().await?).await?;
    state.desktop()?.open_url(&url)
}

/// A native file picker for an ISO image; None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn choose_image_file(state: State<'_, AppState>) -> Result<Option<String>, Error> {
    crate::desktop::choose_image_file(state.desktop()?).await
}

#[tauri::command]
#[specta::specta]
pub async fn orders(state: State<'_, AppState>) -> Result<Vec<OrderView>, Error> {
    state.core()?.orders().await
}

#[tauri::command]
#[specta::specta]
pub async fn order(state: State<'_, AppState>, order_id: String) -> Result<OrderView, Error> {
    state.core()?.order(&order_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_order(
    state: State<'_, AppState>,
    request: SaveOrder,
) -> Result<OrderView, Error> {
    let core = state.core()?;
    core.save_order(request.id, request.draft, &core.actor().await?)
        .await
}

/// A drag on the calendar: the same order at a new start.
#[tauri::command]
#[specta::specta]
pub async fn move_order(
    state: State<'_, AppState>,
    request: OrderMove,
) -> Result<OrderView, Error> {
    let core = state.core()?;
    core.move_order(request, &core.actor().await?).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_order(state: State<'_, AppState>, order_id: String) -> Result<(), Error> {
    let core = state.core()?;
    core.delete_order(&order_id, &core.actor().await?).await
}

#[tauri::command]
#[specta::specta]
pub async fn order_calendar(
    state: State<'_, AppState>,
    range: CalendarRange,
) -> Result<Vec<CalendarEvent>, Error> {
    state.core()?.order_calendar(range).await
}

/// A server's firmware as its BMC lists it now, against the baseline for its model.
#[tauri::command]
#[specta::specta]
pub async fn firmware(
    state: State<'_, AppState>,
    server_id: String,
) -> Result<FirmwareView, Error> {
    state.core()?.firmware(&server_id).await
}

/// A native file picker for a firmware image; None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn choose_firmware_file(state: State<'_, AppState>) -> Result<Option<String>, Error> {
    crate::desktop::choose_firmware_file(state.desktop()?).await
}

/// Moves the servers to Deletion once the typed confirmation matches, and starts
/// the pipeline; progress streams on the channel.
#[tauri::command]
#[specta::specta]
pub async fn start_deletion(
    state: State<'_, AppState>,
    request: DeletionRequest,
    progress: Channel<JobEvent>,
) -> Result<JobRecord, Error> {
    let core = state.core()?;
    let send = move |event| drop(progress.send(event));
    Ok(core
        .start_deletion(request, &core.actor().await?, send)
        .await?
        .0)
}

/// Runs the pipeline again for servers whose deletion failed or was cut short.
#[tauri::command]
#[specta::specta]
pub async fn resume_deletion(
    state: State<'_, AppState>,
    servers: Vec<String>,
    progress: Channel<JobEvent>,
) -> Result<JobRecord, Error> {
    let core = state.core()?;
    let send = move |event| drop(progress.send(event));
    Ok(core
        .resume_deletion(&servers, &core.actor().await?, send)
        .await?
        .0)
}

#[tauri::command]
#[specta::specta]
pub async fn deletions(state: State<'_, AppState>, limit: u32) -> Result<Vec<DeletionView>, Error> {
    state.core()?.deletions(limit).await
}

#[tauri::command]
#[specta::specta]
pub async fn server_deletion(
    state: State<'_, AppState>,
    server_id: String,
) -> Result<Option<DeletionView>, Error> {
    state.core()?.server_deletion(&server_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn certificates(
    state: State<'_, AppState>,
    server_id: String,
) -> Result<Vec<ErasureCertificate>, Error> {
    state.core()?.certificates(&server_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn certificate(
    state: State<'_, AppState>,
    certificate_id: String,
) -> Result<ErasureCertificate, Error> {
    state.core()?.certificate(&certificate_id).await
}

/// Saves a certificate to the Downloads folder as PDF or JSON.
#[tauri::command]
#[specta::specta]
pub async fn export_certificate(
    state: State<'_, AppState>,
    certificate_id: String,
    format: CertificateFormat,
    language: Language,
) -> Result<CertificateFile, Error> {
    state
        .core()?
        .export_certificate(&certificate_id, format, language, None)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn backends(state: State<'_, AppState>) -> Result<Vec<BackendRecord>, Error> {
    state.core()?.backends().await
}

/// Adds an Ironic once its API answers and the sign-in (if any) is accepted.
#[tauri::command]
#[specta::specta]
pub async fn add_ironic_backend(
    state: State<'_, AppState>,
    url: String,
    sign_in: IronicSignIn,
) -> Result<BackendRecord, Error> {
    let core = state.core()?;
    core.add_ironic_backend(&url, sign_in, None, &core.actor().await?)
        .await
}

/// Brings the backend's nodes into the local cache.
#[tauri::command]
#[specta::specta]
pub async fn sync_backend(
    state: State<'_, AppState>,
    backend_id: String,
) -> Result<SyncReport, Error> {
    let core = state.core()?;
    core.sync_backend(&backend_id, &core.actor().await?).await
}
