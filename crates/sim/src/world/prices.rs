//! The ERP's price-list lines, derived from Magento's prices.
//!
//! Lists, in code order: `RETAIL` (the base price of every item, minimum quantity 0, open
//! dates; plus a few `Inactive` and `Draft` lines left by edits, which consumers must ignore;
//! and, in the drift scenario, a few *campaigns*: Magento special prices the ERP keeps as a
//! dated line of this list instead of in `SPECIAL`, as Business Central merchants often do),
//! `SPECIAL` (Magento's special prices with their windows, expired and future ones included),
//! and `TIER-<group>` (Magento's tier prices per customer group, minimum quantity = tier qty).
//! A few running Magento special prices are nowhere in the ERP (drift).
//!
//! Positions: each list is a segment of a fixed length (`RETAIL` has four slots per item:
//! active, inactive, draft, campaign; the others one per item); a slot holds a line or not. Line numbers
//! are `(slot + 1) * 10000`, so `(list, line number)` is the key paging resumes after.
//!
//! About 1 item in 200 (at least one) has its active `RETAIL` line *in transit*: an item
//! without price drift whose line reads 1.00 above Magento's price for a while, when the
//! Business Central simulator's `bc-price-in-transit` fault is on. Never in the manifest.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::drift::spread;
use super::manifest::Injected;
use super::orders::amount_text;
use crate::config::SimConfig;
use crate::dataset::{Stream, draw, product_price, sku, special_price, tier_prices};
use crate::json::Money;

/// The list of base prices: Magento website 1, customer group 32000 ("ALL GROUPS").
pub const BASE_LIST: &str = "RETAIL";
/// The list of special prices.
pub const SPECIAL_LIST: &str = "SPECIAL";
/// Magento's "ALL GROUPS" customer group.
pub const ALL_GROUPS: u32 = 32_000;
/// The customer groups Magento's tier prices use, in list-code order (`TIER-1`, `TIER-32000`).
pub const TIER_GROUPS: [u32; 2] = [1, ALL_GROUPS];

const SALT_EDITS: u64 = 20;
const SALT_DELTA: u64 = 21;

/// One item in this many has its `RETAIL` price in transit (at least one).
const TRANSIT_ONE_IN: u64 = 200;
/// How far (in cents) a `RETAIL` line in transit reads above Magento's price.
const TRANSIT_CENTS: i64 = 100;

/// The code of the tier price list of a customer group.
pub fn tier_list(group: u32) -> String {
    format!("TIER-{group}")
}

/// `"10"` or `"2.5"`: a quantity as keys spell it.
pub fn qty_text(q: f64) -> String {
    if q.fract() == 0.0 {
        format!("{}", q as i64)
    } else {
        format!("{q}")
    }
}

/// `Price Status` of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PriceStatus {
    Active,
    Inactive,
    Draft,
}

/// One `priceListLines` row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PriceLine {
    pub list: String,
    pub line_no: u64,
    /// `Price Source Type`, encoded as on the wire.
    pub source_type: &'static str,
    pub source_no: String,
    pub item: u64,
    pub min_qty: f64,
    pub unit_price: Money,
    /// Unix seconds at midnight; `None` is open-ended (`0001-01-01`).
    pub starting: Option<i64>,
    pub ending: Option<i64>,
    pub status: PriceStatus,
}

/// The prices side of a world.
#[derive(Debug, Clone, Default)]
pub(crate) struct ErpPrices {
    pub skus: u64,
    pub extra_items: u64,
    base_delta: BTreeMap<u64, i64>,
    special_delta: BTreeMap<u64, i64>,
    tier_delta: BTreeMap<(u32, u64), i64>,
    missing: BTreeSet<u64>,
    /// Items whose special price is a dated `RETAIL` line (a campaign), not a `SPECIAL` line.
    campaigns: BTreeSet<u64>,
    /// Items whose running Magento special price the ERP has nowhere.
    unknown_specials: BTreeSet<u64>,
    /// Items whose active `RETAIL` line is in transit.
    in_transit: BTreeSet<u64>,
    magento: SimConfig,
}

/// Slots per item in `RETAIL`: active, inactive, draft, campaign.
const RETAIL_SLOTS: u64 = 4;

/// Which segment a list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segment {
    Retail,
    Special,
    Tier(u32),
}

impl ErpPrices {
    fn segments(&self) -> [(Segment, u64); 4] {
        [
            (
                Segment::Retail,
                (self.skus + self.extra_items) * RETAIL_SLOTS,
            ),
            (Segment::Special, self.skus),
            (Segment::Tier(TIER_GROUPS[0]), self.skus),
            (Segment::Tier(TIER_GROUPS[1]), self.skus),
        ]
    }

    fn code(segment: Segment) -> String {
        match segment {
            Segment::Retail => BASE_LIST.to_string(),
            Segment::Special => SPECIAL_LIST.to_string(),
            Segment::Tier(g) => tier_list(g),
        }
    }

    /// One past the last position.
    pub fn end(&self) -> u64 {
        self.segments().iter().map(|(_, len)| len).sum()
    }

    /// The position after which paging resumes for a `(list, line number)` key.
    pub fn position_of(&self, list: &str, line_no: u64) -> Option<u64> {
        let mut offset = 0;
        for (segment, len) in self.segments() {
            if Self::code(segment).eq_ignore_ascii_case(list) {
                let slot = (line_no / 10_000).checked_sub(1)?;
                return (slot < len).then_some(offset + slot);
            }
            offset += len;
        }
        None
    }

    /// Position ranges that can hold lines of item `j` (for `itemNumber eq` filters).
    pub fn item_positions(&self, j: u64) -> Vec<std::ops::Range<u64>> {
        let mut offset = 0;
        let mut out = Vec::new();
        for (segment, len) in self.segments() {
            let range = match segment {
                Segment::Retail => (j - 1) * RETAIL_SLOTS..j * RETAIL_SLOTS,
                _ => j - 1..j,
            };
            if range.end <= len {
                out.push(offset + range.start..offset + range.end);
            }
            offset += len;
        }
        out
    }

    /// The line at `pos`, if any; with `in_transit`, a `RETAIL` line in transit reads its
    /// lagging price (1.00 above Magento's).
    pub fn line_at(&self, pos: u64, in_transit: bool) -> Option<PriceLine> {
        let mut offset = 0;
        for (segment, len) in self.segments() {
            if pos < offset + len {
                return self.line_in(segment, pos - offset, in_transit);
            }
            offset += len;
        }
        None
    }

    fn line_in(&self, segment: Segment, slot: u64, in_transit: bool) -> Option<PriceLine> {
        let cfg = &self.magento;
        let all = |item: u64, min_qty: f64, unit_price: Money| PriceLine {
            list: Self::code(segment),
            line_no: (slot + 1) * 10_000,
            source_type: "All_x0020_Customers",
            source_no: String::new(),
            item,
            min_qty,
            unit_price,
            starting: None,
            ending: None,
            status: PriceStatus::Active,
        };
        match segment {
            Segment::Retail => {
                let j = slot / RETAIL_SLOTS + 1;
                let base = if j <= self.skus {
                    product_price(cfg, j).0
                } else {
                    extra_price(cfg, j)
                };
                let today = crate::dataset::day_start(cfg.now.timestamp());
                match slot % RETAIL_SLOTS {
                    0 if !self.missing.contains(&j) => {
                        let lag = if in_transit && self.in_transit.contains(&j) {
                            TRANSIT_CENTS
                        } else {
                            0
                        };
                        Some(all(
                            j,
                            0.0,
                            Money(base + self.base_delta.get(&j).copied().unwrap_or(0) + lag),
                        ))
                    }
                    // The price before the last change, deactivated when it took effect.
                    1 if j <= self.skus && edits(cfg, j) == 1 => Some(PriceLine {
                        starting: Some(today - 400 * crate::dataset::DAY),
                        ending: Some(today - 120 * crate::dataset::DAY),
                        status: PriceStatus::Inactive,
                        ..all(j, 0.0, Money(base * 95 / 100))
                    }),
                    // A price change someone prepared and never activated.
                    2 if j <= self.skus && edits(cfg, j) == 2 => Some(PriceLine {
                        status: PriceStatus::Draft,
                        ..all(j, 0.0, Money(base * 105 / 100))
                    }),
                    3 if self.campaigns.contains(&j) => {
                        let mut line = self.special_line(j)?;
                        line.list = Self::code(segment);
                        line.line_no = (slot + 1) * 10_000;
                        Some(line)
                    }
                    _ => None,
                }
            }
            Segment::Special => {
                let j = slot + 1;
                if self.campaigns.contains(&j) {
                    return None;
                }
                let mut line = self.special_line(j)?;
                line.line_no = (slot + 1) * 10_000;
                Some(line)
            }
            Segment::Tier(group) => {
                let j = slot + 1;
                let tier = tier_prices(cfg, j, product_price(cfg, j))
                    .into_iter()
                    .find(|t| t.customer_group_id == group)?;
                let delta = self.tier_delta.get(&(group, j)).copied().unwrap_or(0);
                let mut line = all(j, tier.qty.0, Money(tier.value.0 + delta));
                if group != ALL_GROUPS {
                    line.source_type = "Customer_x0020_Price_x0020_Group";
                    line.source_no = format!("GROUP-{group}");
                }
                Some(line)
            }
        }
    }

    /// Item `j`'s special price as an ERP line with its window, if the ERP has it.
    fn special_line(&self, j: u64) -> Option<PriceLine> {
        if self.unknown_specials.contains(&j) {
            return None;
        }
        let sp = special_price(&self.magento, j)?;
        let delta = self.special_delta.get(&j).copied().unwrap_or(0);
        Some(PriceLine {
            list: SPECIAL_LIST.to_string(),
            line_no: 0,
            source_type: "All_x0020_Customers",
            source_no: String::new(),
            item: j,
            min_qty: 0.0,
            unit_price: Money(sp.price.0 + delta),
            starting: sp.from.map(|t| t.secs()),
            ending: sp.to.map(|t| t.secs()),
            status: PriceStatus::Active,
        })
    }

    /// The active `RETAIL` price of item `j`, if it has one (what `items.unitPrice` shows);
    /// with `in_transit`, the lagging price of an item in transit.
    pub fn base_price(&self, j: u64, in_transit: bool) -> Option<Money> {
        self.line_in(Segment::Retail, (j - 1) * RETAIL_SLOTS, in_transit)
            .map(|l| l.unit_price)
    }

    /// Keys (`"{sku}"`) of the items whose `RETAIL` line is in transit, sorted.
    pub fn in_transit_keys(&self) -> Vec<String> {
        self.in_transit.iter().map(|&j| sku(j)).collect()
    }
}

/// Picks the items in transit: about 1 in [`TRANSIT_ONE_IN`] catalogue items (at least one),
/// evenly spread over those whose `RETAIL` line exists and carries no drift.
fn pick_in_transit(prices: &ErpPrices) -> BTreeSet<u64> {
    let candidates: Vec<u64> = (1..=prices.skus)
        .filter(|j| !prices.missing.contains(j) && !prices.base_delta.contains_key(j))
        .collect();
    let n = ((prices.skus / TRANSIT_ONE_IN).max(1) as usize).min(candidates.len());
    (0..n)
        .map(|i| candidates[(2 * i + 1) * candidates.len() / (2 * n)])
        .collect()
}

/// 0: no edit; 1: an inactive older line; 2: a draft line (about 2% each).
fn edits(cfg: &SimConfig, j: u64) -> u64 {
    match draw(cfg.seed, Stream::Erp, j, SALT_EDITS) % 50 {
        0 => 1,
        1 => 2,
        _ => 0,
    }
}

/// The price of an ERP-only item.
fn extra_price(cfg: &SimConfig, j: u64) -> i64 {
    (500 + draw(cfg.seed, Stream::Erp, j, SALT_DELTA) % 10_000) as i64 / 100 * 100 + 99
}

fn ymd(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `from 2026-11-01 to 2026-12-31` (`-` for an open end).
fn window(sp: &crate::dataset::SpecialPrice) -> String {
    format!(
        "from {} to {}",
        sp.from.map_or("-".to_string(), |t| ymd(t.secs())),
        sp.to.map_or("-".to_string(), |t| ymd(t.secs()))
    )
}

/// Lays out the prices side, injecting drift when asked.
pub(crate) fn build(cfg: &SimConfig, inject: bool, extra_items: u64) -> (ErpPrices, Vec<Injected>) {
    let mut prices = ErpPrices {
        skus: cfg.skus,
        extra_items,
        magento: cfg.clone(),
        ..ErpPrices::default()
    };
    let mut drift = Vec::new();
    if inject {
        drift = inject_drift(&mut prices, cfg, extra_items);
    }
    prices.in_transit = pick_in_transit(&prices);
    (prices, drift)
}

/// Injects the price drift of the drift scenario.
fn inject_drift(prices: &mut ErpPrices, cfg: &SimConfig, extra_items: u64) -> Vec<Injected> {
    let mut drift = Vec::new();
    let today = crate::dataset::day_start(cfg.now.timestamp());
    let (mut plain, mut running, mut tiered, mut expired) = (vec![], vec![], vec![], vec![]);
    for j in 1..=cfg.skus {
        let tiers = !tier_prices(cfg, j, product_price(cfg, j)).is_empty();
        match special_price(cfg, j) {
            Some(sp) => {
                let from = sp.from.map_or(i64::MIN, |t| t.secs());
                let to = sp.to.map_or(i64::MAX, |t| t.secs());
                if from <= today && today <= to {
                    running.push(j);
                } else if to < today {
                    expired.push(j);
                }
            }
            None if tiers => tiered.push(j),
            None if edits(cfg, j) == 0 => plain.push(j),
            None => {}
        }
    }
    let mut used = HashSet::new();
    let delta = |j: u64, salt: u64| {
        let h = draw(cfg.seed, Stream::Erp, j, SALT_DELTA + salt);
        let d = 100 + (h % 500) as i64;
        if (h >> 32).is_multiple_of(2) { d } else { -d }
    };
    for j in spread(&plain, 0, &mut used) {
        let base = product_price(cfg, j);
        let d = delta(j, 1).max(1 - base.0);
        prices.base_delta.insert(j, d);
        drift.push(Injected::new(
            "price",
            "price_mismatch",
            sku(j),
            Some(amount_text(base)),
            Some(amount_text(Money(base.0 + d))),
        ));
    }
    for j in spread(&plain, 8, &mut used) {
        prices.missing.insert(j);
        drift.push(Injected::new(
            "price",
            "missing_in_erp",
            sku(j),
            Some(amount_text(product_price(cfg, j))),
            None,
        ));
    }
    for j in spread(&running, 0, &mut used) {
        let Some(sp) = special_price(cfg, j) else {
            continue;
        };
        let d = delta(j, 2).max(1 - sp.price.0);
        prices.special_delta.insert(j, d);
        let window = window(&sp);
        drift.push(Injected::new(
            "price",
            "special_price_mismatch",
            format!("{}@{SPECIAL_LIST}/{ALL_GROUPS}/0", sku(j)),
            Some(format!("{} {window}", amount_text(sp.price))),
            Some(format!("{} {window}", amount_text(Money(sp.price.0 + d)))),
        ));
    }
    // Campaigns kept in RETAIL: equal ones are no drift, one that differs is.
    for (n, j) in spread(&running, 4, &mut used).into_iter().enumerate() {
        prices.campaigns.insert(j);
        if n == 0
            && let Some(sp) = special_price(cfg, j)
        {
            let d = delta(j, 5).max(1 - sp.price.0);
            prices.special_delta.insert(j, d);
            drift.push(Injected::new(
                "price",
                "special_price_mismatch",
                format!("{}@{SPECIAL_LIST}/{ALL_GROUPS}/0", sku(j)),
                Some(format!("{} {}", amount_text(sp.price), window(&sp))),
                Some(format!(
                    "{} {} in {BASE_LIST}",
                    amount_text(Money(sp.price.0 + d)),
                    window(&sp)
                )),
            ));
        }
    }
    // Running Magento specials the ERP has nowhere.
    for j in spread(&running, 12, &mut used) {
        let Some(sp) = special_price(cfg, j) else {
            continue;
        };
        prices.unknown_specials.insert(j);
        drift.push(Injected::new(
            "price",
            "special_price_mismatch",
            format!("{}@{SPECIAL_LIST}/{ALL_GROUPS}/0", sku(j)),
            Some(format!("{} {}", amount_text(sp.price), window(&sp))),
            None,
        ));
    }
    // Expired specials that differ: not effective, so not drift (see the module docs of
    // `world`); they check that a reconciler compares only what is in force.
    for j in spread(&expired, 0, &mut used) {
        prices.special_delta.insert(j, delta(j, 3).max(1));
    }
    for j in spread(&tiered, 0, &mut used) {
        let Some(tier) = tier_prices(cfg, j, product_price(cfg, j))
            .into_iter()
            .next()
        else {
            continue;
        };
        let group = tier.customer_group_id;
        let d = delta(j, 4).max(1 - tier.value.0);
        prices.tier_delta.insert((group, j), d);
        drift.push(Injected::new(
            "price",
            "tier_price_mismatch",
            format!(
                "{}@{}/{group}/{}",
                sku(j),
                tier_list(group),
                qty_text(tier.qty.0)
            ),
            Some(amount_text(tier.value)),
            Some(amount_text(Money(tier.value.0 + d))),
        ));
    }
    for e in 1..=extra_items {
        let j = cfg.skus + e;
        drift.push(Injected::new(
            "price",
            "missing_in_magento",
            sku(j),
            None,
            Some(amount_text(Money(extra_price(cfg, j)))),
        ));
    }
    drift.sort();
    drift
}
