//! The ERP part of a snapshot: sales orders (and posted invoices), stock per
//! location, price-list lines, through whichever connector is configured.

use erp::Erp;
use model::{Entity, System};
use std::time::Instant;

use super::ingest::{advance_watermark, ingest, since};
use super::{EntityOutcome, PartRead, Progress};
use crate::connectors::PartOrigin;
use crate::error::Result;

pub(super) async fn part(
    (erp, store, run, (entity, full)): PartRead<'_, &dyn Erp>,
    origin: &PartOrigin,
    progress: &dyn Progress,
) -> Result<EntityOutcome> {
    let system = System::Erp;
    let who = (entity, system);
    progress.part_started(entity, system);
    // Stock and price lines come from aggregate pages without a dependable
    // change time: read in full every time (storage still grows with change only).
    let since = match (entity, full) {
        (Entity::Orders, false) => since(store, system, entity, &origin.scope)?,
        _ => None,
    };
    let started = Instant::now();
    let ingested = match entity {
        Entity::Orders => {
            let mut writer = store.erp_orders_writer(run, system)?;
            let write = |rows: &[_]| writer.write(rows).map(|o| o.stored);
            let read = erp.sales_orders(since);
            let mut done = ingest(read, write, |o| Some(o.last_modified), who, progress).await;
            done.closed = writer.finish(done.finish_mode(since))?;
            done
        }
        Entity::Stock => {
            let mut writer = store.erp_stock_writer(run, system)?;
            let write = |rows: &[_]| writer.write(rows).map(|o| o.stored);
            let mut done = ingest(erp.stock(), write, |_| None, who, progress).await;
            done.closed = writer.finish(done.finish_mode(since))?;
            done
        }
        Entity::Prices => {
            let mut writer = store.erp_price_lines_writer(run, system)?;
            let write = |rows: &[_]| writer.write(rows).map(|o| o.stored);
            let mut done = ingest(erp.price_list_lines(), write, |_| None, who, progress).await;
            done.closed = writer.finish(done.finish_mode(since))?;
            done
        }
    };
    let newest_update = ingested.newest_update;
    let sign_in_failure = ingested.sign_in_failure.clone();
    let report = ingested.into_report(entity, system, since, started);
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
