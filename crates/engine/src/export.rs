//! The one CSV export of mismatches: `driftwatch mismatches --csv` and the app's Export
//! button write the same columns, the same way.
//!
//! Columns are stable lower-case names and values are the stored words (`missing_in_erp`,
//! `open`): a spreadsheet filters on them and a script reads them. The key is given whole
//! and in its parts (SKU, source, ERP location, price list, ...), so a SKU holding `@` stays intact.
//! RFC 4180 quoting; a cell that a spreadsheet would run as a formula (starting with `=`,
//! `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, unless it is a plain
//! number such as `-5.00`, which must stay a number (CSV injection).

use std::path::Path;

use model::MismatchKey;

use crate::error::Result;
use crate::lock::open_store_shared;
use crate::mismatches::MismatchView;

pub const MISMATCH_COLUMNS: [&str; 22] = [
    "id",
    "entity",
    "kind",
    "key",
    "sku",
    "source",
    "location",
    "price_list",
    "customer_group",
    "min_qty",
    "magento",
    "erp",
    "delta",
    "value_at_risk",
    "currency",
    "first_seen",
    "last_seen",
    "age_days",
    "occurrences",
    "state",
    "note",
    "actor",
];

/// The CSV of `rows`, header first, every line ending in CRLF.
pub fn mismatches_csv(rows: &[MismatchView]) -> String {
    let mut out = line(MISMATCH_COLUMNS.iter().map(|c| c.to_string()));
    for row in rows {
        out.push_str(&line(cells(row)));
    }
    out
}

/// The CSV of the mismatches with these ids, in this order (the rows a screen shows).
pub fn mismatches_csv_of(data_dir: &Path, ids: &[i64]) -> Result<String> {
    let store = open_store_shared(data_dir)?;
    let now = chrono::Utc::now();
    let mut rows = Vec::with_capacity(ids.len());
    for &id in ids {
        let record = store
            .mismatch(id)?
            .ok_or(store::Error::UnknownMismatch { id })?;
        rows.push(MismatchView::new(record, now));
    }
    Ok(mismatches_csv(&rows))
}

fn cells(v: &MismatchView) -> [String; 22] {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let num = |o: Option<model::Decimal>| o.map(|d| d.normalize().to_string()).unwrap_or_default();
    let parts = KeyCells::of(&v.key_parts);
    [
        v.id.to_string(),
        v.entity.to_string(),
        v.kind.to_string(),
        v.key.clone(),
        parts.sku,
        parts.source,
        parts.location,
        parts.price_list,
        parts.customer_group,
        parts.min_qty,
        opt(&v.magento),
        opt(&v.erp),
        num(v.delta),
        num(v.value_at_risk),
        opt(&v.currency),
        v.first_seen.to_rfc3339(),
        v.last_seen.to_rfc3339(),
        v.age_days.to_string(),
        v.occurrences.to_string(),
        v.state.to_string(),
        opt(&v.note),
        opt(&v.actor),
    ]
}

/// The key's parts, one cell each; a part the key does not have stays empty.
#[derive(Default)]
struct KeyCells {
    sku: String,
    source: String,
    location: String,
    price_list: String,
    customer_group: String,
    min_qty: String,
}

impl KeyCells {
    fn of(key: &MismatchKey) -> Self {
        match key {
            MismatchKey::Order { .. } => Self::default(),
            MismatchKey::Stock { sku, source } => Self {
                sku: sku.clone(),
                source: source.clone(),
                ..Self::default()
            },
            MismatchKey::Place {
                system: model::System::Magento,
                code,
            } => Self {
                source: code.clone(),
                ..Self::default()
            },
            MismatchKey::Place {
                system: model::System::Erp,
                code,
            } => Self {
                location: code.clone(),
                ..Self::default()
            },
            MismatchKey::Price { sku, point } => Self {
                sku: sku.clone(),
                price_list: point.as_ref().map(|p| p.list.clone()).unwrap_or_default(),
                customer_group: point
                    .as_ref()
                    .map(|p| p.customer_group.to_string())
                    .unwrap_or_default(),
                min_qty: point
                    .as_ref()
                    .map(|p| p.qty.normalize().to_string())
                    .unwrap_or_default(),
                ..Self::default()
            },
        }
    }
}

fn line(cells: impl IntoIterator<Item = String>) -> String {
    let mut out = cells
        .into_iter()
        .map(|c| cell(&c))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

fn cell(text: &str) -> String {
    let runs_as_formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let text = if runs_as_formula && !is_plain_number(text) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// `-5`, `+1.50`: a sign, digits, optionally a point and digits (never `-1e5` or `-inf`).
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{MismatchEntity, MismatchKind, MismatchState, PricePoint};

    fn view(key: MismatchKey) -> MismatchView {
        MismatchView {
            id: 7,
            entity: key.entity(),
            kind: MismatchKind::TierPriceMismatch,
            key: key.to_string(),
            key_parts: key,
            magento: Some("10, \"ten\" USD".into()),
            erp: Some("=HYPERLINK(\"x\")".into()),
            delta: Some("-1.50".parse().unwrap()),
            value_at_risk: Some("1.5".parse().unwrap()),
            currency: Some("USD".into()),
            first_seen: "2026-03-01T00:00:00Z".parse().unwrap(),
            last_seen: "2026-03-02T00:00:00Z".parse().unwrap(),
            age_days: 1,
            occurrences: 2,
            state: MismatchState::Acknowledged,
            note: Some("-sent by hand".into()),
            actor: Some("anna".into()),
        }
    }

    #[test]
    fn cells_are_quoted_formulas_defused_and_numbers_kept() {
        let point = PricePoint {
            list: "B2B".into(),
            customer_group: 2,
            qty: "10.000".parse().unwrap(),
        };
        let text = mismatches_csv(&[view(MismatchKey::price_point("A@1", point))]);
        let mut lines = text.split("\r\n");
        assert_eq!(lines.next().unwrap(), MISMATCH_COLUMNS.join(","));
        assert_eq!(
            lines.next().unwrap(),
            "7,price,tier_price_mismatch,A@1@B2B/2/10,A@1,,,B2B,2,10,\"10, \"\"ten\"\" USD\",\
             \"'=HYPERLINK(\"\"x\"\")\",-1.5,1.5,USD,2026-03-01T00:00:00+00:00,\
             2026-03-02T00:00:00+00:00,1,2,acknowledged,'-sent by hand,anna"
        );
        assert_eq!(lines.next(), Some(""));
        assert_eq!(
            view(MismatchKey::stock("S", "eu")).entity,
            MismatchEntity::Stock
        );
    }

    #[test]
    fn only_plain_numbers_escape_the_formula_guard() {
        for number in ["-5", "+1.50", "-0.01"] {
            assert_eq!(cell(number), number);
        }
        for formula in ["-1e5", "-inf", "+A1", "-", "@SUM(A1)", "\tx", "-1.", "-.5"] {
            assert!(
                cell(formula).trim_matches('"').starts_with('\''),
                "{formula}"
            );
        }
    }
}
