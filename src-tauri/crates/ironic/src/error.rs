/// What went wrong talking to Ironic, with the URL, so the message says where.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error("{url}: no answer ({detail})")]
    Unreachable { url: String, detail: String },
    /// The HTTPS certificate does not chain to the CA bundle given (or none was given).
    #[error("{url}: the HTTPS certificate is not trusted ({detail}); give the CA that issued it with the backend")]
    Untrusted { url: String, detail: String },
    #[error("{method} {url}: HTTP {status}: {message}")]
    Status {
        method: String,
        url: String,
        status: u16,
        /// Ironic's own words (its faultstring) where the body had them.
        message: String,
    },
    /// Keystone turned the sign-in away (a wrong password, an expired credential).
    #[error("{url}: Keystone refused the sign-in (HTTP {status}): {message}")]
    SignIn {
        url: String,
        status: u16,
        message: String,
    },
    #[error("{url}: the answer is not what Ironic sends: {detail}")]
    Malformed { url: String, detail: String },
    #[error("{0}")]
    Invalid(String),
    /// A transition ended somewhere other than asked, with Ironic's reason.
    #[error("node {node} is {state}, not {wanted}{}", reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default())]
    Failed {
        node: String,
        state: String,
        wanted: String,
        /// Ironic's `last_error`.
        reason: Option<String>,
    },
    #[error("node {node} is still {state} after {seconds} s, not {wanted}")]
    TimedOut {
        node: String,
        state: String,
        wanted: String,
        seconds: u64,
    },
}

/// A failed request, with every cause (reqwest's own message hides the TLS reason).
pub(crate) fn unreachable(url: &str, error: &reqwest::Error) -> Error {
    let mut detail = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        detail.push_str(": ");
        detail.push_str(&cause.to_string());
        source = cause.source();
    }
    let url = url.to_owned();
    if detail.contains("certificate") {
        Error::Untrusted { url, detail }
    } else {
        Error::Unreachable { url, detail }
    }
}
