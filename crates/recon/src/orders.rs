//! Orders (source of truth: Magento). Matched on the normalised increment id <-> the ERP's
//! external reference. An ERP order and the invoices posted from it are one order; two orders
//! with one reference are a duplicate. Eligible orders (states, grace period) must be in the
//! ERP; every order present on both sides is compared on currency, total, item lines and
//! status.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use model::erp::{CanonicalStatus, ErpDocument, ErpOrder};
use model::{Finding, MismatchEntity, MismatchKind, Order};
use polars::prelude::*;
use rust_decimal::Decimal;

use crate::frame::{flags, index_column, indices};
use crate::scaled::{Side, for_compare};
use crate::{Compared, OrderSides, Outcome, Result, Rules};

pub(crate) fn reconcile(
    sides: OrderSides<'_>,
    rules: Rules<'_>,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    let r = &rules.recon.orders;
    let cutoff = now - Duration::minutes(i64::from(r.grace_minutes));
    let magento = magento_frame(sides.magento, rules)?;
    let erp = ErpFrame::build(sides.erp, rules)?;

    let eligible = r
        .eligible_states
        .iter()
        .fold(lit(false), |any, s| {
            any.or(col("state").eq(lit(s.as_str())))
        })
        .and(col("created_ms").lt_eq(lit(cutoff.timestamp_millis())));
    let per_order = erp
        .frame
        .clone()
        .lazy()
        .group_by([col("key")])
        .agg([col("pos").min(), col("identity").n_unique().alias("copies")]);
    let erp_docs = erp.frame.clone().lazy().select([
        col("pos"),
        col("currency").alias("e_currency"),
        col("total").alias("e_total"),
        col("lines").alias("e_lines"),
        col("bit"),
    ]);
    let per_order = per_order.left_join(erp_docs, col("pos"), col("pos"));
    let both = col("m_idx").is_not_null().and(col("pos").is_not_null());
    let same_currency = col("currency").eq(col("e_currency"));
    let joined = magento
        .lazy()
        .with_column(eligible.alias("eligible"))
        .join(
            per_order,
            [col("key")],
            [col("key")],
            JoinArgs::new(JoinType::Full),
        )
        .select([
            col("m_idx"),
            col("pos"),
            col("m_idx").is_null().alias("missing_in_magento"),
            col("pos")
                .is_null()
                .and(col("eligible"))
                .alias("missing_in_erp"),
            both.clone()
                .and(col("copies").gt(lit(1)))
                .alias("duplicate"),
            both.clone()
                .and(same_currency.clone().not())
                .alias("currency"),
            both.clone()
                .and(same_currency)
                .and(col("total").neq(col("e_total")))
                .alias("total"),
            both.clone()
                .and(col("lines").neq(col("e_lines")))
                .alias("lines"),
            both.and(col("allowed").and(col("bit")).eq(lit(0)))
                .alias("status"),
        ])
        .filter(
            col("missing_in_magento")
                .or(col("missing_in_erp"))
                .or(col("duplicate"))
                .or(col("currency"))
                .or(col("total"))
                .or(col("lines"))
                .or(col("status")),
        )
        .collect()?;

    let mut findings = Vec::new();
    let m_idx = indices(&joined, "m_idx")?;
    let pos = indices(&joined, "pos")?;
    let flag = |name| flags(&joined, name);
    let (miss_m, miss_e, dup, cur, tot, lines, status) = (
        flag("missing_in_magento")?,
        flag("missing_in_erp")?,
        flag("duplicate")?,
        flag("currency")?,
        flag("total")?,
        flag("lines")?,
        flag("status")?,
    );
    let dup_keys: Vec<usize> = (0..joined.height()).filter(|&i| dup[i]).collect();
    let copies = erp.copies_of(
        sides.erp,
        rules,
        dup_keys.iter().map(|&i| {
            let p = pos[i].unwrap_or_default() as usize;
            erp.order[p]
        }),
    );
    for i in 0..joined.height() {
        let e = pos[i].map(|p| &sides.erp[erp.order[p as usize]]);
        let m = m_idx[i].map(|k| &sides.magento[k as usize]);
        let found = |kind, magento, erp, delta, risk: Option<Decimal>, currency: &str| Finding {
            entity: MismatchEntity::Order,
            kind,
            key: m.map_or_else(
                || {
                    r.normalise(&e.map(|e| e.external_reference.clone()).unwrap_or_default())
                        .to_string()
                },
                |m| r.normalise(&m.increment_id).to_string(),
            ),
            magento,
            erp,
            delta,
            value_at_risk: risk,
            currency: Some(currency.to_string()),
        };
        match (m, e) {
            (None, Some(e)) if miss_m[i] => findings.push(found(
                MismatchKind::MissingInMagento,
                None,
                Some(describe_erp(e)),
                None,
                Some(e.total_including_tax),
                &e.currency,
            )),
            (Some(m), None) if miss_e[i] => findings.push(found(
                MismatchKind::MissingInErp,
                Some(describe_magento(m)),
                None,
                None,
                Some(m.grand_total),
                &m.currency,
            )),
            (Some(m), Some(e)) => {
                if dup[i] {
                    let numbers = copies
                        .get(e.external_reference.as_str())
                        .map(|n| n.join(", "))
                        .unwrap_or_default();
                    findings.push(found(
                        MismatchKind::DuplicateInErp,
                        Some(money(m.grand_total, &m.currency)),
                        Some(format!("orders {numbers}")),
                        None,
                        Some(e.total_including_tax),
                        &e.currency,
                    ));
                }
                if cur[i] {
                    findings.push(found(
                        MismatchKind::CurrencyMismatch,
                        Some(m.currency.clone()),
                        Some(e.currency.clone()),
                        None,
                        Some(m.grand_total),
                        &m.currency,
                    ));
                }
                if tot[i]
                    && !r
                        .total_tolerance
                        .accepts(m.grand_total, e.total_including_tax)
                {
                    let delta = e.total_including_tax - m.grand_total;
                    findings.push(found(
                        MismatchKind::TotalMismatch,
                        Some(money(m.grand_total, &m.currency)),
                        Some(money(e.total_including_tax, &e.currency)),
                        Some(delta),
                        Some(delta.abs()),
                        &m.currency,
                    ));
                }
                if lines[i] {
                    let (ml, el) = (magento_lines(m, rules), erp_lines(e));
                    if ml != el {
                        findings.push(found(
                            MismatchKind::LineMismatch,
                            Some(line_text(&ml)),
                            Some(line_text(&el)),
                            None,
                            Some(m.grand_total),
                            &m.currency,
                        ));
                    }
                }
                if status[i] {
                    findings.push(found(
                        MismatchKind::StatusMismatch,
                        Some(m.status.clone()),
                        Some(format!(
                            "{} ({})",
                            e.status,
                            canonical_word(e.canonical_status)
                        )),
                        None,
                        Some(m.grand_total),
                        &m.currency,
                    ));
                }
            }
            _ => {}
        }
    }
    let in_flight = sides
        .magento
        .iter()
        .filter(|o| o.created_at > cutoff && r.eligible_states.contains(&o.state))
        .count() as u64;
    Ok(Outcome {
        findings,
        compared: Compared {
            magento_rows: sides.magento.len() as u64,
            erp_rows: sides.erp.len() as u64,
            in_flight,
            skipped: 0,
        },
        notes: Vec::new(),
    })
}

fn magento_frame(orders: &[Order], rules: Rules<'_>) -> PolarsResult<DataFrame> {
    let r = &rules.recon.orders;
    let mut allowed_of: HashMap<&str, i32> = HashMap::new();
    let n = orders.len();
    let (mut key, mut state, mut created, mut currency, mut total, mut lines, mut allowed) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for o in orders {
        key.push(r.normalise(&o.increment_id));
        state.push(o.state.as_str());
        created.push(o.created_at.timestamp_millis());
        currency.push(o.currency.as_str());
        total.push(for_compare(o.grand_total, Side::Magento));
        lines.push(signature(&magento_lines(o, rules)));
        let mask = *allowed_of.entry(o.status.as_str()).or_insert_with(|| {
            r.statuses
                .get(o.status.as_str())
                .or_else(|| r.statuses.get(o.state.as_str()))
                .map_or(ANY_STATUS, |ok| ok.iter().map(|s| bit(*s)).sum())
        });
        allowed.push(mask);
    }
    DataFrame::new_infer_height(vec![
        Column::new("key".into(), key),
        index_column("m_idx", n),
        Column::new("state".into(), state),
        Column::new("created_ms".into(), created),
        Column::new("currency".into(), currency),
        Column::new("total".into(), total),
        Column::new("lines".into(), lines),
        Column::new("allowed".into(), allowed),
    ])
}

/// The ERP documents, sales orders first so that the lowest position of a reference is its
/// order rather than an invoice posted from it.
struct ErpFrame {
    frame: DataFrame,
    /// Frame position -> index into the ERP slice.
    order: Vec<usize>,
}

impl ErpFrame {
    fn build(docs: &[ErpOrder], rules: Rules<'_>) -> PolarsResult<ErpFrame> {
        let r = &rules.recon.orders;
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by_key(|&i| matches!(docs[i].document, ErpDocument::PostedInvoice { .. }));
        let n = docs.len();
        let (mut key, mut identity, mut currency, mut total, mut lines, mut bits) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for &i in &order {
            let d = &docs[i];
            key.push(r.normalise(&d.external_reference));
            identity.push(identity_of(d));
            currency.push(d.currency.as_str());
            total.push(for_compare(d.total_including_tax, Side::Erp));
            lines.push(signature(&erp_lines(d)));
            bits.push(bit(d.canonical_status));
        }
        let frame = DataFrame::new_infer_height(vec![
            Column::new("key".into(), key),
            index_column("pos", n),
            Column::new("identity".into(), identity),
            Column::new("currency".into(), currency),
            Column::new("total".into(), total),
            Column::new("lines".into(), lines),
            Column::new("bit".into(), bits),
        ])?;
        Ok(ErpFrame { frame, order })
    }

    /// The document numbers of each duplicated reference, in the words people search for.
    fn copies_of<'a>(
        &self,
        docs: &'a [ErpOrder],
        rules: Rules<'_>,
        duplicated: impl Iterator<Item = usize>,
    ) -> HashMap<&'a str, Vec<String>> {
        let r = &rules.recon.orders;
        let wanted: HashMap<&str, &str> = duplicated
            .map(|i| {
                let d = &docs[i];
                (
                    r.normalise(&d.external_reference),
                    d.external_reference.as_str(),
                )
            })
            .collect();
        let mut copies: HashMap<&str, Vec<String>> = HashMap::new();
        if wanted.is_empty() {
            return copies;
        }
        for d in docs {
            if let Some(&reference) = wanted.get(r.normalise(&d.external_reference)) {
                let numbers = copies.entry(reference).or_default();
                let id = identity_of(d);
                let number = id
                    .split_once(':')
                    .map_or(id.as_str(), |(_, n)| n)
                    .to_string();
                if !numbers.contains(&number) {
                    numbers.push(number);
                }
            }
        }
        for numbers in copies.values_mut() {
            numbers.sort();
        }
        copies
    }
}

/// One order however many documents it has in the ERP: a posted invoice names its order.
fn identity_of(d: &ErpOrder) -> String {
    match &d.document {
        ErpDocument::SalesOrder => format!("order:{}", d.number),
        ErpDocument::PostedInvoice {
            order_number: Some(n),
        } if !n.is_empty() => format!("order:{n}"),
        ErpDocument::PostedInvoice { .. } => format!("invoice:{}", d.number),
    }
}

const ANY_STATUS: i32 = 0b11_1111;

fn bit(s: CanonicalStatus) -> i32 {
    1 << match s {
        CanonicalStatus::Open => 0,
        CanonicalStatus::Invoiced => 1,
        CanonicalStatus::Shipped => 2,
        CanonicalStatus::Complete => 3,
        CanonicalStatus::Canceled => 4,
        CanonicalStatus::Refunded => 5,
    }
}

fn canonical_word(s: CanonicalStatus) -> &'static str {
    match s {
        CanonicalStatus::Open => "open",
        CanonicalStatus::Invoiced => "invoiced",
        CanonicalStatus::Shipped => "shipped",
        CanonicalStatus::Complete => "complete",
        CanonicalStatus::Canceled => "canceled",
        CanonicalStatus::Refunded => "refunded",
    }
}

pub(crate) fn magento_signature(o: &Order, rules: Rules<'_>) -> u64 {
    signature(&magento_lines(o, rules))
}

pub(crate) fn erp_signature(e: &ErpOrder) -> u64 {
    signature(&erp_lines(e))
}

/// Item number -> quantity, sorted; Magento SKUs translated through the mapping.
type LineSet = Vec<(String, Decimal)>;

fn magento_lines(o: &Order, rules: Rules<'_>) -> LineSet {
    line_set(o.lines.iter().map(|l| {
        let item = rules.mapping.skus.get(&l.sku).unwrap_or(&l.sku);
        (item.as_str(), l.qty)
    }))
}

fn erp_lines(e: &ErpOrder) -> LineSet {
    line_set(e.lines.iter().map(|l| (l.item_number.as_str(), l.quantity)))
}

fn line_set<'a>(lines: impl Iterator<Item = (&'a str, Decimal)>) -> LineSet {
    let mut set: Vec<(String, Decimal)> = Vec::new();
    for (item, qty) in lines {
        match set.iter_mut().find(|(i, _)| i == item) {
            Some((_, q)) => *q += qty,
            None => set.push((item.to_string(), qty)),
        }
    }
    for (_, q) in &mut set {
        *q = q.normalize();
    }
    set.sort();
    set
}

/// FNV-1a over the line set: equal sets, equal signatures.
fn signature(set: &LineSet) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (item, qty) in set {
        for b in item
            .bytes()
            .chain([0x1f])
            .chain(qty.to_string().into_bytes())
            .chain([0x1e])
        {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn line_text(set: &LineSet) -> String {
    let lines: Vec<String> = set.iter().map(|(i, q)| format!("{i} x {q}")).collect();
    lines.join(", ")
}

fn money(amount: Decimal, currency: &str) -> String {
    format!("{} {currency}", amount.normalize())
}

fn describe_magento(o: &Order) -> String {
    format!(
        "{}, {}, placed {}",
        o.status,
        money(o.grand_total, &o.currency),
        o.created_at.format("%Y-%m-%d %H:%M UTC")
    )
}

fn describe_erp(e: &ErpOrder) -> String {
    let what = match e.document {
        ErpDocument::SalesOrder => "sales order",
        ErpDocument::PostedInvoice { .. } => "posted invoice",
    };
    format!(
        "{what} {}, {}, {}",
        e.number,
        e.status,
        money(e.total_including_tax, &e.currency)
    )
}
