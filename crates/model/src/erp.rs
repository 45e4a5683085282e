//! What ERP connectors read, in the ERP's own terms (item numbers, location
//! codes, price lists); mapping them to Magento's SKUs, sources and customer
//! groups is configuration, applied by reconciliation. The `erp` crate's
//! connectors produce these; the store keeps them; recon compares them.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The states both systems' statuses are mapped onto before comparing
/// (DESIGN.md: open, invoiced, shipped, complete, canceled, refunded).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CanonicalStatus {
    Open,
    Invoiced,
    Shipped,
    Complete,
    Canceled,
    Refunded,
}

impl CanonicalStatus {
    /// The configuration's and the store's word for it (the serde form).
    pub fn as_str(self) -> &'static str {
        match self {
            CanonicalStatus::Open => "open",
            CanonicalStatus::Invoiced => "invoiced",
            CanonicalStatus::Shipped => "shipped",
            CanonicalStatus::Complete => "complete",
            CanonicalStatus::Canceled => "canceled",
            CanonicalStatus::Refunded => "refunded",
        }
    }
}

/// Where an order was found: still an order, or already posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum ErpDocument {
    SalesOrder,
    /// Posting (ship + invoice) deletes the order in some ERPs; the invoice
    /// keeps the order's number and external reference.
    PostedInvoice {
        order_number: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErpOrder {
    /// The ERP's own id (a GUID in Business Central).
    pub id: String,
    /// The ERP's document number (order number, or invoice number when posted).
    pub number: String,
    /// The Magento increment id as the ERP stores it (not unique in the ERP).
    pub external_reference: String,
    pub document: ErpDocument,
    pub order_date: Option<NaiveDate>,
    pub currency: String,
    pub total_including_tax: Decimal,
    /// The ERP's status, decoded for people ("In Review").
    pub status: String,
    pub canonical_status: CanonicalStatus,
    pub last_modified: DateTime<Utc>,
    pub lines: Vec<ErpOrderLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErpOrderLine {
    pub item_number: String,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub amount_including_tax: Decimal,
}

/// Which stock figure a connector reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StockFigure {
    /// Quantity on hand per item and location.
    OnHandPerLocation,
    /// Only a total per item (no per-source reconciliation possible).
    OnHandTotalOnly,
    /// No stock figures at all.
    None,
}

/// What a connector can do; the UI and engine read this instead of trying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    pub sales_orders: bool,
    pub posted_invoices: bool,
    pub stock: StockFigure,
    /// Also quantity available (on hand less reserved), for
    /// `recon.stock.erp_quantity = "available"`.
    pub available_stock: bool,
    /// Full price lists (list, currency, minimum quantity, validity), or
    /// only one unit price per item.
    pub price_lists: bool,
    pub create_sales_order: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationStock {
    pub item_number: String,
    /// `None` when the connector only has totals (see [`StockFigure`]).
    pub location_code: Option<String>,
    pub quantity: Decimal,
    pub last_modified: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceListLine {
    pub price_list_code: String,
    pub item_number: String,
    /// Empty means the ERP's local currency.
    pub currency: String,
    pub minimum_quantity: Decimal,
    pub unit_price: Decimal,
    /// Inclusive validity; `None` is open-ended.
    pub starting_date: Option<NaiveDate>,
    pub ending_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub code: String,
    pub name: String,
}

/// A sales order to create from a Magento order (replay).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewSalesOrder {
    pub external_reference: String,
    pub customer_number: String,
    pub order_date: NaiveDate,
    pub currency: String,
    pub lines: Vec<NewSalesOrderLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewSalesOrderLine {
    pub item_number: String,
    pub quantity: Decimal,
    pub unit_price: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum CreateOutcome {
    Created {
        order: ErpOrder,
    },
    /// An order with this external reference was there already: nothing written.
    AlreadyExists {
        order: ErpOrder,
    },
}
