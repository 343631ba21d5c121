//! The desktop shell: it opens the profile, registers the commands and opens the
//! window. Everything a command does lives in the domain crates.

mod commands;
mod console_channel;
mod desktop;
mod state;
mod tray;

use racksmith_core::{logging, Profile};
use tauri::Manager;
use tauri_specta::{collect_commands, Builder, ErrorHandlingMode};

pub use state::AppState;

/// Every command the UI may call; the TypeScript bindings are generated from it.
pub fn ipc<R: tauri::Runtime>() -> Builder<R> {
    Builder::<R>::new()
        // Commands reject with the AppError value, which TanStack Query expects.
        .error_handling(ErrorHandlingMode::Throw)
        // One type per Rust type: our IPC types read and write the same shape.
        .disable_serde_phases()
        .commands(collect_commands![
            commands::startup,
            commands::backends,
            commands::add_ironic_backend,
            commands::sync_backend,
            commands::tab_summaries,
            commands::settings,
            commands::save_settings,
            commands::demo_lab_ready,
            commands::server_detail,
            commands::inspect_certificate,
            commands::add_bmc,
            commands::trust_certificate,
            commands::import_csv,
            commands::refresh_servers,
            commands::query_servers,
            commands::server_actions,
            commands::move_stage,
            commands::set_server_dates,
            commands::set_server_place,
            commands::start_job,
            commands::cancel_job,
            commands::retry_job,
            commands::jobs,
            commands::job,
            commands::audit,
            commands::verify_audit,
            commands::export_inventory,
            commands::export_audit,
            commands::open_snapshot,
            commands::close_snapshot,
            commands::bios,
            commands::check_bios,
            commands::set_bios,
            commands::reset_bios,
            commands::storage,
            commands::plan_raid,
            commands::review_raid,
            commands::apply_raid,
            commands::bmc_settings,
            commands::apply_bmc_settings,
            commands::create_bmc_account,
            commands::rotate_bmc_password,
            commands::reveal_bmc_password,
            commands::build_profiles,
            commands::save_build_profile,
            commands::delete_build_profile,
            commands::export_build_profile,
            commands::import_build_profile,
            commands::preflight_build,
            commands::open_console,
            commands::console_input,
            commands::console_screenshot,
            commands::close_console,
            commands::set_console_password,
            commands::virtual_media,
            commands::insert_media,
            commands::eject_media,
            commands::boot_once,
            commands::power_state,
            commands::bmc_access,
            commands::open_bmc_web,
            commands::choose_image_file,
            commands::orders,
            commands::order,
            commands::save_order,
            commands::move_order,
            commands::delete_order,
            commands::order_calendar,
            commands::firmware,
            commands::choose_firmware_file,
            commands::start_deletion,
            commands::resume_deletion,
            commands::deletions,
            commands::server_deletion,
            commands::certificates,
            commands::certificate,
            commands::export_certificate,
        ])
}

pub fn run() {
    let profile = Profile::from_env();
    // Held until the app exits so the last log lines are flushed.
    let _log = profile
        .as_ref()
        .ok()
        .and_then(|p| logging::init(p, "racksmith").ok());
    let state = AppState::open(profile);
    let ipc = ipc::<tauri::Wry>();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .invoke_handler(ipc.invoke_handler())
        .setup(|app| {
            let handle = app.handle().clone();
            handle
                .state::<AppState>()
                .set_desktop(Box::new(handle.clone()));
            let settings = handle
                .state::<AppState>()
                .profile_core()
                .ok()
                .and_then(|core| tauri::async_runtime::block_on(core.settings()).ok());
            if let Err(error) = tray::install(&handle, settings.as_ref()) {
                // Without a tray, closing the window quits as it always did.
                tracing::warn!(%error, "no tray icon; scheduled orders run only while the window is open");
            }
            tauri::async_runtime::spawn(async move {
                let state = handle.state::<AppState>();
                state.recover_jobs().await;
                state.start_demo_lab().await;
                state.run_orders().await;
            });
            Ok(())
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|error| {
            tracing::error!(%error, "the app window could not run");
            eprintln!("Racksmith could not start: {error}");
            std::process::exit(1);
        });
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            // BMCs have few sessions: log out of each before the process ends.
            tauri::async_runtime::block_on(handle.state::<AppState>().shutdown());
        }
    });
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    const BINDINGS: &str = "../ui/src/ipc/bindings.ts";

    /// The committed bindings must be what the commands generate today. Run
    /// `npm run bindings` to refresh them after changing a command or a type.
    #[test]
    fn bindings_are_current() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fresh = dir.path().join("bindings.ts");
        super::ipc::<tauri::Wry>()
            .export(
                specta_typescript::Typescript::default().header(
                    "// Generated by `npm run bindings` from the Rust commands; do not edit.\n",
                ),
                &fresh,
            )
            .expect("export bindings");
        let fresh = std::fs::read_to_string(&fresh).expect("read fresh bindings");
        let committed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS);
        if std::env::var_os("RACKSMITH_WRITE_BINDINGS").is_some() {
            std::fs::write(&committed_path, &fresh).expect("write bindings");
            return;
        }
        let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/ipc/bindings.ts has drifted from the Rust commands; run `npm run bindings` and commit the result"
        );
    }

    fn json(path: &str) -> serde_json::Value {
        let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        let text = std::fs::read_to_string(&full).expect("config file");
        serde_json::from_str(&text).expect("valid JSON")
    }

    /// The window may run only the app's own scripts: no remote origins, no inline
    /// scripts, no eval.
    #[test]
    fn the_content_security_policy_allows_no_remote_or_inline_scripts() {
        let config = json("tauri.conf.json");
        let csp = &config["app"]["security"]["csp"];
        for directive in ["default-src", "script-src"] {
            assert_eq!(csp[directive], "'self'", "{directive} must be 'self' only");
        }
        for (directive, sources) in csp.as_object().expect("CSP as an object") {
            let sources = sources.as_str().expect("CSP sources as a string");
            for banned in ["'unsafe-eval'", "'unsafe-inline'", "https:", "http:", "*"] {
                assert!(
                    !sources.split_whitespace().any(|s| s == banned),
                    "{directive} allows {banned}"
                );
            }
        }
    }

    /// The main window's capability grants nothing beyond Racksmith's own commands.
    #[test]
    fn the_window_capability_grants_no_plugin_permissions() {
        let capability = json("capabilities/main-window.json");
        assert_eq!(capability["windows"], serde_json::json!(["main"]));
        let granted = capability["permissions"]
            .as_array()
            .expect("permissions list");
        assert!(granted.is_empty(), "unexpected permissions: {granted:?}");
        let config = json("tauri.conf.json");
        assert_eq!(
            config["app"]["security"]["capabilities"],
            serde_json::json!(["main-window"])
        );
    }
}
