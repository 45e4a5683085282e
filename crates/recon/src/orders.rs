//! Orders (source of truth: Magento). Matched on the normalised increment id <-> the ERP's
//! external reference. An ERP order and the invoices posted from it are one order; two orders
//! with one reference are a duplicate. Eligible orders (states, grace period) must be in the
//! ERP; every order present on both sides is compared on currency, total, item lines and
//! status.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};

use chrono::{DateTime, Duration, Utc};
use foldhash::fast::FixedState;
use model::erp::{CanonicalStatus, ErpDocument, ErpOrder};
use model::{Finding, MismatchKey, MismatchKind, Order};
use polars::prelude::*;
use rust_decimal::Decimal;

use crate::frame::{Codes, KeyCodes, flags, hash_text};
use crate::scaled::{Side, exact, for_compare, rounded};
use crate::{Compared, LocalDays, OrderSides, Outcome, Result, Rules, align, totals};

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
        let magento = s.spawn(|| MagentoSide::build(sides.magento, sides.days, rules, cutoff));
        let erp = ErpSide::build(sides.erp, rules);
        (magento.join().expect("building the Magento frame"), erp)
    });
    let (mut magento, mut erp) = (magento, erp);
    magento
        .keys
        .absorb(std::mem::take(&mut erp.keys), &mut erp.key);
    let currency_to = magento
        .currencies
        .absorb(std::mem::take(&mut erp.currencies));
    for c in &mut erp.currency {
        *c = currency_to[*c as usize];
    }
    let currencies = magento.currencies.names();
    let magento_in_flight = magento.in_flight;
    // The ERP side is grouped per reference and per order by sorting integer codes, not by
    // hashing in polars: nearly every reference has one document, so a hash group-by would
    // build a million groups of one.
    let references = References::sort(&erp.key);
    let Met {
        pos,
        duplicate,
        erp_only,
    } = references.meet(&magento.sorted_keys, &erp);
    let compared = std::mem::take(&mut magento.compared);
    let (due, amount) = (
        std::mem::take(&mut magento.due),
        std::mem::take(&mut magento.amount),
    );
    // The control totals on one thread while the comparisons run on this one.
    let (control_totals, joined) = std::thread::scope(|s| {
        let (magento, erp, references) = (&magento, &erp, &references);
        let currencies = &currencies;
        let totals = s.spawn(move || {
            let (keys, days) = (&magento.sorted_keys, &magento.day);
            let counted = counted_documents(erp, references, keys, days)?;
            let placed = DataFrame::new_infer_height(vec![
                Column::new("due".into(), due),
                Column::new("amount".into(), amount),
            ])?;
            totals::per_day(placed.lazy(), counted.lazy(), currencies)
        });
        let joined = differences(compared, erp, pos, duplicate);
        (totals.join().expect("adding up the control totals"), joined)
    });
    let (control_totals, joined) = (control_totals?, joined?);
    let erp_order = erp.order;
    let erp_keys = erp.key;

    let mut findings = Vec::new();
    // Every Magento order's row with something to report, then each reference only the ERP has.
    let (m_idx, pos) = (
        align::read_rows(&joined, "m_idx")?
            .into_iter()
            .chain(erp_only.iter().map(|_| None))
            .collect::<Vec<_>>(),
        align::read_rows(&joined, "pos")?
            .into_iter()
            .chain(erp_only.iter().map(|&p| Some(p)))
            .collect::<Vec<_>>(),
    );
    let flag = |name| -> Result<Vec<bool>> {
        let mut set = flags(&joined, name)?;
        set.resize(m_idx.len(), false);
        Ok(set)
    };
    let miss_m: Vec<bool> = (0..m_idx.len()).map(|i| i >= joined.height()).collect();
    let (miss_e, dup, cur, tot, lines, status) = (
        flag("missing_in_erp")?,
        flag("duplicate")?,
        flag("currency")?,
        flag("total")?,
        flag("lines")?,
        flag("status")?,
    );
    let duplicated: HashSet<u64> = (0..m_idx.len())
        .filter(|&i| dup[i])
        .filter_map(|i| pos[i].map(|p| erp_keys[p as usize]))
        .collect();
    let copies = copies_of(sides.erp, &erp_order, &erp_keys, &duplicated);
    for i in 0..m_idx.len() {
        let e = pos[i].map(|p| &sides.erp[erp_order[p as usize] as usize]);
        let m = m_idx[i].map(|k| &sides.magento[k as usize]);
        let found = |kind, magento, erp, delta, risk: Option<Decimal>, currency: &str| Finding {
            kind,
            key: MismatchKey::order(m.map_or_else(
                || {
                    r.normalise(&e.map(|e| e.external_reference.clone()).unwrap_or_default())
                        .to_string()
                },
                |m| r.normalise(&m.increment_id).to_string(),
            )),
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
                        Some(format!("{} ({})", e.status, e.canonical_status.as_str())),
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
            excluded: 0,
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
    currencies: Codes<'a>,
    /// `(key, row)` pairs sorted, to meet the ERP's references by a merge.
    sorted_keys: Vec<(u64, u32)>,
    /// What the comparisons read, by row.
    compared: MagentoCompared,
    /// The day each order was placed.
    day: Vec<i32>,
    /// What the control totals group: [`totals::due`] of day and currency, or
    /// [`totals::NOT_DUE`]; and the amount they add up.
    due: Vec<u64>,
    amount: Vec<i64>,
}

#[derive(Default)]
struct MagentoCompared {
    currency: Vec<u32>,
    eligible: Vec<bool>,
    total: Vec<i64>,
    lines: Vec<u64>,
    allowed: Vec<i32>,
}

impl<'a> MagentoSide<'a> {
    fn build(
        orders: &'a [Order],
        days: &LocalDays,
        rules: Rules<'a>,
        cutoff: DateTime<Utc>,
    ) -> Self {
        let r = &rules.recon.orders;
        let (mut keys, mut currencies) = (KeyCodes::default(), Codes::default());
        let mut allowed_of: HashMap<&str, i32, FixedState> = HashMap::default();
        let n = orders.len();
        let mut sorted_keys = Vec::with_capacity(n);
        let mut c = MagentoCompared {
            currency: Vec::with_capacity(n),
            eligible: Vec::with_capacity(n),
            total: Vec::with_capacity(n),
            lines: Vec::with_capacity(n),
            allowed: Vec::with_capacity(n),
        };
        let (mut day, mut due, mut amount) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let mut in_flight = 0;
        for (row, o) in orders.iter().enumerate() {
            sorted_keys.push((keys.code(r.normalise(&o.increment_id)), row as u32));
            let currency = currencies.code(&o.currency);
            c.currency.push(currency);
            let due_state = r.eligible_states.contains(&o.state);
            let eligible = due_state && o.created_at <= cutoff;
            c.eligible.push(eligible);
            in_flight += u64::from(due_state && o.created_at > cutoff);
            let placed = totals::day(days.day(o.store_id, o.created_at));
            day.push(placed);
            due.push(if eligible {
                totals::due(placed, currency)
            } else {
                totals::NOT_DUE
            });
            let (compare, sum) = scaled_pair(o.grand_total, Side::Magento);
            c.total.push(compare);
            amount.push(sum);
            c.lines.push(magento_signature(o, rules));
            let mask = *allowed_of.entry(o.status.as_str()).or_insert_with(|| {
                r.statuses
                    .get(o.status.as_str())
                    .or_else(|| r.statuses.get(o.state.as_str()))
                    .map_or(ANY_STATUS, |ok| ok.iter().map(|s| bit(*s)).sum())
            });
            c.allowed.push(mask);
        }
        MagentoSide {
            in_flight,
            keys,
            currencies,
            sorted_keys: align::sort(sorted_keys),
            compared: c,
            day,
            due,
            amount,
        }
    }
}

/// The orders where something differs, by Magento row (`m_idx`): Magento's columns as they are
/// beside the figures of the ERP's first document for the same reference (`pos`,
/// `align::NONE` where the ERP does not have it), every comparison a column of flags, only
/// rows with a flag kept. References only the ERP has are in [`Met::erp_only`].
fn differences(
    magento: MagentoCompared,
    erp: &ErpSide<'_>,
    pos: Vec<u32>,
    duplicate: Vec<bool>,
) -> PolarsResult<DataFrame> {
    let frame = DataFrame::new_infer_height(vec![
        Column::new("currency".into(), magento.currency),
        Column::new("eligible".into(), magento.eligible),
        Column::new("total".into(), magento.total),
        Column::new("lines".into(), magento.lines),
        Column::new("allowed".into(), magento.allowed),
        Column::new("e".into(), align::present(&pos)),
        Column::new("duplicate".into(), duplicate),
        Column::new("e_currency".into(), align::gather(&erp.currency, &pos, 0)),
        Column::new("e_total".into(), align::gather(&erp.total, &pos, 0)),
        Column::new("e_lines".into(), align::gather(&erp.lines, &pos, 0)),
        Column::new("bit".into(), align::gather(&erp.bit, &pos, 0)),
        Column::new("pos".into(), pos),
    ])?;
    let both = col("e");
    let same_currency = col("currency").eq(col("e_currency"));
    frame
        .lazy()
        .with_row_index("m_idx", None)
        .select([
            col("m_idx"),
            col("pos"),
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
            col("missing_in_erp")
                .or(col("duplicate"))
                .or(col("currency"))
                .or(col("total"))
                .or(col("lines"))
                .or(col("status")),
        )
        .collect()
}

/// The ERP's documents as plain vectors in frame order, sales orders first (so that the
/// lowest position of a reference is its order rather than an invoice posted from it); keys
/// and currencies kept apart until both sides share one numbering.
struct ErpSide<'a> {
    /// The document of each position.
    order: Vec<u32>,
    keys: KeyCodes<'a>,
    currencies: Codes<'a>,
    key: Vec<u64>,
    currency: Vec<u32>,
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
                ErpDocument::SalesOrder => order.push(i as u32),
                ErpDocument::PostedInvoice { .. } => invoices.push(i as u32),
            }
        }
        order.append(&mut invoices);
        let mut side = ErpSide {
            order: Vec::new(),
            keys: KeyCodes::default(),
            currencies: Codes::default(),
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
            let d = &docs[i as usize];
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

    /// Each Magento order meets its reference's documents (both sides sorted by key: one
    /// merge): the position of the reference's first document and whether documents of more
    /// than one order carry it (a duplicate); and the first document of each reference Magento
    /// does not know.
    fn meet(&self, magento_keys: &[(u64, u32)], erp: &ErpSide<'_>) -> Met {
        let rows = magento_keys.len();
        let mut met = Met {
            pos: vec![align::NONE; rows],
            duplicate: vec![false; rows],
            erp_only: Vec::new(),
        };
        for (run, magento) in self.beside(magento_keys) {
            let first = run[0].1;
            if magento.is_empty() {
                met.erp_only.push(first);
                continue;
            }
            let identity = erp.identity[first as usize];
            let duplicate = run[1..]
                .iter()
                .any(|&(_, q)| erp.identity[q as usize] != identity);
            for &(_, row) in magento {
                met.pos[row as usize] = first;
                met.duplicate[row as usize] = duplicate;
            }
        }
        met
    }

    /// Each reference's run beside Magento's `(key, row)` pairs with the same key (none when
    /// Magento does not know the reference): both sorted by key, so one merge.
    fn beside<'s>(
        &'s self,
        magento_keys: &'s [(u64, u32)],
    ) -> impl Iterator<Item = (&'s [Pair], &'s [Pair])> {
        let mut m = 0;
        self.runs().map(move |run| {
            let key = run[0].0;
            while m < magento_keys.len() && magento_keys[m].0 < key {
                m += 1;
            }
            let start = m;
            while m < magento_keys.len() && magento_keys[m].0 == key {
                m += 1;
            }
            (run, &magento_keys[start..m])
        })
    }
}

/// A key code and a row (or position).
type Pair = (u64, u32);

/// Where each Magento order (by row) meets the ERP, see [`References::meet`].
struct Met {
    /// The position of the first ERP document with the order's reference, or `align::NONE`.
    pos: Vec<u32>,
    duplicate: Vec<bool>,
    /// The first document of each reference only the ERP has, in key order.
    erp_only: Vec<u32>,
}

/// The ERP orders the control totals count: the first document of each order, on the day its
/// Magento order was placed (the ERP's own date when Magento does not know the reference).
/// `magento_keys` are Magento's `(key, row)` pairs sorted, `magento_day` its days by row.
/// Columns `due` (see [`totals::due`]) and `amount`.
fn counted_documents(
    erp: &ErpSide<'_>,
    references: &References,
    magento_keys: &[(u64, u32)],
    magento_day: &[i32],
) -> PolarsResult<DataFrame> {
    let n = erp.key.len();
    let mut counted = vec![false; n];
    for run in align::sorted_pairs(&erp.identity).chunk_by(|a, b| a.0 == b.0) {
        counted[run[0].1 as usize] = true;
    }
    let (mut due, mut amount) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for (run, magento) in references.beside(magento_keys) {
        let placed = magento.first().map(|&(_, row)| magento_day[row as usize]);
        for &(_, p) in run.iter().filter(|&&(_, p)| counted[p as usize]) {
            let p = p as usize;
            due.push(totals::due(placed.unwrap_or(erp.day[p]), erp.currency[p]));
            amount.push(erp.amount[p]);
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("due".into(), due),
        Column::new("amount".into(), amount),
    ])
}

/// The document numbers of each duplicated reference (by key code), in the words people
/// search for. `keys` are the ERP rows' key codes in frame order.
fn copies_of(
    docs: &[ErpOrder],
    order: &[u32],
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
            let id = identity_of(&docs[order[p] as usize]);
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

/// A hash of the line set (quantities summed per item, items sorted, quantities
/// normalised): equal sets, equal signatures within a run. Allocates one small vector, no strings.
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
    let mut h = foldhash::quality::FixedState::default().build_hasher();
    for &mut (item, qty) in set {
        let q = qty.normalize();
        h.write(item.as_bytes());
        h.write_u8(0x1f);
        h.write_i128(q.mantissa());
        h.write_u32(q.scale());
    }
    h.finish()
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
