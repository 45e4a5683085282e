//! Orders that change while a client reads: the `InsertDuringRead` and `UpdateDuringRead`
//! faults. A small map of overrides and a count of extra ids sit over the generated dataset;
//! readers take an `Arc` snapshot so one page is always consistent.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use crate::config::SimConfig;
use crate::dataset::{OrderOverride, OrderState, order_head};
use crate::faults::{Fault, updated_order_ids};
use crate::stats::Counters;

/// The run-time changes to the orders.
#[derive(Debug, Clone, Default)]
pub(crate) struct Overlay {
    /// Orders added above `cfg.orders`: ids `cfg.orders + 1 ..= cfg.orders + inserted`.
    pub inserted: u64,
    pub inserted_at: i64,
    /// Generated orders whose state changed.
    pub updates: HashMap<u64, OrderOverride>,
}

impl Overlay {
    /// The highest order id that exists now.
    pub fn max_id(&self, cfg: &SimConfig) -> u64 {
        cfg.orders + self.inserted
    }

    /// The override of order `id`, if any (inserted orders always have one).
    pub fn override_for(&self, cfg: &SimConfig, id: u64) -> Option<OrderOverride> {
        if id > cfg.orders {
            return Some(OrderOverride {
                state: OrderState::New,
                created_at: Some(self.inserted_at),
                updated_at: self.inserted_at,
            });
        }
        if self.updates.is_empty() {
            return None;
        }
        self.updates.get(&id).copied()
    }
}

/// The overlay shared by all requests, and whether the read-time faults already fired.
#[derive(Debug, Default)]
pub(crate) struct OrderChanges {
    current: RwLock<Arc<Overlay>>,
    fired: AtomicBool,
}

impl OrderChanges {
    pub fn snapshot(&self) -> Arc<Overlay> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Called after an orders page was served: the first time, applies the insert/update
    /// faults, stamping the changes with `now` (Unix seconds).
    pub fn after_first_page(&self, cfg: &SimConfig, now: i64, counters: &Counters) {
        if self.fired.swap(true, Ordering::SeqCst) {
            return;
        }
        let mut next = (*self.snapshot()).clone();
        for fault in &cfg.faults {
            match *fault {
                Fault::InsertDuringRead { orders } => {
                    next.inserted += orders;
                    next.inserted_at = now;
                    counters
                        .inserted_orders
                        .fetch_add(orders, Ordering::Relaxed);
                }
                Fault::UpdateDuringRead { orders } => {
                    for id in updated_order_ids(cfg.orders, orders) {
                        let current = order_head(cfg, id, next.updates.get(&id));
                        // A visible change: complete, or closed for orders already complete.
                        let state = if current.state == OrderState::Complete {
                            OrderState::Closed
                        } else {
                            OrderState::Complete
                        };
                        next.updates.insert(
                            id,
                            OrderOverride {
                                state,
                                created_at: None,
                                updated_at: now.max(current.created_at),
                            },
                        );
                        counters.updated_orders.fetch_add(1, Ordering::Relaxed);
                    }
                }
                _ => {}
            }
        }
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
    }
}
