//! Stock per source (source of truth: the ERP). Magento source items (sku, source) are aligned
//! with the ERP's quantity per (item, location) through the location and SKU mappings
//! (identity where not mapped). An ERP location that maps to no Magento source is an
//! `unmapped_location` wherever it holds stock.

use std::collections::{HashMap, HashSet};

use foldhash::fast::FixedState;
use model::erp::LocationStock;
use model::{Finding, MismatchKey, MismatchKind, SourceItem};
use polars::prelude::*;
use rust_decimal::Decimal;

use crate::frame::{Codes, flags};
use crate::scaled::{Side, for_compare};
use crate::{Compared, Outcome, Result, Rules, StockSides, align};

pub(crate) fn reconcile(sides: StockSides<'_>, rules: Rules<'_>) -> Result<Outcome> {
    let m = sides.magento;
    let sources = match sides.sources {
        Some(all) => SourceOf::new(rules, all.iter().map(String::as_str)),
        None => SourceOf::new(rules, m.iter().map(|s| s.source_code.as_str())),
    };
    let items = ItemToSku::new(rules);
    // Each side in one pass, both at once; (sku, source) becomes one integer key.
    let (magento, erp) = std::thread::scope(|s| {
        let magento = s.spawn(|| MagentoSide::build(m));
        let erp = ErpSide::build(sides.erp, &sources, &items);
        (magento.join().expect("building the Magento frame"), erp)
    });
    let MagentoSide {
        mut skus,
        sources: mut source_codes,
        sorted_keys: magento_keys,
        qty,
        status_wrong,
    } = magento;
    let sku_to = skus.absorb(erp.skus);
    let source_to = source_codes.absorb(erp.sources);
    // ERP rows whose location maps to no Magento source join nothing: they come last, alone.
    let mut erp_keys = Vec::with_capacity(erp.sku.len());
    let mut unmapped_rows = Vec::new();
    for (row, (&sku, source)) in erp.sku.iter().zip(&erp.source).enumerate() {
        match source {
            Some(src) => erp_keys.push((
                pair(sku_to[sku as usize], source_to[*src as usize]),
                row as u32,
            )),
            None => unmapped_rows.push(row as u32),
        }
    }
    let erp_keys = align::sort(erp_keys);
    let mut aligned = align::full_join(&magento_keys, &erp_keys);
    for row in unmapped_rows {
        aligned.left.push(align::NONE);
        aligned.right.push(row);
    }
    let skipped = erp.skipped;
    let (rows_m, rows_e) = (&aligned.left, &aligned.right);
    let mapped: Vec<bool> = erp.source.iter().map(Option::is_some).collect();
    let frame = DataFrame::new_infer_height(vec![
        Column::new("m".into(), align::present(rows_m)),
        Column::new("qty".into(), align::gather(&qty, rows_m, 0)),
        Column::new(
            "status_wrong".into(),
            align::gather(&status_wrong, rows_m, false),
        ),
        Column::new("e".into(), align::present(rows_e)),
        Column::new(
            "e_idx".into(),
            align::gather(&erp.e_idx, rows_e, align::NONE),
        ),
        Column::new("e_qty".into(), align::gather(&erp.qty, rows_e, 0)),
        Column::new("mapped".into(), align::gather(&mapped, rows_e, false)),
        Column::new("m_idx".into(), aligned.left),
    ])?;

    let (m_present, e_present) = (col("m"), col("e"));
    let joined = frame
        .lazy()
        .select([
            col("m_idx"),
            col("e_idx"),
            m_present
                .clone()
                .not()
                .and(col("mapped").not())
                .and(col("e_qty").neq(lit(0i64)))
                .alias("unmapped"),
            m_present
                .clone()
                .not()
                .and(col("mapped"))
                .and(col("e_qty").neq(lit(0i64)))
                .alias("missing_in_magento"),
            m_present
                .clone()
                .and(e_present.clone().not())
                .and(col("qty").neq(lit(0i64)))
                .alias("missing_in_erp"),
            m_present
                .clone()
                .and(e_present)
                .and(col("qty").neq(col("e_qty")))
                .alias("qty_differs"),
            m_present.and(col("status_wrong")).alias("status"),
        ])
        .filter(
            col("unmapped")
                .or(col("missing_in_magento"))
                .or(col("missing_in_erp"))
                .or(col("qty_differs"))
                .or(col("status")),
        )
        .collect()?;

    let (m_idx, e_idx) = (
        align::read_rows(&joined, "m_idx")?,
        align::read_rows(&joined, "e_idx")?,
    );
    let (unmapped, miss_m, miss_e, differs, status) = (
        flags(&joined, "unmapped")?,
        flags(&joined, "missing_in_magento")?,
        flags(&joined, "missing_in_erp")?,
        flags(&joined, "qty_differs")?,
        flags(&joined, "status")?,
    );
    let candidates: HashSet<&str> = m_idx
        .iter()
        .flatten()
        .map(|&i| m[i as usize].sku.as_str())
        .chain(
            e_idx
                .iter()
                .flatten()
                .map(|&i| items.sku(&sides.erp[i as usize].item_number)),
        )
        .collect();
    let prices: HashMap<&str, Decimal> = sides
        .unit_prices
        .iter()
        .filter(|p| candidates.contains(p.sku.as_str()))
        .filter_map(|p| Some((p.sku.as_str(), p.price?)))
        .collect();
    let tolerance = rules.recon.stock.qty_tolerance;
    let mut findings = Vec::new();
    for i in 0..joined.height() {
        let mi = m_idx[i].map(|k| &m[k as usize]);
        let ei = e_idx[i].map(|k| &sides.erp[k as usize]);
        let risk =
            |sku: &str, delta: Decimal| prices.get(sku).map(|p| (p * delta.abs()).normalize());
        let finding = |kind,
                       key: MismatchKey,
                       magento: Option<String>,
                       erp: Option<String>,
                       delta: Option<Decimal>,
                       sku: &str| {
            let value_at_risk = delta.and_then(|d| risk(sku, d));
            Finding {
                kind,
                key,
                magento,
                erp,
                delta,
                currency: value_at_risk.and(sides.price_currency).map(str::to_owned),
                value_at_risk,
            }
        };
        if let Some(e) = ei.filter(|_| unmapped[i] || miss_m[i]) {
            let sku = items.sku(&e.item_number);
            let location = e.location_code.as_deref().unwrap_or_default();
            let (kind, key) = if unmapped[i] {
                (
                    MismatchKind::UnmappedLocation,
                    MismatchKey::stock(sku, location),
                )
            } else {
                let source = sources.source(location).unwrap_or(location);
                (
                    MismatchKind::MissingInMagento,
                    MismatchKey::stock(sku, source),
                )
            };
            findings.push(finding(
                kind,
                key,
                None,
                Some(qty_text(e.quantity, Some(location))),
                Some(e.quantity),
                sku,
            ));
        }
        let Some(s) = mi else { continue };
        let key = MismatchKey::stock(&s.sku, &s.source_code);
        if miss_e[i] {
            findings.push(finding(
                MismatchKind::MissingInErp,
                key.clone(),
                Some(qty_text(s.quantity, None)),
                None,
                Some(-s.quantity),
                &s.sku,
            ));
        }
        if let Some(e) = ei.filter(|_| differs[i])
            && !tolerance.accepts(e.quantity, s.quantity)
        {
            findings.push(finding(
                MismatchKind::QtyMismatch,
                key.clone(),
                Some(qty_text(s.quantity, None)),
                Some(qty_text(e.quantity, e.location_code.as_deref())),
                Some(e.quantity - s.quantity),
                &s.sku,
            ));
        }
        if status[i] {
            let said = if s.in_stock {
                "in stock"
            } else {
                "out of stock"
            };
            findings.push(finding(
                MismatchKind::StatusMismatch,
                key,
                Some(format!("{said} with quantity {}", s.quantity.normalize())),
                ei.map(|e| qty_text(e.quantity, e.location_code.as_deref())),
                None,
                &s.sku,
            ));
        }
    }
    let mut notes = Vec::new();
    if skipped > 0 {
        notes.push(format!(
            "{skipped} ERP stock rows have no location (the ERP reports totals only) and were not compared per source"
        ));
    }
    Ok(Outcome {
        findings,
        compared: Compared {
            magento_rows: m.len() as u64,
            erp_rows: sides.erp.len() as u64,
            in_flight: 0,
            skipped,
        },
        notes,
        control_totals: Vec::new(),
    })
}

fn qty_text(q: Decimal, location: Option<&str>) -> String {
    match location {
        Some(l) => format!("{} at {l}", q.normalize()),
        None => q.normalize().to_string(),
    }
}

fn pair(sku: u32, source: u32) -> u64 {
    (u64::from(sku) << 32) | u64::from(source)
}

/// Magento's columns by row, built in one pass over the source items.
struct MagentoSide<'a> {
    skus: Codes<'a>,
    sources: Codes<'a>,
    /// `(sku and source, row)` sorted, to meet the ERP's rows by a merge.
    sorted_keys: Vec<(u64, u32)>,
    qty: Vec<i64>,
    status_wrong: Vec<bool>,
}

impl<'a> MagentoSide<'a> {
    fn build(items: &'a [SourceItem]) -> Self {
        let (mut skus, mut sources) = (Codes::default(), Codes::default());
        let n = items.len();
        let (mut key, mut qty, mut status_wrong) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for s in items {
            key.push(pair(skus.code(&s.sku), sources.code(&s.source_code)));
            qty.push(for_compare(s.quantity, Side::Magento));
            status_wrong.push(s.in_stock != (s.quantity > Decimal::ZERO));
        }
        MagentoSide {
            skus,
            sources,
            sorted_keys: align::sorted_pairs(&key),
            qty,
            status_wrong,
        }
    }
}

/// The ERP's rows with a location, coded in this side's own numbering (see [`Codes::absorb`]);
/// `source` is `None` where the location maps to no Magento source.
struct ErpSide<'a> {
    skus: Codes<'a>,
    sources: Codes<'a>,
    sku: Vec<u32>,
    source: Vec<Option<u32>>,
    e_idx: Vec<u32>,
    qty: Vec<i64>,
    skipped: u64,
}

impl<'a> ErpSide<'a> {
    fn build(
        rows: &'a [LocationStock],
        sources: &'a SourceOf<'a>,
        items: &'a ItemToSku<'a>,
    ) -> Self {
        let (mut skus, mut source_codes) = (Codes::default(), Codes::default());
        let mut located: HashMap<&str, Option<u32>, FixedState> = HashMap::default();
        let n = rows.len();
        let mut side = ErpSide {
            skus: Codes::default(),
            sources: Codes::default(),
            sku: Vec::with_capacity(n),
            source: Vec::with_capacity(n),
            e_idx: Vec::with_capacity(n),
            qty: Vec::with_capacity(n),
            skipped: 0,
        };
        for (i, row) in rows.iter().enumerate() {
            let Some(location) = row.location_code.as_deref() else {
                side.skipped += 1;
                continue;
            };
            let source = *located
                .entry(location)
                .or_insert_with(|| sources.source(location).map(|s| source_codes.code(s)));
            side.sku.push(skus.code(items.sku(&row.item_number)));
            side.source.push(source);
            side.e_idx.push(i as u32);
            side.qty.push(for_compare(row.quantity, Side::Erp));
        }
        side.skus = skus;
        side.sources = source_codes;
        side
    }
}

/// ERP location -> Magento source: the configured mapping, else the location's own code when
/// Magento has a source of that name that is not mapped elsewhere.
pub(crate) struct SourceOf<'a> {
    mapped: HashMap<&'a str, &'a str>,
    identity: HashSet<String>,
}

impl<'a> SourceOf<'a> {
    pub(crate) fn new(rules: Rules<'a>, magento_sources: impl Iterator<Item = &'a str>) -> Self {
        let mapped: HashMap<&str, &str> = rules
            .mapping
            .sources
            .iter()
            .map(|(source, location)| (location.as_str(), source.as_str()))
            .collect();
        // Millions of source items name a few sources: each distinct one is looked at once.
        let mut seen: HashSet<&str, FixedState> = HashSet::default();
        let mut identity = HashSet::new();
        let mut last = "";
        for s in magento_sources {
            if s != last && seen.insert(s) && !rules.mapping.sources.contains_key(s) {
                identity.insert(s.to_string());
            }
            last = s;
        }
        SourceOf { mapped, identity }
    }

    pub(crate) fn source<'b>(&'b self, location: &'b str) -> Option<&'b str> {
        self.mapped
            .get(location)
            .copied()
            .or_else(|| self.identity.contains(location).then_some(location))
    }
}

/// ERP item number -> Magento SKU (the SKU mapping read backwards; identity where absent).
pub(crate) struct ItemToSku<'a> {
    mapped: HashMap<&'a str, &'a str>,
}

impl<'a> ItemToSku<'a> {
    pub(crate) fn new(rules: Rules<'a>) -> Self {
        ItemToSku {
            mapped: rules
                .mapping
                .skus
                .iter()
                .map(|(sku, item)| (item.as_str(), sku.as_str()))
                .collect(),
        }
    }

    pub(crate) fn sku<'b>(&'b self, item: &'b str) -> &'b str {
        if self.mapped.is_empty() {
            return item;
        }
        self.mapped.get(item).copied().unwrap_or(item)
    }
}
