//! The KVM console: an RFB client (vnc-rs) over TCP or a WebSocket, the
//! keyboard layouts it types with, and the framebuffer it keeps for the canvas
//! and for screenshots.
#![forbid(unsafe_code)]

pub mod error;
pub mod framebuffer;
pub mod input;
pub mod keyboard;
pub mod registry;
pub mod session;
pub mod transport;
pub mod wire;

pub use error::{ConsoleError, Problem};
pub use framebuffer::Framebuffer;
pub use input::Input;
pub use keyboard::{Combo, Layout};
pub use registry::Consoles;
pub use session::{capture, ConsoleState, ConsoleStatus, Session, Sink, Target};
pub use transport::Transport;
