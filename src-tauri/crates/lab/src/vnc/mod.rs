//! PLACEHOLDER until the VNC console server lands: keeps the screen state only.
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    NoSignal,
    Post {
        vendor: String,
        model: String,
        bios_version: String,
        serial: String,
    },
    BiosSetup {
        vendor: String,
        bios_version: String,
    },
    BootingCd {
        image: String,
    },
    Installer {
        image: String,
    },
    Login {
        hostname: String,
    },
}

pub struct Console {
    screen: Mutex<Screen>,
}

impl Console {
    pub fn new(_password: Option<String>) -> Arc<Console> {
        Arc::new(Console {
            screen: Mutex::new(Screen::NoSignal),
        })
    }
    pub fn set_screen(&self, screen: Screen) {
        if let Ok(mut s) = self.screen.lock() {
            *s = screen;
        }
    }
    pub fn screen(&self) -> Screen {
        self.screen
            .lock()
            .map(|s| s.clone())
            .unwrap_or(Screen::NoSignal)
    }
}

pub async fn serve(listener: tokio::net::TcpListener, _console: Arc<Console>) {
    while let Ok((socket, _)) = listener.accept().await {
        drop(socket);
    }
}
