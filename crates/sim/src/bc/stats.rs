//! Counters of what the Business Central simulator did, readable while it runs.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

/// A snapshot of the counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BcStats {
    /// Every HTTP request received (token and API).
    pub requests: u64,
    /// 429 answers: the concurrency limit and the `Throttle` fault.
    pub throttled: u64,
    /// 503 answers from the `Unavailable` fault.
    pub unavailable: u64,
    /// 504 and 408 answers from the timeout faults.
    pub timeouts: u64,
    pub tokens_issued: u64,
    /// 401 answers of any kind (token endpoint and API).
    pub auth_failures: u64,
    /// The most authenticated API requests in flight at once, counting those refused for it.
    pub max_in_flight: u64,
    /// Truncated pages from the `MalformedPage` fault.
    pub malformed: u64,
    /// Sales orders changed by `ChangeDuringRead`.
    pub changed_orders: u64,
}

/// The live counters behind [`BcStats`].
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub requests: AtomicU64,
    pub throttled: AtomicU64,
    pub unavailable: AtomicU64,
    pub timeouts: AtomicU64,
    pub tokens_issued: AtomicU64,
    pub auth_failures: AtomicU64,
    pub max_in_flight: AtomicU64,
    pub malformed: AtomicU64,
    pub changed_orders: AtomicU64,
    /// Admitted API requests, numbering them for the every-Nth faults.
    pub api_requests: AtomicU64,
}

impl Counters {
    /// Adds one and returns the new value (the 1-based number of this event).
    pub fn bump(counter: &AtomicU64) -> u64 {
        counter.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub fn snapshot(&self) -> BcStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        BcStats {
            requests: get(&self.requests),
            throttled: get(&self.throttled),
            unavailable: get(&self.unavailable),
            timeouts: get(&self.timeouts),
            tokens_issued: get(&self.tokens_issued),
            auth_failures: get(&self.auth_failures),
            max_in_flight: get(&self.max_in_flight),
            malformed: get(&self.malformed),
            changed_orders: get(&self.changed_orders),
        }
    }
}
