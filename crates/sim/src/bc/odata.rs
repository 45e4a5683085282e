//! OData query options and server-driven paging, the way Business Central serves collections.
//!
//! - `$filter` ([`super::filter`]), `$select`, `$expand` (with a nested `$select`), `$top`,
//!   `$skip`, `$count=true`, `$orderby` on the collection's natural key only (ascending);
//! - `Prefer: odata.maxpagesize=N` (at most 20,000, the default) answered with
//!   `Preference-Applied`;
//! - `@odata.nextLink` carries `$skiptoken` = the key of the last entity sent, so paging
//!   resumes after that entity: rows changed (or added) during a read are neither skipped
//!   nor doubled. `$top` suppresses the next link (as Business Central does, microsoft/AL#6858).
//!
//! Tables are position-addressed: rows live at positions `0..end()` in the collection's
//! natural order, some positions hold no row, and filters are evaluated row by row (tables
//! narrow the positions for key equalities).

use std::ops::Range;

use axum::http::HeaderMap;

use super::errors::BcError;
use super::filter::{Expr, FValue, PropType};
use super::record::Record;
use crate::search::query_pairs;

/// The largest page Business Central online serves, and the default.
pub(crate) const MAX_PAGE_SIZE: u64 = 20_000;

/// The properties and navigation properties of an entity type.
#[derive(Debug)]
pub(crate) struct Schema {
    /// The `$metadata` type name (`salesOrder`).
    pub entity_type: &'static str,
    pub props: &'static [(&'static str, PropType)],
    pub navs: &'static [(&'static str, &'static Schema)],
}

impl Schema {
    pub fn prop(&self, name: &str) -> Option<PropType> {
        self.props.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    pub fn nav(&self, name: &str) -> Option<&'static Schema> {
        self.navs.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
    }
}

/// One `$expand` item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expand {
    pub name: String,
    pub select: Option<Vec<String>>,
}

/// The parsed query options of one request.
#[derive(Debug, Clone, Default)]
pub(crate) struct Query {
    pub filter: Option<Expr>,
    pub select: Option<Vec<String>>,
    pub expand: Vec<Expand>,
    pub top: Option<u64>,
    pub skip: u64,
    pub count: bool,
    pub skiptoken: Option<String>,
    /// The raw query string without `$skiptoken` and `$skip`, for the next link.
    pub carry: String,
}

impl Query {
    /// Parses the options a collection or entity request carries, against `schema`.
    pub fn parse(raw: &str, schema: &Schema, order_keys: &[&str]) -> Result<Query, BcError> {
        let mut q = Query::default();
        for (key, value) in query_pairs(raw) {
            match key.as_str() {
                "$filter" => q.filter = Some(Expr::parse(&value, schema)?),
                "$select" => q.select = Some(select(&value, schema)?),
                "$expand" => q.expand = expand(&value, schema)?,
                "$top" => q.top = Some(number("$top", &value)?),
                "$skip" => q.skip = number("$skip", &value)?,
                "$count" => q.count = value.eq_ignore_ascii_case("true"),
                "$skiptoken" => q.skiptoken = Some(value),
                "$orderby" => orderby(&value, schema, order_keys)?,
                "$format" | "company" | "tenant" | "aid" => {}
                k if k.starts_with('$') => {
                    return Err(BcError::bad_request(format!(
                        "The query parameter '{k}' is not supported."
                    )));
                }
                _ => {}
            }
        }
        q.carry = raw
            .split('&')
            .filter(|p| {
                let k = p.split('=').next().unwrap_or_default().replace("%24", "$");
                !p.is_empty() && k != "$skiptoken" && k != "$skip"
            })
            .collect::<Vec<_>>()
            .join("&");
        Ok(q)
    }

    pub fn expands(&self, name: &str) -> bool {
        self.expand.iter().any(|e| e.name == name)
    }
}

fn number(name: &str, value: &str) -> Result<u64, BcError> {
    value.trim().parse().map_err(|_| {
        BcError::bad_request(format!(
            "Invalid value '{value}' for the {name} query option."
        ))
    })
}

fn select(value: &str, schema: &Schema) -> Result<Vec<String>, BcError> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|name| {
            if schema.prop(name).is_some() || schema.nav(name).is_some() {
                Ok(name.to_string())
            } else {
                Err(BcError::no_property(name, schema.entity_type))
            }
        })
        .collect()
}

/// `salesOrderLines`, `salesOrderLines($select=a,b)`, several separated by commas.
fn expand(value: &str, schema: &Schema) -> Result<Vec<Expand>, BcError> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in value.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&value[start..]);
    items
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| {
            let (name, options) = match item.split_once('(') {
                Some((n, rest)) => (n.trim(), Some(rest.trim_end_matches(')'))),
                None => (item, None),
            };
            let nav = schema
                .nav(name)
                .ok_or_else(|| BcError::no_property(name, schema.entity_type))?;
            let mut select_list = None;
            for option in options.into_iter().flat_map(|o| o.split(';')) {
                match option.split_once('=') {
                    Some(("$select", v)) => select_list = Some(select(v, nav)?),
                    _ if option.trim().is_empty() => {}
                    _ => {
                        return Err(BcError::bad_request(format!(
                            "The simulator supports only $select inside $expand (got '{option}')."
                        )));
                    }
                }
            }
            Ok(Expand {
                name: name.to_string(),
                select: select_list,
            })
        })
        .collect()
}

/// Only the natural order is served (it is what paging by key needs); say so otherwise.
fn orderby(value: &str, schema: &Schema, order_keys: &[&str]) -> Result<(), BcError> {
    for part in value.split(',') {
        let mut words = part.split_whitespace();
        let field = words.next().unwrap_or_default();
        let dir = words.next().unwrap_or("asc");
        if schema.prop(field).is_none() {
            return Err(BcError::no_property(field, schema.entity_type));
        }
        if !order_keys.contains(&field) || !dir.eq_ignore_ascii_case("asc") {
            return Err(BcError::bad_request(format!(
                "The simulator orders {} only by {} ascending (got '{value}').",
                schema.entity_type,
                order_keys.join(", ")
            )));
        }
    }
    Ok(())
}

/// The page size a request asks for with `Prefer: odata.maxpagesize=N`, capped at 20,000.
pub(crate) fn max_page_size(headers: &HeaderMap) -> Option<u64> {
    headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split([',', ';']))
        .find_map(|p| {
            let (k, v) = p.split_once('=')?;
            (k.trim().eq_ignore_ascii_case("odata.maxpagesize"))
                .then(|| v.trim().parse::<u64>().ok())
                .flatten()
        })
        .filter(|n| *n > 0)
        .map(|n| n.min(MAX_PAGE_SIZE))
}

/// One range of positions, as [`Table::candidates`] returns them.
pub(crate) fn span(r: Range<u64>) -> Vec<Range<u64>> {
    std::iter::once(r).collect()
}

/// A position-addressed collection.
pub(crate) trait Table: Sync {
    fn schema(&self) -> &'static Schema;
    /// Properties `$orderby` may name (the natural order).
    fn order_keys(&self) -> &'static [&'static str];
    /// One past the last position.
    fn end(&self) -> u64;
    /// The positions that can hold rows matching `filter` (all by default), ascending.
    fn candidates(&self, _filter: Option<&Expr>) -> Vec<Range<u64>> {
        span(0..self.end())
    }
    /// Whether a row lives at `pos`.
    fn exists(&self, pos: u64) -> bool;
    /// A property computed without building the record, when cheap.
    fn quick(&self, _pos: u64, _field: &str) -> Option<FValue> {
        None
    }
    /// The row at `pos` (which exists), with the navigation properties `query` expands.
    fn record(&self, pos: u64, query: &Query) -> Record;
    /// The `$skiptoken` naming the row at `pos`.
    fn skiptoken(&self, pos: u64) -> String;
    /// The position a `$skiptoken` names.
    fn resume(&self, token: &str) -> Option<u64>;
}

/// Whether the row at `pos` satisfies the filter.
pub(crate) fn matches<T: Table + ?Sized>(t: &T, pos: u64, filter: Option<&Expr>) -> bool {
    let Some(filter) = filter else {
        return t.exists(pos);
    };
    if !t.exists(pos) {
        return false;
    }
    let mut record: Option<Record> = None;
    filter.matches(&mut |field| {
        if let Some(v) = t.quick(pos, field) {
            return v;
        }
        let r = record.get_or_insert_with(|| t.record(pos, &Query::default()));
        r.get(field).map_or(FValue::Null, |f| f.value())
    })
}

/// One page of a collection.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub rows: Vec<u64>,
    /// The last row sent, when more rows follow and a next link is due.
    pub next_after: Option<u64>,
    /// 1-based number of this page at this page size (for the malformed-page fault).
    pub number: u64,
    pub count: Option<u64>,
}

/// Selects the rows of one page: after the `$skiptoken` row, `$skip` rows skipped, at most
/// `$top` or the page size.
pub(crate) fn page<T: Table + ?Sized>(
    t: &T,
    q: &Query,
    page_size: u64,
    number_pages: bool,
) -> Result<Page, BcError> {
    let start = match &q.skiptoken {
        Some(token) => {
            t.resume(token).ok_or_else(|| {
                BcError::bad_request(format!("The skip token '{token}' is not valid."))
            })? + 1
        }
        None => 0,
    };
    let filter = q.filter.as_ref();
    let ranges = t.candidates(filter);
    let limit = q.top.map_or(page_size, |top| top.min(page_size));
    let mut page = Page {
        number: 1,
        ..Page::default()
    };
    let mut skipped = 0;
    let mut before = 0;
    'scan: for range in &ranges {
        // Rows before the resume point are visited only to number the page.
        let from = if number_pages {
            range.start
        } else {
            range.start.max(start)
        };
        for pos in from..range.end {
            if !matches(t, pos, filter) {
                continue;
            }
            if pos < start {
                before += 1;
                continue;
            }
            if skipped < q.skip {
                skipped += 1;
                continue;
            }
            if page.rows.len() as u64 == limit {
                if q.top.is_none() {
                    page.next_after = page.rows.last().copied();
                }
                break 'scan;
            }
            page.rows.push(pos);
        }
    }
    if number_pages && page_size > 0 {
        page.number = before / page_size + 1;
    }
    if q.count {
        page.count = Some(
            ranges
                .iter()
                .flat_map(|r| r.start..r.end)
                .filter(|p| matches(t, *p, filter))
                .count() as u64,
        );
    }
    Ok(page)
}

/// Percent-encodes a skip token for the next link.
pub(crate) fn encode_token(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    for b in token.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'\'' | b',' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
