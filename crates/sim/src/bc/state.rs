//! The state one running Business Central simulator shares between requests: the world it
//! serves, its counters, the tokens it issued, the orders created through the API and the
//! changes injected while clients read, and which figures in transit still lag.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use super::BcConfig;
use super::faults::BcFault;
use super::odata::Query;
use super::stats::Counters;
use crate::faults::updated_order_ids;
use crate::world::{ErpDocument, World};

/// Business Central processes at most this many requests of one client at once.
pub(crate) const MAX_CONCURRENT: u64 = 5;

/// A figure the in-transit faults delay, each until its collection's first complete
/// unfiltered read (see [`BcFault::StockInTransit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transit {
    /// `itemLocationStocks.inventory`.
    LocationStock,
    /// `items.inventory`.
    ItemInventory,
    /// `priceListLines.unitPrice`.
    PriceLines,
    /// `items.unitPrice`.
    ItemUnitPrice,
}

impl Transit {
    const ALL: usize = 4;

    fn index(self) -> usize {
        self as usize
    }

    /// The property that shows the figure.
    fn property(self) -> &'static str {
        match self {
            Transit::LocationStock | Transit::ItemInventory => "inventory",
            Transit::PriceLines | Transit::ItemUnitPrice => "unitPrice",
        }
    }

    fn fault(self) -> BcFault {
        match self {
            Transit::LocationStock | Transit::ItemInventory => BcFault::StockInTransit,
            Transit::PriceLines | Transit::ItemUnitPrice => BcFault::PriceInTransit,
        }
    }
}

#[derive(Debug)]
pub(crate) struct BcState {
    pub world: World,
    pub cfg: BcConfig,
    pub counters: Counters,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// Signs the access tokens.
    pub secret: [u8; 32],
    /// Uses per token id, for the `TokenExpiry` fault.
    pub token_uses: Mutex<HashMap<String, u64>>,
    pub next_token: AtomicU64,
    created: RwLock<Arc<Vec<ErpDocument>>>,
    changed: RwLock<Arc<HashMap<u64, i64>>>,
    change_fired: AtomicBool,
    /// Per [`Transit`] figure: whether its first complete unfiltered read has been served.
    settled: [AtomicBool; Transit::ALL],
    in_flight: AtomicU64,
    started: Instant,
}

impl BcState {
    pub fn new(world: World, cfg: BcConfig, base_url: String) -> Self {
        let mut secret = [0u8; 32];
        let seed = world.cfg().seed;
        for (i, chunk) in secret.chunks_mut(8).enumerate() {
            chunk.copy_from_slice(
                &(seed ^ 0xB0C0 ^ (i as u64).wrapping_mul(0x9E37_79B9)).to_le_bytes(),
            );
        }
        BcState {
            world,
            cfg,
            counters: Counters::default(),
            base_url,
            secret,
            token_uses: Mutex::new(HashMap::new()),
            next_token: AtomicU64::new(1),
            created: RwLock::new(Arc::new(Vec::new())),
            changed: RwLock::new(Arc::new(HashMap::new())),
            change_fired: AtomicBool::new(false),
            settled: Default::default(),
            in_flight: AtomicU64::new(0),
            started: Instant::now(),
        }
    }

    pub fn seed(&self) -> u64 {
        self.world.cfg().seed
    }

    /// The service's clock (Unix ms): the world's `now` plus the time since start, so changes
    /// made while running are newer than the generated data.
    pub fn now_ms(&self) -> i64 {
        self.world.cfg().now.timestamp_millis() + self.started.elapsed().as_millis() as i64
    }

    /// Sales orders created through the API, in creation order.
    pub fn created(&self) -> Arc<Vec<ErpDocument>> {
        self.created
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Appends an order made by `make` from its number series position.
    pub fn create(&self, make: impl FnOnce(u64) -> ErpDocument) -> ErpDocument {
        let mut guard = self.created.write().unwrap_or_else(|e| e.into_inner());
        let seq = self.world.orders().next_seq + guard.len() as u64;
        let doc = make(seq);
        let mut next = (**guard).clone();
        next.push(doc.clone());
        *guard = Arc::new(next);
        doc
    }

    /// `lastModifiedDateTime` (ms) of sales orders changed while clients read, by `seq`.
    pub fn changed(&self) -> Arc<HashMap<u64, i64>> {
        self.changed
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Called after a `salesOrders` page was served: the first time, applies
    /// `ChangeDuringRead`.
    pub fn after_orders_page(&self) {
        let n = self.cfg.faults.iter().find_map(|f| match f {
            BcFault::ChangeDuringRead { orders } => Some(*orders),
            _ => None,
        });
        let Some(n) = n else { return };
        if self.change_fired.swap(true, Ordering::SeqCst) {
            return;
        }
        let list = &self.world.orders().sales_orders;
        let now = self.now_ms();
        let mut next = (*self.changed()).clone();
        for p in updated_order_ids(list.len() as u64, n) {
            next.insert(list[p as usize - 1].seq, now);
            Counters::bump(&self.counters.changed_orders);
        }
        *self.changed.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
    }

    /// Whether a collection request with query `q` shows `figure` lagging: its fault is on,
    /// the request has no `$filter`, and no unfiltered read of the collection has finished yet.
    pub fn in_transit(&self, figure: Transit, q: &Query) -> bool {
        q.filter.is_none()
            && !self.settled[figure.index()].load(Ordering::SeqCst)
            && self.cfg.faults.contains(&figure.fault())
    }

    /// Called after a page of a collection showing `figure` was served: the last page of an
    /// unfiltered read (no `$filter`, `$top` or `$skip`) that shows the figure settles it.
    pub fn served(&self, figure: Transit, q: &Query, last_page: bool) {
        let shows = q
            .select
            .as_ref()
            .is_none_or(|s| s.iter().any(|p| p == figure.property()));
        if last_page && shows && q.filter.is_none() && q.top.is_none() && q.skip == 0 {
            self.settled[figure.index()].store(true, Ordering::SeqCst);
        }
    }

    /// Counts a request in flight until the guard drops; the guard says how many are.
    pub fn enter(&self) -> InFlight<'_> {
        let count = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.counters
            .max_in_flight
            .fetch_max(count, Ordering::Relaxed);
        InFlight {
            counter: &self.in_flight,
            count,
        }
    }
}

/// One request in flight.
#[derive(Debug)]
pub(crate) struct InFlight<'a> {
    counter: &'a AtomicU64,
    /// Requests in flight when this one arrived, itself included.
    pub count: u64,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.counter.fetch_sub(1, Ordering::SeqCst);
    }
}
