//! Stock per source (source of truth: the ERP). Magento source items (sku, source) are aligned
//! with the ERP's quantity per (item, location) through the location and SKU mappings
//! (identity where not mapped). A source or location without a counterpart is one
//! `unmapped_location` finding with what it holds; excluded places are counted, not compared
//! (see `places.rs`).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use foldhash::fast::FixedState;
use model::erp::LocationStock;
use model::{Finding, MismatchKey, MismatchKind, SourceItem, System};
use polars::prelude::*;
use rust_decimal::Decimal;

use crate::frame::{Codes, flags};
use crate::places::{Class, Places};
use crate::scaled::{Side, for_compare};
use crate::{Compared, Outcome, Result, Rules, StockSides, align};

pub(crate) fn reconcile(sides: StockSides<'_>, rules: Rules<'_>) -> Result<Outcome> {
    let m = sides.magento;
    let places = match sides.places {
        Some(all) => Places::new(
            rules.mapping,
            all.sources.iter().map(String::as_str),
            all.locations.iter().map(String::as_str),
        ),
        None => Places::new(
            rules.mapping,
            m.iter().map(|s| s.source_code.as_str()),
            sides.erp.iter().filter_map(|e| e.location_code.as_deref()),
        ),
    };
    let items = ItemToSku::new(rules);
    // Each side in one pass, both at once; (sku, source) becomes one integer key.
    let (magento, erp) = std::thread::scope(|s| {
        let magento = s.spawn(|| MagentoSide::build(m, &places));
        let erp = ErpSide::build(sides.erp, &places, &items);
        (magento.join().expect("building the Magento frame"), erp)
    });
    let MagentoSide {
        mut skus,
        sources: mut source_codes,
        sorted_keys: magento_keys,
        qty,
        status_wrong,
        aside: magento_aside,
    } = magento;
    let sku_to = skus.absorb(erp.skus);
    let source_to = source_codes.absorb(erp.sources);
    let erp_keys = align::sort(
        erp.key
            .iter()
            .enumerate()
            .map(|(row, &(sku, src))| {
                (
                    pair(sku_to[sku as usize], source_to[src as usize]),
                    row as u32,
                )
            })
            .collect(),
    );
    let aligned = align::full_join(&magento_keys, &erp_keys);
    let skipped = erp.skipped;
    let (rows_m, rows_e) = (&aligned.left, &aligned.right);
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
            col("missing_in_magento")
                .or(col("missing_in_erp"))
                .or(col("qty_differs"))
                .or(col("status")),
        )
        .collect()?;

    let (m_idx, e_idx) = (
        align::read_rows(&joined, "m_idx")?,
        align::read_rows(&joined, "e_idx")?,
    );
    let (miss_m, miss_e, differs, status) = (
        flags(&joined, "missing_in_magento")?,
        flags(&joined, "missing_in_erp")?,
        flags(&joined, "qty_differs")?,
        flags(&joined, "status")?,
    );
    let candidates: HashSet<&str> = m_idx
        .iter()
        .flatten()
        .chain(magento_aside.unplaced.values().flatten())
        .map(|&i| m[i as usize].sku.as_str())
        .chain(
            e_idx
                .iter()
                .flatten()
                .chain(erp.aside.unplaced.values().flatten())
                .map(|&i| items.sku(&sides.erp[i as usize].item_number)),
        )
        .collect();
    let prices: HashMap<&str, Decimal> = sides
        .unit_prices
        .iter()
        .filter(|p| candidates.contains(p.sku.as_str()))
        .filter_map(|p| Some((p.sku.as_str(), p.price?)))
        .collect();
    let risk = |sku: &str, delta: Decimal| prices.get(sku).map(|p| (p * delta.abs()).normalize());
    let currency = |value: Option<Decimal>| value.and(sides.price_currency).map(str::to_owned);
    let tolerance = rules.recon.stock.qty_tolerance;
    let mut findings = Vec::new();
    for i in 0..joined.height() {
        let mi = m_idx[i].map(|k| &m[k as usize]);
        let ei = e_idx[i].map(|k| &sides.erp[k as usize]);
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
                currency: currency(value_at_risk),
                value_at_risk,
            }
        };
        if let Some(e) = ei.filter(|_| miss_m[i]) {
            let sku = items.sku(&e.item_number);
            let location = e.location_code.as_deref().unwrap_or_default();
            let source = match places.location(location) {
                Class::Compared(source) => source,
                _ => location,
            };
            findings.push(finding(
                MismatchKind::MissingInMagento,
                MismatchKey::stock(sku, source),
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
    // What a place holds: its items with stock, their units and their value where priced.
    let held = |rows: Vec<(&str, Decimal)>| {
        let (mut units, mut value, mut priced) = (Decimal::ZERO, Decimal::ZERO, false);
        for &(sku, qty) in &rows {
            units += qty;
            if let Some(v) = risk(sku, qty) {
                value += v;
                priced = true;
            }
        }
        let text = format!(
            "{} items with stock, {} units",
            rows.len(),
            units.normalize()
        );
        (text, priced.then(|| value.normalize()))
    };
    for (source, rows) in &magento_aside.unplaced {
        let (text, value) = held(
            rows.iter()
                .map(|&r| (m[r as usize].sku.as_str(), m[r as usize].quantity))
                .collect(),
        );
        let location = places.counterpart(source);
        notes.push(if location == *source {
            format!(
                "Magento source {source} has no ERP location: map it to one, or exclude it from stock reconciliation"
            )
        } else {
            format!(
                "Magento source {source} is mapped to ERP location {location}, which holds no stock in the ERP: check the mapping, or exclude the source"
            )
        });
        findings.push(Finding {
            kind: MismatchKind::UnmappedLocation,
            key: MismatchKey::place(System::Magento, *source),
            magento: Some(text),
            erp: None,
            delta: None,
            currency: currency(value),
            value_at_risk: value,
        });
    }
    for (location, rows) in &erp.aside.unplaced {
        let (text, value) = held(
            rows.iter()
                .map(|&r| &sides.erp[r as usize])
                .map(|e| (items.sku(&e.item_number), e.quantity))
                .collect(),
        );
        notes.push(format!(
            "ERP location {location} has no Magento source: map a source to it, or exclude it from stock reconciliation"
        ));
        findings.push(Finding {
            kind: MismatchKind::UnmappedLocation,
            key: MismatchKey::place(System::Erp, *location),
            magento: None,
            erp: Some(text),
            delta: None,
            currency: currency(value),
            value_at_risk: value,
        });
    }
    let excluded = magento_aside.excluded_rows + erp.aside.excluded_rows;
    if excluded > 0 {
        let names: Vec<&str> = magento_aside
            .excluded
            .iter()
            .chain(&erp.aside.excluded)
            .copied()
            .collect();
        notes.push(format!(
            "{excluded} stock rows at {} excluded on purpose were not compared",
            names.join(", ")
        ));
    }
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
            excluded,
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

/// The rows of one side that are not compared item by item.
#[derive(Default)]
struct Aside<'a> {
    /// Rows holding stock (quantity not 0) per place without a counterpart.
    unplaced: BTreeMap<&'a str, Vec<u32>>,
    /// Places excluded on purpose, and how many rows they hold.
    excluded: BTreeSet<&'a str>,
    excluded_rows: u64,
}

impl<'a> Aside<'a> {
    /// Whether the row is set aside (and noted), by the class of its place.
    fn takes(&mut self, class: Class<'_>, place: &'a str, row: usize, holds: bool) -> bool {
        match class {
            Class::Compared(_) => return false,
            // A place that holds nothing is worth no finding.
            Class::Unplaced if holds => self.unplaced.entry(place).or_default().push(row as u32),
            Class::Unplaced => {}
            Class::Excluded => {
                self.excluded.insert(place);
                self.excluded_rows += 1;
            }
        }
        true
    }
}

/// Magento's columns by row, built in one pass over the source items.
struct MagentoSide<'a> {
    skus: Codes<'a>,
    sources: Codes<'a>,
    /// `(sku and source, row)` sorted, to meet the ERP's rows by a merge.
    sorted_keys: Vec<(u64, u32)>,
    qty: Vec<i64>,
    status_wrong: Vec<bool>,
    aside: Aside<'a>,
}

impl<'a> MagentoSide<'a> {
    fn build(items: &'a [SourceItem], places: &Places<'a>) -> Self {
        let (mut skus, mut sources) = (Codes::default(), Codes::default());
        let n = items.len();
        let (mut key, mut qty, mut status_wrong) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        // Placed rows keep their row number; set-aside rows get a sort key no ERP row has.
        let mut aside = Aside::default();
        let mut class_of: Vec<Class<'a>> = Vec::new();
        for (row, s) in items.iter().enumerate() {
            let source = sources.code(&s.source_code);
            if source as usize == class_of.len() {
                class_of.push(places.source(&s.source_code));
            }
            let class = class_of[source as usize];
            let taken = aside.takes(class, &s.source_code, row, !s.quantity.is_zero());
            key.push(if taken {
                u64::MAX
            } else {
                pair(skus.code(&s.sku), source)
            });
            qty.push(for_compare(s.quantity, Side::Magento));
            status_wrong.push(!taken && s.in_stock != (s.quantity > Decimal::ZERO));
        }
        let mut sorted_keys = align::sorted_pairs(&key);
        let placed = sorted_keys.partition_point(|(k, _)| *k != u64::MAX);
        sorted_keys.truncate(placed);
        MagentoSide {
            skus,
            sources,
            sorted_keys,
            qty,
            status_wrong,
            aside,
        }
    }
}

/// The ERP's rows at compared locations, coded in this side's own numbering (see
/// [`Codes::absorb`]) with the Magento source each location stands for.
struct ErpSide<'a> {
    skus: Codes<'a>,
    sources: Codes<'a>,
    /// (sku, source) codes of each compared row.
    key: Vec<(u32, u32)>,
    e_idx: Vec<u32>,
    qty: Vec<i64>,
    skipped: u64,
    aside: Aside<'a>,
}

impl<'a> ErpSide<'a> {
    fn build(rows: &'a [LocationStock], places: &Places<'a>, items: &'a ItemToSku<'a>) -> Self {
        let (mut skus, mut source_codes) = (Codes::default(), Codes::default());
        let mut located: HashMap<&str, Option<u32>, FixedState> = HashMap::default();
        let n = rows.len();
        let mut side = ErpSide {
            skus: Codes::default(),
            sources: Codes::default(),
            key: Vec::with_capacity(n),
            e_idx: Vec::with_capacity(n),
            qty: Vec::with_capacity(n),
            skipped: 0,
            aside: Aside::default(),
        };
        for (i, row) in rows.iter().enumerate() {
            let Some(location) = row.location_code.as_deref() else {
                side.skipped += 1;
                continue;
            };
            let class = places.location(location);
            let source = *located.entry(location).or_insert_with(|| match class {
                Class::Compared(s) => Some(source_codes.code(s)),
                _ => None,
            });
            let Some(source) = source else {
                side.aside
                    .takes(class, location, i, !row.quantity.is_zero());
                continue;
            };
            side.key
                .push((skus.code(items.sku(&row.item_number)), source));
            side.e_idx.push(i as u32);
            side.qty.push(for_compare(row.quantity, Side::Erp));
        }
        side.skus = skus;
        side.sources = source_codes;
        side
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
