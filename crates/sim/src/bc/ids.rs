//! Identifiers as Business Central prints them: GUIDs (`SystemId`), weak ETags, correlation
//! ids, and the date and time spellings of the API.
//!
//! A GUID here is a fixed prefix per (seed, kind) and the record's index in its last 12 hex
//! digits, so an id in a URL leads straight back to its record (and ids of one kind sort in
//! index order, as paging expects).

use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

use crate::dataset::{Stream, draw};

pub(crate) const ZERO_GUID: &str = "00000000-0000-0000-0000-000000000000";

/// `0001-01-01`, Business Central's empty date, in Unix seconds.
pub(crate) const EMPTY_DATE: i64 = -62_135_596_800;

/// What a GUID identifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdKind {
    Company = 1,
    SalesOrder,
    SalesInvoice,
    SalesLine,
    InvoiceLine,
    Item,
    Location,
    Customer,
    Currency,
    PaymentTerms,
    ShipmentMethod,
    UnitOfMeasure,
    TaxGroup,
    ItemCategory,
    Account,
    User,
}

const SALT_ID: u64 = 1_000;

fn prefix(seed: u64, kind: IdKind) -> String {
    // Pages format tens of ids per row: remember the last prefix of each kind per thread.
    thread_local! {
        static CACHE: std::cell::RefCell<Vec<(u64, IdKind, String)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    if let Some(p) = CACHE.with(|c| {
        c.borrow()
            .iter()
            .find(|(s, k, _)| *s == seed && *k == kind)
            .map(|(_, _, p)| p.clone())
    }) {
        return p;
    }
    let p = compute_prefix(seed, kind);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 64 {
            c.clear();
        }
        c.push((seed, kind, p.clone()));
    });
    p
}

fn compute_prefix(seed: u64, kind: IdKind) -> String {
    let h = draw(seed, Stream::Erp, kind as u64, SALT_ID);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-",
        (h >> 32) as u32,
        (h >> 16) & 0xffff,
        0x4000 | (h & 0x0fff),
        0x8000 | ((h >> 12) & 0x3fff)
    )
}

pub(crate) fn guid(seed: u64, kind: IdKind, index: u64) -> String {
    format!("{}{:012x}", prefix(seed, kind), index & 0xffff_ffff_ffff)
}

/// The index of a GUID of `kind`, accepting any case and optional braces or quotes.
pub(crate) fn parse_guid(seed: u64, kind: IdKind, s: &str) -> Option<u64> {
    let s = s.trim_matches(|c| c == '{' || c == '}' || c == '\'');
    let p = prefix(seed, kind);
    if s.len() != 36 || !s[..24].eq_ignore_ascii_case(&p) {
        return None;
    }
    u64::from_str_radix(&s[24..], 16).ok()
}

/// `W/"JzE5OzEyMzQ1Njc4OTAxMjM0NTY3ODk7MDA7Jw=="`: base64 of `'len;rowversion;00;'`, as
/// Business Central writes it; changes whenever `version` does.
pub(crate) fn etag(seed: u64, kind: IdKind, index: u64, version: i64) -> String {
    let n = draw(seed ^ version as u64, Stream::Erp, index, kind as u64);
    let digits = n.to_string();
    let raw = format!("'{};{digits};00;'", digits.len());
    format!("W/\"{}\"", B64.encode(raw))
}

static NEXT_CORRELATION: AtomicU64 = AtomicU64::new(1);

/// A fresh GUID-looking correlation id.
pub(crate) fn correlation_id() -> String {
    let n = NEXT_CORRELATION.fetch_add(1, Ordering::Relaxed);
    let a = draw(n, Stream::Erp, n, 7);
    let b = draw(a, Stream::Erp, n, 8);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48 & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

/// `2025-05-16T15:37:35.593Z`, the fraction trimmed like Business Central (`...38.5Z`).
pub(crate) fn datetime(ms: i64) -> String {
    let Some(t) = chrono::DateTime::from_timestamp_millis(ms) else {
        return "0001-01-01T00:00:00Z".to_string();
    };
    let mut s = t.format("%Y-%m-%dT%H:%M:%S").to_string();
    let frac = ms.rem_euclid(1000);
    if frac != 0 {
        let f = format!(".{frac:03}");
        s.push_str(f.trim_end_matches('0'));
    }
    s.push('Z');
    s
}

/// `YYYY-MM-DD` of Unix seconds.
pub(crate) fn date(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "0001-01-01".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_round_trip_and_etags_look_real() {
        let g = guid(42, IdKind::SalesOrder, 1234);
        assert_eq!(g.len(), 36);
        assert_eq!(parse_guid(42, IdKind::SalesOrder, &g), Some(1234));
        assert_eq!(
            parse_guid(42, IdKind::SalesOrder, &g.to_uppercase()),
            Some(1234)
        );
        assert_eq!(parse_guid(42, IdKind::Item, &g), None);
        let e = etag(42, IdKind::SalesOrder, 1, 5);
        assert!(e.starts_with("W/\"Jz") && e.ends_with("\""), "{e}");
        assert_ne!(e, etag(42, IdKind::SalesOrder, 1, 6));
        assert_ne!(correlation_id(), correlation_id());
        assert_eq!(datetime(1_747_409_855_593), "2025-05-16T15:37:35.593Z");
        assert_eq!(datetime(1_747_409_855_500), "2025-05-16T15:37:35.5Z");
        assert_eq!(datetime(1_747_409_855_000), "2025-05-16T15:37:35Z");
        assert_eq!(date(EMPTY_DATE), "0001-01-01");
    }
}
