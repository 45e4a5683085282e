//! Keyset paging under both end-of-list behaviours, input limits, every
//! concurrency, and rows inserted or changed during the read.

use crate::harness::*;
use sim::{Fault, Paging, SimConfig};

async fn read_all_orders(
    config: SimConfig,
    page_size: u32,
    concurrency: usize,
) -> Collected<model::Order> {
    let sim = start(config).await;
    let client = builder(&sim, bearer(&sim))
        .page_size(page_size)
        .concurrency(concurrency)
        .build()
        .unwrap();
    collect(client.orders().read(None)).await
}

#[tokio::test(flavor = "multi_thread")]
async fn every_order_once_with_2_4_paging() {
    for concurrency in [1, 3, 8] {
        let read = read_all_orders(small_world(), 45, concurrency).await;
        assert!(read.failures.is_empty());
        assert_each_once(read.rows.iter().map(|o| o.entity_id).collect(), 1_000);
        assert_eq!(read.report.expected_rows, 1_000);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_order_once_with_pre_2_4_paging() {
    let config = SimConfig {
        paging: Paging::Pre24,
        ..small_world()
    };
    for concurrency in [1, 5] {
        let read = read_all_orders(config.clone(), 70, concurrency).await;
        assert!(read.failures.is_empty());
        assert_each_once(read.rows.iter().map(|o| o.entity_id).collect(), 1_000);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn page_size_adapts_to_input_limits() {
    let config = SimConfig {
        input_limits: true,
        ..small_world()
    };
    let read = read_all_orders(config, 1_000, 4).await;
    assert!(
        read.failures.is_empty(),
        "{:?}",
        read.failures.first().map(|f| f.error.to_string())
    );
    assert_each_once(read.rows.iter().map(|o| o.entity_id).collect(), 1_000);
    assert!(
        read.stats.pages >= 4,
        "pages of at most 300: {}",
        read.stats.pages
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn source_items_adapt_to_input_limits_too() {
    let sim = start(SimConfig {
        input_limits: true,
        ..small_world()
    })
    .await;
    let client = builder(&sim, bearer(&sim))
        .page_size(500)
        .concurrency(3)
        .build()
        .unwrap();
    let read = collect(client.inventory().read_source_items().await).await;
    assert!(read.failures.is_empty(), "{}", read.failures[0].error);
    assert_eq!(read.rows.len(), 120 * 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn rows_inserted_during_the_read_are_neither_lost_nor_doubled() {
    let config = SimConfig {
        faults: vec![Fault::InsertDuringRead { orders: 37 }],
        ..small_world()
    };
    let sim = start(config).await;
    let client = builder(&sim, bearer(&sim))
        .page_size(40)
        .concurrency(4)
        .build()
        .unwrap();
    let read = collect(client.orders().read(None)).await;
    assert!(read.failures.is_empty());
    assert_eq!(sim.stats().inserted_orders, 37);
    assert_each_once(read.rows.iter().map(|o| o.entity_id).collect(), 1_037);
}

#[tokio::test(flavor = "multi_thread")]
async fn rows_updated_during_the_read_are_read_once() {
    let config = SimConfig {
        faults: vec![Fault::UpdateDuringRead { orders: 25 }],
        ..small_world()
    };
    let sim = start(config).await;
    let client = builder(&sim, bearer(&sim))
        .page_size(40)
        .concurrency(4)
        .build()
        .unwrap();
    let read = collect(client.orders().read(None)).await;
    assert!(read.failures.is_empty());
    assert_eq!(sim.stats().updated_orders, 25);
    assert_each_once(read.rows.iter().map(|o| o.entity_id).collect(), 1_000);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_source_item_once() {
    let sim = start(small_world()).await;
    let client = builder(&sim, bearer(&sim))
        .page_size(25)
        .concurrency(6)
        .build()
        .unwrap();
    let read = collect(client.inventory().read_source_items().await).await;
    assert!(read.failures.is_empty());
    let mut keys: Vec<(String, String)> = read
        .rows
        .iter()
        .map(|i| (i.source_code.clone(), i.sku.clone()))
        .collect();
    keys.sort();
    let n = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), n, "doubled source items");
    assert_eq!(n as u64, 120 * 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn incremental_reads_return_only_changed_orders() {
    let config = small_world();
    let sim = start(config).await;
    let client = client(&sim);
    let all = collect(client.orders().read(None)).await.rows;
    let mut times: Vec<_> = all.iter().map(|o| o.updated_at).collect();
    times.sort();
    let since = times[times.len() - 100];
    let expected = all.iter().filter(|o| o.updated_at >= since).count();
    let changed = collect(client.orders().read(Some(since))).await;
    assert!(changed.failures.is_empty());
    assert_eq!(changed.rows.len(), expected);
    assert!(changed.rows.iter().all(|o| o.updated_at >= since));
}
