//! The simulated store's data, generated on demand from `(seed, kind, index)`.
//!
//! Nothing is materialised: any order, product, source or source item is a pure function of
//! the config, so a store of a million orders costs no memory and tests can compute the truth
//! (what a correct client must end up with) by calling the same functions.
//!
//! Invariants clients and the search fast paths rely on:
//! - orders have ids `1..=orders`; `increment_id` is the id zero-padded to 9 digits and
//!   `created_at` never decreases with the id (Magento assigns ids in creation order);
//! - products have ids `1..=skus` and SKU [`sku`]`(id)`, zero-padded so that lexical order is
//!   id order; their `created_at` never decreases with the id either;
//! - source items are the full grid of SKUs x sources, naturally ordered by SKU then source.

mod inventory;
mod names;
mod orders;
pub(crate) use orders::{BASE_CURRENCY, EUR_RATE_PERCENT};
mod products;

pub use inventory::{Source, SourceItem, source, source_code, source_item, source_item_quantity};
pub use orders::{
    Address, Order, OrderExtensionAttributes, OrderItem, OrderState, Payment, Shipping,
    ShippingAssignment, ShippingTotal, configurable_order_ids, increment_id, is_configurable,
    order,
};
pub use products::{
    AttributeValue, CategoryLink, CustomAttribute, Product, ProductExtensionAttributes,
    SpecialPrice, StockItem, TierPrice, TierPriceExtensionAttributes, product, sku, special_price,
};

pub(crate) use inventory::source_item_status;
pub(crate) use orders::{OrderHead, OrderOverride, build_order, order_head};
pub(crate) use products::{
    product_created_at, product_name, product_price, product_updated_at, sku_index, tier_prices,
};

use crate::config::SimConfig;

/// Number of generated orders (before any `InsertDuringRead`).
pub fn order_count(cfg: &SimConfig) -> u64 {
    cfg.orders
}

/// Number of products (one per SKU).
pub fn product_count(cfg: &SimConfig) -> u64 {
    cfg.skus
}

/// Number of sources.
pub fn source_count(cfg: &SimConfig) -> u64 {
    u64::from(cfg.sources)
}

/// Number of source items: the full grid `skus x sources`.
pub fn source_item_count(cfg: &SimConfig) -> u64 {
    cfg.skus * u64::from(cfg.sources)
}

/// Independent hash streams, so that e.g. an order's state does not move when line
/// generation changes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stream {
    Order = 1,
    Product = 2,
    SourceItem = 3,
    Customer = 4,
    /// The ERP side of a drift world (`crate::world`).
    Erp = 5,
}

/// splitmix64's finaliser: a cheap, well-mixed 64-bit permutation.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// One 64-bit value for `(seed, stream, index, salt)`. Fields that search filters evaluate on
/// every row (dates, states) use their own salt so they cost a single call.
pub(crate) fn draw(seed: u64, stream: Stream, index: u64, salt: u64) -> u64 {
    let a = mix(seed.wrapping_add(GOLDEN.wrapping_mul(stream as u64 + 1)));
    let b = mix(a ^ index.wrapping_mul(GOLDEN));
    mix(b
        .wrapping_add(salt.wrapping_mul(0xD6E8_FEB8_6659_FD93))
        .wrapping_add(GOLDEN))
}

/// A splitmix64 sequence for the many small choices of one record.
#[derive(Debug, Clone)]
pub(crate) struct Draws {
    state: u64,
}

impl Draws {
    pub fn new(seed: u64, stream: Stream, index: u64) -> Self {
        Draws {
            state: draw(seed, stream, index, u64::MAX),
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix(self.state)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Midnight UTC of the day holding `t`.
pub(crate) fn day_start(t: i64) -> i64 {
    t - t.rem_euclid(86_400)
}

pub(crate) const DAY: i64 = 86_400;
