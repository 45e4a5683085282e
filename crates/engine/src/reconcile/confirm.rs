//! The confirm pass. Two full reads are never taken at the same instant: a sale or a price
//! change landing between them shows as a difference that is not drift. So each stock and
//! price difference is re-read, just those SKUs, from both systems side by side and compared
//! again; what is gone is recorded as transient, what stays is reported with the fresh values.

use std::collections::{BTreeSet, HashMap};

use chrono::Utc;
use model::{Config, Entity, Finding, MismatchEntity, ProductPrice, Transient};
use recon::{PlaceNames, PriceSides, Rules, StockSides};

use crate::connect;
use crate::error::{Error, Result};

pub(super) struct Confirmed {
    pub kept: Vec<Finding>,
    pub transients: Vec<Transient>,
    pub labels: Vec<String>,
}

pub(super) async fn run(
    config: &Config,
    rules: Rules<'_>,
    findings: Vec<Finding>,
    (unit_prices, price_currency): (&[ProductPrice], Option<&str>),
    places: PlaceNames<'_>,
) -> Result<Confirmed> {
    // Orders are not re-read; a whole place is what the snapshots said it holds.
    let (suspects, mut kept): (Vec<Finding>, Vec<Finding>) = findings
        .into_iter()
        .partition(|f| f.entity() != MismatchEntity::Order && f.key.sku().is_some());
    let mut confirmed = Confirmed {
        kept: Vec::new(),
        transients: Vec::new(),
        labels: Vec::new(),
    };
    if suspects.is_empty() {
        confirmed.kept = kept;
        return Ok(confirmed);
    }
    let for_keychain = config.clone();
    let clients = tokio::task::spawn_blocking(move || {
        let entities = [Entity::Stock, Entity::Prices];
        Ok::<_, Error>((
            connect::magento(&for_keychain)?,
            connect::counterparts(&for_keychain, &entities)?,
        ))
    })
    .await
    .map_err(|e| Error::Keychain(e.to_string()))?;
    let (client, counterparts) = match clients {
        Ok(clients) => clients,
        Err(e) => {
            confirmed.labels.push(format!(
                "stock and price differences were not confirmed (could not connect: {e}); some may be transient"
            ));
            kept.extend(suspects);
            confirmed.kept = kept;
            return Ok(confirmed);
        }
    };
    let counterpart = |entity: Entity| {
        config
            .counterpart(entity)
            .and_then(|c| counterparts.get(&c.id))
            .cloned()
    };

    let now = Utc::now();
    let (stock, prices): (Vec<Finding>, Vec<Finding>) = suspects
        .into_iter()
        .partition(|f| f.entity() == MismatchEntity::Stock);
    let item = |sku: &str| {
        rules
            .mapping
            .skus
            .get(sku)
            .cloned()
            .unwrap_or_else(|| sku.to_string())
    };
    if let Some(erp) = counterpart(Entity::Stock)
        && !stock.is_empty()
    {
        let skus = skus_of(&stock);
        let items: Vec<String> = skus.iter().map(|s| item(s)).collect();
        let inventory = client.inventory();
        let (magento, erp_rows) = tokio::join!(
            inventory.source_items_for_skus(&skus),
            erp.stock_for_items(&items)
        );
        let compare = |magento: Vec<_>, erp_rows: Vec<_>| {
            recon::reconcile_stock(
                StockSides {
                    magento: &magento,
                    erp: &erp_rows,
                    unit_prices,
                    price_currency,
                    places: Some(places),
                },
                rules,
            )
        };
        settle(
            "stock",
            stock,
            (magento, erp_rows),
            compare,
            now,
            &mut confirmed,
        )?;
    }
    if let Some(erp) = counterpart(Entity::Prices)
        && !prices.is_empty()
    {
        let skus = skus_of(&prices);
        let items: Vec<String> = skus.iter().map(|s| item(s)).collect();
        let products = client.products();
        let (magento, erp_rows) = tokio::join!(
            products.prices_for_skus(&skus),
            erp.price_lines_for_items(&items)
        );
        let compare = |magento: Vec<_>, erp_rows: Vec<_>| {
            recon::reconcile_prices(
                PriceSides {
                    magento: &magento,
                    erp: &erp_rows,
                    currency: price_currency,
                },
                rules,
                now.date_naive(),
            )
        };
        settle(
            "price",
            prices,
            (magento, erp_rows),
            compare,
            now,
            &mut confirmed,
        )?;
    }
    confirmed.kept.extend(kept);
    Ok(confirmed)
}

/// Compares the re-read rows again; when either re-read failed, keeps the first findings and
/// says they are unconfirmed.
fn settle<M, E, A: std::fmt::Display, B: std::fmt::Display>(
    what: &str,
    first: Vec<Finding>,
    reread: (std::result::Result<M, A>, std::result::Result<E, B>),
    compare: impl FnOnce(M, E) -> recon::Result<recon::Outcome>,
    now: chrono::DateTime<Utc>,
    confirmed: &mut Confirmed,
) -> Result<()> {
    match reread {
        (Ok(magento), Ok(erp)) => {
            let again = compare(magento, erp)?;
            sort_out(first, again.findings, now, confirmed);
        }
        (m, e) => {
            let why = m
                .err()
                .map(|e| e.to_string())
                .or(e.err().map(|e| e.to_string()))
                .unwrap_or_default();
            confirmed.labels.push(format!(
                "{what} differences were not confirmed (the re-read failed: {why}); some may be transient"
            ));
            confirmed.kept.extend(first);
        }
    }
    Ok(())
}

/// Keeps what the re-read still shows (with its fresh values); the rest was transient.
fn sort_out(
    first: Vec<Finding>,
    again: Vec<Finding>,
    now: chrono::DateTime<Utc>,
    confirmed: &mut Confirmed,
) {
    let mut again: HashMap<(model::MismatchKind, model::MismatchKey), Finding> = again
        .into_iter()
        .map(|f| ((f.kind, f.key.clone()), f))
        .collect();
    for f in first {
        match again.remove(&(f.kind, f.key.clone())) {
            Some(fresh) => confirmed.kept.push(fresh),
            None => confirmed.transients.push(Transient {
                first: f,
                confirmed_at: now,
            }),
        }
    }
}

/// The Magento SKUs the stock and price findings are about.
fn skus_of(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .filter_map(|f| f.key.sku())
        .map(str::to_string)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}
