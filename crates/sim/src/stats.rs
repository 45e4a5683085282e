//! Counters of what the simulator did, readable while it runs (tests assert on them).

use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

/// A snapshot of the counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SimStats {
    /// Every HTTP request received.
    pub requests: u64,
    /// Authorized list (searchCriteria) requests.
    pub list_requests: u64,
    /// 429 answers from the `RateLimit` fault.
    pub rate_limited: u64,
    /// 503 answers from the `Unavailable` fault.
    pub unavailable: u64,
    /// Responses broken mid-body by the `DropConnection` fault.
    pub dropped: u64,
    /// Truncated JSON pages from the `MalformedOrders` fault.
    pub malformed: u64,
    pub admin_tokens_issued: u64,
    /// 401 answers of any kind.
    pub auth_failures: u64,
    /// Orders added by `InsertDuringRead`.
    pub inserted_orders: u64,
    /// Orders changed by `UpdateDuringRead`.
    pub updated_orders: u64,
}

/// The live counters behind [`SimStats`].
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub requests: AtomicU64,
    pub list_requests: AtomicU64,
    pub rate_limited: AtomicU64,
    pub unavailable: AtomicU64,
    pub dropped: AtomicU64,
    pub malformed: AtomicU64,
    pub admin_tokens_issued: AtomicU64,
    pub auth_failures: AtomicU64,
    pub inserted_orders: AtomicU64,
    pub updated_orders: AtomicU64,
    /// Data-route requests, numbering them for the every-Nth faults.
    pub data_requests: AtomicU64,
}

impl Counters {
    /// Adds one and returns the new value (the 1-based number of this event).
    pub fn bump(counter: &AtomicU64) -> u64 {
        counter.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub fn snapshot(&self) -> SimStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        SimStats {
            requests: get(&self.requests),
            list_requests: get(&self.list_requests),
            rate_limited: get(&self.rate_limited),
            unavailable: get(&self.unavailable),
            dropped: get(&self.dropped),
            malformed: get(&self.malformed),
            admin_tokens_issued: get(&self.admin_tokens_issued),
            auth_failures: get(&self.auth_failures),
            inserted_orders: get(&self.inserted_orders),
            updated_orders: get(&self.updated_orders),
        }
    }
}
