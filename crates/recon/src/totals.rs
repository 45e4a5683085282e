//! Control totals: per day and currency, the orders that must be in the ERP (Magento) and the
//! orders the ERP holds (one per order, however many invoices were posted from it), with their
//! count and revenue. Finance reads this first. An ERP order is counted on the day its Magento
//! order was placed (the ERP's own order date only when Magento does not know the order).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use model::erp::ErpDocument;
use model::{ControlTotal, Order};
use polars::prelude::*;

use crate::scaled::{decimal, rounded};
use crate::{OrderSides, Result, Rules};

pub(crate) fn control_totals(
    sides: OrderSides<'_>,
    rules: Rules<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<ControlTotal>> {
    let r = &rules.recon.orders;
    let cutoff = now - Duration::minutes(i64::from(r.grace_minutes));
    let due: Vec<&Order> = sides
        .magento
        .iter()
        .filter(|o| o.created_at <= cutoff && r.eligible_states.contains(&o.state))
        .collect();
    let magento = DataFrame::new_infer_height(vec![
        Column::new(
            "day".into(),
            due.iter()
                .map(|o| day(o.created_at.date_naive()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "currency".into(),
            due.iter().map(|o| o.currency.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "amount".into(),
            due.iter()
                .map(|o| rounded(o.grand_total))
                .collect::<Vec<_>>(),
        ),
    ])?;
    let mut erp: Vec<_> = sides.erp.iter().collect();
    // Sales orders first: an order and the invoices posted from it count once, as the order.
    erp.sort_by_key(|d| matches!(d.document, ErpDocument::PostedInvoice { .. }));
    let identity = |d: &model::erp::ErpOrder| match &d.document {
        ErpDocument::PostedInvoice {
            order_number: Some(n),
        } if !n.is_empty() => format!("order:{n}"),
        ErpDocument::PostedInvoice { .. } => format!("invoice:{}", d.number),
        ErpDocument::SalesOrder => format!("order:{}", d.number),
    };
    let erp = DataFrame::new_infer_height(vec![
        Column::new(
            "key".into(),
            erp.iter()
                .map(|d| r.normalise(&d.external_reference))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "identity".into(),
            erp.iter().map(|d| identity(d)).collect::<Vec<_>>(),
        ),
        Column::new(
            "erp_day".into(),
            erp.iter()
                .map(|d| day(d.order_date.unwrap_or(d.last_modified.date_naive())))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "currency".into(),
            erp.iter().map(|d| d.currency.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "amount".into(),
            erp.iter()
                .map(|d| rounded(d.total_including_tax))
                .collect::<Vec<_>>(),
        ),
    ])?;
    // An ERP order counts on the day its Magento order was placed, so both columns of a day
    // speak of the same orders; one Magento does not know counts on the ERP's own date.
    let placed = DataFrame::new_infer_height(vec![
        Column::new(
            "key".into(),
            sides
                .magento
                .iter()
                .map(|o| r.normalise(&o.increment_id))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "placed".into(),
            sides
                .magento
                .iter()
                .map(|o| day(o.created_at.date_naive()))
                .collect::<Vec<_>>(),
        ),
    ])?
    .lazy()
    .unique_generic(Some(vec![col("key")]), UniqueKeepStrategy::First);
    let erp = erp
        .lazy()
        .left_join(placed, col("key"), col("key"))
        .with_column(col("placed").fill_null(col("erp_day")).alias("day"));
    let per_day = |lf: LazyFrame, count: &str, revenue: &str| {
        lf.group_by([col("day"), col("currency")])
            .agg([len().alias(count), col("amount").sum().alias(revenue)])
    };
    let joined = per_day(magento.lazy(), "m_orders", "m_revenue")
        .join(
            per_day(
                erp.unique_stable_generic(Some(vec![col("identity")]), UniqueKeepStrategy::First),
                "e_orders",
                "e_revenue",
            ),
            [col("day"), col("currency")],
            [col("day"), col("currency")],
            JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns),
        )
        .sort(["day", "currency"], SortMultipleOptions::default())
        .collect()?;
    let text = |name: &str| -> PolarsResult<Vec<String>> {
        Ok(joined
            .column(name)?
            .str()?
            .iter()
            .map(|v| v.unwrap_or_default().to_string())
            .collect())
    };
    let number = |name: &str| -> PolarsResult<Vec<i64>> {
        Ok(joined
            .column(name)?
            .cast(&DataType::Int64)?
            .i64()?
            .iter()
            .map(|v| v.unwrap_or(0))
            .collect())
    };
    let (days, currencies) = (text("day")?, text("currency")?);
    let (m_orders, m_revenue) = (number("m_orders")?, number("m_revenue")?);
    let (e_orders, e_revenue) = (number("e_orders")?, number("e_revenue")?);
    Ok((0..joined.height())
        .filter_map(|i| {
            Some(ControlTotal {
                day: days[i].parse().ok()?,
                currency: currencies[i].clone(),
                magento_orders: m_orders[i] as u64,
                magento_revenue: decimal(m_revenue[i]),
                erp_orders: e_orders[i] as u64,
                erp_revenue: decimal(e_revenue[i]),
            })
        })
        .collect())
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}
