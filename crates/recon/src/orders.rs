//! Orders (source of truth: Magento). Matched on the normalised increment id <-> the ERP's
//! external reference. An ERP order and the invoices posted from it are one order; two orders
//! with one reference are a duplicate. Eligible orders (states, grace period) must be in the
//! ERP; every order present on both sides is compared on currency, total, item lines and
//! status.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use chrono::{DateTime, Duration, Utc};
use model::erp::{CanonicalStatus, ErpDocument, ErpOrder};
use model::{Finding, MismatchEntity, MismatchKind, Order};
use polars::prelude::*;
use rust_decimal::Decimal;

use crate::frame::{Fnv, KeyCodes, flags, hash_text};
use crate::scaled::{Side, exact, for_compare, rounded};
use crate::{Compared, OrderSides, Outcome, Result, Rules, align, totals};

pub(crate) fn reconcile(
    sides: OrderSides<'_>,
    rules: Rules<'_>,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    let r = &rules.recon.orders;
    let cutoff = now - Duration::minutes(i64::from(r.grace_minutes));
    // Each side in one pass over its rows, both at once: the passes wait on memory more than
    // they compute.
    let (magento, erp) = std::thread::scope(|s| {
        let magento = s.spawn(|| MagentoSide::build(sides.magento, rules, cutoff));
        let erp = ErpSide::build(sides.erp, rules);
        (magento.join().expect("building the Magento frame"), erp)
    });
    let (mut magento, mut erp) = (magento, erp);
    magento
        .keys
        .absorb(std::mem::take(&mut erp.keys), &mut erp.key);
    magento
        .currencies
        .absorb(std::mem::take(&mut erp.currencies), &mut erp.currency);
    let currencies = std::mem::take(&mut magento.currencies);
    let magento_in_flight = magento.in_flight;
    // The ERP side is grouped per reference and per order by sorting integer codes, not by
    // hashing in polars: nearly every reference has one document, so a hash group-by would
    // build a million groups of one.
    let references = References::sort(&erp.key);
    let per_reference = references.first_documents(&erp);
    // The control totals on one thread while the comparisons run on this one.
    let (control_totals, joined) = std::thread::scope(|s| {
        let totals = s.spawn(|| {
            let (keys, days) = (&magento.sorted_keys, &magento.day);
            let counted = counted_documents(&erp, &references, keys, days)?;
            totals::per_day(magento.totals_frame()?.lazy(), counted.lazy(), &currencies)
        });
        let joined = differences(&magento, &per_reference);
        (totals.join().expect("adding up the control totals"), joined)
    });
    let (control_totals, joined) = (control_totals?, joined?);
    let erp_order = erp.order;
    let erp_keys = erp.key;

    let mut findings = Vec::new();
    let (m_idx, pos) = (
        align::read_rows(&joined, "m_idx")?,
        align::read_rows(&joined, "pos")?,
    );
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
    let duplicated: HashSet<u64> = (0..joined.height())
        .filter(|&i| dup[i])
        .filter_map(|i| pos[i].map(|p| erp_keys[p as usize]))
        .collect();
    let copies = copies_of(sides.erp, &erp_order, &erp_keys, &duplicated);
    for i in 0..joined.height() {
        let e = pos[i].map(|p| &sides.erp[erp_order[p as usize]]);
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
                    let numbers = pos[i]
                        .and_then(|p| copies.get(&erp_keys[p as usize]))
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

    Ok(Outcome {
        findings,
        compared: Compared {
            magento_rows: sides.magento.len() as u64,
            erp_rows: sides.erp.len() as u64,
            in_flight: magento_in_flight,
            skipped: 0,
        },
        notes: Vec::new(),
        control_totals,
    })
}

/// Magento's columns by row, built in one pass over the orders.
struct MagentoSide<'a> {
    /// Orders due in the ERP but younger than the grace period.
    in_flight: u64,
    keys: KeyCodes<'a>,
    currencies: KeyCodes<'a>,
    /// `(key, row)` pairs sorted, to meet the ERP's references by a merge.
    sorted_keys: Vec<(u64, u32)>,
    currency: Vec<u64>,
    eligible: Vec<bool>,
    total: Vec<i64>,
    lines: Vec<u64>,
    allowed: Vec<i32>,
    /// The day each order was placed.
    day: Vec<i32>,
    amount: Vec<i64>,
}

impl<'a> MagentoSide<'a> {
    fn build(orders: &'a [Order], rules: Rules<'a>, cutoff: DateTime<Utc>) -> Self {
        let r = &rules.recon.orders;
        let (mut keys, mut currencies) = (KeyCodes::default(), KeyCodes::default());
        let mut allowed_of: HashMap<&str, i32, BuildHasherDefault<Fnv>> = HashMap::default();
        let n = orders.len();
        let mut key = Vec::with_capacity(n);
        let mut side = MagentoSide {
            in_flight: 0,
            keys: KeyCodes::default(),
            currencies: KeyCodes::default(),
            sorted_keys: Vec::new(),
            currency: Vec::with_capacity(n),
            eligible: Vec::with_capacity(n),
            total: Vec::with_capacity(n),
            lines: Vec::with_capacity(n),
            allowed: Vec::with_capacity(n),
            day: Vec::with_capacity(n),
            amount: Vec::with_capacity(n),
        };
        for o in orders {
            key.push(keys.code(r.normalise(&o.increment_id)));
            side.currency.push(currencies.code(&o.currency));
            let due_state = r.eligible_states.contains(&o.state);
            side.eligible.push(due_state && o.created_at <= cutoff);
            side.in_flight += u64::from(due_state && o.created_at > cutoff);
            side.day.push(totals::day(o.created_at.date_naive()));
            let (compare, sum) = scaled_pair(o.grand_total, Side::Magento);
            side.total.push(compare);
            side.amount.push(sum);
            side.lines.push(magento_signature(o, rules));
            let mask = *allowed_of.entry(o.status.as_str()).or_insert_with(|| {
                r.statuses
                    .get(o.status.as_str())
                    .or_else(|| r.statuses.get(o.state.as_str()))
                    .map_or(ANY_STATUS, |ok| ok.iter().map(|s| bit(*s)).sum())
            });
            side.allowed.push(mask);
        }
        side.sorted_keys = align::sorted_pairs(&key);
        side.keys = keys;
        side.currencies = currencies;
        side
    }

    /// What the control totals sum: `eligible`, `day`, `currency`, `amount`.
    fn totals_frame(&self) -> PolarsResult<DataFrame> {
        DataFrame::new_infer_height(vec![
            Column::new("eligible".into(), &self.eligible),
            Column::new("day".into(), &self.day),
            Column::new("currency".into(), &self.currency),
            Column::new("amount".into(), &self.amount),
        ])
    }
}

/// The references where something differs: both sides lined up by key, every comparison a
/// column of flags, only rows with a flag kept.
fn differences(magento: &MagentoSide<'_>, erp: &PerReference) -> PolarsResult<DataFrame> {
    let aligned = align::full_join(&magento.sorted_keys, &erp.pairs);
    let pairs = aligned_frame(magento, erp, &aligned)?;
    let both = col("m").and(col("e"));
    let same_currency = col("currency").eq(col("e_currency"));
    pairs
        .lazy()
        .select([
            col("m_idx"),
            col("pos"),
            col("m").not().alias("missing_in_magento"),
            col("e").not().and(col("eligible")).alias("missing_in_erp"),
            both.clone().and(col("duplicate")).alias("duplicate"),
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
        .collect()
}

/// Both sides' figures lined up by key (a full join): `m` and `e` say whether Magento and
/// the ERP have the reference; Magento's row `m_idx` beside the ERP's first document `pos`
/// (`align::NONE` where absent), with the columns the comparisons read.
fn aligned_frame(
    magento: &MagentoSide<'_>,
    erp: &PerReference,
    aligned: &align::Aligned,
) -> PolarsResult<DataFrame> {
    let (m, e) = (&aligned.left, &aligned.right);
    DataFrame::new_infer_height(vec![
        Column::new("m".into(), align::present(m)),
        Column::new("m_idx".into(), align::row_column(m)),
        Column::new("currency".into(), align::gather(&magento.currency, m, 0)),
        Column::new(
            "eligible".into(),
            align::gather(&magento.eligible, m, false),
        ),
        Column::new("total".into(), align::gather(&magento.total, m, 0)),
        Column::new("lines".into(), align::gather(&magento.lines, m, 0)),
        Column::new("allowed".into(), align::gather(&magento.allowed, m, 0)),
        Column::new("e".into(), align::present(e)),
        Column::new("pos".into(), align::gather(&erp.pos, e, align::NONE)),
        Column::new("duplicate".into(), align::gather(&erp.duplicate, e, false)),
        Column::new("e_currency".into(), align::gather(&erp.currency, e, 0)),
        Column::new("e_total".into(), align::gather(&erp.total, e, 0)),
        Column::new("e_lines".into(), align::gather(&erp.lines, e, 0)),
        Column::new("bit".into(), align::gather(&erp.bit, e, 0)),
    ])
}

/// The ERP's documents as plain vectors in frame order, sales orders first (so that the
/// lowest position of a reference is its order rather than an invoice posted from it); keys
/// and currencies kept apart until both sides share one numbering.
struct ErpSide<'a> {
    order: Vec<usize>,
    keys: KeyCodes<'a>,
    currencies: KeyCodes<'a>,
    key: Vec<u64>,
    currency: Vec<u64>,
    /// The order a document belongs to (see [`identity_of`]), hashed.
    identity: Vec<u64>,
    total: Vec<i64>,
    lines: Vec<u64>,
    bit: Vec<i32>,
    day: Vec<i32>,
    amount: Vec<i64>,
}

impl<'a> ErpSide<'a> {
    fn build(docs: &'a [ErpOrder], rules: Rules<'a>) -> Self {
        let r = &rules.recon.orders;
        let n = docs.len();
        // One pass over the documents, not one per kind: they are large and mostly not cached.
        let (mut order, mut invoices) = (Vec::with_capacity(n), Vec::new());
        for (i, d) in docs.iter().enumerate() {
            match d.document {
                ErpDocument::SalesOrder => order.push(i),
                ErpDocument::PostedInvoice { .. } => invoices.push(i),
            }
        }
        order.append(&mut invoices);
        let mut side = ErpSide {
            order: Vec::new(),
            keys: KeyCodes::default(),
            currencies: KeyCodes::default(),
            key: Vec::with_capacity(n),
            currency: Vec::with_capacity(n),
            identity: Vec::with_capacity(n),
            total: Vec::with_capacity(n),
            lines: Vec::with_capacity(n),
            bit: Vec::with_capacity(n),
            day: Vec::with_capacity(n),
            amount: Vec::with_capacity(n),
        };
        for &i in &order {
            let d = &docs[i];
            side.key
                .push(side.keys.code(r.normalise(&d.external_reference)));
            side.currency.push(side.currencies.code(&d.currency));
            // Hashed, not numbered: only "is it the same order" is asked of it, and two order
            // numbers sharing a 64-bit hash is not a real risk.
            side.identity.push(match identity_of(d) {
                Cow::Borrowed(number) => hash_text(number),
                // An invoice without its order is an order of its own.
                Cow::Owned(_) => u64::MAX - i as u64,
            });
            let (compare, sum) = scaled_pair(d.total_including_tax, Side::Erp);
            side.total.push(compare);
            side.amount.push(sum);
            side.lines.push(erp_signature(d));
            side.bit.push(bit(d.canonical_status));
            side.day.push(totals::day(
                d.order_date.unwrap_or_else(|| d.last_modified.date_naive()),
            ));
        }
        side.order = order;
        side
    }
}

/// The ERP's documents grouped by reference: runs of equal keys in `(key, position)` order.
struct References {
    by_key: Vec<(u64, u32)>,
}

impl References {
    fn sort(keys: &[u64]) -> Self {
        References {
            by_key: align::sorted_pairs(keys),
        }
    }

    /// Each reference's run of `(key, position)` pairs, lowest position first.
    fn runs(&self) -> impl Iterator<Item = &[(u64, u32)]> {
        self.by_key.chunk_by(|a, b| a.0 == b.0)
    }

    /// One row per reference: its first document's figures, and whether documents of more
    /// than one order carry the reference (a duplicate).
    fn first_documents(&self, erp: &ErpSide<'_>) -> PerReference {
        let n = self.runs().count();
        let mut per = PerReference {
            pairs: Vec::with_capacity(n),
            pos: Vec::with_capacity(n),
            duplicate: Vec::with_capacity(n),
            currency: Vec::with_capacity(n),
            total: Vec::with_capacity(n),
            lines: Vec::with_capacity(n),
            bit: Vec::with_capacity(n),
        };
        for (row, run) in self.runs().enumerate() {
            let (key, first) = run[0];
            let p = first as usize;
            let identity = erp.identity[p];
            per.pairs.push((key, row as u32));
            per.pos.push(first);
            per.duplicate.push(
                run[1..]
                    .iter()
                    .any(|&(_, q)| erp.identity[q as usize] != identity),
            );
            per.currency.push(erp.currency[p]);
            per.total.push(erp.total[p]);
            per.lines.push(erp.lines[p]);
            per.bit.push(erp.bit[p]);
        }
        per
    }
}

/// One row per ERP reference, in key order.
struct PerReference {
    /// `(key, row)`, sorted by key.
    pairs: Vec<(u64, u32)>,
    /// The frame position of the reference's first document.
    pos: Vec<u32>,
    duplicate: Vec<bool>,
    currency: Vec<u64>,
    total: Vec<i64>,
    lines: Vec<u64>,
    bit: Vec<i32>,
}

/// The ERP orders the control totals count: the first document of each order, on the day its
/// Magento order was placed (the ERP's own date when Magento does not know the reference).
/// `magento_keys` are Magento's `(key, row)` pairs sorted, `magento_day` its days by row.
/// Columns `day`, `currency`, `amount`.
fn counted_documents(
    erp: &ErpSide<'_>,
    references: &References,
    magento_keys: &[(u64, u32)],
    magento_day: &[i32],
) -> PolarsResult<DataFrame> {
    let mut counted = vec![false; erp.key.len()];
    for run in align::sorted_pairs(&erp.identity).chunk_by(|a, b| a.0 == b.0) {
        counted[run[0].1 as usize] = true;
    }
    // Both sides sorted by key: one merge finds each reference's Magento day.
    let mut day = erp.day.clone();
    let mut m = 0;
    for run in references.runs() {
        let key = run[0].0;
        while m < magento_keys.len() && magento_keys[m].0 < key {
            m += 1;
        }
        if m < magento_keys.len() && magento_keys[m].0 == key {
            let placed = magento_day[magento_keys[m].1 as usize];
            for &(_, p) in run {
                day[p as usize] = placed;
            }
        }
    }
    let keep = |values: &[i64]| -> Vec<i64> {
        values
            .iter()
            .zip(&counted)
            .filter_map(|(v, &c)| c.then_some(*v))
            .collect()
    };
    let days: Vec<i32> = day
        .iter()
        .zip(&counted)
        .filter_map(|(d, &c)| c.then_some(*d))
        .collect();
    let currency: Vec<u64> = erp
        .currency
        .iter()
        .zip(&counted)
        .filter_map(|(v, &c)| c.then_some(*v))
        .collect();
    DataFrame::new_infer_height(vec![
        Column::new("day".into(), days),
        Column::new("currency".into(), currency),
        Column::new("amount".into(), keep(&erp.amount)),
    ])
}

/// The document numbers of each duplicated reference, in the words people search for.
/// The document numbers of each duplicated reference (by key code), in the words people
/// search for. `keys` are the ERP rows' key codes in frame order.
fn copies_of(
    docs: &[ErpOrder],
    order: &[usize],
    keys: &[u64],
    duplicated: &HashSet<u64>,
) -> HashMap<u64, Vec<String>> {
    let mut copies: HashMap<u64, Vec<String>> = HashMap::new();
    if duplicated.is_empty() {
        return copies;
    }
    for (p, key) in keys.iter().enumerate() {
        if duplicated.contains(key) {
            let numbers = copies.entry(*key).or_default();
            let id = identity_of(&docs[order[p]]);
            let number = id.strip_prefix("invoice:").unwrap_or(&id).to_string();
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

/// One order however many documents it has in the ERP: a posted invoice names its order. An
/// invoice without an order is its own (marked, so its number cannot meet an order's).
pub(crate) fn identity_of(d: &ErpOrder) -> Cow<'_, str> {
    match &d.document {
        ErpDocument::SalesOrder => Cow::Borrowed(&d.number),
        ErpDocument::PostedInvoice {
            order_number: Some(n),
        } if !n.is_empty() => Cow::Borrowed(n),
        ErpDocument::PostedInvoice { .. } => Cow::Owned(format!("invoice:{}", d.number)),
    }
}

/// The scaled value to compare and the one to sum, computed once.
fn scaled_pair(value: Decimal, side: Side) -> (i64, i64) {
    match exact(value) {
        Some(v) => (v, v),
        None => (for_compare(value, side), rounded(value)),
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
    let skus = &rules.mapping.skus;
    signature(o.lines.iter().map(|l| {
        let item = skus.get(&l.sku).map_or(l.sku.as_str(), String::as_str);
        (item, l.qty)
    }))
}

pub(crate) fn erp_signature(e: &ErpOrder) -> u64 {
    signature(e.lines.iter().map(|l| (l.item_number.as_str(), l.quantity)))
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

/// FNV-1a over the line set (quantities summed per item, items sorted, quantities
/// normalised): equal sets, equal signatures. Allocates one small vector, no strings.
fn signature<'a>(lines: impl Iterator<Item = (&'a str, Decimal)>) -> u64 {
    // Most orders have a few lines: those stay on the stack.
    let mut few = [("", Decimal::ZERO); 8];
    let mut len = 0;
    let mut many: Vec<(&str, Decimal)> = Vec::new();
    for (item, qty) in lines {
        let spilled = !many.is_empty();
        let found = if spilled {
            many.iter_mut().find(|(i, _)| *i == item)
        } else {
            few[..len].iter_mut().find(|(i, _)| *i == item)
        };
        if let Some((_, q)) = found {
            *q += qty;
            continue;
        }
        if !spilled && len < few.len() {
            few[len] = (item, qty);
            len += 1;
        } else {
            if !spilled {
                many.extend_from_slice(&few[..len]);
            }
            many.push((item, qty));
        }
    }
    let set = if many.is_empty() {
        &mut few[..len]
    } else {
        &mut many[..]
    };
    set.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for &mut (item, qty) in set {
        let q = qty.normalize();
        feed(item.as_bytes());
        feed(&[0x1f]);
        feed(&q.mantissa().to_le_bytes());
        feed(&[q.scale() as u8, 0x1e]);
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
