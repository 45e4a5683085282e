//! `$filter`: a parser and evaluator for the OData subset integrations use against Business
//! Central: `eq ne gt ge lt le`, `and`, `or`, `not`, parentheses, and `contains`,
//! `startswith`, `endswith` on strings. Literals: `'text'` (`''` escapes a quote), numbers,
//! `true`/`false`/`null`, dates `2026-01-31`, date-times `2026-01-31T10:00:00Z` (any offset),
//! GUIDs, and enum literals either as `'In Review'`, `'In_x0020_Review'` or
//! `Microsoft.NAV.type'Open'`.
//!
//! Properties and literal types are checked against the entity's [`Schema`] when parsing, so
//! evaluation cannot fail. Text comparisons ignore case, as Business Central's SQL collation
//! does.

use chrono::{DateTime, NaiveDate};

use super::errors::BcError;
use super::odata::Schema;

/// The type of a property, as far as filters care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PropType {
    Str,
    Enum,
    Guid,
    Num,
    Bool,
    Date,
    DateTime,
}

impl PropType {
    fn edm(self) -> &'static str {
        match self {
            PropType::Str | PropType::Enum => "Edm.String",
            PropType::Guid => "Edm.Guid",
            PropType::Num => "Edm.Decimal",
            PropType::Bool => "Edm.Boolean",
            PropType::Date => "Edm.Date",
            PropType::DateTime => "Edm.DateTimeOffset",
        }
    }
}

/// A value filters compare.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FValue {
    Str(String),
    Num(f64),
    /// Unix milliseconds (dates at midnight UTC).
    Time(i64),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Contains,
    StartsWith,
    EndsWith,
}

/// A parsed `$filter`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Cmp {
        field: String,
        op: Op,
        value: FValue,
    },
    Func {
        func: Func,
        field: String,
        text: String,
    },
}

impl Expr {
    pub fn parse(text: &str, schema: &Schema) -> Result<Expr, BcError> {
        let tokens = tokenize(text)?;
        let mut p = Parser {
            tokens,
            at: 0,
            text,
            schema,
        };
        let e = p.or_expr()?;
        if p.at < p.tokens.len() {
            return Err(p.syntax());
        }
        Ok(e)
    }

    /// Evaluates the filter; `get` returns the value of a property of the row.
    pub fn matches(&self, get: &mut dyn FnMut(&str) -> FValue) -> bool {
        match self {
            Expr::And(a, b) => a.matches(get) && b.matches(get),
            Expr::Or(a, b) => a.matches(get) || b.matches(get),
            Expr::Not(a) => !a.matches(get),
            Expr::Cmp { field, op, value } => compare(&get(field), *op, value),
            Expr::Func { func, field, text } => {
                let FValue::Str(s) = get(field) else {
                    return false;
                };
                let (s, t) = (fold(&s), fold(text));
                match func {
                    Func::Contains => s.contains(&t),
                    Func::StartsWith => s.starts_with(&t),
                    Func::EndsWith => s.ends_with(&t),
                }
            }
        }
    }

    /// The text a property must equal for the whole filter to hold (an `eq` at the top or
    /// inside a chain of `and`s): lets tables jump to the matching keys.
    pub fn required_eq(&self, field: &str) -> Option<&str> {
        match self {
            Expr::Cmp {
                field: f,
                op: Op::Eq,
                value: FValue::Str(s),
            } if f == field => Some(s),
            Expr::And(a, b) => a.required_eq(field).or_else(|| b.required_eq(field)),
            _ => None,
        }
    }

    /// The texts of which a property must equal one for the whole filter to hold: an `eq`, an
    /// `or` chain of `eq`s on that property (how clients ask for a list of keys), or either
    /// inside a chain of `and`s. Lets tables jump to the matching keys.
    pub fn required_any_eq(&self, field: &str) -> Option<Vec<&str>> {
        match self {
            Expr::Cmp {
                field: f,
                op: Op::Eq,
                value: FValue::Str(s),
            } if f == field => Some(vec![s.as_str()]),
            Expr::Or(a, b) => {
                let mut texts = a.required_any_eq(field)?;
                texts.extend(b.required_any_eq(field)?);
                Some(texts)
            }
            Expr::And(a, b) => a
                .required_any_eq(field)
                .or_else(|| b.required_any_eq(field)),
            _ => None,
        }
    }
}

/// Case-folded text with enum encodings (`_x0020_`) decoded.
fn fold(s: &str) -> String {
    s.replace("_x0020_", " ")
        .replace("_x002E_", ".")
        .replace("_x002F_", "/")
        .to_lowercase()
}

fn compare(field: &FValue, op: Op, lit: &FValue) -> bool {
    let ord = match (field, lit) {
        (FValue::Str(a), FValue::Str(b)) => fold(a).cmp(&fold(b)),
        (FValue::Num(a), FValue::Num(b)) => match a.partial_cmp(b) {
            Some(o) => o,
            None => return false,
        },
        (FValue::Time(a), FValue::Time(b)) => a.cmp(b),
        (FValue::Bool(a), FValue::Bool(b)) => a.cmp(b),
        (FValue::Null, FValue::Null) => std::cmp::Ordering::Equal,
        (_, FValue::Null) | (FValue::Null, _) => return op == Op::Ne,
        _ => return false,
    };
    use std::cmp::Ordering::*;
    match op {
        Op::Eq => ord == Equal,
        Op::Ne => ord != Equal,
        Op::Gt => ord == Greater,
        Op::Ge => ord != Less,
        Op::Lt => ord == Less,
        Op::Le => ord != Greater,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    /// A bare literal: number, date, date-time or GUID.
    Bare(String),
    Open,
    Close,
    Comma,
}

fn tokenize(text: &str) -> Result<Vec<(usize, Tok)>, BcError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let syntax =
        |at: usize| BcError::bad_request(format!("Syntax error at position {at} in '{text}'."));
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        match c {
            ' ' | '\t' => i += 1,
            '(' => {
                out.push((start, Tok::Open));
                i += 1;
            }
            ')' => {
                out.push((start, Tok::Close));
                i += 1;
            }
            ',' => {
                out.push((start, Tok::Comma));
                i += 1;
            }
            '\'' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(syntax(start)),
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            s.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(ch) => {
                            s.push(*ch);
                            i += 1;
                        }
                    }
                }
                out.push((start, Tok::Str(s)));
            }
            c if c.is_ascii_digit() || c == '-' => {
                loop {
                    match chars.get(i) {
                        Some(ch)
                            if ch.is_ascii_alphanumeric()
                                || matches!(ch, '-' | ':' | '.' | '+') =>
                        {
                            i += 1
                        }
                        // `...T10:00:00 01:00`: a `+` offset that form decoding turned into a space.
                        Some(' ')
                            if chars[start..i].contains(&'T')
                                && chars.get(i + 3) == Some(&':')
                                && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) =>
                        {
                            i += 1
                        }
                        _ => break,
                    }
                }
                out.push((start, Tok::Bare(chars[start..i].iter().collect())));
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '_' | '.' | '/'))
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                // `Microsoft.NAV.someEnum'Open'`: the qualified enum literal is its text.
                if chars.get(i) == Some(&'\'') && word.contains('.') {
                    continue;
                }
                // A GUID that starts with a letter.
                if chars.get(i) == Some(&'-') && word.len() == 8 {
                    while i < chars.len() && (chars[i].is_ascii_hexdigit() || chars[i] == '-') {
                        i += 1;
                    }
                    out.push((start, Tok::Bare(chars[start..i].iter().collect())));
                    continue;
                }
                out.push((start, Tok::Ident(word)));
            }
            _ => return Err(syntax(start)),
        }
    }
    Ok(out)
}

struct Parser<'a> {
    tokens: Vec<(usize, Tok)>,
    at: usize,
    text: &'a str,
    schema: &'a Schema,
}

impl Parser<'_> {
    fn syntax(&self) -> BcError {
        let pos = self
            .tokens
            .get(self.at)
            .map_or(self.text.len(), |(p, _)| *p);
        BcError::bad_request(format!(
            "Syntax error at position {pos} in '{}'.",
            self.text
        ))
    }

    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at).map(|(_, t)| t)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.tokens.get(self.at).map(|(_, t)| t.clone());
        self.at += 1;
        t
    }

    fn keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Ident(w)) if w.eq_ignore_ascii_case(word)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn or_expr(&mut self) -> Result<Expr, BcError> {
        let mut e = self.and_expr()?;
        while self.keyword("or") {
            e = Expr::Or(Box::new(e), Box::new(self.and_expr()?));
        }
        Ok(e)
    }

    fn and_expr(&mut self) -> Result<Expr, BcError> {
        let mut e = self.unary()?;
        while self.keyword("and") {
            e = Expr::And(Box::new(e), Box::new(self.unary()?));
        }
        Ok(e)
    }

    fn unary(&mut self) -> Result<Expr, BcError> {
        if self.keyword("not") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.peek() == Some(&Tok::Open) {
            self.at += 1;
            let e = self.or_expr()?;
            if self.next() != Some(Tok::Close) {
                self.at -= 1;
                return Err(self.syntax());
            }
            return Ok(e);
        }
        let Some(Tok::Ident(name)) = self.next() else {
            self.at -= 1;
            return Err(self.syntax());
        };
        let func = match name.to_ascii_lowercase().as_str() {
            "contains" => Some(Func::Contains),
            "startswith" => Some(Func::StartsWith),
            "endswith" => Some(Func::EndsWith),
            _ => None,
        };
        if let Some(func) = func.filter(|_| self.peek() == Some(&Tok::Open)) {
            self.at += 1;
            let Some(Tok::Ident(field)) = self.next() else {
                self.at -= 1;
                return Err(self.syntax());
            };
            self.property(&field)?;
            let (Some(Tok::Comma), Some(Tok::Str(text)), Some(Tok::Close)) =
                (self.next(), self.next(), self.next())
            else {
                self.at -= 1;
                return Err(self.syntax());
            };
            return Ok(Expr::Func { func, field, text });
        }
        let ty = self.property(&name)?;
        let op = match self.next() {
            Some(Tok::Ident(w)) => match w.to_ascii_lowercase().as_str() {
                "eq" => Op::Eq,
                "ne" => Op::Ne,
                "gt" => Op::Gt,
                "ge" => Op::Ge,
                "lt" => Op::Lt,
                "le" => Op::Le,
                _ => {
                    self.at -= 1;
                    return Err(self.syntax());
                }
            },
            _ => {
                self.at -= 1;
                return Err(self.syntax());
            }
        };
        let lit = self.next();
        let value = self.literal(lit, ty, op)?;
        Ok(Expr::Cmp {
            field: name,
            op,
            value,
        })
    }

    fn property(&self, name: &str) -> Result<PropType, BcError> {
        self.schema
            .prop(name)
            .ok_or_else(|| BcError::no_property(name, self.schema.entity_type))
    }

    fn literal(&mut self, tok: Option<Tok>, ty: PropType, op: Op) -> Result<FValue, BcError> {
        let mismatch = |lit: &str| {
            let kind = match op {
                Op::Eq => "Equal",
                Op::Ne => "NotEqual",
                Op::Gt => "GreaterThan",
                Op::Ge => "GreaterThanOrEqual",
                Op::Lt => "LessThan",
                Op::Le => "LessThanOrEqual",
            };
            BcError::bad_request(format!(
                "A binary operator with incompatible types was detected. Found operand types \
                 '{}' and '{lit}' for operator kind '{kind}'.",
                ty.edm()
            ))
        };
        let value = match tok {
            Some(Tok::Ident(w)) if w.eq_ignore_ascii_case("null") => FValue::Null,
            Some(Tok::Ident(w)) if w == "true" || w == "false" => match ty {
                PropType::Bool => FValue::Bool(w == "true"),
                _ => return Err(mismatch("Edm.Boolean")),
            },
            Some(Tok::Str(s)) => match ty {
                PropType::Str | PropType::Enum | PropType::Guid => FValue::Str(s),
                _ => return Err(mismatch("Edm.String")),
            },
            Some(Tok::Bare(b)) => bare(&b, ty).ok_or_else(|| mismatch(bare_type(&b)))?,
            _ => {
                self.at -= 1;
                return Err(self.syntax());
            }
        };
        Ok(value)
    }
}

fn is_guid(b: &str) -> bool {
    b.len() == 36
        && b.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

fn bare_type(b: &str) -> &'static str {
    if is_guid(b) {
        "Edm.Guid"
    } else if b.contains('T') {
        "Edm.DateTimeOffset"
    } else if b.len() == 10 && b.as_bytes().get(4) == Some(&b'-') {
        "Edm.Date"
    } else {
        "Edm.Decimal"
    }
}

/// A bare literal read as the property's type, or `None` when it cannot be one.
fn bare(b: &str, ty: PropType) -> Option<FValue> {
    match (bare_type(b), ty) {
        ("Edm.Guid", PropType::Guid) => Some(FValue::Str(b.to_string())),
        ("Edm.DateTimeOffset", PropType::DateTime | PropType::Date) => {
            // A `+` in an offset may have arrived as a space (form decoding); put it back.
            let fixed = b.replace(' ', "+");
            DateTime::parse_from_rfc3339(&fixed)
                .ok()
                .map(|t| FValue::Time(t.timestamp_millis()))
        }
        ("Edm.Date", PropType::Date | PropType::DateTime) => {
            NaiveDate::parse_from_str(b, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| FValue::Time(t.and_utc().timestamp_millis()))
        }
        ("Edm.Decimal", PropType::Num) => b
            .trim_end_matches(['m', 'M', 'd', 'D', 'L'])
            .parse::<f64>()
            .ok()
            .map(FValue::Num),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SCHEMA: Schema = Schema {
        entity_type: "salesOrder",
        props: &[
            ("number", PropType::Str),
            ("status", PropType::Enum),
            ("total", PropType::Num),
            ("lastModifiedDateTime", PropType::DateTime),
            ("orderDate", PropType::Date),
            ("id", PropType::Guid),
        ],
        navs: &[],
    };

    fn eval(filter: &str, row: &[(&str, FValue)]) -> bool {
        let e = Expr::parse(filter, &SCHEMA).unwrap();
        e.matches(&mut |f| {
            row.iter()
                .find(|(k, _)| *k == f)
                .map(|(_, v)| v.clone())
                .unwrap_or(FValue::Null)
        })
    }

    #[test]
    fn evaluates_the_usual_filters() {
        let t = |s: &str| FValue::Time(DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis());
        let row = [
            ("number", FValue::Str("S-ORD100001".into())),
            ("status", FValue::Str("In_x0020_Review".into())),
            ("total", FValue::Num(12.5)),
            ("lastModifiedDateTime", t("2026-02-01T10:00:00.5Z")),
            ("orderDate", t("2026-02-01T00:00:00Z")),
            (
                "id",
                FValue::Str("AB000000-0000-4000-8000-000000000001".into()),
            ),
        ];
        assert!(eval("number eq 's-ord100001'", &row));
        assert!(eval(
            "lastModifiedDateTime gt 2026-02-01T10:00:00Z and total ge 12.5",
            &row
        ));
        assert!(!eval(
            "lastModifiedDateTime gt 2026-02-01T10:00:00.5Z",
            &row
        ));
        assert!(eval("status eq 'In Review' or number eq 'x'", &row));
        assert!(eval(
            "status eq Microsoft.NAV.salesOrderEntityBufferStatus'In_x0020_Review'",
            &row
        ));
        assert!(eval(
            "not (total lt 10) and startswith(number,'S-ORD')",
            &row
        ));
        assert!(eval("orderDate eq 2026-02-01", &row));
        assert!(eval("id eq ab000000-0000-4000-8000-000000000001", &row));
        assert!(eval(
            "lastModifiedDateTime gt 2026-02-01T11:00:00 01:00",
            &row
        ));
    }

    #[test]
    fn rejects_unknown_properties_types_and_syntax() {
        let msg = |f: &str| Expr::parse(f, &SCHEMA).unwrap_err().message;
        assert!(msg("nope eq 1").contains("Could not find a property named 'nope'"));
        assert!(msg("total eq 'x'").contains("incompatible types"));
        assert!(msg("number eq").contains("Syntax error"));
        assert!(msg("(number eq 'a'").contains("Syntax error"));
        let e = Expr::parse("number eq 'A' and total gt 1", &SCHEMA).unwrap();
        assert_eq!(e.required_eq("number"), Some("A"));
        assert_eq!(e.required_eq("total"), None);
        let e = Expr::parse(
            "(number eq 'A' or number eq 'B' or (number eq 'C')) and total gt 1",
            &SCHEMA,
        )
        .unwrap();
        assert_eq!(e.required_any_eq("number"), Some(vec!["A", "B", "C"]));
        assert_eq!(e.required_eq("number"), None);
        let e = Expr::parse("number eq 'A' or total gt 1", &SCHEMA).unwrap();
        assert_eq!(e.required_any_eq("number"), None);
    }
}
