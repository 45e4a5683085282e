//! The ERP's sales documents, derived from the Magento orders.
//!
//! Every eligible Magento order (see [`super`]) has one ERP document whose
//! `externalDocumentNumber` is its increment id: an open `salesOrder` while Magento says
//! `processing`, a posted `salesInvoice` (the order itself deleted by posting, its number kept
//! in `orderNumber`) once Magento says `complete` or `closed`. Documents are kept as a compact
//! index ([`DocRef`]) sorted by Magento id; their content is rebuilt on demand from the Magento
//! dataset, so a hundred thousand orders cost a few megabytes.
//!
//! Invariants: both lists are sorted by `(magento_id, seq)`; `seq` (the order number series)
//! increases with the position in either list; an injected duplicate sits right after its
//! original (a double post), and the orders Magento lacks (`Phantom`) come last.

use std::collections::HashSet;
use std::ops::Range;

use super::drift::{how_many, spread};
use super::manifest::Injected;
use crate::config::SimConfig;
use crate::dataset::{
    DAY, Order, OrderOverride, OrderState, Stream, build_order, draw, increment_id, order_head,
    product_name, sku, sku_index,
};
use crate::json::Money;

/// The grace period: orders younger than this are in flight, not missing.
pub const GRACE_SECS: i64 = 30 * 60;
/// The G/L account the freight line of an order posts to.
pub(crate) const FREIGHT_ACCOUNT: &str = "6510";
/// Order numbers are `S-ORD` and `ORDER_BASE + seq`.
const ORDER_BASE: u64 = 100_000;

const SALT_STATUS: u64 = 1;
const SALT_DELAY: u64 = 2;
const SALT_DRIFT: u64 = 3;

/// What was done on purpose to one ERP document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OrderDrift {
    None,
    /// The freight line differs, so `totalAmountIncludingTax` does.
    Total,
    /// Posted in the local currency although Magento's order is in EUR; amounts unchanged.
    Currency,
    /// One item line has another SKU or quantity; amounts unchanged.
    Line,
    /// An ERP order for a Magento order that was canceled.
    Status,
    /// The second ERP order for one increment id.
    Duplicate,
    /// An ERP order whose increment id Magento does not have.
    Phantom,
}

/// One ERP sales document, as an index entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocRef {
    /// The Magento order it was made from (for `Phantom`, an id above Magento's range).
    pub magento_id: u64,
    /// Position in the order number series (1-based).
    pub seq: u64,
    pub drift: OrderDrift,
}

/// `salesOrder.status` (`salesOrderEntityBufferStatus` in `$metadata`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SalesStatus {
    /// Created but not released (new orders posted through the API start here).
    Draft,
    /// Pending approval; on the wire `In_x0020_Review`.
    InReview,
    /// Released.
    Open,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    Item,
    /// A G/L account line (freight).
    Account,
}

/// One document line, amounts in the document currency.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ErpLine {
    pub kind: LineKind,
    /// Item number (= Magento SKU) or G/L account number.
    pub number: String,
    pub description: String,
    pub quantity: f64,
    pub unit_price: Money,
    pub discount: Money,
    pub tax: Money,
    pub tax_percent: f64,
    /// `quantity * unitPrice - discount`, except where drift kept the amount on purpose.
    pub amount_excl: Money,
}

/// The sell-to / bill-to customer of a document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ErpCustomer {
    pub number: String,
    pub name: String,
    pub contact: String,
    pub street: String,
    pub city: String,
    pub state: String,
    pub country: String,
    pub post_code: String,
    pub email: String,
    pub phone: String,
}

/// The content of one sales document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ErpDocument {
    pub seq: u64,
    pub external: String,
    /// Unix seconds of the order date (midnight not required).
    pub order_date: i64,
    pub currency: String,
    pub customer: ErpCustomer,
    pub lines: Vec<ErpLine>,
    pub status: SalesStatus,
    pub last_modified_ms: i64,
}

impl ErpDocument {
    /// `S-ORD` and the number series position.
    pub fn number(&self) -> String {
        order_number(self.seq)
    }

    pub fn total_excl(&self) -> Money {
        Money(self.lines.iter().map(|l| l.amount_excl.0).sum())
    }

    pub fn total_tax(&self) -> Money {
        Money(self.lines.iter().map(|l| l.tax.0).sum())
    }

    pub fn total_incl(&self) -> Money {
        Money(self.total_excl().0 + self.total_tax().0)
    }
}

pub(crate) fn order_number(seq: u64) -> String {
    format!("S-ORD{}", ORDER_BASE + seq)
}

/// The inverse of [`order_number`].
pub(crate) fn order_seq(number: &str) -> Option<u64> {
    let n: u64 = number.strip_prefix("S-ORD")?.parse().ok()?;
    n.checked_sub(ORDER_BASE).filter(|s| *s > 0)
}

/// The cheap fields of a document, for filters evaluated on every row.
#[derive(Debug, Clone)]
pub(crate) struct DocHead {
    pub external: String,
    pub order_date: i64,
    pub currency: &'static str,
    pub status: SalesStatus,
    pub last_modified_ms: i64,
}

/// The ERP's sales documents of one world.
#[derive(Debug, Clone, Default)]
pub(crate) struct ErpOrders {
    pub sales_orders: Vec<DocRef>,
    pub sales_invoices: Vec<DocRef>,
    /// The first free position of the number series (orders created through the API).
    pub next_seq: u64,
    /// Magento ids at or above this are phantoms (ERP orders Magento lacks).
    phantom_base: u64,
}

/// The orders side of a world, and what the manifest says about it.
#[derive(Debug, Default)]
pub(crate) struct BuiltOrders {
    pub erp: ErpOrders,
    pub drift: Vec<Injected>,
    pub in_flight: Vec<String>,
    pub invoiced: Vec<String>,
}

impl ErpOrders {
    /// Positions in `list` of the documents made from Magento order `magento_id`.
    pub fn positions(list: &[DocRef], magento_id: u64) -> Range<usize> {
        let start = list.partition_point(|d| d.magento_id < magento_id);
        let end = list.partition_point(|d| d.magento_id <= magento_id);
        start..end
    }

    /// The position in `list` of the document with number series position `seq`.
    pub fn position_of_seq(list: &[DocRef], seq: u64) -> Option<usize> {
        let p = list.partition_point(|d| d.seq < seq);
        (list.get(p)?.seq == seq).then_some(p)
    }

    /// The Magento order id an external document number stands for, if it is one.
    pub fn magento_id_of(external: &str) -> Option<u64> {
        if external.len() < 9 || !external.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        external.parse().ok()
    }

    fn phantom_override(&self, cfg: &SimConfig, id: u64) -> Option<OrderOverride> {
        (id >= self.phantom_base).then(|| {
            let k = (id - self.phantom_base) as i64;
            let created = cfg.now.timestamp() - (k + 2) * 2 * DAY;
            OrderOverride {
                state: OrderState::Processing,
                created_at: Some(created),
                updated_at: created + 3600,
            }
        })
    }

    /// The cheap fields of `d`.
    pub fn head(&self, cfg: &SimConfig, d: &DocRef, invoice: bool) -> DocHead {
        let ov = self.phantom_override(cfg, d.magento_id);
        let h = order_head(cfg, d.magento_id, ov.as_ref());
        let currency = match (h.eur, d.drift) {
            (true, OrderDrift::Currency) | (false, _) => "USD",
            (true, _) => "EUR",
        };
        DocHead {
            external: increment_id(d.magento_id),
            order_date: h.created_at,
            currency,
            status: status_of(cfg, d),
            last_modified_ms: last_modified_ms(cfg, d, h.created_at, h.updated_at, invoice),
        }
    }

    /// The full content of `d`.
    pub fn document(&self, cfg: &SimConfig, d: &DocRef, invoice: bool) -> ErpDocument {
        let ov = self.phantom_override(cfg, d.magento_id);
        let order = build_order(cfg, d.magento_id, ov.as_ref());
        let head = self.head(cfg, d, invoice);
        let mut lines = magento_lines(cfg, &order);
        let h = draw(cfg.seed, Stream::Erp, d.seq, SALT_DRIFT);
        match d.drift {
            OrderDrift::Total => {
                let freight = lines.iter().position(|l| l.kind == LineKind::Account);
                let current = freight.map_or(0, |i| lines[i].amount_excl.0);
                let mut delta = 100 + (h % 400) as i64;
                if (h >> 32) % 2 == 1 && current >= delta {
                    delta = -delta;
                }
                let amount = Money(current + delta);
                match freight {
                    Some(i) => {
                        lines[i].unit_price = amount;
                        lines[i].amount_excl = amount;
                    }
                    None => lines.push(freight_line(amount)),
                }
            }
            OrderDrift::Line => {
                let in_order: HashSet<String> = lines.iter().map(|l| l.number.clone()).collect();
                let substitute = (1..=cfg.skus)
                    .map(|step| {
                        let j = sku_index(cfg, &lines[0].number).unwrap_or(1);
                        1 + (j - 1 + step) % cfg.skus
                    })
                    .find(|j| !in_order.contains(&sku(*j)));
                let line = &mut lines[0];
                match substitute {
                    // A wrongly mapped SKU: same quantity, same amounts.
                    Some(j) if h.is_multiple_of(2) => {
                        line.number = sku(j);
                        line.description = product_name(cfg, j);
                    }
                    // One unit more for the same amount (the unit price absorbs it).
                    _ => {
                        let row = line.unit_price.0 * line.quantity as i64;
                        line.quantity += 1.0;
                        line.unit_price = Money(row / line.quantity as i64);
                    }
                }
            }
            _ => {}
        }
        ErpDocument {
            seq: d.seq,
            external: head.external,
            order_date: head.order_date,
            currency: head.currency.to_string(),
            customer: customer(&order),
            lines,
            status: head.status,
            last_modified_ms: head.last_modified_ms,
        }
    }
}

fn status_of(cfg: &SimConfig, d: &DocRef) -> SalesStatus {
    // A few released orders wait for approval again; still "in the ERP, not posted".
    if d.drift == OrderDrift::None && draw(cfg.seed, Stream::Erp, d.seq, SALT_STATUS) % 100 < 3 {
        SalesStatus::InReview
    } else {
        SalesStatus::Open
    }
}

/// When the connector wrote the document (a few minutes after the order), or, for a posted
/// invoice, when it was posted (at the latest when Magento completed the order).
fn last_modified_ms(cfg: &SimConfig, d: &DocRef, created: i64, updated: i64, invoice: bool) -> i64 {
    let h = draw(cfg.seed, Stream::Erp, d.seq, SALT_DELAY);
    let synced = created * 1000 + 60_000 + (h % 840_000) as i64;
    let t = if invoice {
        synced.max(updated * 1000 + ((h >> 24) % 1000) as i64)
    } else {
        synced
    };
    t.min(cfg.now.timestamp() * 1000 - 1000)
}

/// The ERP lines of a Magento order: one item line per ordered product (a configurable
/// product's priced parent row, whose SKU is the child's), then a freight line when the
/// order has shipping.
fn magento_lines(cfg: &SimConfig, order: &Order) -> Vec<ErpLine> {
    let mut lines: Vec<ErpLine> = order
        .items
        .iter()
        .filter(|i| i.parent_item_id.is_none())
        .map(|i| {
            let j = sku_index(cfg, &i.sku).unwrap_or(1);
            ErpLine {
                kind: LineKind::Item,
                number: i.sku.clone(),
                description: product_name(cfg, j),
                quantity: i.qty_ordered.0,
                unit_price: i.price,
                discount: i.discount_amount,
                tax: i.tax_amount,
                tax_percent: i.tax_percent.0,
                amount_excl: Money(i.row_total.0 - i.discount_amount.0),
            }
        })
        .collect();
    if order.shipping_amount.0 != 0 {
        lines.push(freight_line(order.shipping_amount));
    }
    lines
}

fn freight_line(amount: Money) -> ErpLine {
    ErpLine {
        kind: LineKind::Account,
        number: FREIGHT_ACCOUNT.to_string(),
        description: "Freight".to_string(),
        quantity: 1.0,
        unit_price: amount,
        discount: Money::ZERO,
        tax: Money::ZERO,
        tax_percent: 0.0,
        amount_excl: amount,
    }
}

fn customer(order: &Order) -> ErpCustomer {
    let a = &order.billing_address;
    ErpCustomer {
        number: match order.customer_id {
            Some(id) => format!("C{id:05}"),
            None => "WEB-GUEST".to_string(),
        },
        name: format!("{} {}", order.customer_firstname, order.customer_lastname),
        contact: format!("{} {}", a.firstname, a.lastname),
        street: a.street.first().cloned().unwrap_or_default(),
        city: a.city.clone(),
        state: a.region_code.clone().unwrap_or_default(),
        country: a.country_id.clone(),
        post_code: a.postcode.clone(),
        email: order.customer_email.clone(),
        phone: a.telephone.clone(),
    }
}

/// `"USD 12.30"`.
pub(crate) fn money_text(currency: &str, m: Money) -> String {
    format!("{currency} {}", amount_text(m))
}

/// `"12.30"`, `"-0.75"`.
pub(crate) fn amount_text(m: Money) -> String {
    let sign = if m.0 < 0 { "-" } else { "" };
    let abs = m.0.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// `"SKU-000001 x1, SKU-000007 x2"`: the item lines, sorted.
fn line_set<'a>(lines: impl Iterator<Item = (&'a str, f64)>) -> String {
    let mut v: Vec<String> = lines.map(|(s, q)| format!("{s} x{q}")).collect();
    v.sort();
    v.join(", ")
}

/// Classifies the Magento orders and lays out the ERP documents, injecting drift when asked.
pub(crate) fn build(cfg: &SimConfig, inject: bool) -> BuiltOrders {
    let now = cfg.now.timestamp();
    let (mut eligible, mut eur, mut processing, mut canceled) = (vec![], vec![], vec![], vec![]);
    let mut in_flight = Vec::new();
    for id in 1..=cfg.orders {
        let h = order_head(cfg, id, None);
        let old = now - h.created_at >= GRACE_SECS;
        match h.state {
            OrderState::Processing | OrderState::Complete | OrderState::Closed if old => {
                eligible.push(id);
                if h.eur {
                    eur.push(id);
                }
                if h.state == OrderState::Processing {
                    processing.push(id);
                }
            }
            OrderState::Processing | OrderState::Complete | OrderState::Closed => {
                in_flight.push(increment_id(id));
            }
            OrderState::Canceled if old => canceled.push(id),
            _ => {}
        }
    }

    let mut used = HashSet::new();
    let mut pick = |pool: &[u64], offset: usize| -> HashSet<u64> {
        if inject {
            spread(pool, offset, &mut used).into_iter().collect()
        } else {
            HashSet::new()
        }
    };
    let missing = pick(&eligible, 0);
    let duplicated = pick(&processing, 2);
    let total = pick(&eligible, 4);
    let currency = pick(&eur, 6);
    let line = pick(&eligible, 8);
    let status = pick(&canceled, 10);
    let phantoms = if inject {
        how_many(eligible.len()) as u64
    } else {
        0
    };

    let mut erp = ErpOrders {
        phantom_base: cfg.orders + 500_000,
        ..ErpOrders::default()
    };
    let mut ids: Vec<u64> = eligible.iter().chain(status.iter()).copied().collect();
    ids.sort_unstable();
    let mut seq = 0;
    let mut push = |erp: &mut ErpOrders, magento_id: u64, drift: OrderDrift, invoice: bool| {
        seq += 1;
        let d = DocRef {
            magento_id,
            seq,
            drift,
        };
        if invoice {
            erp.sales_invoices.push(d);
        } else {
            erp.sales_orders.push(d);
        }
    };
    let mut invoiced = Vec::new();
    for id in ids {
        if missing.contains(&id) {
            continue;
        }
        if status.contains(&id) {
            push(&mut erp, id, OrderDrift::Status, false);
            continue;
        }
        let drift = if total.contains(&id) {
            OrderDrift::Total
        } else if currency.contains(&id) {
            OrderDrift::Currency
        } else if line.contains(&id) {
            OrderDrift::Line
        } else {
            OrderDrift::None
        };
        let invoice = order_head(cfg, id, None).state != OrderState::Processing;
        if invoice {
            invoiced.push(increment_id(id));
        }
        push(&mut erp, id, drift, invoice);
        if duplicated.contains(&id) {
            push(&mut erp, id, OrderDrift::Duplicate, false);
        }
    }
    let phantom_base = erp.phantom_base;
    for k in 0..phantoms {
        push(&mut erp, phantom_base + k, OrderDrift::Phantom, false);
    }
    erp.next_seq = seq + 1;

    let mut drift = Vec::new();
    for id in &missing {
        let o = build_order(cfg, *id, None);
        let text = format!(
            "{} {}",
            o.state,
            money_text(o.order_currency_code, o.grand_total)
        );
        drift.push(Injected::new(
            "order",
            "missing_in_erp",
            o.increment_id,
            Some(text),
            None,
        ));
    }
    let lists = [(&erp.sales_orders, false), (&erp.sales_invoices, true)];
    for (list, invoice) in lists {
        for (p, d) in list.iter().enumerate() {
            if d.drift == OrderDrift::None {
                continue;
            }
            drift.push(describe(cfg, &erp, list, p, invoice));
        }
    }
    drift.sort();
    BuiltOrders {
        erp,
        drift,
        in_flight,
        invoiced,
    }
}

/// The manifest entry of a drifted document.
fn describe(
    cfg: &SimConfig,
    erp: &ErpOrders,
    list: &[DocRef],
    p: usize,
    invoice: bool,
) -> Injected {
    let d = &list[p];
    let doc = erp.document(cfg, d, invoice);
    let key = doc.external.clone();
    let erp_total = money_text(&doc.currency, doc.total_incl());
    let magento = || build_order(cfg, d.magento_id, None);
    let (kind, m, e) = match d.drift {
        OrderDrift::Total => {
            let o = magento();
            let m = money_text(o.order_currency_code, o.grand_total);
            ("total_mismatch", Some(m), Some(erp_total))
        }
        OrderDrift::Currency => (
            "currency_mismatch",
            Some(magento().order_currency_code.to_string()),
            Some(doc.currency.clone()),
        ),
        OrderDrift::Line => {
            let o = magento();
            let m = line_set(
                o.items
                    .iter()
                    .filter(|i| i.parent_item_id.is_none())
                    .map(|i| (i.sku.as_str(), i.qty_ordered.0)),
            );
            let e = line_set(
                doc.lines
                    .iter()
                    .filter(|l| l.kind == LineKind::Item)
                    .map(|l| (l.number.as_str(), l.quantity)),
            );
            ("line_mismatch", Some(m), Some(e))
        }
        OrderDrift::Status => (
            "status_mismatch",
            Some(magento().status.to_string()),
            Some("Open".to_string()),
        ),
        OrderDrift::Duplicate => {
            let range = ErpOrders::positions(list, d.magento_id);
            let numbers: Vec<String> = list[range].iter().map(|d| order_number(d.seq)).collect();
            (
                "duplicate_in_erp",
                Some(erp_total),
                Some(format!("sales orders {}", numbers.join(", "))),
            )
        }
        OrderDrift::Phantom | OrderDrift::None => (
            "missing_in_magento",
            None,
            Some(format!("{} {erp_total}", doc.number())),
        ),
    };
    Injected::new("order", kind, key, m, e)
}
