//! Why a client connection ended.

/// Errors that end one client's session; they never affect other clients.
#[derive(Debug, thiserror::Error)]
pub enum VncError {
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("protocol violation: {0}")]
    Protocol(String),
    #[error("unsupported: {0}")]
    Unsupported(String),
    #[error("authentication failed")]
    AuthFailed,
    #[error("handshake timed out")]
    HandshakeTimeout,
}
