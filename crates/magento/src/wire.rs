//! Magento's JSON shapes, only the fields Driftwatch reads. Unknown fields are
//! ignored (Magento and its extensions add many); missing optional ones are
//! absent on the wire, not null, so everything not essential has a default.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::lenient;

/// The list envelope `{items, search_criteria, total_count}`.
#[derive(Debug, Deserialize)]
pub(crate) struct SearchResult<T> {
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
    /// Absent only when the caller asked for `fields=items[...]`, which we never do.
    pub total_count: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct WireOrder {
    #[serde(deserialize_with = "lenient::id")]
    pub entity_id: u64,
    pub increment_id: String,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub store_id: Option<u64>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub order_currency_code: Option<String>,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub grand_total: Decimal,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub base_grand_total: Decimal,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub subtotal: Decimal,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub tax_amount: Decimal,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub shipping_amount: Decimal,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub discount_amount: Decimal,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub total_paid: Decimal,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub total_refunded: Decimal,
    #[serde(default, deserialize_with = "lenient::opt_datetime")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_datetime")]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub customer_email: Option<String>,
    #[serde(default)]
    pub items: Vec<WireOrderItem>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct WireOrderItem {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub item_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub parent_item_id: Option<u64>,
    #[serde(default)]
    pub sku: String,
    #[serde(default)]
    pub product_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub qty_ordered: Decimal,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub price: Decimal,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub row_total: Decimal,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub tax_amount: Decimal,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub discount_amount: Decimal,
}

#[derive(Debug, Deserialize)]
pub(crate) struct WireSource {
    pub source_code: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default = "enabled_by_default", deserialize_with = "lenient_bool")]
    pub enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

fn lenient_bool<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(lenient::opt_decimal(d)?.is_none_or(|v| !v.is_zero()))
}

#[derive(Debug, Deserialize)]
pub(crate) struct WireSourceItem {
    pub sku: String,
    pub source_code: String,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub quantity: Decimal,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub status: Decimal,
}

#[derive(Debug, Deserialize)]
pub(crate) struct WireProduct {
    #[serde(deserialize_with = "lenient::id")]
    pub id: u64,
    pub sku: String,
    #[serde(default, deserialize_with = "lenient::opt_decimal")]
    pub price: Option<Decimal>,
    #[serde(default, deserialize_with = "lenient::opt_datetime")]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub tier_prices: Vec<WireTierPrice>,
    #[serde(default)]
    pub custom_attributes: Vec<WireCustomAttribute>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct WireTierPrice {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub customer_group_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub qty: Decimal,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub value: Decimal,
    #[serde(default)]
    pub extension_attributes: Option<WireTierPriceExtension>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct WireTierPriceExtension {
    #[serde(default, deserialize_with = "lenient::opt_decimal")]
    pub percentage_value: Option<Decimal>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub website_id: Option<u64>,
}

/// `{attribute_code, value}`; the value is a string, a list or an object.
#[derive(Debug, Deserialize)]
pub(crate) struct WireCustomAttribute {
    pub attribute_code: String,
    #[serde(default)]
    pub value: serde_json::Value,
}

impl WireCustomAttribute {
    pub fn text(&self) -> Option<&str> {
        self.value.as_str().map(str::trim).filter(|t| !t.is_empty())
    }
}

/// Magento's error body: `{message, parameters (list or map), errors?, trace?}`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ErrorBody {
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub parameters: serde_json::Value,
    #[serde(default)]
    pub errors: Vec<ErrorBody>,
}

impl ErrorBody {
    /// The message with `%1`/`%name` placeholders filled from `parameters`,
    /// followed by the nested validation errors.
    pub fn render(&self) -> String {
        let mut text = fill_placeholders(&self.message, &self.parameters);
        let nested: Vec<String> = self.errors.iter().map(ErrorBody::render).collect();
        if !nested.is_empty() && !nested.iter().all(|n| text.contains(n.as_str())) {
            text = format!("{text} ({})", nested.join("; "));
        }
        text
    }
}

fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => {
            items.iter().map(scalar_text).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    }
}

/// Fills `%1`, `%2` (1-based, from a list) and `%name` (from a map). Longer
/// names first so `%10` is not read as `%1` followed by `0`.
pub(crate) fn fill_placeholders(message: &str, parameters: &serde_json::Value) -> String {
    let mut pairs: Vec<(String, String)> = match parameters {
        serde_json::Value::Array(list) => list
            .iter()
            .enumerate()
            .map(|(i, v)| ((i + 1).to_string(), scalar_text(v)))
            .collect(),
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| (k.clone(), scalar_text(v)))
            .collect(),
        _ => Vec::new(),
    };
    pairs.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    let mut text = message.to_owned();
    for (name, value) in pairs {
        text = text.replace(&format!("%{name}"), &value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_fill_from_lists_and_maps() {
        assert_eq!(
            fill_placeholders("Invalid product data: %1", &json!(["bad set"])),
            "Invalid product data: bad set"
        );
        assert_eq!(
            fill_placeholders(
                "Maximum SearchCriteria pageSize is %max",
                &json!({"max": 300})
            ),
            "Maximum SearchCriteria pageSize is 300"
        );
        let many: Vec<String> = (1..=10).map(|i| format!("v{i}")).collect();
        assert_eq!(fill_placeholders("%10 %1", &json!(many)), "v10 v1");
    }

    #[test]
    fn nested_validation_errors_are_shown() {
        let body: ErrorBody = serde_json::from_value(json!({
            "message": "Validation Failed",
            "errors": [{"message": "\"%field\" can not be empty.", "parameters": {"field": "sku"}}]
        }))
        .unwrap();
        assert_eq!(
            body.render(),
            "Validation Failed (\"sku\" can not be empty.)"
        );
    }
}
