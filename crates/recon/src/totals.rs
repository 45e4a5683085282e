//! Control totals: per day and currency, the orders that must be in the ERP (Magento) and the
//! orders the ERP holds (one per order, however many invoices were posted from it), with their
//! count and revenue. Finance reads this first. An ERP order is counted on the day its Magento
//! order was placed (the ERP's own order date only when Magento does not know the order).
//! Computed from the order frames of [`crate::orders`].

use chrono::{Datelike, NaiveDate};
use model::ControlTotal;
use polars::prelude::*;

use crate::scaled::decimal;

/// `magento`: every order with `due` (see [`due`]) and `amount`; `erp`: the documents that
/// count (one per order, see `orders::counted_documents`) with the same columns.
/// `currencies`: the currency of each code.
pub(crate) fn per_day(
    magento: LazyFrame,
    erp: LazyFrame,
    currencies: &[&str],
) -> PolarsResult<Vec<ControlTotal>> {
    // Day and currency are one integer: polars groups one integer column far faster than two
    // columns, which it encodes row by row.
    let group = |lf: LazyFrame, count: &str, revenue: &str| {
        lf.group_by([col("due")])
            .agg([len().alias(count), col("amount").sum().alias(revenue)])
    };
    let joined = group(magento, "m_orders", "m_revenue")
        .join(
            group(erp, "e_orders", "e_revenue"),
            [col("due")],
            [col("due")],
            JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns),
        )
        .collect()?;
    let due: Vec<u64> = joined
        .column("due")?
        .u64()?
        .iter()
        .map(|v| v.unwrap_or(NOT_DUE))
        .collect();
    let number = |name: &str| -> PolarsResult<Vec<i64>> {
        Ok(joined
            .column(name)?
            .cast(&DataType::Int64)?
            .i64()?
            .iter()
            .map(|v| v.unwrap_or(0))
            .collect())
    };
    let (m_orders, m_revenue) = (number("m_orders")?, number("m_revenue")?);
    let (e_orders, e_revenue) = (number("e_orders")?, number("e_revenue")?);
    let mut totals: Vec<ControlTotal> = (0..joined.height())
        .filter(|&i| due[i] != NOT_DUE)
        .filter_map(|i| {
            let (day, currency) = split(due[i]);
            Some(ControlTotal {
                day: NaiveDate::from_num_days_from_ce_opt(day)?,
                currency: currencies.get(currency as usize)?.to_string(),
                magento_orders: m_orders[i] as u64,
                magento_revenue: decimal(m_revenue[i]),
                erp_orders: e_orders[i] as u64,
                erp_revenue: decimal(e_revenue[i]),
            })
        })
        .collect();
    totals.sort_by(|a, b| (a.day, &a.currency).cmp(&(b.day, &b.currency)));
    Ok(totals)
}

/// The day and currency code an order is counted under, as one integer.
pub(crate) fn due(day: i32, currency: u32) -> u64 {
    (u64::from(day as u32) << 32) | u64::from(currency)
}

/// An order not counted (not eligible): its own group, dropped from the totals.
pub(crate) const NOT_DUE: u64 = u64::MAX;

fn split(due: u64) -> (i32, u32) {
    ((due >> 32) as u32 as i32, due as u32)
}

/// Days as integers: cheaper to build, group and sort than text.
pub(crate) fn day(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}
