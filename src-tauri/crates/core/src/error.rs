use racksmith_inventory::StoreError;
use serde::Serialize;
use specta::Type;

/// A stable, machine-readable reason. The UI branches and translates on it, so a
/// variant is never renamed once released; new reasons are added instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The profile's database was written by a newer Racksmith.
    DatabaseTooNew,
    /// The database could not be opened, read or written.
    Database,
    /// The profile folder could not be found or created.
    ProfileUnavailable,
    /// The request named something that does not exist.
    NotFound,
    /// The request was malformed or asked for something impossible.
    InvalidInput,
    /// The request clashes with what is already there.
    Conflict,
    /// A bug: something that should not happen did.
    Internal,
    /// The BMC refused the connection or could not be reached.
    BmcUnreachable,
    /// The BMC did not answer in time.
    BmcTimeout,
    /// The connection dropped before the BMC answered.
    BmcDropped,
    /// TLS could not be set up with the BMC.
    BmcTls,
    /// The BMC presents a certificate other than the one trusted.
    CertificateChanged,
    /// The certificate has not been trusted yet.
    CertificateUntrusted,
    /// The BMC answered with an error status.
    BmcError,
    /// The BMC's answer was not valid Redfish JSON.
    BmcMalformed,
    /// The BMC did not accept the user name and password.
    LoginRefused,
    /// The OS keyring could not be used (locked, missing, or refused).
    KeyringUnavailable,
    /// A secret the request refers to is not in the keyring.
    SecretMissing,
    /// The server's stage does not allow this action or move.
    StageForbids,
    /// It may reboot a server that is in service: move it to Maintenance first.
    RebootNeedsMaintenance,
    /// An operator holds the server; customer actions are locked.
    OperatorHold,
    /// Only an operator may do this.
    OperatorOnly,
    /// A snapshot opened for review cannot be changed.
    ReadOnlySnapshot,
    /// The move needs a reason (or a hold its end time).
    ReasonRequired,
    /// Deletion has not verified the server clean yet.
    DeletionUnfinished,
    /// The RAID layout cannot be built (too few drives, uneven spans, a failed drive).
    ImpossibleLayout,
    /// A BIOS value the attribute registry does not allow.
    InvalidBiosValue,
    /// A server does not meet what its build profile needs.
    PreflightFailed,
    /// After the build the server did not read back as the profile asked.
    VerifyFailed,
    /// Ironic reports that a transition on the node failed (its last_error says why).
    IronicError,
    /// Ironic's API turned a request away (its own words are in the message).
    IronicRefused,
    /// Existing volumes would be deleted and the request did not confirm it.
    ConfirmationRequired,
    /// The console needs a VNC password, or refused the one stored.
    ConsolePassword,
    /// The BMC turned the console away (for example, too many sessions).
    ConsoleRefused,
    /// The typed confirmation is not the server's name (or the count of servers).
    ConfirmationMismatch,
    /// A drive's secure erase did not finish well.
    EraseFailed,
    /// The stage allows it, but the server's backend (Ironic) cannot carry it out.
    BackendCannot,
}

impl ErrorCode {
    /// The snake_case name it crosses IPC and is stored under.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

impl From<racksmith_build::RaidRefusal> for Error {
    fn from(refusal: racksmith_build::RaidRefusal) -> Error {
        Error::new(ErrorCode::ImpossibleLayout, refusal.message)
    }
}

impl From<racksmith_lifecycle::Refusal> for Error {
    fn from(refusal: racksmith_lifecycle::Refusal) -> Error {
        use racksmith_lifecycle::RefusalCode as R;
        let code = match refusal.code {
            R::StageForbids => ErrorCode::StageForbids,
            R::RebootNeedsMaintenance => ErrorCode::RebootNeedsMaintenance,
            R::OperatorHold => ErrorCode::OperatorHold,
            R::OperatorOnly => ErrorCode::OperatorOnly,
            R::BmcUnreachable => ErrorCode::BmcUnreachable,
            R::ReadOnlySnapshot => ErrorCode::ReadOnlySnapshot,
            R::ReasonRequired => ErrorCode::ReasonRequired,
            R::DeletionUnfinished => ErrorCode::DeletionUnfinished,
            R::ConfirmationRequired => ErrorCode::ConfirmationRequired,
            R::BackendCannot => ErrorCode::BackendCannot,
        };
        Error::new(code, refusal.message)
    }
}

/// The one error that crosses IPC and leaves `rackctl --json`: a stable code and
/// a human message in English (the UI translates known codes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type, thiserror::Error)]
#[error("{message}")]
#[serde(rename = "AppError")] // `Error` would shadow JavaScript's own
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
        }
    }
}

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Error {
        let code = match &error {
            StoreError::DatabaseTooNew { .. } => ErrorCode::DatabaseTooNew,
            StoreError::DuplicateName(_) | StoreError::DuplicateBmc(_) | StoreError::Changed(_) => {
                ErrorCode::Conflict
            }
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::UnknownValue { .. } => ErrorCode::InvalidInput,
            StoreError::Migration { .. } | StoreError::Sqlite(_) | StoreError::Pool(_) => {
                ErrorCode::Database
            }
        };
        Error::new(code, error.to_string())
    }
}

impl From<racksmith_redfish::Error> for Error {
    fn from(error: racksmith_redfish::Error) -> Error {
        use racksmith_redfish::ErrorKind;
        let code = match error.kind() {
            ErrorKind::Timeout => ErrorCode::BmcTimeout,
            ErrorKind::Refused | ErrorKind::Other => ErrorCode::BmcUnreachable,
            ErrorKind::Dropped => ErrorCode::BmcDropped,
            ErrorKind::Tls => ErrorCode::BmcTls,
            ErrorKind::CertificateChanged => ErrorCode::CertificateChanged,
            ErrorKind::Status => ErrorCode::BmcError,
            ErrorKind::Malformed => ErrorCode::BmcMalformed,
            ErrorKind::LoginRefused => ErrorCode::LoginRefused,
            ErrorKind::Invalid => ErrorCode::InvalidInput,
        };
        Error::new(code, error.to_string())
    }
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Error {
        Error::new(ErrorCode::Internal, format!("input/output failed: {error}"))
    }
}

impl From<racksmith_console::ConsoleError> for Error {
    fn from(error: racksmith_console::ConsoleError) -> Error {
        use racksmith_console::Problem;
        let code = match error.problem {
            Problem::Unreachable => ErrorCode::BmcUnreachable,
            Problem::PasswordNeeded | Problem::WrongPassword => ErrorCode::ConsolePassword,
            Problem::Refused => ErrorCode::ConsoleRefused,
            Problem::Protocol => ErrorCode::BmcMalformed,
            Problem::Dropped => ErrorCode::BmcDropped,
            // The user's own text, not the BMC's fault.
            Problem::Untypeable => ErrorCode::InvalidInput,
            Problem::Busy => ErrorCode::Conflict,
        };
        Error::new(code, error.message)
    }
}

impl From<tokio::task::JoinError> for Error {
    fn from(error: tokio::task::JoinError) -> Error {
        Error::new(
            ErrorCode::Internal,
            format!("a background task failed: {error}"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_input_problems_name_whose_fault_they_are() {
        use racksmith_console::{ConsoleError, Problem};
        let code = |p| Error::from(ConsoleError::new(p, "x")).code;
        assert_eq!(code(Problem::Untypeable), ErrorCode::InvalidInput);
        assert_eq!(code(Problem::Busy), ErrorCode::Conflict);
        assert_eq!(code(Problem::Refused), ErrorCode::ConsoleRefused);
    }

    #[test]
    fn serializes_as_a_code_and_a_message() {
        let error = Error::new(ErrorCode::DatabaseTooNew, "too new");
        let json = serde_json::to_value(&error).expect("serialize");
        assert_eq!(
            json,
            serde_json::json!({"code": "database_too_new", "message": "too new"})
        );
    }

    #[test]
    fn store_errors_keep_their_meaning() {
        let error: Error = StoreError::DuplicateName("a".into()).into();
        assert_eq!(error.code, ErrorCode::Conflict);
        assert!(error.message.contains("\"a\""));
    }
}
