//! Reads narrowed to a list of SKUs, for the confirm pass that re-reads only
//! the rows a reconciliation found suspect (a few hundred or thousand SKUs).
//!
//! SKUs go [`SKUS_PER_REQUEST`] to a request as one `sku in a,b,c` filter.
//! Magento splits an `in` value on commas, so a SKU that itself contains a
//! comma is asked for alone with `eq`. Each request pages by offset until
//! `total_count` (a request holds at most a few pages: keyset paging buys
//! nothing here); requests run side by side up to the client's concurrency.
//! One failed request fails the whole read: a confirm pass over part of the
//! suspects would call the rest transient.

use futures_util::{StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use std::sync::atomic::AtomicBool;

use crate::Client;
use crate::error::Result;
use crate::page::{SmallRead, read_offset};
use crate::search::Filter;
use connector::Counters;

/// SKUs per `in` filter: keeps URLs well under the 8 kB many proxies allow.
pub(crate) const SKUS_PER_REQUEST: usize = 50;

/// One filter per request: `sku in ...` for plain SKUs, `sku eq ...` for
/// each SKU with a comma. Empty and repeated SKUs are dropped.
pub(crate) fn sku_filters(skus: &[String]) -> Vec<Filter> {
    let mut unique: Vec<&str> = skus
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    unique.sort_unstable();
    unique.dedup();
    let (with_comma, plain): (Vec<&str>, Vec<&str>) =
        unique.into_iter().partition(|s| s.contains(','));
    plain
        .chunks(SKUS_PER_REQUEST)
        .map(|chunk| Filter::new("sku", "in", chunk.join(",")))
        .chain(with_comma.into_iter().map(|s| Filter::new("sku", "eq", s)))
        .collect()
}

/// Every row of `spec` whose `sku` is one of `skus`, in no particular order.
pub(crate) async fn read_for_skus<W: DeserializeOwned>(
    client: &Client,
    spec: SmallRead<'_>,
    skus: &[String],
) -> Result<Vec<W>> {
    let counters = Counters::default();
    let use_fields = AtomicBool::new(true);
    let requests = sku_filters(skus).into_iter().map(|filter| {
        let (counters, use_fields) = (&counters, &use_fields);
        async move {
            read_offset::<W>(
                &client.http,
                &spec,
                &[vec![filter]],
                &client.page_size,
                counters,
                use_fields,
            )
            .await
        }
    });
    let pages: Vec<Vec<W>> = futures_util::stream::iter(requests)
        .buffer_unordered(client.concurrency.max(1))
        .try_collect()
        .await?;
    Ok(pages.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_skus_share_in_filters_and_comma_skus_go_alone() {
        let mut skus: Vec<String> = (1..=120).map(|i| format!("SKU-{i:03}")).collect();
        skus.push("SKU-001".to_owned());
        skus.push(String::new());
        skus.push("A,B".to_owned());
        let filters = sku_filters(&skus);
        let shape: Vec<(&str, usize)> = filters
            .iter()
            .map(|f| (f.condition, f.value.split(',').count()))
            .collect();
        assert_eq!(shape, [("in", 50), ("in", 50), ("in", 20), ("eq", 2)]);
        assert_eq!(filters[3].value, "A,B");
        assert!(sku_filters(&[]).is_empty());
    }
}
