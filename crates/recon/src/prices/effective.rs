//! The price as the customer pays it (DESIGN "Prices"). For each (website, customer group)
//! scope of the price-list mapping and each quantity break, Magento's lowest of the base
//! price, a special price within its dates and the tier prices that apply, against the ERP's
//! lowest unit price among the lines valid today of every list mapped to that scope (one list
//! may hold an undated line and dated campaign lines).
//!
//! This finds what the structural comparisons cannot: a campaign kept as a dated line in the
//! base list, a Magento special price the ERP does not know when no special list is mapped, a
//! tier one side lacks. A SKU the structural comparisons already report is left to them, and
//! the same pair of prices seen at several scopes or quantities is one finding: one break,
//! one finding.
//!
//! Keys: `SKU@paid:LIST+LIST/group/qty`, the lists consulted for the scope, its customer
//! group and the quantity the break starts at (1 for the first unit).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use foldhash::fast::FixedState;
use model::config::Mapping;
use model::erp::PriceListLine;
use model::rules::Tolerance;
use model::{Finding, MismatchKey, MismatchKind, PricePoint, ProductPrice, TierPrice};
use rust_decimal::Decimal;

use crate::stock::ItemToSku;
use crate::{PriceSides, Rules};

/// Magento's "ALL GROUPS" customer group.
const ALL_GROUPS: u32 = 32_000;
/// Magento's "all websites" (tier prices are often stored with it).
const ALL_WEBSITES: u32 = 0;
/// What the list part of an effective key starts with: the rule that found it.
pub(crate) const KEY_PREFIX: &str = "paid:";

/// One (website, customer group) of the mapping and the lists whose lines apply to it.
struct Scope {
    website: u32,
    group: u32,
    /// Bit `i` set: mapped list `i` (of [`Lists`]) applies.
    lists: u64,
    /// `paid:RETAIL+SPECIAL`.
    key_list: String,
}

/// The distinct list codes of the mapping (at most 64: a mapping names a handful).
struct Lists<'a> {
    codes: Vec<&'a str>,
}

impl<'a> Lists<'a> {
    fn new(mapping: &'a Mapping) -> Self {
        let mut codes: Vec<&str> = Vec::new();
        for m in &mapping.price_lists {
            if !codes.contains(&m.price_list.as_str()) && codes.len() < 64 {
                codes.push(&m.price_list);
            }
        }
        Lists { codes }
    }

    fn index(&self, code: &str) -> Option<usize> {
        self.codes.iter().position(|c| *c == code)
    }
}

fn websites_meet(a: u32, b: u32) -> bool {
    a == b || a == ALL_WEBSITES || b == ALL_WEBSITES
}

/// Whether a price for `priced` applies to customers of `group`.
fn applies_to(priced: u32, group: u32) -> bool {
    priced == group || priced == ALL_GROUPS
}

/// The scopes, "all groups" first (its breaks explain those of single groups), then by
/// website and group.
fn scopes(mapping: &Mapping, lists: &Lists<'_>) -> Vec<Scope> {
    let mut pairs: Vec<(u32, u32)> = mapping
        .price_lists
        .iter()
        .map(|m| (m.website_id, m.customer_group_id))
        .collect();
    pairs.sort_by_key(|&(w, g)| (g != ALL_GROUPS, w, g));
    pairs.dedup();
    pairs
        .into_iter()
        .map(|(website, group)| {
            let mut mask = 0u64;
            let mut names = Vec::new();
            for m in &mapping.price_lists {
                if websites_meet(m.website_id, website)
                    && applies_to(m.customer_group_id, group)
                    && let Some(i) = lists.index(&m.price_list)
                    && mask & (1 << i) == 0
                {
                    mask |= 1 << i;
                    names.push(m.price_list.as_str());
                }
            }
            Scope {
                website,
                group,
                lists: mask,
                key_list: format!("{KEY_PREFIX}{}", names.join("+")),
            }
        })
        .collect()
}

/// What Magento charges at a quantity, and which of its prices it is.
#[derive(Clone, Copy)]
enum Charged<'a> {
    Base(Decimal),
    Special(Decimal),
    Tier(&'a TierPrice),
}

impl Charged<'_> {
    fn price(&self) -> Decimal {
        match self {
            Charged::Base(p) | Charged::Special(p) => *p,
            Charged::Tier(t) => t.value,
        }
    }
}

/// A valid ERP line of a mapped list.
struct Line {
    row: u32,
    list: u8,
}

/// One break found at one scope and quantity.
struct Break<'a> {
    scope: usize,
    qty: Decimal,
    magento: Charged<'a>,
    erp: Option<&'a PriceListLine>,
}

/// Findings of the effective-price rule for every SKU not in `reported` (the SKUs the
/// structural comparisons found something for).
pub(crate) fn reconcile(
    sides: PriceSides<'_>,
    rules: Rules<'_>,
    today: NaiveDate,
    reported: &HashSet<&str>,
) -> Vec<Finding> {
    let lists = Lists::new(rules.mapping);
    let scopes = scopes(rules.mapping, &lists);
    if scopes.is_empty() {
        return Vec::new();
    }
    let items = ItemToSku::new(rules);
    let lines = valid_lines(sides.erp, &lists, &items, (today, sides.currency));
    let tolerance = rules.recon.prices.price_tolerance;
    let check = |products: &[ProductPrice]| {
        let mut scratch = Scratch::default();
        let mut findings = Vec::new();
        for product in products {
            if reported.contains(product.sku.as_str()) {
                continue;
            }
            let erp = lines
                .get(product.sku.as_str())
                .map_or(&[][..], Vec::as_slice);
            let breaks = product_breaks(
                product,
                erp,
                sides.erp,
                &scopes,
                &mut scratch,
                (today, tolerance),
            );
            // The same two prices at several scopes or quantities are one break.
            let mut seen: Vec<(Decimal, Option<Decimal>)> = Vec::new();
            let mut keys: HashSet<(usize, Decimal)> = HashSet::new();
            for b in breaks {
                let pair = (b.magento.price(), b.erp.map(|l| l.unit_price));
                let scope = &scopes[b.scope];
                let key_scope = scopes
                    .iter()
                    .position(|o| o.key_list == scope.key_list && o.group == scope.group)
                    .unwrap_or(b.scope);
                if seen.contains(&pair) || !keys.insert((key_scope, b.qty)) {
                    continue;
                }
                seen.push(pair);
                findings.push(finding(&product.sku, scope, &b, sides.currency));
            }
        }
        findings
    };
    // Products are independent: one half on each core.
    let (first, second) = sides.magento.split_at(sides.magento.len() / 2);
    let (mut findings, rest) = std::thread::scope(|s| {
        let rest = s.spawn(|| check(second));
        (check(first), rest.join().expect("comparing prices as paid"))
    });
    findings.extend(rest);
    findings
}

/// Buffers reused from one product to the next.
#[derive(Default)]
struct Scratch<'a> {
    tiers: Vec<&'a TierPrice>,
    offered: Vec<&'a PriceListLine>,
    qtys: Vec<Decimal>,
}

/// Where one product's price as paid differs, scope by scope, quantity by quantity.
fn product_breaks<'a>(
    product: &'a ProductPrice,
    erp: &[Line],
    all_lines: &'a [PriceListLine],
    scopes: &[Scope],
    scratch: &mut Scratch<'a>,
    (today, tolerance): (NaiveDate, Tolerance),
) -> Vec<Break<'a>> {
    let mut breaks = Vec::new();
    for (s, scope) in scopes.iter().enumerate() {
        scratch.tiers.clear();
        scratch.tiers.extend(product.tier_prices.iter().filter(|t| {
            websites_meet(t.website_id, scope.website)
                && applies_to(t.customer_group_id, scope.group)
        }));
        scratch.offered.clear();
        scratch.offered.extend(
            erp.iter()
                .filter(|l| scope.lists & (1 << l.list) != 0)
                .map(|l| &all_lines[l.row as usize]),
        );
        breakpoints(&scratch.tiers, &scratch.offered, &mut scratch.qtys);
        for &qty in &scratch.qtys {
            let Some(magento) = charged(product, &scratch.tiers, qty, today) else {
                continue;
            };
            let erp = best_line(&scratch.offered, qty);
            if let Some(line) = erp
                && tolerance.accepts(line.unit_price, magento.price())
            {
                continue;
            }
            breaks.push(Break {
                scope: s,
                qty,
                magento,
                erp,
            });
        }
    }
    breaks
}

/// The ERP's lines of mapped lists valid on `today`, by Magento SKU.
fn valid_lines<'a>(
    erp: &'a [PriceListLine],
    lists: &Lists<'_>,
    items: &'a ItemToSku<'_>,
    (today, currency): (NaiveDate, Option<&str>),
) -> HashMap<&'a str, Vec<Line>, FixedState> {
    let mut by_sku: HashMap<&str, Vec<Line>, FixedState> = HashMap::default();
    for (row, line) in erp.iter().enumerate() {
        let Some(list) = lists.index(&line.price_list_code) else {
            continue;
        };
        if !valid_on(line, today) || !in_magento_currency(line, currency) {
            continue;
        }
        by_sku
            .entry(items.sku(&line.item_number))
            .or_default()
            .push(Line {
                row: row as u32,
                list: list as u8,
            });
    }
    by_sku
}

/// Whether a line is in Magento's currency: blank (the ERP's local currency, not resolved) and
/// an unknown Magento currency are taken to match.
pub(crate) fn in_magento_currency(line: &PriceListLine, magento: Option<&str>) -> bool {
    line.currency.is_empty() || magento.is_none_or(|m| m.eq_ignore_ascii_case(&line.currency))
}

/// Inclusive dates.
pub(crate) fn valid_on(line: &PriceListLine, today: NaiveDate) -> bool {
    dated(line.starting_date).is_none_or(|s| s <= today)
        && dated(line.ending_date).is_none_or(|e| today <= e)
}

/// A date that bounds something: some ERPs store an open end as 0001-01-01.
pub(crate) fn dated(date: Option<NaiveDate>) -> Option<NaiveDate> {
    let open = NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN);
    date.filter(|d| *d > open)
}

/// Where a price changes: the first unit, each tier's quantity and each line's minimum.
fn breakpoints(tiers: &[&TierPrice], lines: &[&PriceListLine], qtys: &mut Vec<Decimal>) {
    qtys.clear();
    qtys.extend(
        std::iter::once(Decimal::ONE)
            .chain(tiers.iter().map(|t| t.qty.max(Decimal::ONE)))
            .chain(lines.iter().map(|l| l.minimum_quantity.max(Decimal::ONE)))
            .map(|q| q.normalize()),
    );
    qtys.sort_unstable();
    qtys.dedup();
}

/// Magento's price at `qty`: the lowest of the base price, a running special price and the
/// tiers from `qty` down; on a tie the plainer price names it.
fn charged<'a>(
    product: &'a ProductPrice,
    tiers: &[&'a TierPrice],
    qty: Decimal,
    today: NaiveDate,
) -> Option<Charged<'a>> {
    let special = running_special(product, today);
    product
        .price
        .map(Charged::Base)
        .into_iter()
        .chain(special.map(Charged::Special))
        .chain(
            tiers
                .iter()
                .filter(|t| t.qty.max(Decimal::ONE) <= qty)
                .map(|t| Charged::Tier(t)),
        )
        .reduce(|best, c| if c.price() < best.price() { c } else { best })
}

/// The special price, when `today` is within its (inclusive) dates.
pub(crate) fn running_special(product: &ProductPrice, today: NaiveDate) -> Option<Decimal> {
    let from = product.special_from.map(|f| f.date_naive());
    let to = product.special_to.map(|t| t.date_naive());
    product
        .special_price
        .filter(|_| from.is_none_or(|f| f <= today) && to.is_none_or(|t| today <= t))
}

/// The ERP's best price at `qty` among `lines`.
fn best_line<'a>(lines: &[&'a PriceListLine], qty: Decimal) -> Option<&'a PriceListLine> {
    lines
        .iter()
        .copied()
        .filter(|l| l.minimum_quantity.max(Decimal::ONE) <= qty)
        .reduce(|best, l| {
            if l.unit_price < best.unit_price {
                l
            } else {
                best
            }
        })
}

fn finding(sku: &str, scope: &Scope, b: &Break<'_>, currency: Option<&str>) -> Finding {
    let magento = b.magento.price();
    let what = match b.magento {
        Charged::Base(_) => "base price".to_string(),
        Charged::Special(_) => "special price".to_string(),
        Charged::Tier(t) => format!("tier price from {}", t.qty.normalize()),
    };
    let magento_text = format!("{} as paid: {what}", magento.normalize());
    let erp_text = b.erp.map(|line| {
        let currency = if line.currency.is_empty() {
            "local currency"
        } else {
            line.currency.as_str()
        };
        let mut text = format!(
            "{} {currency} as paid: {} line",
            line.unit_price.normalize(),
            line.price_list_code
        );
        if line.minimum_quantity > Decimal::ONE {
            text.push_str(&format!(" from qty {}", line.minimum_quantity.normalize()));
        }
        let (starts, ends) = (dated(line.starting_date), dated(line.ending_date));
        if starts.is_some() || ends.is_some() {
            let day = |d: Option<NaiveDate>| d.map_or("-".to_string(), |d| d.to_string());
            text.push_str(&format!(" {} to {}", day(starts), day(ends)));
        }
        text
    });
    let delta = b.erp.map(|l| l.unit_price - magento);
    Finding {
        kind: if b.erp.is_some() {
            MismatchKind::PriceMismatch
        } else {
            MismatchKind::MissingInErp
        },
        key: MismatchKey::price_point(
            sku,
            PricePoint {
                list: scope.key_list.clone(),
                customer_group: scope.group,
                qty: b.qty.normalize(),
            },
        ),
        magento: Some(magento_text),
        erp: erp_text,
        delta,
        value_at_risk: delta.map(|d| d.abs().normalize()),
        currency: currency.map(str::to_uppercase),
    }
}
