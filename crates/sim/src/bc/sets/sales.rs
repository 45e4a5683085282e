//! `salesOrders` (open orders, with `salesOrderLines`) and `salesInvoices` (posted invoices,
//! with `salesInvoiceLines`), rendered from the world's documents and the orders created
//! through the API.
//!
//! Sales orders are ordered by number (generated ones, then created ones); their key is the
//! `id`, whose last digits are the number series position, so `$skiptoken` and
//! `salesOrders({id})` lead straight back to the row. Invoices are ordered by invoice number
//! (`S-INV` and `100001 +` their position).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::super::filter::{Expr, FValue};
use super::super::ids::{EMPTY_DATE, IdKind, ZERO_GUID, etag, parse_guid};
use super::super::odata::{Query, Schema, Table, span};
use super::super::record::{Field, Record};
use super::{
    Ctx, SALES_INVOICE_LINE_PROPS, SALES_INVOICE_PROPS, SALES_ORDER_LINE_PROPS, SALES_ORDER_PROPS,
    item_id,
};
use crate::dataset::{DAY, day_start};
use crate::json::Money;
use crate::world::{
    DocRef, ErpDocument, ErpLine, ErpOrders, LineKind, SalesStatus, order_number, order_seq,
};

pub(crate) static SALES_ORDER_LINE: Schema = Schema {
    entity_type: "salesOrderLine",
    props: &SALES_ORDER_LINE_PROPS,
    navs: &[],
};

pub(crate) static SALES_ORDER: Schema = Schema {
    entity_type: "salesOrder",
    props: &SALES_ORDER_PROPS,
    navs: &[("salesOrderLines", &SALES_ORDER_LINE)],
};

pub(crate) static SALES_INVOICE_LINE: Schema = Schema {
    entity_type: "salesInvoiceLine",
    props: &SALES_INVOICE_LINE_PROPS,
    navs: &[],
};

pub(crate) static SALES_INVOICE: Schema = Schema {
    entity_type: "salesInvoice",
    props: &SALES_INVOICE_PROPS,
    navs: &[("salesInvoiceLines", &SALES_INVOICE_LINE)],
};

const INVOICE_BASE: u64 = 100_001;

pub(crate) fn invoice_number(pos: u64) -> String {
    format!("S-INV{}", INVOICE_BASE + pos)
}

fn invoice_pos(number: &str) -> Option<u64> {
    number
        .strip_prefix("S-INV")?
        .parse::<u64>()
        .ok()?
        .checked_sub(INVOICE_BASE)
}

/// `salesOrderEntityBufferStatus` members.
pub(crate) fn status_text(s: SalesStatus) -> &'static str {
    match s {
        SalesStatus::Draft => "Draft",
        SalesStatus::InReview => "In_x0020_Review",
        SalesStatus::Open => "Open",
    }
}

fn currency_id(ctx: &Ctx<'_>, code: &str) -> String {
    if code == "USD" {
        ZERO_GUID.to_string()
    } else {
        ctx.guid(IdKind::Currency, u64::from_le_bytes(pad(code.as_bytes())))
    }
}

fn pad(b: &[u8]) -> [u8; 8] {
    let mut out = [0u8; 8];
    for (o, i) in out.iter_mut().zip(b) {
        *o = *i;
    }
    out
}

fn customer_id(ctx: &Ctx<'_>, number: &str) -> String {
    let index = number
        .strip_prefix('C')
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or_else(|| u64::from_le_bytes(pad(number.as_bytes())) & 0xffff_ffff);
    ctx.guid(IdKind::Customer, index)
}

/// Header fields up to `shipToContact`, in order, minus the document-specific head.
fn party(ctx: &Ctx<'_>, doc: &ErpDocument) -> Vec<(&'static str, Field)> {
    let c = &doc.customer;
    let cid = customer_id(ctx, &c.number);
    let mut f = vec![
        ("customerId", Field::Guid(cid.clone())),
        ("customerNumber", Field::str(&c.number)),
        ("customerName", Field::str(&c.name)),
        ("billToName", Field::str(&c.name)),
        ("billToCustomerId", Field::Guid(cid)),
        ("billToCustomerNumber", Field::str(&c.number)),
        ("shipToName", Field::str(&c.name)),
        ("shipToContact", Field::str(&c.contact)),
    ];
    for prefix in ["sellTo", "billTo", "shipTo"] {
        let names: [&'static str; 6] = match prefix {
            "sellTo" => [
                "sellToAddressLine1",
                "sellToAddressLine2",
                "sellToCity",
                "sellToCountry",
                "sellToState",
                "sellToPostCode",
            ],
            "billTo" => [
                "billToAddressLine1",
                "billToAddressLine2",
                "billToCity",
                "billToCountry",
                "billToState",
                "billToPostCode",
            ],
            _ => [
                "shipToAddressLine1",
                "shipToAddressLine2",
                "shipToCity",
                "shipToCountry",
                "shipToState",
                "shipToPostCode",
            ],
        };
        let values = [&c.street, "", &c.city, &c.country, &c.state, &c.post_code];
        for (n, v) in names.into_iter().zip(values) {
            f.push((n, Field::str(v)));
        }
    }
    f
}

fn lines(ctx: &Ctx<'_>, doc: &ErpDocument, doc_id: &str, invoice: bool) -> Vec<Record> {
    let kind = if invoice {
        IdKind::InvoiceLine
    } else {
        IdKind::SalesLine
    };
    let date = day_start(doc.order_date);
    doc.lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            line(
                ctx,
                l,
                doc_id,
                kind,
                doc.seq * 64 + i as u64,
                i,
                date,
                invoice,
            )
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn line(
    ctx: &Ctx<'_>,
    l: &ErpLine,
    doc_id: &str,
    kind: IdKind,
    index: u64,
    i: usize,
    date: i64,
    invoice: bool,
) -> Record {
    let item = l.kind == LineKind::Item;
    let (item_guid, account_guid) = match l.kind {
        LineKind::Item => (
            ctx.item_index(&l.number)
                .map_or(ZERO_GUID.to_string(), |j| item_id(ctx, j)),
            ZERO_GUID.to_string(),
        ),
        LineKind::Account => (
            ZERO_GUID.to_string(),
            ctx.guid(IdKind::Account, l.number.parse().unwrap_or(0)),
        ),
    };
    let gross = (l.unit_price.0 as f64 * l.quantity).round();
    let percent = if gross > 0.0 && l.discount.0 > 0 {
        (l.discount.0 as f64 * 10_000.0 / gross).round() / 100.0
    } else {
        0.0
    };
    let incl = Money(l.amount_excl.0 + l.tax.0);
    let mut fields = vec![
        ("id", Field::Guid(ctx.guid(kind, index))),
        ("documentId", Field::Guid(doc_id.to_string())),
        ("sequence", Field::Int(10_000 * (i as i64 + 1))),
        ("itemId", Field::Guid(item_guid)),
        ("accountId", Field::Guid(account_guid)),
        (
            "lineType",
            Field::Enum(if item { "Item" } else { "Account" }),
        ),
        ("lineObjectNumber", Field::str(&l.number)),
        ("description", Field::str(&l.description)),
        ("description2", Field::str("")),
        (
            "unitOfMeasureId",
            Field::Guid(if item {
                ctx.guid(IdKind::UnitOfMeasure, 1)
            } else {
                ZERO_GUID.to_string()
            }),
        ),
        (
            "unitOfMeasureCode",
            Field::str(if item { "PCS" } else { "" }),
        ),
        ("quantity", Field::Num(l.quantity)),
        ("unitPrice", Field::Money(l.unit_price)),
        ("discountAmount", Field::Money(l.discount)),
        ("discountPercent", Field::Num(percent)),
        ("discountAppliedBeforeTax", Field::Bool(false)),
        ("amountExcludingTax", Field::Money(l.amount_excl)),
        (
            "taxCode",
            Field::str(if l.tax_percent > 0.0 {
                "TAXABLE"
            } else {
                "NONTAXABLE"
            }),
        ),
        ("taxPercent", Field::Num(l.tax_percent)),
        ("totalTaxAmount", Field::Money(l.tax)),
        ("amountIncludingTax", Field::Money(incl)),
        ("invoiceDiscountAllocation", Field::Int(0)),
        ("netAmount", Field::Money(l.amount_excl)),
        ("netTaxAmount", Field::Money(l.tax)),
        ("netAmountIncludingTax", Field::Money(incl)),
        ("shipmentDate", Field::Date(date)),
    ];
    if !invoice {
        fields.extend([
            ("shippedQuantity", Field::Int(0)),
            ("invoicedQuantity", Field::Int(0)),
            ("invoiceQuantity", Field::Num(l.quantity)),
            ("shipQuantity", Field::Num(l.quantity)),
        ]);
    }
    fields.push(("itemVariantId", Field::Guid(ZERO_GUID.to_string())));
    fields.push((
        "locationId",
        Field::Guid(if item {
            ctx.guid(IdKind::Location, 0)
        } else {
            ZERO_GUID.to_string()
        }),
    ));
    Record {
        etag: Some(etag(ctx.seed, kind, index, 0)),
        fields,
        navs: Vec::new(),
    }
}

/// A `salesOrder` record.
pub(crate) fn order_record(ctx: &Ctx<'_>, doc: &ErpDocument, with_lines: bool) -> Record {
    let id = ctx.guid(IdKind::SalesOrder, doc.seq);
    let date = day_start(doc.order_date);
    let mut fields = vec![
        ("id", Field::Guid(id.clone())),
        ("number", Field::Str(doc.number())),
        ("externalDocumentNumber", Field::str(&doc.external)),
        ("orderDate", Field::Date(date)),
        ("postingDate", Field::Date(date)),
    ];
    fields.extend(party(ctx, doc));
    fields.extend([
        ("shortcutDimension1Code", Field::str("")),
        ("shortcutDimension2Code", Field::str("")),
        ("currencyId", Field::Guid(currency_id(ctx, &doc.currency))),
        ("currencyCode", Field::str(&doc.currency)),
        ("pricesIncludeTax", Field::Bool(false)),
        (
            "paymentTermsId",
            Field::Guid(ctx.guid(IdKind::PaymentTerms, 1)),
        ),
        (
            "shipmentMethodId",
            Field::Guid(ctx.guid(IdKind::ShipmentMethod, 1)),
        ),
        ("salesperson", Field::str("")),
        ("partialShipping", Field::Bool(true)),
        ("requestedDeliveryDate", Field::Date(EMPTY_DATE)),
        ("discountAmount", Field::Int(0)),
        ("discountAppliedBeforeTax", Field::Bool(false)),
        ("totalAmountExcludingTax", Field::Money(doc.total_excl())),
        ("totalTaxAmount", Field::Money(doc.total_tax())),
        ("totalAmountIncludingTax", Field::Money(doc.total_incl())),
        ("fullyShipped", Field::Bool(false)),
        ("status", Field::Enum(status_text(doc.status))),
        (
            "lastModifiedDateTime",
            Field::DateTime(doc.last_modified_ms),
        ),
        ("phoneNumber", Field::str(&doc.customer.phone)),
        ("email", Field::str(&doc.customer.email)),
    ]);
    let navs = if with_lines {
        vec![("salesOrderLines", lines(ctx, doc, &id, false))]
    } else {
        Vec::new()
    };
    Record {
        etag: Some(etag(
            ctx.seed,
            IdKind::SalesOrder,
            doc.seq,
            doc.last_modified_ms,
        )),
        fields,
        navs,
    }
}

/// A `salesInvoice` record of the invoice at position `pos`.
pub(crate) fn invoice_record(
    ctx: &Ctx<'_>,
    doc: &ErpDocument,
    pos: u64,
    with_lines: bool,
) -> Record {
    let id = ctx.guid(IdKind::SalesInvoice, pos);
    let posted = day_start(doc.last_modified_ms.div_euclid(1000));
    let mut fields = vec![
        ("id", Field::Guid(id.clone())),
        ("number", Field::Str(invoice_number(pos))),
        ("externalDocumentNumber", Field::str(&doc.external)),
        ("invoiceDate", Field::Date(posted)),
        ("postingDate", Field::Date(posted)),
        ("dueDate", Field::Date(posted + 30 * DAY)),
        ("promisedPayDate", Field::Date(EMPTY_DATE)),
        ("customerPurchaseOrderReference", Field::str("")),
    ];
    fields.extend(party(ctx, doc));
    fields.extend([
        ("currencyId", Field::Guid(currency_id(ctx, &doc.currency))),
        ("shortcutDimension1Code", Field::str("")),
        ("shortcutDimension2Code", Field::str("")),
        ("currencyCode", Field::str(&doc.currency)),
        (
            "orderId",
            Field::Guid(ctx.guid(IdKind::SalesOrder, doc.seq)),
        ),
        ("orderNumber", Field::Str(doc.number())),
        (
            "paymentTermsId",
            Field::Guid(ctx.guid(IdKind::PaymentTerms, 1)),
        ),
        (
            "shipmentMethodId",
            Field::Guid(ctx.guid(IdKind::ShipmentMethod, 1)),
        ),
        ("salesperson", Field::str("")),
        ("disputeStatusId", Field::Guid(ZERO_GUID.to_string())),
        ("disputeStatus", Field::str("")),
        ("pricesIncludeTax", Field::Bool(false)),
        ("remainingAmount", Field::Int(0)),
        ("discountAmount", Field::Int(0)),
        ("discountAppliedBeforeTax", Field::Bool(false)),
        ("totalAmountExcludingTax", Field::Money(doc.total_excl())),
        ("totalTaxAmount", Field::Money(doc.total_tax())),
        ("totalAmountIncludingTax", Field::Money(doc.total_incl())),
        ("status", Field::Enum("Paid")),
        (
            "lastModifiedDateTime",
            Field::DateTime(doc.last_modified_ms),
        ),
        ("phoneNumber", Field::str(&doc.customer.phone)),
        ("email", Field::str(&doc.customer.email)),
    ]);
    let navs = if with_lines {
        vec![("salesInvoiceLines", lines(ctx, doc, &id, true))]
    } else {
        Vec::new()
    };
    Record {
        etag: Some(etag(
            ctx.seed,
            IdKind::SalesInvoice,
            pos,
            doc.last_modified_ms,
        )),
        fields,
        navs,
    }
}

/// The `salesOrders` set: generated orders, then orders created through the API.
pub(crate) struct SalesOrders<'a> {
    pub ctx: Ctx<'a>,
    pub created: Arc<Vec<ErpDocument>>,
    pub changed: Arc<HashMap<u64, i64>>,
}

impl SalesOrders<'_> {
    fn generated(&self) -> &[DocRef] {
        &self.ctx.world.orders().sales_orders
    }

    fn seq_at(&self, pos: u64) -> u64 {
        let generated = self.generated();
        match generated.get(pos as usize) {
            Some(d) => d.seq,
            None => self.ctx.world.orders().next_seq + (pos - generated.len() as u64),
        }
    }

    /// The position of the order with number series position `seq`.
    fn position_of_seq(&self, seq: u64) -> Option<u64> {
        let next = self.ctx.world.orders().next_seq;
        if seq >= next {
            let k = seq - next;
            return (k < self.created.len() as u64).then(|| self.generated().len() as u64 + k);
        }
        ErpOrders::position_of_seq(self.generated(), seq).map(|p| p as u64)
    }

    /// The position of the order with this `id`.
    pub fn find(&self, id: &str) -> Option<u64> {
        self.position_of_seq(parse_guid(self.ctx.seed, IdKind::SalesOrder, id)?)
    }

    /// The document at `pos`, with any change made while clients read.
    pub fn doc(&self, pos: u64) -> ErpDocument {
        let generated = self.generated();
        match generated.get(pos as usize) {
            Some(d) => {
                let mut doc = self
                    .ctx
                    .world
                    .orders()
                    .document(self.ctx.world.cfg(), d, false);
                if let Some(ms) = self.changed.get(&d.seq) {
                    doc.last_modified_ms = *ms;
                }
                doc
            }
            None => self.created[pos as usize - generated.len()].clone(),
        }
    }

    fn created_range(&self) -> Range<u64> {
        let n = self.generated().len() as u64;
        n..n + self.created.len() as u64
    }
}

impl Table for SalesOrders<'_> {
    fn schema(&self) -> &'static Schema {
        &SALES_ORDER
    }

    fn order_keys(&self) -> &'static [&'static str] {
        &["number", "id"]
    }

    fn end(&self) -> u64 {
        self.created_range().end
    }

    fn candidates(&self, filter: Option<&Expr>) -> Vec<Range<u64>> {
        let Some(f) = filter else {
            return span(0..self.end());
        };
        if let Some(ext) = f.required_eq("externalDocumentNumber") {
            let mut out = Vec::new();
            if let Some(id) = ErpOrders::magento_id_of(ext) {
                let r = ErpOrders::positions(self.generated(), id);
                out.push(r.start as u64..r.end as u64);
            }
            out.push(self.created_range());
            return out;
        }
        if let Some(number) = f.required_eq("number") {
            return order_seq(number)
                .and_then(|s| self.position_of_seq(s))
                .map(|p| span(p..p + 1))
                .unwrap_or_default();
        }
        span(0..self.end())
    }

    fn exists(&self, pos: u64) -> bool {
        pos < self.end()
    }

    fn quick(&self, pos: u64, field: &str) -> Option<FValue> {
        let generated = self.generated();
        let Some(d) = generated.get(pos as usize) else {
            let doc = &self.created[pos as usize - generated.len()];
            let rec = order_record(&self.ctx, doc, false);
            return rec.get(field).map(Field::value);
        };
        let orders = self.ctx.world.orders();
        let head = || orders.head(self.ctx.world.cfg(), d, false);
        let v = match field {
            "id" => FValue::Str(self.ctx.guid(IdKind::SalesOrder, d.seq)),
            "number" => FValue::Str(order_number(d.seq)),
            "externalDocumentNumber" => FValue::Str(head().external),
            "orderDate" | "postingDate" => FValue::Time(day_start(head().order_date) * 1000),
            "currencyCode" => FValue::Str(head().currency.to_string()),
            "status" => FValue::Str(status_text(head().status).to_string()),
            "lastModifiedDateTime" => FValue::Time(
                self.changed
                    .get(&d.seq)
                    .copied()
                    .unwrap_or_else(|| head().last_modified_ms),
            ),
            _ => return None,
        };
        Some(v)
    }

    fn record(&self, pos: u64, query: &Query) -> Record {
        order_record(&self.ctx, &self.doc(pos), query.expands("salesOrderLines"))
    }

    fn skiptoken(&self, pos: u64) -> String {
        self.ctx.guid(IdKind::SalesOrder, self.seq_at(pos))
    }

    fn resume(&self, token: &str) -> Option<u64> {
        self.find(token)
    }
}

/// The `salesInvoices` set: the posted invoices.
pub(crate) struct SalesInvoices<'a> {
    pub ctx: Ctx<'a>,
}

impl SalesInvoices<'_> {
    fn list(&self) -> &[DocRef] {
        &self.ctx.world.orders().sales_invoices
    }

    pub fn find(&self, id: &str) -> Option<u64> {
        parse_guid(self.ctx.seed, IdKind::SalesInvoice, id).filter(|p| *p < self.end())
    }

    pub fn doc(&self, pos: u64) -> ErpDocument {
        self.ctx
            .world
            .orders()
            .document(self.ctx.world.cfg(), &self.list()[pos as usize], true)
    }
}

impl Table for SalesInvoices<'_> {
    fn schema(&self) -> &'static Schema {
        &SALES_INVOICE
    }

    fn order_keys(&self) -> &'static [&'static str] {
        &["number", "id"]
    }

    fn end(&self) -> u64 {
        self.list().len() as u64
    }

    fn candidates(&self, filter: Option<&Expr>) -> Vec<Range<u64>> {
        let list = self.list();
        let Some(f) = filter else {
            return span(0..self.end());
        };
        if let Some(ext) = f.required_eq("externalDocumentNumber") {
            return ErpOrders::magento_id_of(ext)
                .map(|id| {
                    let r = ErpOrders::positions(list, id);
                    span(r.start as u64..r.end as u64)
                })
                .unwrap_or_default();
        }
        if let Some(number) = f.required_eq("orderNumber") {
            return order_seq(number)
                .and_then(|s| ErpOrders::position_of_seq(list, s))
                .map(|p| span(p as u64..p as u64 + 1))
                .unwrap_or_default();
        }
        if let Some(number) = f.required_eq("number") {
            return invoice_pos(number)
                .filter(|p| *p < self.end())
                .map(|p| span(p..p + 1))
                .unwrap_or_default();
        }
        span(0..self.end())
    }

    fn exists(&self, pos: u64) -> bool {
        pos < self.end()
    }

    fn quick(&self, pos: u64, field: &str) -> Option<FValue> {
        let d = &self.list()[pos as usize];
        let orders = self.ctx.world.orders();
        let head = || orders.head(self.ctx.world.cfg(), d, true);
        let v = match field {
            "id" => FValue::Str(self.ctx.guid(IdKind::SalesInvoice, pos)),
            "number" => FValue::Str(invoice_number(pos)),
            "orderNumber" => FValue::Str(order_number(d.seq)),
            "externalDocumentNumber" => FValue::Str(head().external),
            "currencyCode" => FValue::Str(head().currency.to_string()),
            "status" => FValue::Str("Paid".to_string()),
            "lastModifiedDateTime" => FValue::Time(head().last_modified_ms),
            _ => return None,
        };
        Some(v)
    }

    fn record(&self, pos: u64, query: &Query) -> Record {
        invoice_record(
            &self.ctx,
            &self.doc(pos),
            pos,
            query.expands("salesInvoiceLines"),
        )
    }

    fn skiptoken(&self, pos: u64) -> String {
        self.ctx.guid(IdKind::SalesInvoice, pos)
    }

    fn resume(&self, token: &str) -> Option<u64> {
        self.find(token)
    }
}
