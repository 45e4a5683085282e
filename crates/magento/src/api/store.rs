//! The shop's scopes the price mapping is keyed by: websites (`GET /V1/store/websites`, a
//! plain array, the admin website 0 included) and customer groups
//! (`GET /V1/customerGroups/search`, a search result read to its `total_count`); and each
//! store view's time zone (`GET /V1/store/storeConfigs`, a plain array), which decides the
//! day an order counts on.

use serde::Deserialize;

use crate::Client;
use crate::error::Result;
use crate::page::read_small;
use connector::Counters;

/// A website or a customer group: its id (what the mapping stores) and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub id: u32,
    pub code: String,
    pub name: String,
}

#[derive(Debug)]
pub struct StoreApi<'c> {
    pub(crate) client: &'c Client,
}

#[derive(Deserialize)]
struct WireWebsite {
    id: u32,
    code: String,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct WireStoreConfig {
    id: u32,
    timezone: String,
}

#[derive(Deserialize)]
struct WireGroup {
    id: u32,
    code: String,
}

impl StoreApi<'_> {
    /// Every website but the admin one (id 0, which holds no prices of its own).
    pub async fn websites(&self) -> Result<Vec<Scope>> {
        let rows: Vec<WireWebsite> = self
            .client
            .http
            .get("store/websites", &[], "websites", &Counters::default())
            .await?;
        Ok(rows
            .into_iter()
            .filter(|w| w.id != 0)
            .map(|w| Scope {
                id: w.id,
                name: w.name.unwrap_or_else(|| w.code.clone()),
                code: w.code,
            })
            .collect())
    }

    /// The time zone of every store view, by store id (IANA names: `America/Los_Angeles`);
    /// its requests and retries are counted in `counters`.
    pub async fn time_zones(
        &self,
        counters: &Counters,
    ) -> Result<std::collections::BTreeMap<u32, String>> {
        let rows: Vec<WireStoreConfig> = self
            .client
            .http
            .get("store/storeConfigs", &[], "store views", counters)
            .await?;
        Ok(rows.into_iter().map(|s| (s.id, s.timezone)).collect())
    }

    /// Every customer group (0 is "NOT LOGGED IN").
    pub async fn customer_groups(&self) -> Result<Vec<Scope>> {
        let rows: Vec<WireGroup> = read_small(
            &self.client.http,
            "customerGroups/search",
            "customer groups",
            "id",
            &self.client.page_size,
            &Counters::default(),
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|g| Scope {
                id: g.id,
                name: g.code.clone(),
                code: g.code,
            })
            .collect())
    }
}
