//! The ERP's quantity on hand per item and location, derived from the Magento source items.
//!
//! Rows form a grid: items `1..=skus + extra_items` (the extra ones exist only in the ERP) by
//! location columns, where column `k < sources` is the location mapped to Magento source `k`,
//! column `sources` is the one location no source maps to ([`UNMAPPED_LOCATION`]) and, in the
//! drift scenario, column `sources + 1` is a location the merchant excludes from stock
//! reconciliation on purpose ([`EXCLUDED_LOCATION`]). A cell of the mapped grid holds a row
//! unless drift removed it; cells outside it hold a row only when drift put one there. Rows
//! are ordered by item, then column (the order paging follows).
//!
//! In the drift scenario (with two sources or more) the last Magento source has no ERP
//! location at all: its column holds no row and its location is not listed.
//!
//! About 1 in 200 rows are *in transit*: rows without drift
//! whose ERP quantity can read a little below Magento's for a while, when the Business Central
//! simulator's `bc-stock-in-transit` fault is on. They are never in the manifest's drift.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::drift::spread;
use super::manifest::Injected;
use crate::config::SimConfig;
use crate::dataset::{
    DAY, Stream, draw, sku, source_code, source_item_quantity, source_item_status,
};

/// The ERP location that no Magento source maps to (drift scenario only).
pub const UNMAPPED_LOCATION: &str = "OUTLET";

/// The ERP location the merchant leaves out of stock reconciliation (drift scenario only).
pub const EXCLUDED_LOCATION: &str = "TRANSIT";

const SALT_MODIFIED: u64 = 10;
const SALT_DELTA: u64 = 11;
const SALT_TRANSIT: u64 = 12;

/// One row in this many is in transit (at least one when any row qualifies).
const TRANSIT_ONE_IN: u64 = 200;

/// The ERP location mapped to Magento source `k`: `default` is `MAIN`, `wh-east` is `EAST`,
/// ..., and generic `wh-NN` sources are `WH-NN`.
pub fn location_code(k: u32) -> String {
    let code = source_code(k);
    match code.as_str() {
        "default" => "MAIN".to_string(),
        c => c
            .strip_prefix("wh-")
            .filter(|rest| !rest.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or(c)
            .to_ascii_uppercase(),
    }
}

/// One ERP stock row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StockRow {
    pub item: u64,
    pub column: u32,
    pub inventory: f64,
    pub last_modified_ms: i64,
}

/// The stock side of a world.
#[derive(Debug, Clone, Default)]
pub(crate) struct ErpStock {
    pub skus: u64,
    pub sources: u32,
    /// ERP-only items: `skus + 1 ..= skus + extra_items`.
    pub extra_items: u64,
    /// Magento source items the ERP has no row for.
    missing: BTreeSet<(u64, u32)>,
    /// Injected differences to Magento's quantity.
    delta: BTreeMap<(u64, u32), f64>,
    /// Rows outside the mapped grid: ERP-only items and the unmapped location.
    extras: BTreeMap<(u64, u32), f64>,
    /// Drifted rows are recent; others were last touched at some point in the last 45 days.
    drifted: BTreeSet<(u64, u32)>,
    /// Rows in transit, with how far (1 to 3) the ERP reads below Magento while they are.
    in_transit: BTreeMap<(u64, u32), f64>,
    /// The column of the Magento source that has no ERP location (drift scenario).
    pub magento_only: Option<u32>,
    /// Whether the excluded location's column exists (drift scenario).
    excluded_column: bool,
    seed: u64,
    now_ms: i64,
    magento: SimConfig,
}

impl ErpStock {
    /// Number of location columns (the mapped ones, the unmapped one and the excluded one).
    pub fn columns(&self) -> u32 {
        self.sources + 1 + u32::from(self.excluded_column)
    }

    /// The columns of locations the ERP has: every column but the Magento-only source's;
    /// the unmapped and excluded locations only when they hold a row.
    pub fn location_columns(&self) -> Vec<u32> {
        let mut columns: Vec<u32> = (0..self.sources)
            .filter(|k| Some(*k) != self.magento_only)
            .collect();
        for k in self.sources..self.columns() {
            if self.extras.keys().any(|(_, c)| *c == k) {
                columns.push(k);
            }
        }
        columns
    }

    /// One past the last grid position.
    pub fn end(&self) -> u64 {
        (self.skus + self.extra_items) * u64::from(self.columns())
    }

    pub fn position(&self, item: u64, column: u32) -> u64 {
        (item - 1) * u64::from(self.columns()) + u64::from(column)
    }

    /// The location code of a column.
    pub fn column_code(&self, column: u32) -> String {
        if column < self.sources {
            location_code(column)
        } else if column == self.sources {
            UNMAPPED_LOCATION.to_string()
        } else {
            EXCLUDED_LOCATION.to_string()
        }
    }

    /// The column of a location code.
    pub fn column_of(&self, code: &str) -> Option<u32> {
        self.location_columns()
            .into_iter()
            .find(|k| self.column_code(*k).eq_ignore_ascii_case(code))
    }

    /// Whether the unmapped location holds any row (it is listed as a location only then).
    pub fn has_unmapped_location(&self) -> bool {
        self.extras.keys().any(|(_, k)| *k == self.sources)
    }

    /// Whether the excluded location holds any row.
    pub fn has_excluded_location(&self) -> bool {
        self.extras.keys().any(|(_, k)| *k == self.sources + 1)
    }

    /// The row at grid position `pos`, if the ERP has one; with `in_transit`, a row in transit
    /// reads its lagging quantity
    /// (Magento's minus 1 to 3, as if a sale had been posted in the ERP that Magento has not
    /// caught up with yet).
    pub fn row_at(&self, pos: u64, in_transit: bool) -> Option<StockRow> {
        let cols = u64::from(self.columns());
        let item = pos / cols + 1;
        let column = (pos % cols) as u32;
        let cell = (item, column);
        if Some(column) == self.magento_only {
            return None;
        }
        let inventory = if item <= self.skus && column < self.sources {
            if self.missing.contains(&cell) {
                return None;
            }
            let lag = match self.in_transit.get(&cell) {
                Some(lag) if in_transit => *lag,
                _ => 0.0,
            };
            source_item_quantity(&self.magento, item, column)
                + self.delta.get(&cell).copied().unwrap_or(0.0)
                - lag
        } else {
            *self.extras.get(&cell)?
        };
        let h = draw(self.seed, Stream::Erp, pos, SALT_MODIFIED);
        let age = if self.drifted.contains(&cell) {
            (h % (DAY as u64 * 1000)) as i64
        } else {
            (h % (45 * DAY as u64 * 1000)) as i64
        };
        Some(StockRow {
            item,
            column,
            inventory,
            last_modified_ms: self.now_ms - 1000 - age,
        })
    }

    /// Total inventory of an item over every location, as `items.inventory` reports it; with
    /// `in_transit`, rows in transit count their lagging quantity.
    pub fn item_total(&self, item: u64, in_transit: bool) -> f64 {
        (0..self.columns())
            .filter_map(|k| self.row_at(self.position(item, k), in_transit))
            .map(|r| r.inventory)
            .sum()
    }

    /// Keys (`"{sku}@{source_code}"`) of the rows in transit, sorted.
    pub fn in_transit_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .in_transit
            .keys()
            .map(|&(j, k)| format!("{}@{}", sku(j), source_code(k)))
            .collect();
        keys.sort();
        keys
    }
}

/// Picks the rows in transit: about 1 in [`TRANSIT_ONE_IN`] of the Magento source items (at
/// least one), evenly spread over the rows that are consistent (status agrees with quantity),
/// hold more than 3 units (so the lagging ERP quantity stays above 0) and carry no drift.
fn pick_in_transit(
    stock: &ErpStock,
    consistent: &[(u64, u32)],
    used: &HashSet<(u64, u32)>,
) -> BTreeMap<(u64, u32), f64> {
    let cfg = &stock.magento;
    let candidates: Vec<(u64, u32)> = consistent
        .iter()
        .copied()
        .filter(|cell| !used.contains(cell) && source_item_quantity(cfg, cell.0, cell.1) > 3.0)
        .collect();
    let rows = cfg.skus * u64::from(cfg.sources);
    let n = ((rows / TRANSIT_ONE_IN).max(1) as usize).min(candidates.len());
    (0..n)
        .map(|i| {
            let (j, k) = candidates[(2 * i + 1) * candidates.len() / (2 * n)];
            let h = draw(cfg.seed, Stream::Erp, stock.position(j, k), SALT_TRANSIT);
            ((j, k), (1 + h % 3) as f64)
        })
        .collect()
}

/// Lays out the stock side, injecting drift when asked; returns it with its manifest entries
/// (including the Magento-side status exceptions, which are drift by nature).
pub(crate) fn build(cfg: &SimConfig, inject: bool, extra_items: u64) -> (ErpStock, Vec<Injected>) {
    let mut stock = ErpStock {
        skus: cfg.skus,
        sources: cfg.sources,
        extra_items,
        seed: cfg.seed,
        now_ms: cfg.now.timestamp() * 1000,
        magento: cfg.clone(),
        ..ErpStock::default()
    };
    if inject && cfg.sources >= 2 {
        stock.magento_only = Some(cfg.sources - 1);
    }
    let mut drift = Vec::new();
    let key = |j: u64, k: u32| format!("{}@{}", sku(j), source_code(k));
    // The Magento-only source is one finding with what it holds, nothing per item.
    let mut magento_only = Held::default();
    // Magento rows whose status contradicts their quantity: listed, never otherwise touched.
    let mut consistent = Vec::new();
    for j in 1..=cfg.skus {
        for k in 0..cfg.sources {
            let qty = source_item_quantity(cfg, j, k);
            if Some(k) == stock.magento_only {
                magento_only.add(qty);
                continue;
            }
            let status = source_item_status(cfg, j, k);
            if (status == 1) != (qty > 0.0) {
                drift.push(Injected::new(
                    "stock",
                    "status_mismatch",
                    key(j, k),
                    Some(format!("status {status}, quantity {qty}")),
                    Some(format!("{qty}")),
                ));
            } else if qty > 0.0 {
                consistent.push((j, k));
            }
        }
    }
    if let Some(k) = stock.magento_only {
        drift.extend(magento_only.finding(format!("source:{}", source_code(k)), true));
    }
    let mut used = HashSet::new();
    if inject {
        drift.extend(inject_drift(&mut stock, cfg, &consistent, &mut used));
    }
    stock.in_transit = pick_in_transit(&stock, &consistent, &used);
    drift.sort();
    (stock, drift)
}

/// Injects the stock drift of the drift scenario; every row it touches goes into `used`.
fn inject_drift(
    stock: &mut ErpStock,
    cfg: &SimConfig,
    consistent: &[(u64, u32)],
    used: &mut HashSet<(u64, u32)>,
) -> Vec<Injected> {
    let mut drift = Vec::new();
    let key = |j: u64, k: u32| format!("{}@{}", sku(j), source_code(k));
    for (j, k) in spread(consistent, 0, used) {
        let qty = source_item_quantity(cfg, j, k);
        let h = draw(cfg.seed, Stream::Erp, stock.position(j, k), SALT_DELTA);
        let mut delta = (3 + h % 18) as f64;
        if (h >> 32) % 2 == 1 && qty - delta > 0.0 {
            delta = -delta;
        }
        stock.delta.insert((j, k), delta);
        stock.drifted.insert((j, k));
        drift.push(Injected::new(
            "stock",
            "qty_mismatch",
            key(j, k),
            Some(format!("{qty}")),
            Some(format!("{}", qty + delta)),
        ));
    }
    for (j, k) in spread(consistent, 5, used) {
        stock.missing.insert((j, k));
        let qty = source_item_quantity(cfg, j, k);
        drift.push(Injected::new(
            "stock",
            "missing_in_erp",
            key(j, k),
            Some(format!("{qty}")),
            None,
        ));
    }
    let mapped = cfg.sources - u32::from(stock.magento_only.is_some());
    if mapped > 0 {
        for e in 1..=stock.extra_items {
            let (j, k) = (cfg.skus + e, (e % u64::from(mapped)) as u32);
            let qty = (5 + draw(cfg.seed, Stream::Erp, j, SALT_DELTA) % 40) as f64;
            stock.extras.insert((j, k), qty);
            stock.drifted.insert((j, k));
            drift.push(Injected::new(
                "stock",
                "missing_in_magento",
                key(j, k),
                None,
                Some(format!("{qty}")),
            ));
        }
    }
    let mut outlet = Held::default();
    for (j, _) in spread(consistent, 10, used) {
        let qty = (1 + draw(cfg.seed, Stream::Erp, j, SALT_DELTA + 1) % 12) as f64;
        let cell = (j, cfg.sources);
        if stock.extras.insert(cell, qty).is_some() {
            continue;
        }
        stock.drifted.insert(cell);
        outlet.add(qty);
    }
    drift.extend(outlet.finding(format!("location:{UNMAPPED_LOCATION}"), false));
    // Stock in transit between warehouses, which the merchant leaves out on purpose: it
    // differs from nothing in Magento and must produce no finding.
    stock.excluded_column = true;
    for j in (7..=cfg.skus).step_by(7) {
        let qty = (1 + draw(cfg.seed, Stream::Erp, j, SALT_DELTA + 2) % 30) as f64;
        stock.extras.insert((j, cfg.sources + 1), qty);
    }
    drift
}

/// What a place without counterpart holds: its rows with stock and their units.
#[derive(Default)]
struct Held {
    items: u64,
    units: f64,
}

impl Held {
    fn add(&mut self, qty: f64) {
        if qty != 0.0 {
            self.items += 1;
            self.units += qty;
        }
    }

    /// The place's one `unmapped_location` finding, if it holds anything; `magento` says
    /// which side the place is on.
    fn finding(&self, key: String, magento: bool) -> Option<Injected> {
        if self.items == 0 {
            return None;
        }
        let held = Some(format!(
            "{} items with stock, {} units",
            self.items, self.units
        ));
        let (m, e) = if magento { (held, None) } else { (None, held) };
        Some(Injected::new("stock", "unmapped_location", key, m, e))
    }
}
