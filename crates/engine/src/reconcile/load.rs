//! Which snapshots a reconciliation reads, and reading them. The latest complete snapshot of
//! each (entity, system) is used; when the newest one is partial or failed that is said, and a
//! partial one is used only when no complete one exists (labelled, and nothing is resolved on
//! its strength).

use model::erp::{ErpOrder, LocationStock, PriceListLine};
use model::{Config, Entity, Order, PartStatus, ProductPrice, SourceItem, System};
use serde::Serialize;
use store::{RunId, Store};

use crate::connectors;
use crate::error::Result;

/// The snapshot chosen for one side of one entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Chosen {
    pub run: RunId,
    pub status: PartStatus,
}

/// Picks the snapshot of `entity` from `system`, read from the connection and scope configured
/// now, and says why when it is not simply the newest complete one. `None` when there is none,
/// or the entity has no counterpart connection.
pub fn choose(
    store: &Store,
    config: &Config,
    (entity, system): (Entity, System),
    labels: &mut Vec<String>,
) -> Result<Option<Chosen>> {
    let Some(origin) = connectors::origin(config, entity, system)? else {
        return Ok(None);
    };
    let scope = origin.scope.as_str();
    let latest = |statuses: &[PartStatus]| store.latest_run_with(entity, system, scope, statuses);
    let complete = latest(&[PartStatus::Complete])?;
    let broken = latest(&[PartStatus::Partial, PartStatus::Failed])?;
    let side = side_name(entity, system);
    match (complete, broken) {
        (Some(run), newer) => {
            if let Some(newer) = newer.filter(|n| n.0 > run.0) {
                labels.push(format!(
                    "the newest {side} snapshot (run {}) did not complete; run {} (the latest complete one) was reconciled instead",
                    newer.0, run.0
                ));
            }
            Ok(Some(Chosen {
                run,
                status: PartStatus::Complete,
            }))
        }
        (None, _) => {
            let partial = latest(&[PartStatus::Partial])?;
            Ok(partial.map(|run| {
                labels.push(format!(
                    "the {side} snapshot (run {}) is PARTIAL: some pages could not be read, so rows may be missing; findings about missing rows may be wrong and nothing was marked resolved",
                    run.0
                ));
                Chosen {
                    run,
                    status: PartStatus::Partial,
                }
            }))
        }
    }
}

pub fn side_name(entity: Entity, system: System) -> String {
    let who = match system {
        System::Magento => "Magento",
        System::Erp => "ERP",
    };
    format!("{who} {entity}")
}

pub fn orders(store: &Store, magento: RunId, erp: RunId) -> Result<(Vec<Order>, Vec<ErpOrder>)> {
    Ok((
        store.orders_at(magento, System::Magento)?,
        store.erp_orders_at(erp, System::Erp)?,
    ))
}

pub fn stock(
    store: &Store,
    magento: RunId,
    erp: RunId,
) -> Result<(Vec<SourceItem>, Vec<LocationStock>)> {
    Ok((
        store.source_items_at(magento, System::Magento)?,
        store.erp_stock_at(erp, System::Erp)?,
    ))
}

pub fn prices(
    store: &Store,
    config: &Config,
    magento: RunId,
    erp: RunId,
) -> Result<(Vec<ProductPrice>, Vec<PriceListLine>)> {
    Ok((
        store.prices_at(magento, System::Magento, &config.magento.store_code)?,
        store.erp_price_lines_at(erp, System::Erp)?,
    ))
}

/// Magento's prices of the latest snapshot, to value stock differences, and the currency
/// that snapshot said they are in; empty and `None` when there is none.
pub fn unit_prices(store: &Store, config: &Config) -> Result<(Vec<ProductPrice>, Option<String>)> {
    let mut ignore = Vec::new();
    let Some(c) = choose(
        store,
        config,
        (Entity::Prices, System::Magento),
        &mut ignore,
    )?
    else {
        return Ok((Vec::new(), None));
    };
    let prices = store.prices_at(c.run, System::Magento, &config.magento.store_code)?;
    Ok((prices, price_currency(store, c.run)?))
}

/// The currency Magento said its catalogue prices of `run` are in.
pub fn price_currency(store: &Store, run: RunId) -> Result<Option<String>> {
    Ok(store.run(run)?.and_then(|run| {
        run.parts
            .into_iter()
            .find(|p| p.entity == Entity::Prices && p.system == System::Magento)
            .and_then(|p| p.currency)
    }))
}

/// The store views' time zones the Magento orders of `run` were read with (empty for
/// snapshots from before they were recorded: UTC days).
pub fn time_zones(store: &Store, run: RunId) -> Result<std::collections::BTreeMap<u32, String>> {
    Ok(store
        .run(run)?
        .and_then(|r| {
            r.parts
                .into_iter()
                .find(|p| p.entity == Entity::Orders && p.system == System::Magento)
        })
        .map(|p| p.time_zones)
        .unwrap_or_default())
}
