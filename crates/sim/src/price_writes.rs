//! Base prices written through `POST /V1/products/base-prices`. As in Magento, such a write
//! does not move the product's `updated_at` (CONTRACTS "Prices"): an incremental read
//! filtered on it misses the change. Readers take an `Arc` snapshot, so one page is
//! consistent.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::json::Money;

/// Product id -> the base price written for it.
pub(crate) type Written = HashMap<u64, Money>;

#[derive(Debug, Default)]
pub(crate) struct PriceWrites {
    base: RwLock<Arc<Written>>,
}

impl PriceWrites {
    pub fn snapshot(&self) -> Arc<Written> {
        self.base.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn set(&self, prices: impl IntoIterator<Item = (u64, Money)>) {
        let mut guard = self.base.write().unwrap_or_else(|e| e.into_inner());
        let mut next = (**guard).clone();
        next.extend(prices);
        *guard = Arc::new(next);
    }
}
