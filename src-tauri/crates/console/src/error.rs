use serde::{Deserialize, Serialize};
use specta::Type;

/// Why a console could not be opened or was lost, in terms a user can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Nothing answered at the address (or not in time).
    Unreachable,
    /// The server asks for a VNC password and none is stored.
    PasswordNeeded,
    /// The server refused the password.
    WrongPassword,
    /// The server turned the session away, e.g. too many sessions open.
    Refused,
    /// The server spoke something other than RFB, or broke the protocol.
    Protocol,
    /// An open session ended.
    Dropped,
    /// Pasted text holds characters the keyboard layout cannot type; nothing was sent.
    Untypeable,
    /// Input is arriving faster than the session can send it; try again.
    Busy,
}

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ConsoleError {
    pub problem: Problem,
    pub message: String,
}

impl ConsoleError {
    pub fn new(problem: Problem, message: impl Into<String>) -> ConsoleError {
        ConsoleError {
            problem,
            message: message.into(),
        }
    }

    /// Whether trying again soon may work (a wrong password will not).
    pub fn retryable(&self) -> bool {
        matches!(
            self.problem,
            Problem::Unreachable | Problem::Dropped | Problem::Protocol
        )
    }
}
