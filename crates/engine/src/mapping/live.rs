//! What the mapping editor offers to choose from: Magento's sources, the stock
//! counterpart's locations and the price counterpart's price lists, read from the
//! live systems (falling back to the latest snapshot when one cannot be reached),
//! with how many items each holds in the latest snapshot, suggestions for sources
//! not mapped yet, and the items one side has and the other does not.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use model::{Config, Entity, System};
use serde::Serialize;

use super::form::Link;
use super::suggest::suggest_locations;
use crate::error::{Error, Result};
use crate::lock::open_store_shared;
use crate::reconcile::load;
use crate::{connect, paths};

/// Attempts per request: the screen should say quickly that a system is away.
const LIVE_ATTEMPTS: u32 = 2;
/// Examples of unmatched items shown; the counts cover all of them.
const EXAMPLES: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Choice {
    pub code: String,
    pub name: String,
    /// Items it holds in the latest stock snapshot; `None` without one.
    pub items: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MappingChoices {
    pub sources: Vec<Choice>,
    pub locations: Vec<Choice>,
    pub price_lists: Vec<String>,
    /// Magento's websites and customer groups (code: the id the price mapping stores).
    pub websites: Vec<Choice>,
    pub customer_groups: Vec<Choice>,
    /// A location for each source not mapped yet, where one looks like it.
    pub suggestions: Vec<Link>,
    /// Lists that could not be read live, in words (taken from the latest snapshot instead).
    pub problems: Vec<String>,
    /// `None` until both sides' stock has been snapshotted.
    pub unmatched: Option<UnmatchedItems>,
}

/// Items one side of the latest stock snapshots holds and the other does not, after
/// `[mapping.skus]`: each is a SKU mapping to add (or an item that is not sold online).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnmatchedItems {
    pub magento_only: u64,
    pub erp_only: u64,
    pub magento_examples: Vec<String>,
    pub erp_examples: Vec<String>,
}

/// Everything the editor offers, for the configuration as saved.
pub async fn choices(config: &Config, data_dir: &Path) -> Result<MappingChoices> {
    let mut choices = MappingChoices::default();
    let snapshot = {
        let (config, data_dir) = (config.clone(), data_dir.to_owned());
        blocking(move || from_snapshot(&config, &data_dir)).await??
    };

    let mut magento_config = config.clone();
    magento_config.magento.max_attempts = LIVE_ATTEMPTS;
    match read_scopes(magento_config.clone()).await {
        Ok((websites, groups)) => {
            choices.websites = websites;
            choices.customer_groups = groups;
        }
        Err(e) => choices.problems.push(format!(
            "Magento's websites and customer groups could not be read ({e}); type their ids"
        )),
    }
    match read_sources(magento_config).await {
        Ok(sources) => choices.sources = sources,
        Err(e) => {
            choices.problems.push(format!(
                "Magento's sources could not be read ({e}); those in the latest snapshot are shown"
            ));
            choices.sources = snapshot.sources.keys().map(|c| choice(c, c)).collect();
        }
    }
    if let Some(connection) = config.counterpart(Entity::Stock) {
        match read_locations(config, &connection.id).await {
            Ok(locations) => choices.locations = locations,
            Err(e) => {
                choices.problems.push(format!(
                    "The ERP's locations could not be read ({e}); those in the latest snapshot \
                     are shown"
                ));
                choices.locations = snapshot.locations.keys().map(|c| choice(c, c)).collect();
            }
        }
    }
    if let Some(connection) = config.counterpart(Entity::Prices) {
        match read_price_lists(config, &connection.id).await {
            Ok(lists) => choices.price_lists = lists,
            Err(e) => choices
                .problems
                .push(format!("The ERP's price lists could not be read ({e})")),
        }
    }
    for c in &mut choices.sources {
        c.items = snapshot
            .has_stock
            .then(|| snapshot.sources.get(&c.code).copied().unwrap_or(0));
    }
    for c in &mut choices.locations {
        c.items = snapshot
            .has_stock
            .then(|| snapshot.locations.get(&c.code).copied().unwrap_or(0));
    }
    choices.suggestions = suggest_locations(
        &choices.sources,
        &choices.locations,
        &config.mapping.sources,
    );
    choices.unmatched = snapshot.unmatched;
    Ok(choices)
}

fn choice(code: &str, name: &str) -> Choice {
    Choice {
        code: code.to_owned(),
        name: name.to_owned(),
        items: None,
    }
}

async fn read_sources(config: Config) -> Result<Vec<Choice>> {
    let client = blocking(move || connect::magento(&config)).await??;
    let sources = client.inventory().sources().await?;
    Ok(sources.iter().map(|s| choice(&s.code, &s.name)).collect())
}

async fn read_scopes(config: Config) -> Result<(Vec<Choice>, Vec<Choice>)> {
    let client = blocking(move || connect::magento(&config)).await??;
    let store = client.store();
    let as_choices = |scopes: Vec<magento::StoreScope>| {
        scopes
            .iter()
            .map(|s| choice(&s.id.to_string(), &s.name))
            .collect()
    };
    Ok((
        as_choices(store.websites().await?),
        as_choices(store.customer_groups().await?),
    ))
}

async fn read_locations(config: &Config, id: &model::ConnectionId) -> Result<Vec<Choice>> {
    let erp = counterpart(config, id).await?;
    let locations = erp.locations().await?;
    Ok(locations.iter().map(|l| choice(&l.code, &l.name)).collect())
}

async fn read_price_lists(config: &Config, id: &model::ConnectionId) -> Result<Vec<String>> {
    Ok(counterpart(config, id).await?.price_lists().await?)
}

async fn counterpart(
    config: &Config,
    id: &model::ConnectionId,
) -> Result<std::sync::Arc<dyn erp::Erp>> {
    let (config, id) = (config.clone(), id.clone());
    blocking(move || connect::counterpart(&config, &id)).await?
}

/// Keychain look-ups and SQLite reads block: off the async workers.
async fn blocking<T: Send + 'static>(call: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(call)
        .await
        .map_err(|e| Error::Keychain(e.to_string()))
}

#[derive(Default)]
struct FromSnapshot {
    has_stock: bool,
    /// Items per source code, per location code.
    sources: BTreeMap<String, u64>,
    locations: BTreeMap<String, u64>,
    unmatched: Option<UnmatchedItems>,
}

fn from_snapshot(config: &Config, data_dir: &Path) -> Result<FromSnapshot> {
    if !paths::database_file(data_dir).exists() {
        return Ok(FromSnapshot::default());
    }
    let store = open_store_shared(data_dir)?;
    let mut ignore = Vec::new();
    let magento = load::choose(
        &store,
        config,
        (Entity::Stock, System::Magento),
        &mut ignore,
    )?;
    let erp = load::choose(&store, config, (Entity::Stock, System::Erp), &mut ignore)?;
    let (Some(magento), Some(erp)) = (magento, erp) else {
        return Ok(FromSnapshot::default());
    };
    let (items, stock) = load::stock(&store, magento.run, erp.run)?;
    let mut snapshot = FromSnapshot {
        has_stock: true,
        ..FromSnapshot::default()
    };
    for item in &items {
        *snapshot
            .sources
            .entry(item.source_code.clone())
            .or_default() += 1;
    }
    for row in &stock {
        if let Some(code) = &row.location_code {
            *snapshot.locations.entry(code.clone()).or_default() += 1;
        }
    }
    let skus = &config.mapping.skus;
    let magento_items: BTreeSet<&str> = items
        .iter()
        .map(|i| skus.get(&i.sku).map_or(i.sku.as_str(), String::as_str))
        .collect();
    let erp_items: BTreeSet<&str> = stock.iter().map(|s| s.item_number.as_str()).collect();
    let magento_only: Vec<&str> = magento_items.difference(&erp_items).copied().collect();
    let erp_only: Vec<&str> = erp_items.difference(&magento_items).copied().collect();
    // Shown by Magento's name: a SKU mapped to an item number the ERP lacks is listed
    // under the SKU the person knows.
    let back: BTreeMap<&str, &str> = skus.iter().map(|(s, i)| (i.as_str(), s.as_str())).collect();
    snapshot.unmatched = Some(UnmatchedItems {
        magento_only: magento_only.len() as u64,
        erp_only: erp_only.len() as u64,
        magento_examples: magento_only
            .iter()
            .take(EXAMPLES)
            .map(|i| back.get(i).unwrap_or(i).to_string())
            .collect(),
        erp_examples: erp_only
            .iter()
            .take(EXAMPLES)
            .map(|i| i.to_string())
            .collect(),
    });
    Ok(snapshot)
}
