//! Business Central API v2.0 JSON shapes (see the `$metadata` in the
//! project's fixtures), only the fields Driftwatch reads, and their
//! conversion to the shared ERP records.

use chrono::{DateTime, NaiveDate, Utc};
use erp::decimal::lenient;
use erp::{
    CanonicalStatus, ErpDocument, ErpOrder, ErpOrderLine, LocationStock, PriceListLine, decode_enum,
};
use rust_decimal::Decimal;
use serde::Deserialize;

/// An OData collection page.
#[derive(Debug, Deserialize)]
pub(crate) struct Page<T> {
    #[serde(default = "Vec::new")]
    pub value: Vec<T>,
    #[serde(rename = "@odata.nextLink", default)]
    pub next_link: Option<String>,
}

/// A row of the light first pass (`$select=lastModifiedDateTime`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireModified {
    pub last_modified_date_time: DateTime<Utc>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireSalesOrder {
    pub id: String,
    pub number: String,
    #[serde(default)]
    pub external_document_number: String,
    #[serde(default)]
    pub order_date: Option<NaiveDate>,
    #[serde(default)]
    pub currency_code: String,
    #[serde(default, deserialize_with = "lenient")]
    pub total_amount_including_tax: Decimal,
    #[serde(default)]
    pub status: String,
    pub last_modified_date_time: DateTime<Utc>,
    #[serde(default)]
    pub sales_order_lines: Vec<WireLine>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireSalesInvoice {
    pub id: String,
    pub number: String,
    #[serde(default)]
    pub external_document_number: String,
    #[serde(default)]
    pub order_number: Option<String>,
    #[serde(default)]
    pub invoice_date: Option<NaiveDate>,
    #[serde(default)]
    pub currency_code: String,
    #[serde(default, deserialize_with = "lenient")]
    pub total_amount_including_tax: Decimal,
    #[serde(default)]
    pub status: String,
    pub last_modified_date_time: DateTime<Utc>,
    #[serde(default)]
    pub sales_invoice_lines: Vec<WireLine>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireLine {
    #[serde(default)]
    pub line_type: String,
    #[serde(default)]
    pub line_object_number: String,
    #[serde(default, deserialize_with = "lenient")]
    pub quantity: Decimal,
    #[serde(default, deserialize_with = "lenient")]
    pub unit_price: Decimal,
    #[serde(default, deserialize_with = "lenient")]
    pub amount_including_tax: Decimal,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireItem {
    pub number: String,
    #[serde(default, deserialize_with = "lenient")]
    pub unit_price: Decimal,
    #[serde(default, deserialize_with = "lenient")]
    pub inventory: Decimal,
    #[serde(default)]
    pub last_modified_date_time: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireLocation {
    pub code: String,
    #[serde(default)]
    pub display_name: String,
}

/// Driftwatch's AL extension, page `itemLocationStocks`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireItemLocationStock {
    pub item_number: String,
    pub location_code: String,
    #[serde(default, deserialize_with = "lenient")]
    pub inventory: Decimal,
    #[serde(default)]
    pub last_modified_date_time: Option<DateTime<Utc>>,
}

/// Driftwatch's AL extension, page `priceListLines` (table 7001).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WirePriceListLine {
    pub price_list_code: String,
    #[serde(default)]
    pub item_number: String,
    #[serde(default)]
    pub currency_code: String,
    #[serde(default, deserialize_with = "lenient")]
    pub minimum_quantity: Decimal,
    #[serde(default, deserialize_with = "lenient")]
    pub unit_price: Decimal,
    #[serde(default)]
    pub starting_date: Option<NaiveDate>,
    #[serde(default)]
    pub ending_date: Option<NaiveDate>,
    #[serde(default)]
    pub status: String,
}

/// `{"error":{"code","message"}}`; the message ends with the CorrelationId
/// Microsoft support asks for.
#[derive(Debug, Deserialize)]
pub(crate) struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ErrorBody {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
}

/// Entra ID's token error `{error, error_description}`.
#[derive(Debug, Deserialize)]
pub(crate) struct TokenError {
    #[serde(default)]
    pub error: String,
    #[serde(default)]
    pub error_description: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct TokenResponse {
    pub access_token: String,
    #[serde(default)]
    pub expires_in: Option<u64>,
}

/// BC writes 0001-01-01 for "no date".
fn real_date(date: Option<NaiveDate>) -> Option<NaiveDate> {
    date.filter(|d| *d > NaiveDate::MIN && d.to_string() != "0001-01-01")
}

fn item_lines(lines: Vec<WireLine>) -> Vec<ErpOrderLine> {
    lines
        .into_iter()
        .filter(|l| l.line_type.is_empty() || l.line_type == "Item")
        .map(|l| ErpOrderLine {
            item_number: l.line_object_number,
            quantity: l.quantity,
            unit_price: l.unit_price,
            amount_including_tax: l.amount_including_tax,
        })
        .collect()
}

/// Draft, In Review and Open orders are all still open for reconciliation.
pub(crate) fn order_status(status: &str) -> CanonicalStatus {
    match decode_enum(status).as_str() {
        "Canceled" => CanonicalStatus::Canceled,
        _ => CanonicalStatus::Open,
    }
}

/// A posted invoice is invoiced until paid; a corrective one is a refund.
pub(crate) fn invoice_status(status: &str) -> CanonicalStatus {
    match decode_enum(status).as_str() {
        "Paid" => CanonicalStatus::Complete,
        "Canceled" => CanonicalStatus::Canceled,
        "Corrective" => CanonicalStatus::Refunded,
        _ => CanonicalStatus::Invoiced,
    }
}

impl From<WireSalesOrder> for ErpOrder {
    fn from(w: WireSalesOrder) -> Self {
        ErpOrder {
            canonical_status: order_status(&w.status),
            status: decode_enum(&w.status),
            id: w.id,
            number: w.number,
            external_reference: w.external_document_number,
            document: ErpDocument::SalesOrder,
            order_date: real_date(w.order_date),
            currency: w.currency_code,
            total_including_tax: w.total_amount_including_tax,
            last_modified: w.last_modified_date_time,
            lines: item_lines(w.sales_order_lines),
        }
    }
}

impl From<WireSalesInvoice> for ErpOrder {
    fn from(w: WireSalesInvoice) -> Self {
        ErpOrder {
            canonical_status: invoice_status(&w.status),
            status: decode_enum(&w.status),
            id: w.id,
            number: w.number,
            external_reference: w.external_document_number,
            document: ErpDocument::PostedInvoice {
                order_number: w.order_number.filter(|n| !n.is_empty()),
            },
            order_date: real_date(w.invoice_date),
            currency: w.currency_code,
            total_including_tax: w.total_amount_including_tax,
            last_modified: w.last_modified_date_time,
            lines: item_lines(w.sales_invoice_lines),
        }
    }
}

impl From<WireItemLocationStock> for LocationStock {
    fn from(w: WireItemLocationStock) -> Self {
        LocationStock {
            item_number: w.item_number,
            location_code: Some(w.location_code),
            quantity: w.inventory,
            last_modified: w.last_modified_date_time,
        }
    }
}

impl WirePriceListLine {
    /// Only active lines count (Draft and Inactive lines are not prices yet).
    pub fn into_active(self) -> Option<PriceListLine> {
        (decode_enum(&self.status) == "Active" || self.status.is_empty()).then(|| PriceListLine {
            price_list_code: self.price_list_code,
            item_number: self.item_number,
            currency: self.currency_code,
            minimum_quantity: self.minimum_quantity,
            unit_price: self.unit_price,
            starting_date: real_date(self.starting_date),
            ending_date: real_date(self.ending_date),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_decode_and_map() {
        assert_eq!(order_status("In_x0020_Review"), CanonicalStatus::Open);
        assert_eq!(invoice_status("Open"), CanonicalStatus::Invoiced);
        assert_eq!(invoice_status("Paid"), CanonicalStatus::Complete);
        assert_eq!(invoice_status("Corrective"), CanonicalStatus::Refunded);
    }

    #[test]
    fn open_ended_dates_are_none() {
        let d = NaiveDate::from_ymd_opt(1, 1, 1);
        assert_eq!(real_date(d), None);
        let d = NaiveDate::from_ymd_opt(2026, 11, 1);
        assert_eq!(real_date(d), d);
    }
}
