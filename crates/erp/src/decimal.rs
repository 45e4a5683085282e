//! Lenient decimals for connectors: ERPs send amounts as JSON numbers
//! (Business Central, SAP), as strings (NetSuite's SuiteQL) or null. A number
//! is taken through its shortest round-trip text, so `413.28` is exactly
//! 413.28 and float noise such as `29.949999999999999` becomes 29.95.

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use std::str::FromStr;

struct Lenient;

impl<'de> Visitor<'de> for Lenient {
    type Value = Option<Decimal>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, a numeric string or null")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        let text = v.to_string();
        Decimal::from_str(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .map(Some)
            .map_err(|_| E::custom(format!("number {v} is out of range")))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        Decimal::from_str(v)
            .or_else(|_| Decimal::from_scientific(v))
            .map(Some)
            .map_err(|_| E::custom(format!("`{v}` is not a number")))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(Lenient)
    }
}

/// For `#[serde(default, deserialize_with = "erp::decimal::lenient")]`: null is zero.
pub fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    Ok(d.deserialize_any(Lenient)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Row {
        #[serde(default, deserialize_with = "lenient")]
        amount: Decimal,
    }

    fn amount(json: &str) -> String {
        serde_json::from_str::<Row>(json)
            .unwrap()
            .amount
            .to_string()
    }

    #[test]
    fn numbers_strings_and_nulls() {
        assert_eq!(amount(r#"{"amount": 413.28}"#), "413.28");
        assert_eq!(amount(r#"{"amount": 0}"#), "0");
        assert_eq!(amount(r#"{"amount": "12.50"}"#), "12.50");
        assert_eq!(amount(r#"{"amount": null}"#), "0");
        assert_eq!(amount(r#"{}"#), "0");
        assert_eq!(amount(r#"{"amount": 29.949999999999999}"#), "29.95");
    }
}
