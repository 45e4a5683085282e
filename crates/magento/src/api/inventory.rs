//! MSI: sources and source items (`{sku, source_code, quantity, status}`).
//! Source items have no numeric id, so they are read source by source, each
//! source's items by SKU (unique within a source).

use model::{Source, SourceItem};

use super::skus::read_for_skus;
use crate::Client;
use crate::error::Result;
use crate::page::{Keyed, ListSpec, Read, Scope, SmallRead, read_small, spawn_read};
use crate::search::Filter;
use crate::wire::{WireSource, WireSourceItem};
use connector::Counters;

#[derive(Debug)]
pub struct InventoryApi<'c> {
    pub(crate) client: &'c Client,
}

impl Keyed for WireSourceItem {
    fn key(&self) -> String {
        self.sku.clone()
    }
}

impl InventoryApi<'_> {
    /// `GET /V1/inventory/sources`, every source.
    pub async fn sources(&self) -> Result<Vec<Source>> {
        let counters = Counters::default();
        self.sources_counted(&counters).await
    }

    async fn sources_counted(&self, counters: &Counters) -> Result<Vec<Source>> {
        let rows: Vec<WireSource> = read_small(
            &self.client.http,
            "inventory/sources",
            "sources",
            "source_code",
            &self.client.page_size,
            counters,
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|s| Source {
                name: s.name.unwrap_or_else(|| s.source_code.clone()),
                code: s.source_code,
                enabled: s.enabled,
            })
            .collect())
    }

    /// Every source item of every source (disabled sources included: their
    /// stock still has to agree with the ERP).
    pub async fn read_source_items(&self) -> Read<SourceItem> {
        // The list of sources is part of the read: its requests and retries count in it.
        let counters = Counters::default();
        let codes = match self.sources_counted(&counters).await {
            Ok(sources) => sources.into_iter().map(|s| s.code).collect(),
            Err(error) => {
                let read = failed_read(error);
                read.counters().absorb(&counters);
                return read;
            }
        };
        let spec = ListSpec {
            path: "inventory/source-items",
            what: "source items",
            key_field: "sku",
            fields: None, // already four fields a row
            scopes: scopes_for(codes),
        };
        let read = spawn_read(
            self.client.http.clone(),
            spec,
            self.client.page_options(),
            to_source_item,
        );
        read.counters().absorb(&counters);
        read
    }

    /// Every source item of these SKUs, at every source (disabled ones too),
    /// read afresh: the confirm pass of a reconciliation. SKUs Magento does
    /// not know are simply absent. Fails as a whole if any request fails.
    pub async fn source_items_for_skus(&self, skus: &[String]) -> Result<Vec<SourceItem>> {
        let spec = SmallRead {
            path: "inventory/source-items",
            what: "source items",
            // A total order, so offset pages neither overlap nor leave gaps.
            sort: &["sku", "source_code"],
            fields: None,
        };
        let rows: Vec<WireSourceItem> = read_for_skus(self.client, spec, skus).await?;
        let mut items: Vec<SourceItem> = rows.into_iter().map(to_source_item).collect();
        // A row read twice (SKUs differing only in case, a page shifted by a
        // change during the read) counts once.
        items.sort_by(|a, b| (&a.sku, &a.source_code).cmp(&(&b.sku, &b.source_code)));
        items.dedup_by(|a, b| a.sku == b.sku && a.source_code == b.source_code);
        Ok(items)
    }
}

fn scopes_for(codes: Vec<String>) -> Vec<Scope> {
    codes
        .into_iter()
        .map(|code| Scope {
            label: format!("at source {code}"),
            filters: vec![vec![Filter::new("source_code", "eq", code)]],
        })
        .collect()
}

fn to_source_item(wire: WireSourceItem) -> SourceItem {
    SourceItem {
        sku: wire.sku,
        source_code: wire.source_code,
        quantity: wire.quantity,
        in_stock: !wire.status.is_zero(),
    }
}

/// A read that failed before it began (the source list could not be read).
fn failed_read(error: crate::Error) -> Read<SourceItem> {
    Read::failed("the list of sources", error)
}
