//! One entity as the API writes it: `@odata.etag`, then its properties in `$metadata` order,
//! then the expanded navigation properties. Tables build [`Record`]s; this module renders them
//! (honouring `$select` and `$expand`) and gives filters typed values to compare.
//!
//! Numbers follow the API: money and quantities are JSON numbers, integers when whole.

use std::io::Write;

use super::filter::FValue;
use super::ids::{date, datetime};
use super::odata::Expand;
use crate::json::Money;

/// A property value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Field {
    Str(String),
    /// An enum member, encoded as on the wire (`In_x0020_Review`).
    Enum(&'static str),
    Money(Money),
    Num(f64),
    Int(i64),
    Bool(bool),
    /// Unix seconds of a date (`YYYY-MM-DD`); [`super::ids::EMPTY_DATE`] is `0001-01-01`.
    Date(i64),
    /// Unix milliseconds (`...T...Z`).
    DateTime(i64),
    Guid(String),
}

impl Field {
    pub fn str(s: impl Into<String>) -> Field {
        Field::Str(s.into())
    }

    /// The value filters compare.
    pub fn value(&self) -> FValue {
        match self {
            Field::Str(s) | Field::Guid(s) => FValue::Str(s.clone()),
            Field::Enum(s) => FValue::Str((*s).to_string()),
            Field::Money(m) => FValue::Num(m.as_f64()),
            Field::Num(n) => FValue::Num(*n),
            Field::Int(n) => FValue::Num(*n as f64),
            Field::Bool(b) => FValue::Bool(*b),
            Field::Date(secs) => FValue::Time(secs * 1000),
            Field::DateTime(ms) => FValue::Time(*ms),
        }
    }

    fn write(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        match self {
            Field::Str(s) | Field::Guid(s) => serde_json::to_writer(out, s),
            Field::Enum(s) => serde_json::to_writer(out, s),
            Field::Money(m) => serde_json::to_writer(out, m),
            Field::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
                serde_json::to_writer(out, &(*n as i64))
            }
            Field::Num(n) => serde_json::to_writer(out, n),
            Field::Int(n) => serde_json::to_writer(out, n),
            Field::Bool(b) => serde_json::to_writer(out, b),
            Field::Date(secs) => serde_json::to_writer(out, &date(*secs)),
            Field::DateTime(ms) => serde_json::to_writer(out, &datetime(*ms)),
        }
    }
}

/// One entity.
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    pub etag: Option<String>,
    pub fields: Vec<(&'static str, Field)>,
    /// Expanded navigation properties (only those asked for).
    pub navs: Vec<(&'static str, Vec<Record>)>,
}

impl Record {
    pub fn get(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// Writes the entity as a JSON object; `select` limits the properties (the ETag stays),
    /// `expand` says how to write each navigation property present.
    pub fn write(
        &self,
        select: Option<&[String]>,
        expand: &[Expand],
        out: &mut Vec<u8>,
    ) -> serde_json::Result<()> {
        out.push(b'{');
        let mut first = true;
        let mut sep = |out: &mut Vec<u8>| {
            if !first {
                out.push(b',');
            }
            first = false;
        };
        if let Some(etag) = &self.etag {
            sep(out);
            out.extend_from_slice(b"\"@odata.etag\":");
            serde_json::to_writer(&mut *out, etag)?;
        }
        for (name, value) in &self.fields {
            if select.is_some_and(|s| !s.iter().any(|f| f == name)) {
                continue;
            }
            sep(out);
            let _ = write!(out, "\"{name}\":");
            value.write(out)?;
        }
        for (name, records) in &self.navs {
            let Some(e) = expand.iter().find(|e| e.name == *name) else {
                continue;
            };
            sep(out);
            let _ = write!(out, "\"{name}\":[");
            for (i, r) in records.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                r.write(e.select.as_deref(), &[], out)?;
            }
            out.push(b']');
        }
        out.push(b'}');
        Ok(())
    }
}
