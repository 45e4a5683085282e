//! Prices in force on a day (source of truth: the ERP's price lists), by two rules.
//!
//! The structural rule compares each price with its own list. Each Magento price is a point
//! (sku, price list, minimum quantity): the base price at quantity 0 in the list mapped to base
//! prices, a running special price in the special list, each tier price in the list mapped to
//! its (website, customer group). The ERP's lines in force on the day, of mapped lists, are
//! points too, and a dated line of the base list (a campaign) is also one of the special
//! list's for a SKU Magento has on a special price: where lines overlap, a base list's standing line (the earliest start: undated
//! before a dated campaign) and any other list's latest line. Points are aligned by a merge of
//! sorted keys and compared in polars; a point on one side only, or with another price, is a
//! mismatch.
//!
//! The effective rule ([`effective`]) then compares the price as the customer pays it, for the
//! SKUs the structural rule found nothing for.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use foldhash::fast::FixedState;
use model::config::PriceKind;
use model::erp::PriceListLine;
use model::{Finding, MismatchKey, MismatchKind, PricePoint, ProductPrice};
use polars::prelude::*;
use rust_decimal::Decimal;

use crate::frame::Codes;
use crate::scaled::{Side, for_compare, rounded};
use crate::stock::ItemToSku;
use crate::{Compared, Outcome, PriceSides, Result, Rules, align};

mod effective;

/// A price list as the mapping describes it.
#[derive(Debug, Clone, Copy)]
struct List<'a> {
    kind: PriceKind,
    group: u32,
    code: &'a str,
}

/// Where a point comes from: its row on its side, its list and, for a Magento tier price,
/// which one. Its figures are read back from the row for the few points reported (see
/// [`Figures`]); keeping them here would copy 32 bytes of decimals per point.
struct Point {
    row: u32,
    list: u32,
    tier: u32,
}

impl Point {
    /// `tier`: which of the product's tier prices (Magento), else 0.
    fn new(row: usize, list: usize, tier: usize) -> Self {
        Point {
            row: row as u32,
            list: list as u32,
            tier: tier as u32,
        }
    }
}

/// A point's quantity and price, read back from its row.
struct Figures {
    row: usize,
    list: usize,
    qty: Decimal,
    price: Decimal,
}

impl Figures {
    fn magento(p: &Point, products: &[ProductPrice], lists: &[List<'_>]) -> Self {
        let product = &products[p.row as usize];
        let (qty, price) = match lists[p.list as usize].kind {
            PriceKind::Base => (Decimal::ZERO, product.price),
            PriceKind::Special => (Decimal::ZERO, product.special_price),
            PriceKind::Tier => {
                let t = &product.tier_prices[p.tier as usize];
                (t.qty, Some(t.value))
            }
        };
        Figures {
            row: p.row as usize,
            list: p.list as usize,
            qty,
            price: price.unwrap_or_default(),
        }
    }

    fn erp(p: &Point, lines: &[PriceListLine], lists: &[List<'_>]) -> Self {
        let line = &lines[p.row as usize];
        Figures {
            row: p.row as usize,
            list: p.list as usize,
            qty: erp_qty(line, lists[p.list as usize]),
            price: line.unit_price,
        }
    }
}

/// The quantity an ERP line's price starts at: its minimum quantity in a tier list, else 0.
fn erp_qty(line: &PriceListLine, list: List<'_>) -> Decimal {
    if list.kind == PriceKind::Tier {
        line.minimum_quantity
    } else {
        Decimal::ZERO
    }
}

/// One side's price points and their columns, coded in this side's numbering until
/// [`Codes::absorb`] puts both sides in one.
#[derive(Default)]
struct Points<'a> {
    points: Vec<Point>,
    skus: Codes<'a>,
    /// (list, quantity) pairs: few, so numbered too.
    at: PairCodes,
    key: Vec<u64>,
    price: Vec<i64>,
    start: Vec<i32>,
    skipped: u64,
}

impl Points<'_> {
    fn with_skus(n: usize) -> Self {
        Points {
            skus: Codes::with_capacity(n),
            ..Points::default()
        }
    }

    fn push(&mut self, point: Point, sku: u32, qty: Decimal, price: Decimal, side: Side) {
        let at = self.at.code(point.list, rounded(qty));
        self.key.push(point_key(sku, at));
        self.price.push(for_compare(price, side));
        self.points.push(point);
    }
}

fn point_key(sku: u32, at: u32) -> u64 {
    (u64::from(sku) << 32) | u64::from(at)
}

/// Codes for (list, scaled quantity) pairs.
#[derive(Default)]
struct PairCodes {
    map: HashMap<(u32, i64), u32, FixedState>,
}

impl PairCodes {
    fn code(&mut self, list: u32, qty: i64) -> u32 {
        let next = self.map.len() as u32;
        *self.map.entry((list, qty)).or_insert(next)
    }

    fn absorb(&mut self, other: PairCodes) -> Vec<u32> {
        let mut to = vec![0u32; other.map.len()];
        for ((list, qty), code) in other.map {
            to[code as usize] = self.code(list, qty);
        }
        to
    }
}

pub(crate) fn reconcile(
    sides: PriceSides<'_>,
    rules: Rules<'_>,
    today: NaiveDate,
) -> Result<Outcome> {
    let lists: Vec<List<'_>> = rules
        .mapping
        .price_lists
        .iter()
        .map(|m| List {
            kind: m.price,
            group: m.customer_group_id,
            code: m.price_list.as_str(),
        })
        .collect();
    let mut notes = Vec::new();
    if lists.is_empty() {
        notes.push(
            "no price list is mapped, so prices were not compared: map them under [[mapping.price_lists]]"
                .to_string(),
        );
    }
    let list_of = |kind: PriceKind| lists.iter().position(|l| l.kind == kind);
    let tier_list = |website: u32, group: u32| {
        rules.mapping.price_lists.iter().position(|m| {
            m.price == PriceKind::Tier && m.customer_group_id == group && m.website_id == website
        })
    };
    let (base, special) = (list_of(PriceKind::Base), list_of(PriceKind::Special));

    let list_index: HashMap<&str, usize, FixedState> =
        lists.iter().enumerate().map(|(i, l)| (l.code, i)).collect();
    let items = ItemToSku::new(rules);
    // SKUs on a special price: a campaign line of the base list is compared with it.
    let on_special: HashSet<&str> = match special {
        Some(_) => sides
            .magento
            .iter()
            .filter(|p| effective::running_special(p, today).is_some())
            .map(|p| p.sku.as_str())
            .collect(),
        None => HashSet::new(),
    };
    // Each side in one pass, both at once; (sku, list, quantity) becomes one integer key.
    let (magento, erp) = std::thread::scope(|s| {
        let magento = s.spawn(|| {
            // One row per product: as many SKUs as rows.
            let mut side = Points::with_skus(sides.magento.len());
            for (i, p) in sides.magento.iter().enumerate() {
                let sku = side.skus.code(&p.sku);
                if let (Some(list), Some(price)) = (base, p.price) {
                    let point = Point::new(i, list, 0);
                    side.push(point, sku, Decimal::ZERO, price, Side::Magento);
                }
                if let (Some(list), Some(price)) = (special, effective::running_special(p, today)) {
                    let point = Point::new(i, list, 0);
                    side.push(point, sku, Decimal::ZERO, price, Side::Magento);
                }
                for (k, t) in p.tier_prices.iter().enumerate() {
                    match tier_list(t.website_id, t.customer_group_id) {
                        Some(list) => {
                            let point = Point::new(i, list, k);
                            side.push(point, sku, t.qty, t.value, Side::Magento);
                        }
                        None => side.skipped += 1,
                    }
                }
            }
            side
        });
        // Several lines per item (lists, quantities): half the rows is room enough.
        let mut side = Points::with_skus(sides.erp.len() / 2);
        // An item's lines usually come together: its code is looked up once for the run.
        let mut last: Option<(&str, u32)> = None;
        for (i, line) in sides.erp.iter().enumerate() {
            let Some(&list) = list_index.get(line.price_list_code.as_str()) else {
                continue;
            };
            if !effective::in_magento_currency(line, sides.currency) {
                side.skipped += 1;
                continue;
            }
            if !effective::valid_on(line, today) {
                continue;
            }
            let starts = effective::dated(line.starting_date);
            let qty = erp_qty(line, lists[list]);
            let sku = match last {
                Some((item, code)) if item == line.item_number => code,
                _ => {
                    let code = side.skus.code(items.sku(&line.item_number));
                    last = Some((&line.item_number, code));
                    code
                }
            };
            let start = starts.map_or(i32::MIN, |d| d.num_days_from_ce());
            side.push(Point::new(i, list, 0), sku, qty, line.unit_price, Side::Erp);
            side.start.push(start);
            // A dated line in the base list is a campaign: the ERP's side of a Magento special
            // price. (A campaign Magento lacks changes what is paid only when it is lower: the
            // effective rule sees that.)
            if let Some(special) = special
                && lists[list].kind == PriceKind::Base
                && (starts.is_some() || effective::dated(line.ending_date).is_some())
                && on_special.contains(items.sku(&line.item_number))
            {
                let point = Point::new(i, special, 0);
                side.push(point, sku, Decimal::ZERO, line.unit_price, Side::Erp);
                side.start.push(start);
            }
        }
        (magento.join().expect("building the Magento frame"), side)
    });
    let (mut magento, erp) = (magento, erp);
    let skipped = magento.skipped + erp.skipped;
    if erp.skipped > 0
        && let Some(currency) = sides.currency
    {
        notes.push(format!(
            "{} price-list lines in another currency than Magento's {currency} were not compared",
            erp.skipped
        ));
    }
    let sku_to = magento.skus.absorb(erp.skus);
    let at_to = magento.at.absorb(erp.at);
    let e_key: Vec<u64> = erp
        .key
        .iter()
        .map(|&k| {
            point_key(
                sku_to[(k >> 32) as usize],
                at_to[(k & 0xffff_ffff) as usize],
            )
        })
        .collect();
    let (m_points, e_points) = (magento.points, erp.points);
    // One ERP line per point: where lines overlap, a base list's earliest start (its standing
    // price, not a campaign) and any other list's latest start win (the first line among
    // equal starts).
    let mut e_sorted = Vec::with_capacity(e_key.len());
    for run in align::sorted_pairs(&e_key).chunk_by(|a, b| a.0 == b.0) {
        let standing = lists[e_points[run[0].1 as usize].list as usize].kind == PriceKind::Base;
        let chosen = run
            .iter()
            .copied()
            .reduce(|best, p| {
                let (start, best_start) = (erp.start[p.1 as usize], erp.start[best.1 as usize]);
                let better = if standing {
                    start < best_start
                } else {
                    start > best_start
                };
                if better { p } else { best }
            })
            .expect("a run has a line");
        e_sorted.push(chosen);
    }
    let aligned = align::full_join(&align::sorted_pairs(&magento.key), &e_sorted);
    let (rows_m, rows_e) = (&aligned.left, &aligned.right);
    let joined = DataFrame::new_infer_height(vec![
        Column::new("has_m".into(), align::present(rows_m)),
        Column::new("m_price".into(), align::gather(&magento.price, rows_m, 0)),
        Column::new("has_e".into(), align::present(rows_e)),
        Column::new("e_price".into(), align::gather(&erp.price, rows_e, 0)),
        Column::new("m".into(), aligned.left),
        Column::new("e".into(), aligned.right),
    ])?
    .lazy()
    .filter(
        col("has_m")
            .not()
            .or(col("has_e").not())
            .or(col("m_price").neq(col("e_price"))),
    )
    .select([col("m"), col("e")])
    .collect()?;

    let m_at = align::read_rows(&joined, "m")?;
    let e_at = align::read_rows(&joined, "e")?;
    let products: HashSet<&str> = if m_at.iter().any(Option::is_none) {
        sides.magento.iter().map(|p| p.sku.as_str()).collect()
    } else {
        HashSet::new()
    };
    let tolerance = rules.recon.prices.price_tolerance;
    let mut findings = Vec::new();
    for (m, e) in m_at.into_iter().zip(e_at) {
        let m = m.map(|i| Figures::magento(&m_points[i as usize], sides.magento, &lists));
        let e = e.map(|i| Figures::erp(&e_points[i as usize], sides.erp, &lists));
        let Some(point) = m.as_ref().or(e.as_ref()) else {
            continue;
        };
        let list = lists[point.list];
        let sku = match &m {
            Some(m) => sides.magento[m.row].sku.clone(),
            None => items.sku(&sides.erp[point.row].item_number).to_string(),
        };
        let known = m.is_some() || products.contains(sku.as_str());
        if let (Some(m), Some(e)) = (&m, &e)
            && tolerance.accepts(e.price, m.price)
        {
            continue;
        }
        let kind = match (list.kind, m.is_some(), e.is_some()) {
            (_, false, true) if !known => {
                if list.kind != PriceKind::Base {
                    continue;
                }
                MismatchKind::MissingInMagento
            }
            (PriceKind::Base, true, false) => MismatchKind::MissingInErp,
            (PriceKind::Base, _, _) => MismatchKind::PriceMismatch,
            (PriceKind::Special, _, _) => MismatchKind::SpecialPriceMismatch,
            (PriceKind::Tier, _, _) => MismatchKind::TierPriceMismatch,
        };
        let key = match list.kind {
            PriceKind::Base => MismatchKey::base_price(&sku),
            _ => MismatchKey::price_point(
                &sku,
                PricePoint {
                    list: list.code.to_string(),
                    customer_group: list.group,
                    qty: point.qty.normalize(),
                },
            ),
        };
        let delta = m.as_ref().zip(e.as_ref()).map(|(m, e)| e.price - m.price);
        let erp_text = e.as_ref().map(|e| {
            let line = &sides.erp[e.row];
            let currency = if line.currency.is_empty() {
                "local currency"
            } else {
                line.currency.as_str()
            };
            format!(
                "{} {currency} in {}",
                e.price.normalize(),
                line.price_list_code
            )
        });
        findings.push(Finding {
            kind,
            key,
            magento: m.map(|m| m.price.normalize().to_string()),
            erp: erp_text,
            delta,
            value_at_risk: delta.map(|d| d.abs().normalize()),
            // Only lines in Magento's currency are compared: the difference is in it.
            currency: sides.currency.map(str::to_uppercase),
        });
    }
    let reported: HashSet<&str> = findings.iter().filter_map(|f| f.key.sku()).collect();
    let paid = effective::reconcile(sides, rules, today, &reported);
    findings.extend(paid);
    Ok(Outcome {
        findings,
        compared: Compared {
            magento_rows: sides.magento.len() as u64,
            erp_rows: sides.erp.len() as u64,
            in_flight: 0,
            skipped,
            excluded: 0,
        },
        notes,
        control_totals: Vec::new(),
    })
}
