//! A drift world: one seeded world served by the Magento simulator ([`crate::start`] with
//! [`World::magento_config`]) and the Business Central simulator ([`crate::bc::start`]), with
//! drift injected on purpose and a [`Manifest`] listing exactly what was injected.
//!
//! The Magento side is exactly the Magento dataset of `SimConfig { seed, orders, skus,
//! sources, now }` (with `stock_status_exceptions` on in the drift scenario, off in the clean
//! one). The ERP side is derived from it deterministically. A correct reconciliation of the
//! two sides, with the mappings in [`Manifest::mappings`], reports exactly `manifest.drift`:
//! nothing for the `clean` scenario.
//!
//! # Orders
//! - **Eligible** (must be in the ERP): Magento state `processing`, `complete` or `closed`, and
//!   `now - created_at >= 30 min` ([`GRACE_SECS`]). Eligible orders in state `processing` have
//!   a `salesOrder` (status `Open`, a few `In_x0020_Review`: both mean "in the ERP, not yet
//!   posted"); `complete` and `closed` ones exist only as a posted `salesInvoice` (status
//!   `Paid`, `orderNumber` = the deleted order's number), listed in
//!   `manifest.invoiced_orders`.
//! - **In flight**: the same states, younger than the grace period: not in the ERP, listed in
//!   `manifest.in_flight_orders`, never drift.
//! - `new` (pending), `canceled` and `holded` orders are not expected in the ERP.
//! - Match: `externalDocumentNumber` = `increment_id`; same currency; ERP
//!   `totalAmountIncludingTax` = `grand_total` (order currency); item lines (`lineType` `Item`,
//!   `lineObjectNumber` = SKU) with the quantities of Magento's items, a configurable product
//!   counted once. Shipping is one `Account` line (G/L `6510`, "Freight"): line comparisons
//!   look at `Item` lines only.
//! - Key: the increment id (`"000000042"`). Kinds: `missing_in_erp` (eligible, no ERP
//!   document), `missing_in_magento` (an ERP order whose external number Magento lacks),
//!   `duplicate_in_erp` (two `salesOrders` with one external number), `total_mismatch` (freight
//!   differs by 1.00 to 4.99), `currency_mismatch` (a EUR order posted in USD, amounts equal),
//!   `line_mismatch` (one item line with another SKU, or one more unit, amounts equal),
//!   `status_mismatch` (an `Open` ERP order for a Magento order that is `canceled`).
//!
//! # Stock
//! - Magento source `k` maps to ERP location [`location_code`]`(k)`: `default` <-> `MAIN`,
//!   `wh-east` <-> `EAST`, `wh-west` <-> `WEST`, `wh-north` <-> `NORTH`, `wh-south` <-> `SOUTH`,
//!   `wh-central` <-> `CENTRAL`, `wh-NN` <-> `WH-NN`. SKU = item number. ERP inventory =
//!   Magento quantity; every Magento source item has an ERP row (quantity 0 included).
//! - Key: `"{sku}@{source_code}"` (`"SKU-000012@wh-east"`); a whole place without counterpart
//!   is `"location:{code}"` (the ERP's [`UNMAPPED_LOCATION`], `"location:OUTLET"`) or
//!   `"source:{code}"` (the drift scenario's last Magento source, which has no ERP location).
//! - Kinds: `qty_mismatch` (ERP = Magento + delta, both > 0), `missing_in_erp` (a Magento
//!   source item with quantity > 0 and no ERP row), `missing_in_magento` (a row for an
//!   ERP-only item at a mapped location, keyed with that location's source code),
//!   `unmapped_location` (one per place without counterpart that holds stock, its sides
//!   `"{n} items with stock, {units} units"`; never one per item), `status_mismatch` (a Magento source
//!   item whose status contradicts its quantity: status 0 with quantity > 0, or status 1 with
//!   quantity 0). The last are not injected: they are the Magento dataset's own hand-set
//!   statuses (about 1 in 200 rows), listed as found; ERP quantity equals Magento's on them.
//! - The ERP's [`EXCLUDED_LOCATION`] (`TRANSIT`) holds stock for every 7th item; the mappings
//!   exclude it, so it produces no finding.
//!
//! # Prices
//! - Mappings: (website 1, group 32000 "ALL GROUPS") base price <-> list `RETAIL` (minimum
//!   quantity 0, open dates); special prices <-> list `SPECIAL` (`startingDate`/`endingDate`
//!   = Magento's `special_from_date`/`special_to_date`, `0001-01-01` when open); tier prices
//!   (website 0) of group `g` <-> list `TIER-g`, minimum quantity = tier qty. Only `Active`
//!   lines count: `RETAIL` also holds a few `Inactive` and `Draft` lines to ignore.
//! - Compare what is in force at `now` (dates inclusive): Magento's special price and the
//!   `SPECIAL` line only when the window holds `now`. Expired and future specials exist on both
//!   sides and are never reported; in the drift scenario a few *expired* specials differ on
//!   purpose and must not be reported either.
//! - Keys: `"{sku}"` for `price_mismatch`, `missing_in_erp` (no `RETAIL` line) and
//!   `missing_in_magento` (a `RETAIL` line for an ERP-only item);
//!   `"{sku}@{list}/{group}/{qty}"` for `special_price_mismatch`
//!   (`"SKU-000007@SPECIAL/32000/0"`) and `tier_price_mismatch`
//!   (`"SKU-000020@TIER-32000/32000/10"`); quantities print without decimals when whole.
//!
//! ERP-only items (`SKU-` numbers above the catalogue) appear in `items`, in stock and in
//! `RETAIL`, so each is one `missing_in_magento` for stock and one for prices.
//!
//! # Transient differences
//! Two full reads are never taken at the same instant, so a snapshot can see a difference that
//! is gone a moment later; Driftwatch confirms suspects by re-reading them. Every world (clean
//! or drift) designates a few rows without drift as *in transit*, which the Business Central
//! simulator shows lagging only when its `bc-stock-in-transit` / `bc-price-in-transit` fault is
//! on, and only in unfiltered reads until the first complete one (see `bc::BcFault`):
//! - stock: about 1 source item in 200 (at least one; consistent status, quantity above 3, a
//!   mapped location) reads 1 to 3 units below Magento's quantity, in `itemLocationStocks` and
//!   in the `items.inventory` totals. Keys as for stock: [`World::transient_stock_keys`].
//! - prices: about 1 catalogue item in 200 (at least one) has its active `RETAIL` line, and
//!   `items.unitPrice`, read 1.00 above Magento's price. Keys as for `price_mismatch`:
//!   [`World::transient_price_keys`].
//!
//! They are never in `manifest.drift`: a reconciliation that confirms its suspects reports them
//! as transient, and one that does not reports them as `qty_mismatch` / `price_mismatch`.

mod drift;
mod manifest;
mod orders;
mod prices;
mod stock;

use std::sync::Arc;

use chrono::{DateTime, SubsecRound, Utc};

pub use manifest::{Injected, LocationMapping, Manifest, Mappings, PriceListMapping};
pub use orders::GRACE_SECS;
pub use prices::{ALL_GROUPS, BASE_LIST, SPECIAL_LIST, TIER_GROUPS, qty_text, tier_list};
pub use stock::{EXCLUDED_LOCATION, UNMAPPED_LOCATION, location_code};

pub(crate) use orders::{
    DocRef, ErpCustomer, ErpDocument, ErpLine, ErpOrders, LineKind, SalesStatus, order_number,
    order_seq,
};
pub(crate) use prices::{ErpPrices, PriceLine, PriceStatus};
pub(crate) use stock::{ErpStock, StockRow};

use crate::config::SimConfig;
use crate::dataset::source_code;

/// The size, seed and kind of a world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// `drift` (realistic drift) or `clean` (none); any other name behaves as `drift`.
    pub name: String,
    pub seed: u64,
    pub orders: u64,
    pub skus: u64,
    pub sources: u32,
    /// The world's "now": eligibility and the prices in force are judged at it.
    pub now: DateTime<Utc>,
}

impl Scenario {
    /// `drift` or `clean`, at the default size (2,000 orders, 500 SKUs, 4 sources, seed 42,
    /// now = the current second).
    pub fn named(name: &str) -> Result<Scenario, String> {
        match name {
            "drift" | "clean" => Ok(Scenario {
                name: name.to_string(),
                seed: 42,
                orders: 2_000,
                skus: 500,
                sources: 4,
                now: Utc::now().trunc_subsecs(0),
            }),
            other => Err(format!(
                "unknown scenario {other:?}: use \"drift\" (realistic drift) or \"clean\" (none)"
            )),
        }
    }

    fn injects(&self) -> bool {
        self.name != "clean"
    }
}

/// One seeded world; cheap to clone and share.
#[derive(Debug, Clone)]
pub struct World {
    inner: Arc<WorldData>,
}

#[derive(Debug)]
struct WorldData {
    scenario: Scenario,
    magento: SimConfig,
    manifest: Manifest,
    orders: ErpOrders,
    stock: ErpStock,
    prices: ErpPrices,
}

impl World {
    /// Builds the world: classifies every order, picks the drift and lays out the ERP side.
    /// Cost grows with the number of orders and source items (a scan of cheap hashes), memory
    /// with the number of orders (a few bytes each).
    pub fn build(scenario: &Scenario) -> World {
        let inject = scenario.injects();
        let magento = SimConfig {
            seed: scenario.seed,
            orders: scenario.orders,
            skus: scenario.skus,
            sources: scenario.sources,
            now: scenario.now,
            stock_status_exceptions: inject,
            ..SimConfig::default()
        };
        let extra_items = if inject && magento.skus > 0 {
            drift::how_many(magento.skus as usize) as u64
        } else {
            0
        };
        let built = orders::build(&magento, inject);
        let (stock, stock_drift) = stock::build(&magento, inject, extra_items);
        let (prices, price_drift) = prices::build(&magento, inject, extra_items);
        let mut all = built.drift;
        all.extend(stock_drift);
        all.extend(price_drift);
        all.sort();
        let manifest = Manifest {
            scenario: scenario.name.clone(),
            seed: scenario.seed,
            drift: all,
            in_flight_orders: built.in_flight,
            invoiced_orders: built.invoiced,
            mappings: mappings(&magento, &stock),
        };
        World {
            inner: Arc::new(WorldData {
                scenario: scenario.clone(),
                magento,
                manifest,
                orders: built.erp,
                stock,
                prices,
            }),
        }
    }

    /// The Magento simulator's config serving this world's Magento side.
    pub fn magento_config(&self) -> SimConfig {
        self.inner.magento.clone()
    }

    pub fn manifest(&self) -> &Manifest {
        &self.inner.manifest
    }

    pub fn scenario(&self) -> &Scenario {
        &self.inner.scenario
    }

    /// The ERP location a merchant maps Magento source `source_code` to.
    pub fn location_for_source(&self, source_code: &str) -> Option<String> {
        self.inner
            .manifest
            .mappings
            .locations
            .iter()
            .find(|m| m.source_code == source_code)
            .map(|m| m.location_code.clone())
    }

    /// The price list holding the base prices of `(website, customer group)`: `RETAIL` for
    /// website 1 (or 0, "all websites") and group 32000.
    pub fn price_list_for(&self, website_id: u32, customer_group_id: u32) -> Option<String> {
        ((website_id == 1 || website_id == 0) && customer_group_id == ALL_GROUPS)
            .then(|| BASE_LIST.to_string())
    }

    /// The price list holding the tier prices of `(website, customer group)`: `TIER-<group>`.
    pub fn tier_price_list_for(&self, website_id: u32, customer_group_id: u32) -> Option<String> {
        ((website_id == 0 || website_id == 1) && TIER_GROUPS.contains(&customer_group_id))
            .then(|| tier_list(customer_group_id))
    }

    /// The price list holding the special prices: `SPECIAL`.
    pub fn special_price_list(&self) -> &'static str {
        SPECIAL_LIST
    }

    /// Keys (`"{sku}@{source_code}"`, sorted) of the stock rows the `bc-stock-in-transit` fault
    /// shows lagging (see the module docs). Never in `manifest.drift`; meaningful only when that
    /// fault is on (otherwise these rows simply agree).
    pub fn transient_stock_keys(&self) -> Vec<String> {
        self.inner.stock.in_transit_keys()
    }

    /// Keys (`"{sku}"`, sorted) of the items whose `RETAIL` price the `bc-price-in-transit`
    /// fault shows lagging (see the module docs). Never in `manifest.drift`; meaningful only
    /// when that fault is on.
    pub fn transient_price_keys(&self) -> Vec<String> {
        self.inner.prices.in_transit_keys()
    }

    pub(crate) fn orders(&self) -> &ErpOrders {
        &self.inner.orders
    }

    pub(crate) fn stock(&self) -> &ErpStock {
        &self.inner.stock
    }

    pub(crate) fn prices(&self) -> &ErpPrices {
        &self.inner.prices
    }

    /// The Magento config the ERP side is derived from.
    pub(crate) fn cfg(&self) -> &SimConfig {
        &self.inner.magento
    }
}

fn mappings(cfg: &SimConfig, stock: &stock::ErpStock) -> Mappings {
    let price_list =
        |website_id, customer_group_id, price_type: &str, code: String| PriceListMapping {
            website_id,
            customer_group_id,
            price_type: price_type.to_string(),
            price_list_code: code,
        };
    let mut price_lists = vec![
        price_list(1, ALL_GROUPS, "base", BASE_LIST.to_string()),
        price_list(1, ALL_GROUPS, "special", SPECIAL_LIST.to_string()),
    ];
    for g in TIER_GROUPS {
        price_lists.push(price_list(0, g, "tier", tier_list(g)));
    }
    Mappings {
        locations: (0..cfg.sources)
            .filter(|k| Some(*k) != stock.magento_only)
            .map(|k| LocationMapping {
                source_code: source_code(k),
                location_code: location_code(k),
            })
            .collect(),
        unmapped_locations: if stock.has_unmapped_location() {
            vec![UNMAPPED_LOCATION.to_string()]
        } else {
            Vec::new()
        },
        unmapped_sources: stock.magento_only.map(source_code).into_iter().collect(),
        excluded_locations: if stock.has_excluded_location() {
            vec![EXCLUDED_LOCATION.to_string()]
        } else {
            Vec::new()
        },
        price_lists,
        sku_is_item_number: true,
        local_currency: "USD".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(name: &str) -> Scenario {
        Scenario {
            orders: 900,
            skus: 300,
            sources: 3,
            now: "2026-03-01T12:00:00Z".parse().unwrap(),
            ..Scenario::named(name).unwrap()
        }
    }

    #[test]
    fn clean_has_no_drift_and_drift_has_every_kind() {
        let clean = World::build(&scenario("clean"));
        assert!(clean.manifest().drift.is_empty());
        assert!(!clean.manifest().invoiced_orders.is_empty());
        let world = World::build(&scenario("drift"));
        let m = world.manifest();
        for (entity, kinds) in [
            (
                "order",
                &[
                    "missing_in_erp",
                    "missing_in_magento",
                    "duplicate_in_erp",
                    "total_mismatch",
                    "currency_mismatch",
                    "line_mismatch",
                    "status_mismatch",
                ][..],
            ),
            (
                "stock",
                &[
                    "qty_mismatch",
                    "missing_in_magento",
                    "missing_in_erp",
                    "unmapped_location",
                    "status_mismatch",
                ][..],
            ),
            (
                "price",
                &[
                    "price_mismatch",
                    "special_price_mismatch",
                    "tier_price_mismatch",
                    "missing_in_erp",
                    "missing_in_magento",
                ][..],
            ),
        ] {
            for kind in kinds {
                assert!(m.entries(entity, kind).count() >= 1, "{entity} {kind}");
            }
        }
        let mut keys: Vec<_> = m
            .drift
            .iter()
            .map(|i| (&i.entity, &i.kind, &i.key))
            .collect();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "no entry twice");
        assert_eq!(
            world.location_for_source("default").as_deref(),
            Some("MAIN")
        );
        assert_eq!(
            world.location_for_source("wh-east").as_deref(),
            Some("EAST")
        );
        assert_eq!(world.location_for_source("nope"), None);
        assert_eq!(world.price_list_for(1, 32000).as_deref(), Some("RETAIL"));
        assert_eq!(world.tier_price_list_for(0, 1).as_deref(), Some("TIER-1"));
    }

    #[test]
    fn transient_rows_are_few_spread_and_never_drift() {
        for name in ["clean", "drift"] {
            let world = World::build(&scenario(name));
            let drift: Vec<&str> = world
                .manifest()
                .drift
                .iter()
                .map(|i| i.key.as_str())
                .collect();
            let stock = world.transient_stock_keys();
            assert_eq!(stock.len(), 300 * 3 / 200, "{name}");
            let prices = world.transient_price_keys();
            assert_eq!(prices.len(), 1, "{name}");
            for key in stock.iter().chain(&prices) {
                assert!(!drift.contains(&key.as_str()), "{name}: {key} is drift");
            }
            assert!(
                stock
                    .iter()
                    .all(|k| k.starts_with("SKU-") && k.contains('@'))
            );
        }
    }

    #[test]
    fn worlds_are_deterministic() {
        let a = World::build(&scenario("drift"));
        let b = World::build(&scenario("drift"));
        assert_eq!(a.manifest(), b.manifest());
        assert_eq!(location_code(6), "WH-06");
    }
}
