//! Lenient decoding of Magento's JSON scalars.
//!
//! Magento renders PHP values: whole floats as integers (`165`), some floats
//! with PHP 7.0's 17-digit noise (`29.949999999999999`), custom attributes as
//! strings (`"19.990000"`), ids sometimes as strings. Money is stored by
//! Magento as DECIMAL(20,4), so numbers are read as decimals rounded to four
//! places, which removes the float noise without losing a real digit.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// Magento's money and quantity precision (DECIMAL(20,4)).
const SCALE: u32 = 4;

pub(crate) fn decimal_from_f64(value: f64) -> Option<Decimal> {
    Decimal::from_f64_retain(value).map(|d| d.round_dp(SCALE).normalize())
}

pub(crate) fn decimal_from_str(text: &str) -> Option<Decimal> {
    let text = text.trim();
    text.parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
        .map(|d| d.round_dp(SCALE).normalize())
}

struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Option<Decimal>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or a numeric string")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        decimal_from_f64(v)
            .map(Some)
            .ok_or_else(|| E::custom(format!("number {v} is out of range")))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        decimal_from_str(v)
            .map(Some)
            .ok_or_else(|| E::custom(format!("`{v}` is not a number")))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(u8::from(v))))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(DecimalVisitor)
    }
}

/// An optional decimal from a number, a numeric string, or null/absent.
pub(crate) fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    d.deserialize_any(DecimalVisitor)
}

/// A decimal that defaults to zero when null or absent (use with `#[serde(default)]`).
pub(crate) fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    Ok(opt_decimal(d)?.unwrap_or_default())
}

/// An unsigned id from a number or a numeric string.
pub(crate) fn id<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    match opt_decimal(d)? {
        Some(v) if v.fract().is_zero() && v >= Decimal::ZERO => {
            u64::try_from(v).map_err(|_| de::Error::custom(format!("id {v} is out of range")))
        }
        Some(v) => Err(de::Error::custom(format!("`{v}` is not an id"))),
        None => Err(de::Error::custom("missing id")),
    }
}

/// An optional id (absent, null, number or numeric string).
pub(crate) fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match opt_decimal(d)? {
        Some(v) if v.fract().is_zero() && v >= Decimal::ZERO => Ok(u64::try_from(v).ok()),
        Some(v) => Err(de::Error::custom(format!("`{v}` is not an id"))),
        None => Ok(None),
    }
}

/// Magento's naive UTC date-time (`2017-08-21 22:22:19`); ISO 8601 and bare
/// dates are accepted too because extensions write them.
pub(crate) fn parse_datetime(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(dt) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S") {
        return Some(dt.and_utc());
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(dt.with_timezone(&Utc));
    }
    if let Ok(dt) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S") {
        return Some(dt.and_utc());
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| dt.and_utc())
}

/// Renders a time the way Magento filters expect it.
pub(crate) fn format_datetime(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

pub(crate) fn opt_datetime<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    let text: Option<String> = serde::Deserialize::deserialize(d)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => parse_datetime(t)
            .map(Some)
            .ok_or_else(|| de::Error::custom(format!("`{t}` is not a date"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn php_float_noise_is_rounded_away() {
        assert_eq!(
            decimal_from_f64("29.949999999999999".parse().unwrap()),
            Some(Decimal::from_str("29.95").unwrap())
        );
        assert_eq!(
            decimal_from_str("19.990000"),
            Decimal::from_str("19.99").ok()
        );
        assert_eq!(decimal_from_str("1e3"), Decimal::from_str("1000").ok());
    }

    #[test]
    fn magento_dates_are_utc() {
        let at = parse_datetime("2017-08-21 22:22:19").unwrap();
        assert_eq!(at.to_rfc3339(), "2017-08-21T22:22:19+00:00");
        assert_eq!(format_datetime(at), "2017-08-21 22:22:19");
        assert!(parse_datetime("yesterday").is_none());
    }
}
