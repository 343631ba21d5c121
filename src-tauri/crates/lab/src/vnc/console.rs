//! The display state of one simulated server, shared by all its VNC clients.

use super::field::InstallerField;
use super::frame::Frame;
use super::login::LoginConsole;
use super::screen::{render, Screen};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use tokio::sync::watch;

const WIDTH: u16 = 800;
const HEIGHT: u16 = 600;

struct State {
    screen: Screen,
    login: Option<LoginConsole>,
    installer: Option<InstallerField>,
}

/// One server's console: the current screen, the login line being typed, and
/// the rendered frame that sessions send to clients.
pub struct Console {
    password: Option<String>,
    state: Mutex<State>,
    /// The latest frame; sessions wait on it to answer incremental requests.
    frames: watch::Sender<Arc<Frame>>,
    clients: AtomicUsize,
}

impl std::fmt::Debug for Console {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The password stays out of logs.
        f.debug_struct("Console")
            .field("screen", &self.screen())
            .field("auth", &self.password.is_some())
            .field("clients", &self.connected_clients())
            .finish()
    }
}

impl Console {
    /// `password`: Some => VNC password auth (security type 2) only; None =>
    /// security type None (1) only.
    pub fn new(password: Option<String>) -> Arc<Console> {
        let screen = Screen::NoSignal;
        let frame = render(&screen, None, None, WIDTH, HEIGHT);
        Arc::new(Console {
            password,
            state: Mutex::new(State {
                screen,
                login: None,
                installer: None,
            }),
            frames: watch::channel(Arc::new(frame)).0,
            clients: AtomicUsize::new(0),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere cannot leave State half-updated in a harmful way,
        // so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Shows `screen` on every client. Setting the screen already shown is a
    /// no-op; any other change clears the typed text.
    pub fn set_screen(&self, screen: Screen) {
        let mut state = self.lock();
        if state.screen == screen {
            return;
        }
        state.login = match &screen {
            Screen::Login { hostname } => Some(LoginConsole::new(hostname)),
            _ => None,
        };
        state.installer = matches!(screen, Screen::Installer { .. }).then(InstallerField::default);
        state.screen = screen;
        self.publish(&state);
    }

    pub fn screen(&self) -> Screen {
        self.lock().screen.clone()
    }

    /// What has been typed at the Login screen since it appeared ('\n' for
    /// Return), or into the installer's host-name field.
    pub fn typed_text(&self) -> String {
        let state = self.lock();
        match (&state.login, &state.installer) {
            (Some(login), _) => login.typed().to_string(),
            (_, Some(field)) => field.text().to_string(),
            _ => String::new(),
        }
    }

    /// The installer's Japanese input mode; None on other screens.
    pub fn kana_mode(&self) -> Option<bool> {
        self.lock().installer.as_ref().map(InstallerField::kana)
    }

    pub fn size(&self) -> (u16, u16) {
        (WIDTH, HEIGHT)
    }

    /// Clients past the handshake and still connected.
    pub fn connected_clients(&self) -> usize {
        self.clients.load(Ordering::SeqCst)
    }

    /// The frame clients are being shown now.
    pub fn frame(&self) -> Arc<Frame> {
        self.frames.borrow().clone()
    }

    pub(crate) fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    pub(crate) fn subscribe(&self) -> watch::Receiver<Arc<Frame>> {
        self.frames.subscribe()
    }

    pub(crate) fn key_event(&self, keysym: u32, down: bool) {
        if !down {
            return;
        }
        let mut state = self.lock();
        let state = &mut *state;
        let changed = match (&mut state.login, &mut state.installer) {
            (Some(login), _) => login.key_down(keysym),
            (_, Some(field)) => field.key_down(keysym),
            _ => false,
        };
        if changed {
            self.publish(state);
        }
    }

    /// Renders while the state lock is held, so frames are published in the
    /// same order as the changes that caused them.
    fn publish(&self, state: &State) {
        let frame = render(
            &state.screen,
            state.login.as_ref(),
            state.installer.as_ref(),
            WIDTH,
            HEIGHT,
        );
        self.frames.send_replace(Arc::new(frame));
    }

    /// Counts a client as connected until the guard is dropped, including
    /// when its task is aborted.
    pub(crate) fn client_guard(self: &Arc<Self>) -> ClientGuard {
        self.clients.fetch_add(1, Ordering::SeqCst);
        ClientGuard(Arc::clone(self))
    }
}

pub(crate) struct ClientGuard(Arc<Console>);

impl Drop for ClientGuard {
    fn drop(&mut self) {
        self.0.clients.fetch_sub(1, Ordering::SeqCst);
    }
}
