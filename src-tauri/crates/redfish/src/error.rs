use std::fmt;

/// What went wrong talking to a BMC. Each transport failure is its own variant so
/// callers (and the UI, through the core's error codes) can tell a dead BMC from
/// a slow one, a changed certificate from a refused login.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error("{method} {url}: no answer within {seconds} s")]
    Timeout {
        method: String,
        url: String,
        seconds: u64,
    },
    #[error("{url}: connection refused (is the BMC address right and the BMC up?)")]
    Refused { url: String },
    #[error("{method} {url}: the connection was dropped before an answer ({detail})")]
    Dropped {
        method: String,
        url: String,
        detail: String,
    },
    #[error("{url}: TLS failed: {detail}")]
    Tls { url: String, detail: String },
    #[error(
        "{url}: the BMC presented a different certificate (SHA-256 {presented}) from the one \
         trusted ({pinned}); refusing to talk to it until the new certificate is trusted"
    )]
    CertificateChanged {
        url: String,
        pinned: String,
        presented: String,
    },
    #[error("{method} {url}: HTTP {status}{}", redfish_suffix(.code, .message))]
    Status {
        method: String,
        url: String,
        status: u16,
        /// The Redfish `error.code`, when the body had one.
        code: Option<String>,
        /// The most severe `@Message.ExtendedInfo` message, else `error.message`.
        message: Option<String>,
    },
    #[error("{method} {url}: the BMC's answer is not valid Redfish JSON: {detail}")]
    Malformed {
        method: String,
        url: String,
        detail: String,
    },
    #[error("{url}: the BMC did not accept the user name and password")]
    LoginRefused { url: String },
    #[error("{0}")]
    Invalid(String),
    #[error("{url}: {detail}")]
    Other { url: String, detail: String },
}

fn redfish_suffix(code: &Option<String>, message: &Option<String>) -> String {
    match (code, message) {
        (Some(code), Some(message)) => format!(" {code}: {message}"),
        (None, Some(message)) => format!(": {message}"),
        (Some(code), None) => format!(" {code}"),
        (None, None) => String::new(),
    }
}

/// The broad kind of an [`Error`], for callers that branch (retry, re-trust, report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Timeout,
    Refused,
    Dropped,
    Tls,
    CertificateChanged,
    Status,
    Malformed,
    LoginRefused,
    Invalid,
    Other,
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Refused { .. } => ErrorKind::Refused,
            Error::Dropped { .. } => ErrorKind::Dropped,
            Error::Tls { .. } => ErrorKind::Tls,
            Error::CertificateChanged { .. } => ErrorKind::CertificateChanged,
            Error::Status { .. } => ErrorKind::Status,
            Error::Malformed { .. } => ErrorKind::Malformed,
            Error::LoginRefused { .. } => ErrorKind::LoginRefused,
            Error::Invalid(_) => ErrorKind::Invalid,
            Error::Other { .. } => ErrorKind::Other,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Worth trying again for an idempotent request: the BMC may answer next time.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Timeout { .. } | Error::Dropped { .. } | Error::Malformed { .. } => true,
            Error::Status { status, .. } => matches!(status, 500 | 502 | 503 | 504),
            _ => false,
        }
    }
}

/// Reads the Redfish error body: `error.code`, and the message of the most severe
/// `@Message.ExtendedInfo` entry (Critical over Warning over OK), else `error.message`.
pub(crate) fn redfish_error(body: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) else {
        return (None, None);
    };
    let error = &json["error"];
    let code = error["code"].as_str().map(str::to_owned);
    let severity_rank = |entry: &serde_json::Value| {
        let severity = entry["MessageSeverity"]
            .as_str()
            .or_else(|| entry["Severity"].as_str())
            .unwrap_or("");
        match severity {
            "Critical" => 3,
            "Warning" => 2,
            "OK" => 1,
            _ => 0,
        }
    };
    let extended = error["@Message.ExtendedInfo"]
        .as_array()
        .and_then(|entries| entries.iter().max_by_key(|e| severity_rank(e)))
        .and_then(|entry| entry["Message"].as_str());
    let message = extended
        .or_else(|| error["message"].as_str())
        .map(str::to_owned);
    (code, message)
}

pub(crate) struct Hex<'a>(pub &'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, byte) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{byte:02X}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_severe_extended_message_wins() {
        let body = br#"{"error":{"code":"Base.1.22.GeneralError","message":"see ExtendedInfo",
            "@Message.ExtendedInfo":[
              {"MessageId":"Base.1.22.PropertyValueNotInList","Message":"minor","MessageSeverity":"Warning"},
              {"MessageId":"Base.1.22.ResourceInUse","Message":"drive in use","MessageSeverity":"Critical"}]}}"#;
        let (code, message) = redfish_error(body);
        assert_eq!(code.as_deref(), Some("Base.1.22.GeneralError"));
        assert_eq!(message.as_deref(), Some("drive in use"));
    }

    #[test]
    fn a_status_error_names_method_url_status_and_redfish_reason() {
        let error = Error::Status {
            method: "POST".into(),
            url: "https://127.0.0.1:1/redfish/v1/Systems/1/Actions/ComputerSystem.Reset".into(),
            status: 400,
            code: Some("Base.1.22.ActionParameterNotSupported".into()),
            message: Some("bad ResetType".into()),
        };
        let text = error.to_string();
        for part in [
            "POST",
            "ComputerSystem.Reset",
            "400",
            "ActionParameterNotSupported",
            "bad ResetType",
        ] {
            assert!(text.contains(part), "{text} lacks {part}");
        }
    }

    #[test]
    fn a_non_json_error_body_is_not_fatal() {
        assert_eq!(redfish_error(b"<html>oops</html>"), (None, None));
    }
}
