//! The reconciliation use case: read the latest snapshots of both systems from the store,
//! compare them (`recon`), confirm the stock and price differences by re-reading just those
//! rows from both systems, and record the findings in the mismatch lifecycle with the control
//! totals. The comparison is pure; this module does the reading, the clock and the writing.

mod confirm;
pub(crate) mod load;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use model::{
    Config, ControlTotal, Entity, Finding, MismatchEntity, MismatchKind, PartStatus, System,
    Transient,
};
use recon::{Compared, OrderSides, PriceSides, Rules, StockSides};
use serde::Serialize;
use store::{ReconRecord, ReconRunId, Store};

pub use load::Chosen;

use crate::connectors;
use crate::error::{Error, Result};
use crate::lock::DataDirLock;
use crate::paths;

#[derive(Debug, Clone)]
pub struct ReconRequest {
    /// Re-read the suspect stock and price rows from both systems before reporting them.
    pub confirm: bool,
}

/// What a reconciliation did. Serialized as `driftwatch reconcile --json`.
#[derive(Debug, Clone, Serialize)]
pub struct ReconReport {
    pub recon_run: ReconRunId,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    /// True when any snapshot used was partial: read `labels`.
    pub partial: bool,
    /// Plain-language caveats: partial snapshots, skipped entities, unconfirmed findings.
    pub labels: Vec<String>,
    pub entities: Vec<EntityReport>,
    /// Mismatches first seen now, seen again after being resolved, still there, and gone.
    pub opened: u64,
    pub reopened: u64,
    pub still_open: u64,
    pub resolved: u64,
    /// Differences the confirm pass no longer saw (the two reads were taken at different times).
    pub transients: Vec<Transient>,
    pub control_totals: Vec<ControlTotal>,
    /// The time zones whose days the control totals count (the store views'; `UTC` when
    /// Magento did not say).
    pub time_zones: Vec<String>,
    pub seconds: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityReport {
    pub entity: MismatchEntity,
    pub magento_snapshot: Option<Chosen>,
    pub erp_snapshot: Option<Chosen>,
    /// Whether this entity was compared at all (both snapshots exist).
    pub reconciled: bool,
    pub compared: Compared,
    pub mismatches: BTreeMap<MismatchKind, u64>,
    pub notes: Vec<String>,
}

/// Live progress for a front end.
pub trait ReconProgress: Send + Sync {
    fn stage(&self, _entity: MismatchEntity, _what: &str) {}
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SilentReconProgress;
impl ReconProgress for SilentReconProgress {}

pub async fn run(
    config: &Config,
    data_dir: &Path,
    request: &ReconRequest,
    progress: &dyn ReconProgress,
) -> Result<ReconReport> {
    let _lock = DataDirLock::acquire(data_dir)?;
    let started_at = Utc::now();
    let clock = std::time::Instant::now();
    let mut store = Store::open(paths::database_file(data_dir), started_at)?;
    let rules = Rules {
        recon: &config.recon,
        mapping: &config.mapping,
    };
    let mut labels = Vec::new();
    if !config.has_counterpart() {
        return Err(Error::Config(
            "no counterpart connection is configured, so there is nothing to reconcile Magento with: add an ERP connection (docs/config.md)".into(),
        ));
    }
    if config.recon.stock.erp_quantity == model::rules::ErpQuantity::Available
        && let Some(connection) = config.counterpart(Entity::Stock)
        && !connectors::check(connection)?.capabilities.available_stock
    {
        return Err(Error::Config(format!(
            "`recon.stock.erp_quantity` = \"available\" is not offered by the {} connector of `{}` (it reads quantity on hand): use \"on-hand\"",
            connectors::display_name(connection),
            connection.id
        )));
    }

    let mut findings: Vec<Finding> = Vec::new();
    let mut reports = Vec::new();
    let mut control_totals = Vec::new();
    let mut partial_entities = Vec::new();
    let mut reconciled = Vec::new();
    let mut stock_prices = Vec::new();
    let (mut stock_sources, mut stock_locations) = (Vec::new(), Vec::new());
    let mut stock_price_currency: Option<String> = None;
    let mut time_zones = vec!["UTC".to_string()];
    for entity in Entity::ALL {
        let which = mismatch_entity(entity);
        progress.stage(which, "reading the snapshots");
        let magento = load::choose(&store, config, (entity, System::Magento), &mut labels)?;
        let erp = load::choose(&store, config, (entity, System::Erp), &mut labels)?;
        let mut report = EntityReport {
            entity: which,
            magento_snapshot: magento,
            erp_snapshot: erp,
            reconciled: false,
            compared: Compared::default(),
            mismatches: BTreeMap::new(),
            notes: Vec::new(),
        };
        let (Some(m), Some(e)) = (magento, erp) else {
            let missing: Vec<String> = [(magento, System::Magento), (erp, System::Erp)]
                .into_iter()
                .filter(|(c, _)| c.is_none())
                .map(|(_, s)| load::side_name(entity, s))
                .collect();
            labels.push(format!(
                "{entity} were not reconciled: there is no usable snapshot of {} yet (take a snapshot first)",
                missing.join(" or ")
            ));
            reports.push(report);
            continue;
        };
        if m.status == PartStatus::Partial || e.status == PartStatus::Partial {
            partial_entities.push(which);
        }
        progress.stage(which, "comparing");
        let outcome = match entity {
            Entity::Orders => {
                let (magento, erp) = load::orders(&store, m.run, e.run)?;
                let (days, unknown) =
                    recon::LocalDays::from_names(&load::time_zones(&store, m.run)?);
                let sides = OrderSides {
                    magento: &magento,
                    erp: &erp,
                    days: &days,
                };
                let mut outcome = recon::reconcile_orders(sides, rules, started_at)?;
                control_totals = std::mem::take(&mut outcome.control_totals);
                time_zones = days.names();
                if !unknown.is_empty() {
                    outcome.notes.push(format!(
                        "time zone {} is not one Driftwatch knows: those orders count on UTC days",
                        unknown.join(", ")
                    ));
                }
                outcome
            }
            Entity::Stock => {
                let (magento, erp) = load::stock(&store, m.run, e.run)?;
                let (unit_prices, currency) = load::unit_prices(&store, config)?;
                let outcome = recon::reconcile_stock(
                    StockSides {
                        magento: &magento,
                        erp: &erp,
                        unit_prices: &unit_prices,
                        price_currency: currency.as_deref(),
                        places: None,
                    },
                    rules,
                )?;
                // Kept for the confirm pass, which values the re-read differences.
                let suspects: std::collections::HashSet<&str> = outcome
                    .findings
                    .iter()
                    .filter_map(|f| f.key.sku())
                    .collect();
                stock_sources = distinct(magento.iter().map(|s| s.source_code.as_str()));
                stock_locations = distinct(erp.iter().filter_map(|e| e.location_code.as_deref()));
                stock_price_currency = currency;
                stock_prices = unit_prices
                    .iter()
                    .filter(|p| suspects.contains(p.sku.as_str()))
                    .cloned()
                    .collect();
                outcome
            }
            Entity::Prices => {
                let (magento, erp) = load::prices(&store, config, m.run, e.run)?;
                let currency = load::price_currency(&store, m.run)?;
                recon::reconcile_prices(
                    PriceSides {
                        magento: &magento,
                        erp: &erp,
                        currency: currency.as_deref(),
                    },
                    rules,
                    started_at.date_naive(),
                )?
            }
        };
        if entity == Entity::Stock {
            report.notes.push(format!(
                "stock compares Magento's source-item quantity with the {}",
                config.recon.stock.erp_quantity.describe()
            ));
        }
        report.reconciled = true;
        report.compared = outcome.compared;
        report.notes.extend(outcome.notes);
        findings.extend(outcome.findings);
        reconciled.push(which);
        reports.push(report);
    }

    let mut transients = Vec::new();
    if request.confirm {
        progress.stage(
            MismatchEntity::Stock,
            "confirming differences with both systems",
        );
        let confirmed = confirm::run(
            config,
            rules,
            findings,
            (&stock_prices, stock_price_currency.as_deref()),
            recon::PlaceNames {
                sources: &stock_sources,
                locations: &stock_locations,
            },
        )
        .await?;
        findings = confirmed.kept;
        transients = confirmed.transients;
        labels.extend(confirmed.labels);
    }
    let before = findings.len();
    findings.sort_by(|a, b| a.identity().cmp(&b.identity()));
    findings.dedup_by(|a, b| a.identity() == b.identity());
    if findings.len() < before {
        // Two records with one key on a side (e.g. one order number in two Magento stores).
        labels.push(format!(
            "{} findings repeated a key already reported and were counted once: some records share an order number, SKU and source, or price key on one side",
            before - findings.len()
        ));
    }
    for report in &mut reports {
        for f in findings.iter().filter(|f| f.entity() == report.entity) {
            *report.mismatches.entry(f.kind).or_default() += 1;
        }
    }

    let finished_at = Utc::now();
    let snapshot_runs = serde_json::to_value(
        reports
            .iter()
            .map(|r| (r.entity, (r.magento_snapshot, r.erp_snapshot)))
            .collect::<BTreeMap<_, _>>(),
    )
    .unwrap_or_default();
    let mut counts = serde_json::to_value(
        reports
            .iter()
            .map(|r| (r.entity, &r.mismatches))
            .collect::<BTreeMap<_, _>>(),
    )
    .unwrap_or_default();
    // Beside the entities' kinds: what the overview says was left out on purpose.
    if let Some(stock) = reports
        .iter()
        .find(|r| r.entity == MismatchEntity::Stock && r.reconciled)
    {
        counts[crate::dashboard::EXCLUDED_STOCK_ROWS] = stock.compared.excluded.into();
    }
    if !control_totals.is_empty() {
        counts[crate::dashboard::TOTALS_TIME_ZONES] = time_zones.clone().into();
    }
    let outcome = store.record_recon(&ReconRecord {
        started_at,
        finished_at,
        entities: &reconciled,
        partial_entities: &partial_entities,
        snapshot_runs,
        labels: &labels,
        counts,
        findings: &findings,
        transients: &transients,
        control_totals: &control_totals,
        decisions: store::DecisionTolerances {
            order: config.recon.orders.total_tolerance,
            stock: config.recon.stock.qty_tolerance,
            price: config.recon.prices.price_tolerance,
        },
    })?;
    Ok(ReconReport {
        recon_run: outcome.run,
        started_at,
        finished_at,
        partial: !partial_entities.is_empty(),
        labels,
        entities: reports,
        opened: outcome.opened,
        reopened: outcome.reopened,
        still_open: outcome.still_open,
        resolved: outcome.resolved,
        transients,
        control_totals,
        time_zones,
        seconds: clock.elapsed().as_secs_f64(),
    })
}

/// The distinct names among many repeats (millions of rows name a few places), sorted.
fn distinct<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut set = std::collections::BTreeSet::new();
    let mut last = None;
    for name in names.filter(|n| last.replace(*n) != Some(*n)) {
        set.insert(name);
    }
    set.into_iter().map(String::from).collect()
}

pub fn mismatch_entity(entity: Entity) -> MismatchEntity {
    match entity {
        Entity::Orders => MismatchEntity::Order,
        Entity::Stock => MismatchEntity::Stock,
        Entity::Prices => MismatchEntity::Price,
    }
}
