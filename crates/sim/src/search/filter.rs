//! Filter conditions evaluated the way MySQL would: comparisons follow the column's type
//! (numbers numerically, datetimes as times, text case-insensitively as the default
//! collation does), NULL matches nothing but `null`, and `in`/`nin` take comma lists.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::json::{Timestamp, parse_datetime};

/// A column value of one row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Dec(f64),
    /// Unix seconds of a datetime column.
    Time(i64),
    Text(Cow<'static, str>),
}

impl Value {
    pub fn text(s: impl Into<Cow<'static, str>>) -> Self {
        Value::Text(s.into())
    }

    /// The value as MySQL would print it, for LIKE and FIND_IN_SET.
    fn as_text(&self) -> Option<Cow<'_, str>> {
        match self {
            Value::Null => None,
            Value::Int(i) => Some(Cow::Owned(i.to_string())),
            Value::Dec(d) => Some(Cow::Owned(d.to_string())),
            Value::Time(t) => Some(Cow::Owned(Timestamp(*t).to_string())),
            Value::Text(s) => Some(Cow::Borrowed(s)),
        }
    }

    /// Reads a scalar out of a serialized record (the slow path for rarely filtered fields).
    pub fn from_json(v: Option<&serde_json::Value>) -> Self {
        match v {
            Some(serde_json::Value::Number(n)) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Dec(n.as_f64().unwrap_or(0.0)),
            },
            Some(serde_json::Value::String(s)) => Value::Text(Cow::Owned(s.clone())),
            Some(serde_json::Value::Bool(b)) => Value::Int(i64::from(*b)),
            _ => Value::Null,
        }
    }

    /// Whether ordering comparisons against `op` follow the row order of a column whose
    /// values grow with the key: false only for a number column compared as text.
    pub fn compares_monotonically(&self, op: &Operand) -> bool {
        match self {
            Value::Int(_) | Value::Dec(_) => op.num.is_some(),
            _ => true,
        }
    }
}

/// A filter value, parsed once into the forms a comparison may need.
#[derive(Debug, Clone)]
pub(crate) struct Operand {
    pub raw: String,
    pub num: Option<f64>,
    time: Option<i64>,
}

impl Operand {
    pub fn new(raw: &str) -> Self {
        let trimmed = raw.trim();
        Operand {
            raw: raw.to_string(),
            num: trimmed.parse::<f64>().ok().filter(|n| n.is_finite()),
            time: parse_datetime(trimmed),
        }
    }
}

/// Compares a row value with an operand; `None` when the row value is NULL.
pub(crate) fn compare(v: &Value, op: &Operand) -> Option<Ordering> {
    match v {
        Value::Null => None,
        Value::Int(i) => Some(match op.num {
            Some(n) => (*i as f64).partial_cmp(&n).unwrap_or(Ordering::Equal),
            None => text_cmp(&i.to_string(), &op.raw),
        }),
        Value::Dec(d) => Some(match op.num {
            Some(n) => d.partial_cmp(&n).unwrap_or(Ordering::Equal),
            None => text_cmp(&d.to_string(), &op.raw),
        }),
        Value::Time(t) => Some(match op.time {
            Some(o) => t.cmp(&o),
            None => text_cmp(&Timestamp(*t).to_string(), &op.raw),
        }),
        Value::Text(s) => Some(text_cmp(s, &op.raw)),
    }
}

/// Orders two row values for sorting: NULL first, like MySQL ascending.
pub(crate) fn sort_cmp(a: &Value, b: &Value) -> Ordering {
    use Value::*;
    match (a, b) {
        (Null, Null) => Ordering::Equal,
        (Null, _) => Ordering::Less,
        (_, Null) => Ordering::Greater,
        (Int(x), Int(y)) => x.cmp(y),
        (Time(x), Time(y)) => x.cmp(y),
        (Int(_) | Dec(_), Int(_) | Dec(_)) => {
            num(a).partial_cmp(&num(b)).unwrap_or(Ordering::Equal)
        }
        _ => text_cmp(
            &a.as_text().unwrap_or_default(),
            &b.as_text().unwrap_or_default(),
        ),
    }
}

fn num(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Dec(d) => *d,
        _ => 0.0,
    }
}

/// Case-insensitive comparison, as with a `_ci` collation.
pub(crate) fn text_cmp(a: &str, b: &str) -> Ordering {
    let a = a.bytes().map(|c| c.to_ascii_lowercase());
    let b = b.bytes().map(|c| c.to_ascii_lowercase());
    a.cmp(b)
}

/// A condition type. Magento maps unknown (and wrongly cased) names to plain equality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Condition {
    Eq,
    Neq,
    Gt,
    Gteq,
    Lt,
    Lteq,
    Like,
    Nlike,
    In,
    Nin,
    Null,
    Notnull,
    Finset,
    Nfinset,
}

impl Condition {
    pub fn parse(s: Option<&str>) -> Self {
        match s.unwrap_or("eq") {
            "neq" => Condition::Neq,
            "gt" => Condition::Gt,
            "gteq" | "moreq" | "from" => Condition::Gteq,
            "lt" => Condition::Lt,
            "lteq" | "to" => Condition::Lteq,
            "like" => Condition::Like,
            "nlike" => Condition::Nlike,
            "in" => Condition::In,
            "nin" => Condition::Nin,
            "null" => Condition::Null,
            "notnull" => Condition::Notnull,
            "finset" => Condition::Finset,
            "nfinset" => Condition::Nfinset,
            _ => Condition::Eq,
        }
    }
}

/// One parsed filter: `field <condition> value`.
#[derive(Debug, Clone)]
pub(crate) struct Filter {
    pub field: String,
    pub condition: Condition,
    pub operand: Operand,
    /// The comma-separated values of `in` / `nin`.
    pub list: Vec<Operand>,
}

impl Filter {
    pub fn new(field: &str, condition: Condition, value: &str) -> Self {
        let list = match condition {
            Condition::In | Condition::Nin => value.split(',').map(Operand::new).collect(),
            _ => Vec::new(),
        };
        Filter {
            field: field.to_string(),
            condition,
            operand: Operand::new(value),
            list,
        }
    }

    /// Whether a row whose `field` holds `v` passes.
    pub fn matches(&self, v: &Value) -> bool {
        let eq = |op: &Operand| compare(v, op) == Some(Ordering::Equal);
        match self.condition {
            Condition::Null => *v == Value::Null,
            Condition::Notnull => *v != Value::Null,
            _ if *v == Value::Null => false,
            Condition::Eq => eq(&self.operand),
            Condition::Neq => !eq(&self.operand),
            Condition::Gt => compare(v, &self.operand) == Some(Ordering::Greater),
            Condition::Gteq => compare(v, &self.operand) != Some(Ordering::Less),
            Condition::Lt => compare(v, &self.operand) == Some(Ordering::Less),
            Condition::Lteq => compare(v, &self.operand) != Some(Ordering::Greater),
            Condition::In => self.list.iter().any(eq),
            Condition::Nin => !self.list.iter().any(eq),
            Condition::Like => like(v, &self.operand.raw),
            Condition::Nlike => !like(v, &self.operand.raw),
            Condition::Finset => finset(v, &self.operand.raw),
            Condition::Nfinset => !finset(v, &self.operand.raw),
        }
    }
}

fn like(v: &Value, pattern: &str) -> bool {
    let Some(text) = v.as_text() else {
        return false;
    };
    let t: Vec<u8> = text.bytes().map(|c| c.to_ascii_lowercase()).collect();
    let p: Vec<u8> = pattern.bytes().map(|c| c.to_ascii_lowercase()).collect();
    like_match(&t, &p)
}

/// SQL LIKE: `%` any run, `_` one character, `\` escapes. Iterative with backtracking to
/// the last `%`, so it stays linear-ish on long values.
fn like_match(text: &[u8], pat: &[u8]) -> bool {
    let (mut t, mut p) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pat.len() {
            match pat[p] {
                b'%' => {
                    star = Some((p, t));
                    p += 1;
                    continue;
                }
                b'\\' if p + 1 < pat.len() && pat[p + 1] == text[t] => {
                    p += 2;
                    t += 1;
                    continue;
                }
                b'_' => {
                    // `_` is one character: skip a whole UTF-8 sequence.
                    t += utf8_len(text[t]);
                    p += 1;
                    continue;
                }
                c if c != b'\\' && c == text[t] => {
                    p += 1;
                    t += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, st)) => {
                p = sp + 1;
                t = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    pat[p..].iter().all(|c| *c == b'%')
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

fn finset(v: &Value, needle: &str) -> bool {
    v.as_text().is_some_and(|s| {
        s.split(',')
            .any(|part| text_cmp(part, needle) == Ordering::Equal)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(cond: &str, value: &str) -> Filter {
        Filter::new("x", Condition::parse(Some(cond)), value)
    }

    #[test]
    fn numbers_compare_numerically_text_case_insensitively() {
        assert!(f("gt", "9").matches(&Value::Int(10)));
        assert!(f("eq", "10.0").matches(&Value::Int(10)));
        assert!(f("eq", "sku-000001").matches(&Value::text("SKU-000001")));
        assert!(f("lt", "SKU-000010").matches(&Value::text("SKU-000009")));
        assert!(!f("eq", "42").matches(&Value::text("000000042")));
    }

    #[test]
    fn dates_compare_as_times() {
        let t = parse_datetime("2026-03-01 10:00:00").unwrap();
        assert!(f("gteq", "2026-03-01").matches(&Value::Time(t)));
        assert!(f("lt", "2026-03-01 10:00:01").matches(&Value::Time(t)));
        assert!(f("from", "2026-03-01T10:00:00Z").matches(&Value::Time(t)));
    }

    #[test]
    fn null_semantics_and_lists() {
        assert!(!f("neq", "a").matches(&Value::Null));
        assert!(f("null", "").matches(&Value::Null));
        assert!(f("notnull", "").matches(&Value::Int(0)));
        assert!(f("in", "1,2,3").matches(&Value::Int(2)));
        assert!(f("nin", "1, 2").matches(&Value::Int(5)));
        assert!(!f("nin", "1, 2").matches(&Value::Int(2)));
        assert!(f("finset", "b").matches(&Value::text("a,b,c")));
        // Unknown or wrongly cased condition types are equality in Magento.
        assert!(f("GT", "5").matches(&Value::Int(5)));
    }

    #[test]
    fn like_patterns() {
        assert!(f("like", "SKU-0001%").matches(&Value::text("sku-000123")));
        assert!(f("like", "%tee%").matches(&Value::text("Radiant Tee-M")));
        assert!(f("like", "a_c").matches(&Value::text("abc")));
        assert!(!f("like", "a_c").matches(&Value::text("abbc")));
        assert!(f("like", "50\\%").matches(&Value::text("50%")));
        assert!(f("nlike", "x%").matches(&Value::text("abc")));
        assert!(f("like", "%").matches(&Value::text("")));
    }
}
