use std::time::Duration;

use tokio::time::Instant;

/// Lab time: real-BMC durations multiplied by the spec's time scale, so tests can
/// run a ten-second power-on in a tenth of a second.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    scale: f64,
}

impl Clock {
    pub fn new(scale: f64) -> Clock {
        Clock { scale }
    }

    pub fn scaled(&self, real_bmc_seconds: f64) -> Duration {
        Duration::from_secs_f64((real_bmc_seconds * self.scale).max(0.0))
    }

    pub fn after(&self, from: Instant, real_bmc_seconds: f64) -> Instant {
        from + self.scaled(real_bmc_seconds)
    }
}

/// Now as RFC 3339 in UTC, for Redfish timestamps.
pub fn timestamp() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned())
}
