//! Prices in force on a day (source of truth: the ERP's price lists). Each Magento price is a
//! point (sku, price list, minimum quantity): the base price at quantity 0 in the list mapped
//! to base prices, a running special price in the special list, each tier price in the list
//! mapped to its (website, customer group). The ERP's lines in force on the day, of mapped
//! lists, are points too (the latest starting date wins where lines overlap). Points are
//! aligned in polars; a point on one side only, or with another price, is a mismatch.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use model::config::PriceKind;
use model::{Finding, MismatchEntity, MismatchKind};
use polars::prelude::*;
use rust_decimal::Decimal;

use crate::frame::indices;
use crate::scaled::{Side, for_compare, rounded};
use crate::stock::ItemToSku;
use crate::{Compared, Outcome, PriceSides, Result, Rules};

/// A price list as the mapping describes it.
#[derive(Debug, Clone, Copy)]
struct List<'a> {
    kind: PriceKind,
    group: u32,
    code: &'a str,
}

struct Point {
    sku_idx: usize,
    list: usize,
    qty: Decimal,
    price: Decimal,
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
    let mut skipped = 0u64;

    let mut m_points = Vec::new();
    for (i, p) in sides.magento.iter().enumerate() {
        if let (Some(list), Some(price)) = (base, p.price) {
            m_points.push(Point {
                sku_idx: i,
                list,
                qty: Decimal::ZERO,
                price,
            });
        }
        let running = |from: Option<chrono::DateTime<chrono::Utc>>,
                       to: Option<chrono::DateTime<chrono::Utc>>| {
            from.is_none_or(|f| f.date_naive() <= today)
                && to.is_none_or(|t| today <= t.date_naive())
        };
        if let (Some(list), Some(price)) = (special, p.special_price)
            && running(p.special_from, p.special_to)
        {
            m_points.push(Point {
                sku_idx: i,
                list,
                qty: Decimal::ZERO,
                price,
            });
        }
        for t in &p.tier_prices {
            match tier_list(t.website_id, t.customer_group_id) {
                Some(list) => m_points.push(Point {
                    sku_idx: i,
                    list,
                    qty: t.qty,
                    price: t.value,
                }),
                None => skipped += 1,
            }
        }
    }

    let list_index: HashMap<&str, usize> =
        lists.iter().enumerate().map(|(i, l)| (l.code, i)).collect();
    let items = ItemToSku::new(rules);
    // An open end is stored as 0001-01-01 by some ERPs.
    let open = NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN);
    let mut e_points = Vec::new();
    let mut e_start = Vec::new();
    for (i, line) in sides.erp.iter().enumerate() {
        let Some(&list) = list_index.get(line.price_list_code.as_str()) else {
            continue;
        };
        let starts = line.starting_date.filter(|d| *d > open);
        let ends = line.ending_date.filter(|d| *d > open);
        if starts.is_some_and(|s| s > today) || ends.is_some_and(|e| e < today) {
            continue;
        }
        let qty = if lists[list].kind == PriceKind::Tier {
            line.minimum_quantity
        } else {
            Decimal::ZERO
        };
        e_points.push(Point {
            sku_idx: i,
            list,
            qty,
            price: line.unit_price,
        });
        e_start.push(starts.map_or(i64::MIN, |d| {
            i64::from(chrono::Datelike::num_days_from_ce(&d))
        }));
    }

    let frame = |points: &[Point], sku: &dyn Fn(usize) -> String, side: Side, idx: &str| {
        DataFrame::new_infer_height(vec![
            Column::new(
                "sku".into(),
                points.iter().map(|p| sku(p.sku_idx)).collect::<Vec<_>>(),
            ),
            Column::new(
                "list".into(),
                points.iter().map(|p| p.list as u32).collect::<Vec<_>>(),
            ),
            Column::new(
                "qty".into(),
                points.iter().map(|p| rounded(p.qty)).collect::<Vec<_>>(),
            ),
            Column::new(idx.into(), (0..points.len() as u32).collect::<Vec<_>>()),
            Column::new(
                format!("{idx}_price").into(),
                points
                    .iter()
                    .map(|p| for_compare(p.price, side))
                    .collect::<Vec<_>>(),
            ),
        ])
    };
    let magento_sku = |i: usize| sides.magento[i].sku.clone();
    let erp_sku = |i: usize| items.sku(&sides.erp[i].item_number).to_string();
    let magento = frame(&m_points, &magento_sku, Side::Magento, "m")?;
    let mut erp = frame(&e_points, &erp_sku, Side::Erp, "e")?;
    erp.with_column(Column::new("start".into(), e_start))?;

    let joined = magento
        .lazy()
        .join(
            erp.lazy()
                .sort(
                    ["start"],
                    SortMultipleOptions::default().with_order_descending(true),
                )
                .unique_stable_generic(
                    Some(vec![col("sku"), col("list"), col("qty")]),
                    UniqueKeepStrategy::First,
                ),
            [col("sku"), col("list"), col("qty")],
            [col("sku"), col("list"), col("qty")],
            JoinArgs::new(JoinType::Full),
        )
        .filter(
            col("m")
                .is_null()
                .or(col("e").is_null())
                .or(col("m_price").neq(col("e_price"))),
        )
        .select([col("m"), col("e")])
        .collect()?;

    let m_at = indices(&joined, "m")?;
    let e_at = indices(&joined, "e")?;
    let products: HashSet<&str> = if m_at.iter().any(Option::is_none) {
        sides.magento.iter().map(|p| p.sku.as_str()).collect()
    } else {
        HashSet::new()
    };
    let tolerance = rules.recon.prices.price_tolerance;
    let mut findings = Vec::new();
    for (m, e) in m_at.into_iter().zip(e_at) {
        let m = m.map(|i| &m_points[i as usize]);
        let e = e.map(|i| &e_points[i as usize]);
        let Some(point) = m.or(e) else { continue };
        let list = lists[point.list];
        let sku = match m {
            Some(m) => sides.magento[m.sku_idx].sku.clone(),
            None => erp_sku(point.sku_idx),
        };
        let known = m.is_some() || products.contains(sku.as_str());
        if let (Some(m), Some(e)) = (m, e)
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
            PriceKind::Base => sku.clone(),
            _ => format!("{sku}@{}/{}/{}", list.code, list.group, qty_text(point.qty)),
        };
        let delta = m.zip(e).map(|(m, e)| e.price - m.price);
        let erp_text = e.map(|e| {
            let line = &sides.erp[e.sku_idx];
            let currency = if line.currency.is_empty() {
                "local currency"
            } else {
                line.currency.as_str()
            };
            format!("{} {currency} in {}", e.price.normalize(), list.code)
        });
        findings.push(Finding {
            entity: MismatchEntity::Price,
            kind,
            key,
            magento: m.map(|m| m.price.normalize().to_string()),
            erp: erp_text,
            delta,
            value_at_risk: delta.map(|d| d.abs().normalize()),
            currency: None,
        });
    }
    Ok(Outcome {
        findings,
        compared: Compared {
            magento_rows: sides.magento.len() as u64,
            erp_rows: sides.erp.len() as u64,
            in_flight: 0,
            skipped,
        },
        notes,
    })
}

/// Quantities print without decimals when whole ("10", "2.5").
fn qty_text(q: Decimal) -> String {
    q.normalize().to_string()
}
