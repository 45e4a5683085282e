//! What the desktop's screens show, read from the store: the overview (open mismatches by
//! kind, the latest snapshots, the trend across reconciliations, control totals), one
//! mismatch in detail, the drift history of one SKU at one source, and the snapshot runs.
//! Read beside a running snapshot (see [`open_store_shared`]), never blocking it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use model::snapshot::{Entity, PartStatus, RunStatus, System};
use model::{Config, MismatchEntity, MismatchKey, MismatchKind, MismatchState};
use rust_decimal::Decimal;
use serde::Serialize;
use store::{MismatchFigures, MismatchFilter, QuantityVersion, RunSummary, Store};

use crate::error::{Error, Result};
use crate::lock::open_store_shared;
use crate::mismatches::MismatchView;
use crate::record_fields;

/// The first screen: what is wrong now, what changed, and whether the data is fresh.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Overview {
    pub orders_missing: OrdersMissing,
    pub stock_drift: StockDrift,
    pub price_drift: PriceDrift,
    pub open_by_kind: Vec<KindCount>,
    pub last_snapshots: Vec<LastSnapshot>,
    /// Oldest first.
    pub trend: Vec<TrendPoint>,
    /// Latest days first.
    pub control_totals: Vec<ControlTotalRow>,
    /// The time zones whose days the control totals count (the store views'; `UTC` when
    /// Magento did not say, or before they were recorded).
    pub control_totals_time_zones: Vec<String>,
    pub last_reconciled_at: Option<DateTime<Utc>>,
}

/// Open orders missing in the ERP. `value` sums those in `currency` (the most frequent one);
/// `other_currencies` counts the rest, which a single sum would misstate.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrdersMissing {
    pub count: u64,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub value: Decimal,
    pub currency: Option<String>,
    pub other_currencies: u64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StockDrift {
    /// Distinct SKUs with an open stock mismatch.
    pub skus: u64,
    /// Units of difference over the open quantity mismatches.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub units: Decimal,
    /// Over the open quantity mismatches, one sum per currency.
    pub value_at_risk: Vec<Amount>,
    /// Which ERP figure is compared, in words ("quantity on hand").
    pub compared_quantity: String,
    /// Open `unmapped_location` findings: whole sources or locations with no counterpart.
    pub unmapped_places: u64,
    /// Places left out of stock reconciliation on purpose, as configured
    /// (`source wh-returns`, `location TRANSIT`).
    pub excluded_places: Vec<String>,
    /// Stock rows the latest stock reconciliation left out because of them (`None`
    /// before one ran).
    pub excluded_rows: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PriceDrift {
    pub count: u64,
    pub skus: u64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KindCount {
    pub entity: MismatchEntity,
    pub kind: MismatchKind,
    pub open: u64,
    /// One sum per currency, by currency code: amounts in different currencies are never
    /// added up. Empty when no open mismatch of the kind has a value.
    pub value_at_risk: Vec<Amount>,
}

/// A sum in one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Amount {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub value: Decimal,
    /// `None` where the figures name none: stock is valued at Magento's prices, whose
    /// currency is not snapshotted.
    pub currency: Option<String>,
}

/// The latest snapshot of one entity from one system.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LastSnapshot {
    pub entity: Entity,
    pub system: System,
    pub run_id: i64,
    pub finished_at: Option<DateTime<Utc>>,
    pub status: PartStatus,
    pub rows: u64,
}

/// Mismatches each reconciliation found, per entity.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrendPoint {
    pub recon_run: i64,
    pub at: DateTime<Utc>,
    pub open_orders: u64,
    pub open_stock: u64,
    pub open_prices: u64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ControlTotalRow {
    pub day: NaiveDate,
    pub currency: String,
    pub magento_orders: u64,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub magento_revenue: Decimal,
    pub erp_orders: u64,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub erp_revenue: Decimal,
    /// Magento minus ERP: orders and revenue the ERP lacks.
    pub count_difference: i64,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub revenue_difference: Decimal,
}

/// How many reconciliations the trend shows.
const TREND_RUNS: usize = 60;
/// How many days of control totals the overview shows.
const TOTAL_DAYS: usize = 31;

pub fn overview(data_dir: &Path, config: &Config) -> Result<Overview> {
    let store = open_store_shared(data_dir)?;
    let mut open = OpenTally::default();
    store.for_each_mismatch_figures(MismatchState::Open, |f| open.add(f))?;
    let runs = store.recon_runs(TREND_RUNS)?;
    let control_totals = match runs.first() {
        Some(latest) => store.control_totals(latest.id)?,
        None => Vec::new(),
    };
    let control_totals_time_zones = runs
        .first()
        .and_then(|r| r.counts.get(TOTALS_TIME_ZONES)?.as_array().cloned())
        .map(|zones| {
            zones
                .iter()
                .filter_map(|z| z.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_else(|| vec!["UTC".to_string()]);
    Ok(Overview {
        orders_missing: open.orders_missing(),
        stock_drift: open.stock_drift(
            config,
            runs.iter()
                .find_map(|r| r.counts.get(EXCLUDED_STOCK_ROWS)?.as_u64()),
        ),
        price_drift: open.price_drift(),
        open_by_kind: open.by_kind(),
        last_snapshots: last_snapshots(&store.runs(50)?),
        last_reconciled_at: runs.first().map(|r| r.finished_at),
        control_totals_time_zones,
        trend: runs
            .iter()
            .rev()
            .map(|r| TrendPoint {
                recon_run: r.id.0,
                at: r.finished_at,
                open_orders: found_in(&r.counts, MismatchEntity::Order),
                open_stock: found_in(&r.counts, MismatchEntity::Stock),
                open_prices: found_in(&r.counts, MismatchEntity::Price),
            })
            .collect(),
        control_totals: control_totals
            .into_iter()
            .rev()
            .take(TOTAL_DAYS)
            .map(|t| ControlTotalRow {
                count_difference: t.order_difference(),
                revenue_difference: t.revenue_difference(),
                day: t.day,
                currency: t.currency,
                magento_orders: t.magento_orders,
                magento_revenue: t.magento_revenue,
                erp_orders: t.erp_orders,
                erp_revenue: t.erp_revenue,
            })
            .collect(),
    })
}

/// The open mismatches added up in one pass over their figures.
#[derive(Default)]
struct OpenTally {
    /// Orders missing in the ERP: count and value per currency.
    missing_orders: HashMap<String, (u64, Decimal)>,
    stock_skus: HashSet<String>,
    unmapped_places: u64,
    stock_units: Decimal,
    /// Value at risk of the quantity mismatches per currency ("" for none).
    stock_value: BTreeMap<String, Decimal>,
    prices: u64,
    price_skus: HashSet<String>,
    /// Open count and value per currency ("" for none) of each kind.
    by_kind: BTreeMap<(MismatchEntity, MismatchKind), (u64, BTreeMap<String, Decimal>)>,
}

/// Adds `value` to the sum of its currency ("" for none).
fn add_to(sums: &mut BTreeMap<String, Decimal>, currency: Option<&str>, value: Decimal) {
    let currency = currency.unwrap_or_default();
    match sums.get_mut(currency) {
        Some(sum) => *sum += value,
        None => {
            sums.insert(currency.to_string(), value);
        }
    }
}

fn amounts(sums: &BTreeMap<String, Decimal>) -> Vec<Amount> {
    sums.iter()
        .map(|(currency, &value)| Amount {
            value,
            currency: Some(currency.clone()).filter(|c| !c.is_empty()),
        })
        .collect()
}

impl OpenTally {
    fn add(&mut self, f: MismatchFigures<'_>) {
        let risk = f.value_at_risk.unwrap_or_default();
        let kind = self.by_kind.entry((f.entity, f.kind)).or_default();
        kind.0 += 1;
        if let Some(value) = f.value_at_risk {
            add_to(&mut kind.1, f.currency, value);
        }
        match f.entity {
            MismatchEntity::Order if f.kind == MismatchKind::MissingInErp => {
                let currency = f.currency.unwrap_or_default();
                let entry = match self.missing_orders.get_mut(currency) {
                    Some(entry) => entry,
                    None => self.missing_orders.entry(currency.to_string()).or_default(),
                };
                entry.0 += 1;
                entry.1 += risk;
            }
            MismatchEntity::Stock => {
                // A whole place (unmapped_location) is no SKU.
                match f.sku {
                    Some(sku) => insert_str(&mut self.stock_skus, sku),
                    None => self.unmapped_places += 1,
                }
                if f.kind == MismatchKind::QtyMismatch {
                    self.stock_units += f.delta.unwrap_or_default().abs();
                    if let Some(value) = f.value_at_risk {
                        add_to(&mut self.stock_value, f.currency, value);
                    }
                }
            }
            MismatchEntity::Price => {
                self.prices += 1;
                insert_str(&mut self.price_skus, f.sku.unwrap_or_default());
            }
            _ => {}
        }
    }

    fn orders_missing(&self) -> OrdersMissing {
        let count = self.missing_orders.values().map(|(n, _)| n).sum();
        let main = self
            .missing_orders
            .iter()
            .max_by_key(|(currency, (n, _))| (*n, std::cmp::Reverse(*currency)));
        OrdersMissing {
            count,
            value: main.map_or(Decimal::ZERO, |(_, (_, v))| *v),
            other_currencies: count - main.map_or(0, |(_, (n, _))| *n),
            currency: main.map(|(c, _)| c.clone()).filter(|c| !c.is_empty()),
        }
    }

    fn stock_drift(&self, config: &Config, excluded_rows: Option<u64>) -> StockDrift {
        let mapping = &config.mapping;
        let excluded_places = (mapping
            .exclude_sources
            .iter()
            .map(|c| format!("source {c}")))
        .chain(
            mapping
                .exclude_locations
                .iter()
                .map(|c| format!("location {c}")),
        )
        .collect();
        StockDrift {
            unmapped_places: self.unmapped_places,
            excluded_places,
            excluded_rows,
            skus: self.stock_skus.len() as u64,
            units: self.stock_units,
            value_at_risk: amounts(&self.stock_value),
            compared_quantity: match config.recon.stock.erp_quantity {
                model::rules::ErpQuantity::OnHand => "quantity on hand",
                model::rules::ErpQuantity::Available => "quantity available",
            }
            .to_string(),
        }
    }

    fn price_drift(&self) -> PriceDrift {
        PriceDrift {
            count: self.prices,
            skus: self.price_skus.len() as u64,
        }
    }

    fn by_kind(&self) -> Vec<KindCount> {
        self.by_kind
            .iter()
            .map(|(&(entity, kind), (open, sums))| KindCount {
                entity,
                kind,
                open: *open,
                value_at_risk: amounts(sums),
            })
            .collect()
    }
}

/// Inserts without copying a text already present.
fn insert_str(set: &mut HashSet<String>, s: &str) {
    if !set.contains(s) {
        set.insert(s.to_string());
    }
}

/// Newest first in `runs`: the first part seen of each (entity, system) is its latest.
fn last_snapshots(runs: &[RunSummary]) -> Vec<LastSnapshot> {
    let mut seen = HashSet::new();
    let mut latest = Vec::new();
    for run in runs.iter().filter(|r| r.status != RunStatus::Running) {
        for part in &run.parts {
            if seen.insert((part.entity, part.system)) {
                latest.push(LastSnapshot {
                    entity: part.entity,
                    system: part.system,
                    run_id: run.id.0,
                    finished_at: Some(part.finished_at),
                    status: part.status,
                    rows: part.rows_read,
                });
            }
        }
    }
    latest.sort_by_key(|s| (s.entity, s.system));
    latest
}

/// The key of a run's counts that holds the stock rows left out on purpose.
pub(crate) const EXCLUDED_STOCK_ROWS: &str = "excluded_stock_rows";
/// The key of a run's counts that holds the time zones its control totals' days are in.
pub(crate) const TOTALS_TIME_ZONES: &str = "control_totals_time_zones";

/// Findings of `entity` a run recorded in its counts (`{"stock": {"qty_mismatch": 3}}`).
fn found_in(counts: &serde_json::Value, entity: MismatchEntity) -> u64 {
    counts
        .get(entity.as_str())
        .and_then(|kinds| kinds.as_object())
        .map_or(0, |kinds| kinds.values().filter_map(|n| n.as_u64()).sum())
}

/// Both sides of one value, for the detail drawer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldPair {
    pub label: String,
    pub magento: Option<String>,
    pub erp: Option<String>,
    pub differs: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "MismatchEvent"))]
pub struct EventView {
    pub at: DateTime<Utc>,
    pub event: String,
    pub state: MismatchState,
    pub note: Option<String>,
    pub actor: Option<String>,
}

/// One mismatch with both sides field by field, the stored records and its history.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MismatchDetail {
    pub mismatch: MismatchView,
    pub fields: Vec<FieldPair>,
    /// The records as stored by the latest snapshots, as pretty JSON (`None`: not stored).
    pub magento_raw: Option<String>,
    pub erp_raw: Option<String>,
    /// Oldest first.
    pub history: Vec<EventView>,
}

pub fn mismatch_detail(data_dir: &Path, config: &Config, id: i64) -> Result<MismatchDetail> {
    let store = open_store_shared(data_dir)?;
    let record = store
        .mismatch(id)?
        .ok_or(Error::Store(store::Error::UnknownMismatch { id }))?;
    let history = store
        .mismatch_history(id)?
        .into_iter()
        .map(|e| EventView {
            at: e.at,
            event: e.event.as_str().to_string(),
            state: e.state,
            note: e.note,
            actor: e.actor,
        })
        .collect();
    let now = Utc::now();
    let view = MismatchView::new(record, now);
    let (magento, erp) = stored_records(&store, config, &view)?;
    // The stored records field by field; what each side stated when none is stored.
    // Prices: what each side states at the compared point leads, as a SKU has many lines.
    let mut fields = match view.entity {
        MismatchEntity::Price => stated(&view),
        _ => Vec::new(),
    };
    fields.extend(record_fields::pairs(view.entity, &magento, &erp));
    if fields.is_empty() {
        fields = stated(&view);
    }
    let pretty = |rows: Vec<serde_json::Value>| match rows.len() {
        0 => None,
        1 => serde_json::to_string_pretty(&rows[0]).ok(),
        _ => serde_json::to_string_pretty(&rows).ok(),
    };
    let (magento_raw, erp_raw) = (pretty(magento), pretty(erp));
    Ok(MismatchDetail {
        fields,
        mismatch: view,
        magento_raw,
        erp_raw,
        history,
    })
}

fn stated(m: &MismatchView) -> Vec<FieldPair> {
    let pair = |label: &str, magento: Option<String>, erp: Option<String>| FieldPair {
        differs: magento != erp,
        label: label.to_string(),
        magento,
        erp,
    };
    // The difference itself is shown beside the state; here only what each side said.
    if let MismatchKey::Place { system, code } = &m.key_parts {
        // A whole place: which side has it, and what it holds.
        let (magento, erp) = match system {
            model::System::Magento => (Some(code.clone()), None),
            model::System::Erp => (None, Some(code.clone())),
        };
        return vec![
            pair("Source / location", magento, erp),
            pair("Stock held", m.magento.clone(), m.erp.clone()),
        ];
    }
    vec![pair(
        value_label(m.entity),
        m.magento.clone(),
        m.erp.clone(),
    )]
}

fn value_label(entity: MismatchEntity) -> &'static str {
    match entity {
        MismatchEntity::Order => "Order",
        MismatchEntity::Stock => "Quantity",
        MismatchEntity::Price => "Price compared",
    }
}

/// The stored records behind a mismatch, as the latest snapshots hold them: Magento's and
/// the ERP's.
fn stored_records(
    store: &Store,
    config: &Config,
    m: &MismatchView,
) -> Result<(Vec<serde_json::Value>, Vec<serde_json::Value>)> {
    Ok(match &m.key_parts {
        MismatchKey::Stock { sku, source } => {
            let (sku, source) = (sku.as_str(), source.as_str());
            let item = config.mapping.skus.get(sku).map_or(sku, String::as_str);
            let locations: Vec<&str> = match config.mapping.sources.get(source) {
                Some(location) => vec![location.as_str()],
                None => vec![source],
            };
            let magento = store.current_records(
                store::RecordTable::SourceItems,
                System::Magento,
                &[("source_code", source), ("sku", sku)],
            )?;
            let mut erp = Vec::new();
            for location in locations {
                erp.extend(store.current_records(
                    store::RecordTable::ErpStock,
                    System::Erp,
                    &[("location_code", location), ("item_number", item)],
                )?);
            }
            (magento, erp)
        }
        // A place holds thousands of rows: its finding says what, the snapshot has them.
        MismatchKey::Place { .. } => (Vec::new(), Vec::new()),
        MismatchKey::Order { increment_id } => {
            let magento = store.current_records(
                store::RecordTable::Orders,
                System::Magento,
                &[("increment_id", increment_id.as_str())],
            )?;
            let erp = store.current_records(
                store::RecordTable::ErpOrders,
                System::Erp,
                &[("external_reference", increment_id.as_str())],
            )?;
            (magento, erp)
        }
        MismatchKey::Price { sku, point } => {
            let sku = sku.as_str();
            let item = config.mapping.skus.get(sku).map_or(sku, String::as_str);
            let magento = store.current_records(
                store::RecordTable::Prices,
                System::Magento,
                &[("sku", sku)],
            )?;
            let mut erp = store.current_records(
                store::RecordTable::ErpPriceLines,
                System::Erp,
                &[("item_number", item)],
            )?;
            // The line of the price list the mismatch is about first.
            if let Some(point) = point {
                erp.sort_by_key(|line| line["price_list_code"] != point.list.as_str());
            }
            (magento, erp)
        }
    })
}

/// Magento's and the ERP's quantity of one SKU at one source across the stored snapshots.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StockHistory {
    pub sku: String,
    pub source: String,
    /// One point per stock snapshot, oldest first.
    pub points: Vec<StockPoint>,
    /// The stock mismatch of this SKU at this source, if one was ever found.
    pub mismatch: Option<MismatchView>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StockPoint {
    pub at: DateTime<Utc>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub magento: Option<Decimal>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub erp: Option<Decimal>,
}

pub fn stock_history(
    data_dir: &Path,
    config: &Config,
    sku: &str,
    source: &str,
) -> Result<StockHistory> {
    let store = open_store_shared(data_dir)?;
    let item = config.mapping.skus.get(sku).map_or(sku, String::as_str);
    let location = config
        .mapping
        .sources
        .get(source)
        .map_or(source, String::as_str);
    let magento = store.source_item_history(System::Magento, source, sku)?;
    let erp = store.erp_stock_history(System::Erp, location, item)?;
    let mut points = Vec::new();
    for run in store.runs(500)?.iter().rev() {
        let stock_part = |system| {
            run.parts.iter().find(|p| {
                p.entity == Entity::Stock && p.system == system && p.status != PartStatus::Failed
            })
        };
        let (m, e) = (stock_part(System::Magento), stock_part(System::Erp));
        let Some(at) = m.or(e).map(|p| p.finished_at) else {
            continue;
        };
        points.push(StockPoint {
            at,
            magento: m.and(quantity_at(&magento, run.id)),
            erp: e.and(quantity_at(&erp, run.id)),
        });
    }
    let now = Utc::now();
    let key = MismatchKey::stock(sku, source);
    let mismatch = store
        .mismatches(&MismatchFilter {
            entity: Some(MismatchEntity::Stock),
            ..MismatchFilter::default()
        })?
        .into_iter()
        .filter(|r| r.finding.key == key)
        .min_by_key(|r| (r.state == MismatchState::Resolved, r.id))
        .map(|r| MismatchView::new(r, now));
    Ok(StockHistory {
        sku: sku.to_string(),
        source: source.to_string(),
        points,
        mismatch,
    })
}

fn quantity_at(versions: &[QuantityVersion], run: store::RunId) -> Option<Decimal> {
    versions
        .iter()
        .find(|v| v.from_run <= run && v.to_run.is_none_or(|to| to > run))
        .map(|v| v.quantity)
}

/// One snapshot run for the Snapshots screen.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SnapshotRunView {
    pub id: i64,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub duration_ms: Option<i64>,
    pub status: RunStatus,
    /// Why the run as a whole failed (e.g. interrupted); part errors are in `parts`.
    pub error: Option<String>,
    pub parts: Vec<PartView>,
}

/// How one entity of one system went within a run.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PartView {
    pub entity: Entity,
    pub system: System,
    pub status: PartStatus,
    pub rows_read: u64,
    pub pages: u64,
    pub retries: u64,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    pub duration_ms: i64,
}

impl From<RunSummary> for SnapshotRunView {
    fn from(run: RunSummary) -> Self {
        SnapshotRunView {
            id: run.id.0,
            started_at: run.started_at,
            finished_at: run.finished_at,
            duration_ms: run
                .finished_at
                .map(|end| (end - run.started_at).num_milliseconds()),
            status: run.status,
            error: run.error,
            parts: run
                .parts
                .into_iter()
                .map(|p| PartView {
                    entity: p.entity,
                    system: p.system,
                    status: p.status,
                    rows_read: p.rows_read,
                    pages: p.pages,
                    retries: p.retries,
                    errors: p.errors,
                    warnings: p.warnings,
                    duration_ms: (p.finished_at - p.started_at).num_milliseconds(),
                })
                .collect(),
        }
    }
}

/// The latest snapshot runs, newest first.
pub fn snapshot_runs(data_dir: &Path, limit: usize) -> Result<Vec<SnapshotRunView>> {
    let runs = open_store_shared(data_dir)?.runs(limit)?;
    Ok(runs.into_iter().map(SnapshotRunView::from).collect())
}

/// What a reconciliation changed, in the counts people read.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReconSummary {
    pub opened: u64,
    pub reopened: u64,
    pub still_open: u64,
    pub resolved: u64,
    /// Differences the confirm pass saw disappear (not drift).
    pub transients: u64,
    pub partial: bool,
    pub labels: Vec<String>,
}

impl From<&crate::ReconReport> for ReconSummary {
    fn from(r: &crate::ReconReport) -> Self {
        ReconSummary {
            opened: r.opened,
            reopened: r.reopened,
            still_open: r.still_open,
            resolved: r.resolved,
            transients: r.transients.len() as u64,
            partial: r.partial,
            labels: r.labels.clone(),
        }
    }
}
