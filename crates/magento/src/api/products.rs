//! `GET /V1/products`: base price, special price with its dates (which live
//! only in `custom_attributes`, as strings, only when set) and tier prices.

use chrono::{DateTime, Utc};
use model::{ProductPrice, TierPrice};

use super::skus::read_for_skus;
use crate::Client;
use crate::error::Result;
use crate::lenient::{decimal_from_str, format_datetime, parse_datetime};
use crate::page::{Keyed, ListSpec, Read, Scope, SmallRead, spawn_read};
use crate::search::Filter;
use crate::wire::WireProduct;
use connector::Counters;

/// Exactly the product fields [`to_price`] reads.
const PRICE_FIELDS: &str =
    "items[id,sku,price,updated_at,tier_prices,custom_attributes],total_count";

/// Magento's customer group id for "ALL GROUPS".
const ALL_GROUPS: u64 = 32000;

#[derive(Debug)]
pub struct ProductsApi<'c> {
    pub(crate) client: &'c Client,
}

impl Keyed for WireProduct {
    fn key(&self) -> String {
        self.id.to_string()
    }
}

impl ProductsApi<'_> {
    /// Prices of every product, or of those updated at or after `since`.
    pub fn read_prices(&self, since: Option<DateTime<Utc>>) -> Read<ProductPrice> {
        let filters = since
            .map(|at| vec![vec![Filter::new("updated_at", "gteq", format_datetime(at))]])
            .unwrap_or_default();
        let spec = ListSpec {
            path: "products",
            what: "products",
            key_field: "entity_id",
            fields: Some(PRICE_FIELDS),
            scopes: vec![Scope {
                label: String::new(),
                filters,
            }],
        };
        spawn_read(
            self.client.http.clone(),
            spec,
            self.client.page_options(),
            to_price,
        )
    }

    /// Prices of these SKUs, read afresh: the confirm pass of a
    /// reconciliation. SKUs Magento does not know are simply absent. Fails as
    /// a whole if any request fails.
    pub async fn prices_for_skus(&self, skus: &[String]) -> Result<Vec<ProductPrice>> {
        let spec = SmallRead {
            path: "products",
            what: "products",
            sort: &["entity_id"],
            fields: Some(PRICE_FIELDS),
        };
        let rows: Vec<WireProduct> = read_for_skus(self.client, spec, skus).await?;
        let mut prices: Vec<ProductPrice> = rows.into_iter().map(to_price).collect();
        // A product read twice (SKUs differing only in case) counts once.
        prices.sort_by_key(|p| p.product_id);
        prices.dedup_by_key(|p| p.product_id);
        Ok(prices)
    }

    /// The currency catalogue prices are kept in: the base currency of the client's store
    /// scope (`GET /V1/directory/currency`).
    pub async fn base_currency(&self) -> Result<String> {
        #[derive(serde::Deserialize)]
        struct CurrencyInformation {
            base_currency_code: String,
        }
        let info: CurrencyInformation = self
            .client
            .http
            .get(
                "directory/currency",
                &[],
                "the store's currencies",
                &Counters::default(),
            )
            .await?;
        Ok(info.base_currency_code)
    }
}

pub(crate) fn to_price(wire: WireProduct) -> ProductPrice {
    let attribute = |code: &str| {
        wire.custom_attributes
            .iter()
            .find(|a| a.attribute_code == code)
            .and_then(|a| a.text())
    };
    let special_price = attribute("special_price").and_then(decimal_from_str);
    let special_from = attribute("special_from_date").and_then(parse_datetime);
    let special_to = attribute("special_to_date").and_then(parse_datetime);
    let tier_prices = wire
        .tier_prices
        .iter()
        .map(|tier| {
            let extension = tier.extension_attributes.as_ref();
            TierPrice {
                customer_group_id: tier.customer_group_id.unwrap_or(ALL_GROUPS) as u32,
                website_id: extension.and_then(|e| e.website_id).unwrap_or(0) as u32,
                qty: tier.qty,
                value: tier.value,
                percentage_value: extension.and_then(|e| e.percentage_value),
            }
        })
        .collect();
    ProductPrice {
        sku: wire.sku,
        product_id: wire.id,
        price: wire.price,
        special_price,
        special_from,
        special_to,
        tier_prices,
        updated_at: wire.updated_at.unwrap_or_default(),
    }
}
