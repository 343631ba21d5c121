//! The tray icon: closing the window hides it and the app keeps running
//! scheduled orders; "Show Racksmith" brings the window back, "Quit" ends the
//! app (and its runner). Where no tray can be made, closing quits as before.

use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime, WindowEvent};

use racksmith_core::{LanguagePref, Settings};

struct Words {
    show: &'static str,
    quit: &'static str,
    tooltip: &'static str,
}

const EN: Words = Words {
    show: "Show Racksmith",
    quit: "Quit Racksmith",
    tooltip: "Racksmith: runs scheduled orders while it is open",
};

const JA: Words = Words {
    show: "Racksmith を表示",
    quit: "Racksmith を終了",
    tooltip: "Racksmith: 起動中は予約オーダーを実行します",
};

fn words(settings: Option<&Settings>) -> &'static Words {
    let japanese = match settings.map(|s| s.language) {
        Some(LanguagePref::Ja) => true,
        Some(LanguagePref::En) => false,
        _ => sys_locale::get_locale().is_some_and(|l| l.starts_with("ja")),
    };
    if japanese {
        &JA
    } else {
        &EN
    }
}

fn show<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// Makes the tray icon, and only then lets a closed window hide instead of quit.
pub fn install<R: Runtime>(app: &AppHandle<R>, settings: Option<&Settings>) -> tauri::Result<()> {
    let words = words(settings);
    let show_item = MenuItem::with_id(app, "show", words.show, true, None::<&str>)?;
    let quit_item = MenuItem::with_id(app, "quit", words.quit, true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&show_item, &quit_item])?;
    let mut tray = TrayIconBuilder::with_id("racksmith")
        .tooltip(words.tooltip)
        .menu(&menu)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "show" => show(app),
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    if let Some(window) = app.get_webview_window("main") {
        let hide = window.clone();
        window.on_window_event(move |event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                api.prevent_close();
                let _ = hide.hide();
            }
        });
    }
    Ok(())
}
