//! The forms values take in the database, and back.
//!
//! Money and quantities are TEXT holding `Decimal::to_string`, which keeps the
//! scale the source reported (`29.9500` stays `29.9500`, not `29.95`): a snapshot
//! is a faithful copy, and the content hash covers the scale too. Times are
//! RFC 3339 UTC text with fractional seconds only when present, so they round-trip
//! exactly and sort as text. Counters are `u64` in Rust and INTEGER (i64) in SQLite.

use std::error::Error as StdError;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};
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
