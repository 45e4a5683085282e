//! Control totals: per day and currency, the orders that must be in the ERP (Magento) and the
//! orders the ERP holds (one per order, however many invoices were posted from it), with their
//! count and revenue. Finance reads this first. An ERP order is counted on the day its Magento
//! order was placed (the ERP's own order date only when Magento does not know the order).
//! Computed from the order frames of [`crate::orders`].

use chrono::{Datelike, NaiveDate};
use model::ControlTotal;
use polars::prelude::*;

use crate::frame::KeyCodes;
use crate::scaled::decimal;

/// `magento`: `eligible`, `day`, `currency` (code), `amount`; `erp`: the documents that count
/// (one per order, see `orders::counted_documents`) with `day`, `currency`, `amount`.
pub(crate) fn per_day(
    magento: LazyFrame,
    erp: LazyFrame,
    currencies: &KeyCodes<'_>,
) -> PolarsResult<Vec<ControlTotal>> {
    let group = |lf: LazyFrame, count: &str, revenue: &str| {
        lf.group_by([col("day"), col("currency")])
            .agg([len().alias(count), col("amount").sum().alias(revenue)])
    };
    let joined = group(magento.filter(col("eligible")), "m_orders", "m_revenue")
        .join(
            group(erp, "e_orders", "e_revenue"),
            [col("day"), col("currency")],
            [col("day"), col("currency")],
            JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns),
        )
        .collect()?;
    let currency: Vec<u64> = joined
        .column("currency")?
        .u64()?
        .iter()
        .map(|v| v.unwrap_or_default())
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
    let days = number("day")?;
    let (m_orders, m_revenue) = (number("m_orders")?, number("m_revenue")?);
    let (e_orders, e_revenue) = (number("e_orders")?, number("e_revenue")?);
    let mut totals: Vec<ControlTotal> = (0..joined.height())
        .filter_map(|i| {
            Some(ControlTotal {
                day: NaiveDate::from_num_days_from_ce_opt(i32::try_from(days[i]).ok()?)?,
                currency: currencies.text(currency[i]),
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

/// Days as integers: cheaper to build, group and sort than text.
pub(crate) fn day(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}
