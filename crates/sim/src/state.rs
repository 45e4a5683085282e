//! The state one running simulator shares between requests.

use std::time::Instant;

use crate::auth::AuthState;
use crate::config::SimConfig;
use crate::overlay::OrderChanges;
use crate::price_writes::PriceWrites;
use crate::stats::Counters;

#[derive(Debug)]
pub(crate) struct SimState {
    pub cfg: SimConfig,
    pub counters: Counters,
    pub auth: AuthState,
    pub orders: OrderChanges,
    pub base_prices: PriceWrites,
    started: Instant,
}

impl SimState {
    pub fn new(cfg: SimConfig) -> Self {
        SimState {
            auth: AuthState::new(cfg.seed),
            cfg,
            counters: Counters::default(),
            orders: OrderChanges::default(),
            base_prices: PriceWrites::default(),
            started: Instant::now(),
        }
    }

    /// The store's clock (Unix seconds): the dataset's `now` plus the time since start, so
    /// changes made while running are always newer than the generated data.
    pub fn now(&self) -> i64 {
        self.cfg.now.timestamp() + self.started.elapsed().as_secs() as i64
    }
}

/// Real Unix time, for what clients stamp with their own clock (OAuth timestamps, token
/// claims).
pub(crate) fn wall_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
