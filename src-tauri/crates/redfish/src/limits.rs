use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

/// How hard Racksmith may press on BMCs. BMCs are small computers that fall over
/// or run out of sessions when pushed, so every call waits for a per-BMC slot and
/// a slot in the fleet-wide cap shared by every client made with the same limits.
#[derive(Debug, Clone)]
pub struct Limits {
    pub per_bmc: usize,
    pub connect_timeout: Duration,
    /// For ordinary calls.
    pub request_timeout: Duration,
    /// For calls BMCs are known to take minutes over (firmware inventory, uploads).
    pub slow_timeout: Duration,
    /// Extra attempts for idempotent reads after a transient failure.
    pub read_retries: u32,
    pub backoff: Duration,
    /// The longest Retry-After honoured before the call fails instead.
    pub max_retry_after: Duration,
    global: Arc<Semaphore>,
    global_size: usize,
    /// Requests sent by every client sharing these limits, for benchmarks.
    sent: Arc<std::sync::atomic::AtomicU64>,
}

impl Limits {
    pub fn new(global: usize, per_bmc: usize) -> Limits {
        let global = global.max(1);
        Limits {
            per_bmc: per_bmc.max(1),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            slow_timeout: Duration::from_secs(600),
            read_retries: 2,
            backoff: Duration::from_millis(200),
            max_retry_after: Duration::from_secs(30),
            global: Arc::new(Semaphore::new(global)),
            global_size: global,
            sent: Arc::default(),
        }
    }

    /// How many requests clients with these limits have sent so far.
    pub fn requests_sent(&self) -> u64 {
        self.sent.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Exponential backoff for the `retry`th retry (from 0), capped at 32 times the base.
    pub(crate) fn backoff_for(&self, retry: u32) -> Duration {
        self.backoff * 2u32.pow(retry.min(5))
    }

    /// How long to wait before retrying: what the BMC asked for (Retry-After),
    /// else the backoff, never longer than the longest wait honoured.
    pub(crate) fn wait_before_retry(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        retry_after
            .unwrap_or_else(|| self.backoff_for(retry))
            .min(self.max_retry_after)
    }

    pub(crate) fn count_request(&self) {
        self.sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn global(&self) -> usize {
        self.global_size
    }

    pub(crate) fn global_slots(&self) -> &Arc<Semaphore> {
        &self.global
    }
}

impl Default for Limits {
    /// Two calls at a time per BMC (real BMCs serialise most work anyway) and 64
    /// across the fleet.
    fn default() -> Limits {
        Limits::new(64, 2)
    }
}
