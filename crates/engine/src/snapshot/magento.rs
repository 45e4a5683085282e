//! The Magento part of a snapshot: orders, source items, prices.

use chrono::{DateTime, Utc};
use model::{Config, Entity, System};
use std::time::Instant;

use super::ingest::{advance_watermark, ingest, since};
use super::{EntityOutcome, PartRead, Progress};
use crate::connectors::PartOrigin;
use crate::error::Result;

pub(super) async fn part(
    (client, store, run, (entity, full)): PartRead<'_, &magento::Client>,
    origin: &PartOrigin,
    config: &Config,
    progress: &dyn Progress,
) -> Result<EntityOutcome> {
    let system = System::Magento;
    let who = (entity, system);
    progress.part_started(entity, system);
    // MSI source items carry no update time: always read in full.
    let in_full = full
        || entity == Entity::Stock
        || (entity == Entity::Prices && full_price_read_due(store, &origin.scope, config)?);
    let since: Option<DateTime<Utc>> = if in_full {
        None
    } else {
        since(store, system, entity, &origin.scope)?
    };
    let started = Instant::now();
    // Catalogue prices carry no currency: they are in the store's base currency.
    let currency = match entity {
        Entity::Prices => Some(client.products().base_currency().await),
        _ => None,
    };
    let ingested = match entity {
        Entity::Orders => {
            let mut writer = store.orders_writer(run, system)?;
            let read = client.orders().read(since);
            let write = |rows: &[_]| writer.write(rows).map(|o| o.stored);
            let mut done = ingest(read, write, |o| Some(o.updated_at), who, progress).await;
            done.closed = writer.finish(done.finish_mode(since))?;
            done
        }
        Entity::Stock => {
            let mut writer = store.source_items_writer(run, system)?;
            let read = client.inventory().read_source_items().await;
            let write = |rows: &[_]| writer.write(rows).map(|o| o.stored);
            let mut done = ingest(read, write, |_| None, who, progress).await;
            done.closed = writer.finish(done.finish_mode(since))?;
            done
        }
        Entity::Prices => {
            let mut writer = store.prices_writer(run, system, &config.magento.store_code)?;
            let read = client.products().read_prices(since);
            let write = |rows: &[_]| writer.write(rows).map(|o| o.stored);
            let mut done = ingest(read, write, |p| Some(p.updated_at), who, progress).await;
            done.closed = writer.finish(done.finish_mode(since))?;
            done
        }
    };
    let newest_update = ingested.newest_update;
    let sign_in_failure = ingested.sign_in_failure.clone();
    // An order counts on its store view's day (asked after the read: a refused sign-in is
    // not tried twice).
    let counters = connector::Counters::default();
    let time_zones = match entity {
        Entity::Orders if sign_in_failure.is_none() => {
            Some(client.store().time_zones(&counters).await)
        }
        _ => None,
    };
    let mut report = ingested.into_report(entity, system, since, started);
    report.requests += counters.requests.load(std::sync::atomic::Ordering::Relaxed);
    report.retries += counters.retries.load(std::sync::atomic::Ordering::Relaxed);
    match currency {
        Some(Ok(code)) => report.currency = Some(code),
        Some(Err(e)) => report.warnings.push(format!(
            "Magento did not say which currency its prices are in ({e}); \
             stock differences are valued without a currency"
        )),
        None => {}
    }
    match time_zones {
        Some(Ok(zones)) => report.time_zones = zones,
        Some(Err(e)) => report.warnings.push(format!(
            "Magento did not say which time zone its store views keep ({e}); \
             orders are counted on UTC days"
        )),
        None => {}
    }
    advance_watermark(
        store,
        run,
        who,
        &origin.scope,
        &report,
        (newest_update, started),
    )?;
    Ok(EntityOutcome {
        report,
        sign_in_failure,
    })
}

/// Whether an incremental read of prices must read in full: prices written through
/// Magento's price endpoints do not move `updated_at` (CONTRACTS "Prices"), so only a full
/// read is sure to see them, and one is due when the last is older than the configured hours.
fn full_price_read_due(store: &store::Store, scope: &str, config: &Config) -> Result<bool> {
    let hours = i64::from(config.snapshot.full_price_read_hours);
    let last = store.last_full_read(System::Magento, Entity::Prices, scope)?;
    Ok(last.is_none_or(|at| Utc::now() - at >= chrono::Duration::hours(hours)))
}
