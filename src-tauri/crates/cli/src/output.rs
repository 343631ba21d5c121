use racksmith_core::{Error, ServerSummary, Settings};
use serde::Serialize;

use crate::Report;

pub struct Output {
    json: bool,
}

#[derive(Serialize)]
struct ErrorDocument<'a> {
    error: &'a Error,
}

impl Output {
    pub fn new(json: bool) -> Output {
        Output { json }
    }

    pub fn print(&self, report: &Report) {
        self.print_raw(&report.json, &report.human);
    }

    /// Writes to stdout; a reader that went away (`rackctl ... | head`) is not an
    /// error worth a panic.
    pub fn print_raw(&self, json: &serde_json::Value, human: &str) {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = if self.json {
            writeln!(out, "{json}")
        } else {
            writeln!(out, "{human}")
        };
        // A long-running command prints before it waits; make sure it is seen.
        let _ = out.flush();
    }

    pub fn error(&self, error: &Error) {
        if self.json {
            let document = serde_json::to_string(&ErrorDocument { error }).unwrap_or_else(|_| {
                String::from(r#"{"error":{"code":"internal","message":"unprintable error"}}"#)
            });
            use std::io::Write;
            let _ = writeln!(std::io::stdout(), "{document}");
        } else {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "rackctl: {error}");
        }
    }
}

pub fn server_table(servers: &[ServerSummary]) -> String {
    if servers.is_empty() {
        return String::from("No servers.");
    }
    let mut lines = vec![format!(
        "{:<24} {:<22} {:<20} {}",
        "NAME", "STAGE", "MODEL", "BMC"
    )];
    for server in servers {
        lines.push(format!(
            "{:<24} {:<22} {:<20} {}",
            server.name,
            format!("{:?}", server.stage),
            server.model.as_deref().unwrap_or("-"),
            server.bmc_address.as_deref().unwrap_or("-"),
        ));
    }
    lines.join("\n")
}

pub fn settings_text(settings: &Settings) -> String {
    format!(
        "language  {:?}\ntheme     {:?}",
        settings.language, settings.theme
    )
}
