//! The forms values take in the database, and back.
//!
//! Money and quantities are TEXT holding `Decimal::to_string`, which keeps the
//! scale the source reported (`29.9500` stays `29.9500`, not `29.95`): a snapshot
//! is a faithful copy, and the content hash covers the scale too. Times are
//! RFC 3339 UTC text with fractional seconds only when present, so they round-trip
//! exactly and sort as text; dates are `YYYY-MM-DD`. Counters are `u64` in Rust
//! and INTEGER (i64) in SQLite. Enums the model gives no text of its own (ERP
//! document kinds, canonical statuses) get a fixed one here, which must never
//! change: it is stored and hashed.
//!
//! Natural key columns are never NULL (`''` stands for "none"), so that a key
//! compares equal to itself in SQL too.

use std::error::Error as StdError;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use model::erp::{CanonicalStatus, ErpDocument};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use rust_decimal::Decimal;

use crate::error::{Error, Result};

pub(crate) fn decimal(value: &Decimal) -> String {
    value.to_string()
}

/// [`decimal`] into a reused buffer: no allocation per row on the hot path.
pub(crate) fn decimal_into<'b>(buf: &'b mut String, value: &Decimal) -> &'b str {
    use std::fmt::Write;
    buf.clear();
    // Writing to a String cannot fail.
    let _ = write!(buf, "{value}");
    buf
}

pub(crate) fn time(value: &DateTime<Utc>) -> String {
    value.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

pub(crate) fn date(value: &NaiveDate) -> String {
    value.format("%Y-%m-%d").to_string()
}

/// A date in a natural key column: `''` when there is none.
pub(crate) fn key_date(value: &Option<NaiveDate>) -> String {
    value.as_ref().map(date).unwrap_or_default()
}

/// The location code of ERP stock as stored and keyed: `''` for an item's
/// total, so `Some("")` and `None` are the same row (and read back as `None`).
pub(crate) fn location(code: &Option<String>) -> &str {
    code.as_deref().unwrap_or("")
}

pub(crate) fn document_kind(document: &ErpDocument) -> &'static str {
    match document {
        ErpDocument::SalesOrder => "order",
        ErpDocument::PostedInvoice { .. } => "invoice",
    }
}

/// The order a posted invoice came from, if the ERP says; `None` for orders.
pub(crate) fn order_number(document: &ErpDocument) -> Option<&str> {
    match document {
        ErpDocument::SalesOrder => None,
        ErpDocument::PostedInvoice { order_number } => order_number.as_deref(),
    }
}

/// The document back from its stored kind and order number.
pub(crate) fn document(kind: &str, order_number: Option<String>) -> FromSqlResult<ErpDocument> {
    match (kind, order_number) {
        ("order", None) => Ok(ErpDocument::SalesOrder),
        ("invoice", order_number) => Ok(ErpDocument::PostedInvoice { order_number }),
        (kind, number) => Err(FromSqlError::Other(
            format!("unknown ERP document kind `{kind}` (order number {number:?})").into(),
        )),
    }
}

/// A `u64` from the model into an INTEGER column.
pub(crate) fn int(field: &'static str, value: u64) -> Result<i64> {
    i64::try_from(value).map_err(|_| Error::OutOfRange { field, value })
}

fn other(e: impl StdError + Send + Sync + 'static) -> FromSqlError {
    FromSqlError::Other(Box::new(e))
}

/// A decimal read from its TEXT form, without an intermediate `String`.
pub(crate) struct Dec(pub Decimal);

impl FromSql for Dec {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Decimal::from_str(value.as_str()?).map(Dec).map_err(other)
    }
}

pub(crate) struct OptDec(pub Option<Decimal>);

impl FromSql for OptDec {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value.as_str_or_null()? {
            None => Ok(OptDec(None)),
            Some(text) => Decimal::from_str(text)
                .map(|d| OptDec(Some(d)))
                .map_err(other),
        }
    }
}

pub(crate) struct Time(pub DateTime<Utc>);

impl FromSql for Time {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        DateTime::parse_from_rfc3339(value.as_str()?)
            .map(|t| Time(t.with_timezone(&Utc)))
            .map_err(other)
    }
}

pub(crate) struct OptTime(pub Option<DateTime<Utc>>);

impl FromSql for OptTime {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value.as_str_or_null()? {
            None => Ok(OptTime(None)),
            Some(text) => DateTime::parse_from_rfc3339(text)
                .map(|t| OptTime(Some(t.with_timezone(&Utc))))
                .map_err(other),
        }
    }
}

pub(crate) struct Date(pub NaiveDate);

impl FromSql for Date {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        NaiveDate::from_str(value.as_str()?)
            .map(Date)
            .map_err(other)
    }
}

pub(crate) struct OptDate(pub Option<NaiveDate>);

impl FromSql for OptDate {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value.as_str_or_null()? {
            None => Ok(OptDate(None)),
            Some(text) => NaiveDate::from_str(text)
                .map(|d| OptDate(Some(d)))
                .map_err(other),
        }
    }
}

/// A date from a natural key column ([`key_date`]).
pub(crate) struct KeyDate(pub Option<NaiveDate>);

impl FromSql for KeyDate {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value.as_str()? {
            "" => Ok(KeyDate(None)),
            text => NaiveDate::from_str(text)
                .map(|d| KeyDate(Some(d)))
                .map_err(other),
        }
    }
}

pub(crate) struct Canonical(pub CanonicalStatus);

impl FromSql for Canonical {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        use CanonicalStatus::*;
        let text = value.as_str()?;
        [Open, Invoiced, Shipped, Complete, Canceled, Refunded]
            .into_iter()
            .find(|s| s.as_str() == text)
            .map(Canonical)
            .ok_or_else(|| FromSqlError::Other(format!("unknown status `{text}`").into()))
    }
}

/// A non-negative INTEGER as `u64` (ids, counters).
pub(crate) struct Count(pub u64);

impl FromSql for Count {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let n = value.as_i64()?;
        u64::try_from(n)
            .map(Count)
            .map_err(|_| FromSqlError::OutOfRange(n))
    }
}

/// An enum stored by its `as_str` text (entity, system, statuses).
pub(crate) struct Parsed<T>(pub T);

impl<T> FromSql for Parsed<T>
where
    T: FromStr<Err = String>,
{
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map(Parsed)
            .map_err(|e: String| FromSqlError::Other(e.into()))
    }
}

/// Words joined by commas (`order,stock`), each stored by its `as_str` text.
pub(crate) fn words<T: std::fmt::Display>(values: &[T]) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// A list stored by [`words`]; `''` is the empty list.
pub(crate) struct Words<T>(pub Vec<T>);

impl<T> FromSql for Words<T>
where
    T: FromStr<Err = String>,
{
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        if text.is_empty() {
            return Ok(Words(Vec::new()));
        }
        text.split(',')
            .map(|w| w.parse().map_err(|e: String| FromSqlError::Other(e.into())))
            .collect::<FromSqlResult<_>>()
            .map(Words)
    }
}

/// A value stored as JSON text.
pub(crate) fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Internal(e.to_string()))
}

/// A value read back from its JSON text.
pub(crate) struct Json<T>(pub T);

impl<T: serde::de::DeserializeOwned> FromSql for Json<T> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        serde_json::from_str(value.as_str()?)
            .map(Json)
            .map_err(other)
    }
}
