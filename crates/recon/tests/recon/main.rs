//! Reconciliation on small hand-made snapshots: every kind, the tolerances and the edges.

mod orders;
mod prices;
mod stock;

use chrono::{DateTime, Utc};
use model::config::Mapping;
use model::{Finding, ProductPrice, ReconConfig};
use recon::Rules;
use rust_decimal::Decimal;

pub fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

pub fn rules<'a>(recon: &'a ReconConfig, mapping: &'a Mapping) -> Rules<'a> {
    Rules { recon, mapping }
}

/// `kind key` lines, sorted: what a person would check against the injected drift.
pub fn found(findings: &[Finding]) -> Vec<String> {
    let mut v: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {}", f.kind, f.key))
        .collect();
    v.sort();
    v
}

/// A product with a base price only, last changed 1 March 2026.
pub fn product(sku: &str, price: &str) -> ProductPrice {
    ProductPrice {
        sku: sku.into(),
        product_id: 1,
        price: Some(d(price)),
        special_price: None,
        special_from: None,
        special_to: None,
        tier_prices: vec![],
        updated_at: at("2026-03-01T00:00:00Z"),
    }
}
