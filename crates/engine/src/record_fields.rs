//! Both sides of a mismatch field by field, from the records the latest snapshots stored: the
//! same fact under each system's own name (Magento's `grand_total`, the ERP's
//! `total_including_tax`) on one row, so a person compares without reading JSON.

use model::MismatchEntity;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::dashboard::FieldPair;

/// One row of the comparison: a label and the field read on each side.
struct Row {
    label: &'static str,
    magento: Option<&'static str>,
    erp: Option<&'static str>,
    /// Whether the two values speak of the same thing (else only shown, never flagged).
    compared: bool,
}

const fn row(
    label: &'static str,
    magento: Option<&'static str>,
    erp: Option<&'static str>,
    compared: bool,
) -> Row {
    Row {
        label,
        magento,
        erp,
        compared,
    }
}

const ORDER: &[Row] = &[
    row(
        "Order number",
        Some("increment_id"),
        Some("external_reference"),
        true,
    ),
    row("ERP document", None, Some("number"), false),
    row("Status", Some("status"), Some("status"), false),
    row("Currency", Some("currency"), Some("currency"), true),
    row(
        "Total incl. tax",
        Some("grand_total"),
        Some("total_including_tax"),
        true,
    ),
    row("Placed", Some("created_at"), Some("order_date"), false),
    row(
        "Last changed",
        Some("updated_at"),
        Some("last_modified"),
        false,
    ),
];

const STOCK: &[Row] = &[
    row("SKU / item", Some("sku"), Some("item_number"), false),
    row(
        "Source / location",
        Some("source_code"),
        Some("location_code"),
        false,
    ),
    row("Quantity", Some("quantity"), Some("quantity"), true),
    row("In stock", Some("in_stock"), None, false),
    row("Last changed", None, Some("last_modified"), false),
];

const PRICE: &[Row] = &[
    row("SKU / item", Some("sku"), Some("item_number"), false),
    row(
        "Store view / price list",
        Some("store_code"),
        Some("price_list_code"),
        false,
    ),
    row("Price", Some("price"), Some("unit_price"), false),
    row("Special price", Some("special_price"), None, false),
    row(
        "Special from",
        Some("special_from"),
        Some("starting_date"),
        false,
    ),
    row("Special to", Some("special_to"), Some("ending_date"), false),
    row("Minimum quantity", None, Some("minimum_quantity"), false),
    row("Currency", None, Some("currency"), false),
];

/// The field pairs of the first record of each side (the one the mismatch is about when a key
/// names several documents), plus the item lines of orders.
pub(crate) fn pairs(entity: MismatchEntity, magento: &[Value], erp: &[Value]) -> Vec<FieldPair> {
    let (rows, lines) = match entity {
        MismatchEntity::Order => (
            ORDER,
            Some(("lines", "sku", "qty", "item_number", "quantity")),
        ),
        MismatchEntity::Stock => (STOCK, None),
        MismatchEntity::Price => (PRICE, None),
    };
    let (m, e) = (magento.first(), erp.first());
    if m.is_none() && e.is_none() {
        return Vec::new();
    }
    let mut pairs: Vec<FieldPair> = rows
        .iter()
        .map(|r| {
            let magento = side(m, r.magento);
            let erp = side(e, r.erp);
            FieldPair {
                label: r.label.to_string(),
                differs: r.compared && m.is_some() && e.is_some() && !same(&magento, &erp),
                magento,
                erp,
            }
        })
        .filter(|p| {
            [&p.magento, &p.erp]
                .iter()
                .any(|v| v.as_deref().is_some_and(|v| v != NO_FIELD))
        })
        .collect();
    if let Some((field, m_item, m_qty, e_item, e_qty)) = lines {
        let magento = m.map(|m| line_text(&m[field], m_item, m_qty));
        let erp = e.map(|e| line_text(&e[field], e_item, e_qty));
        pairs.push(FieldPair {
            label: "Item lines".to_string(),
            // Names differ across systems (the SKU mapping): the finding says whether they match.
            differs: false,
            magento,
            erp,
        });
    }
    if erp.len() > 1 {
        pairs.push(FieldPair {
            label: "Records in the ERP".to_string(),
            magento: Some(NO_FIELD.to_string()),
            erp: Some(format!("{} (all in the stored records below)", erp.len())),
            differs: false,
        });
    }
    pairs
}

/// Shown where a system has no such field (as opposed to no record at all).
const NO_FIELD: &str = "—";

/// What one side's record says in `field`: `None` without a record, [`NO_FIELD`] when the
/// system has no such field.
fn side(record: Option<&Value>, field: Option<&str>) -> Option<String> {
    let record = record?;
    let Some(field) = field else {
        return Some(NO_FIELD.to_string());
    };
    match (field, &record[field]) {
        ("in_stock", Value::Number(n)) => {
            Some(if n.as_i64() == Some(0) { "no" } else { "yes" }.to_string())
        }
        (_, value) => text(value),
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        // Stored but empty (an open-ended date): nothing to show, yet the field exists.
        Value::String(s) if s.is_empty() => Some(NO_FIELD.to_string()),
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Equal as text, or as numbers ("10.50" and "10.5").
fn same(a: &Option<String>, b: &Option<String>) -> bool {
    let number = |s: &Option<String>| s.as_deref().and_then(|s| s.parse::<Decimal>().ok());
    a == b || matches!((number(a), number(b)), (Some(x), Some(y)) if x == y)
}

fn line_text(lines: &Value, item: &str, qty: &str) -> String {
    let lines: Vec<String> = lines
        .as_array()
        .map(|ls| {
            ls.iter()
                .map(|l| {
                    format!(
                        "{} x {}",
                        text(&l[item]).unwrap_or_default(),
                        text(&l[qty]).unwrap_or_default()
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if lines.is_empty() {
        "none".to_string()
    } else {
        lines.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_order_compares_under_each_systems_names() {
        let magento = [json!({"increment_id": "000000042", "status": "processing",
            "currency": "EUR", "grand_total": "10.50", "created_at": "2026-11-20T10:00:00Z",
            "lines": [{"sku": "A", "qty": "2"}]})];
        let erp = [json!({"external_reference": "000000042", "number": "SO-7",
            "status": "Open", "currency": "EUR", "total_including_tax": "10.5",
            "lines": [{"item_number": "A", "quantity": "2"}, {"item_number": "B", "quantity": "1"}]})];
        let pairs = pairs(MismatchEntity::Order, &magento, &erp);
        let shown: Vec<String> = pairs
            .iter()
            .map(|p| {
                format!(
                    "{}: {} | {}{}",
                    p.label,
                    p.magento.as_deref().unwrap_or("-"),
                    p.erp.as_deref().unwrap_or("-"),
                    if p.differs { " !" } else { "" }
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                "Order number: 000000042 | 000000042",
                "ERP document: — | SO-7",
                "Status: processing | Open",
                "Currency: EUR | EUR",
                "Total incl. tax: 10.50 | 10.5",
                "Placed: 2026-11-20T10:00:00Z | -",
                "Item lines: A x 2 | A x 2, B x 1",
            ]
        );
    }

    #[test]
    fn a_missing_side_shows_only_the_other() {
        let magento =
            [json!({"sku": "S", "source_code": "berlin", "quantity": "3", "in_stock": 1})];
        let pairs = pairs(MismatchEntity::Stock, &magento, &[]);
        assert!(pairs.iter().all(|p| p.erp.is_none() && !p.differs));
        assert_eq!(pairs[2].magento.as_deref(), Some("3"));
        assert_eq!(
            pairs[3].magento.as_deref(),
            Some("yes"),
            "in stock, in words"
        );
        assert!(super::pairs(MismatchEntity::Stock, &[], &[]).is_empty());
    }

    #[test]
    fn different_quantities_are_flagged() {
        let m = [json!({"sku": "S", "quantity": "3"})];
        let e = [json!({"item_number": "S", "quantity": "3.5"})];
        let pairs = pairs(MismatchEntity::Stock, &m, &e);
        let qty = pairs.iter().find(|p| p.label == "Quantity").unwrap();
        assert!(qty.differs);
    }
}
