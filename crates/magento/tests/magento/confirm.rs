//! Reads narrowed to a list of SKUs (the confirm pass): the same rows as a
//! full read, unknown SKUs absent, limits and faults survived.

use crate::harness::*;
use model::{ProductPrice, SourceItem};
use sim::{Fault, SimConfig};

/// 70 SKUs spread over the catalogue (more than one request's worth), some
/// unknown ones, one with a comma (Magento splits `in` on commas), and a
/// repeat.
fn suspects() -> Vec<String> {
    let mut skus: Vec<String> = (1..=120)
        .filter(|i| i % 5 != 0 || *i > 100)
        .take(70)
        .map(|i| format!("SKU-{i:06}"))
        .collect();
    skus.extend(
        [
            "NOPE-1",
            "SKU-999999",
            "SKU-000001,SKU-000002",
            "SKU-000003",
        ]
        .map(String::from),
    );
    skus
}

fn wanted(sku: &str) -> bool {
    suspects().iter().any(|s| s == sku)
}

fn sorted_items(mut rows: Vec<SourceItem>) -> Vec<SourceItem> {
    rows.sort_by(|a, b| (&a.sku, &a.source_code).cmp(&(&b.sku, &b.source_code)));
    rows
}

fn sorted_prices(mut rows: Vec<ProductPrice>) -> Vec<ProductPrice> {
    rows.sort_by_key(|p| p.product_id);
    rows
}

#[tokio::test(flavor = "multi_thread")]
async fn source_items_for_skus_equal_the_full_read_filtered() {
    let sim = start(small_world()).await;
    let client = builder(&sim, bearer(&sim))
        .page_size(25) // 50 SKUs x 3 sources: six pages a request
        .concurrency(3)
        .build()
        .unwrap();
    let full = collect(client.inventory().read_source_items().await).await;
    assert!(full.failures.is_empty());
    let expected = sorted_items(full.rows.into_iter().filter(|i| wanted(&i.sku)).collect());
    assert_eq!(expected.len(), 70 * 3, "the suspects known to Magento");

    let confirmed = client
        .inventory()
        .source_items_for_skus(&suspects())
        .await
        .unwrap();
    assert_eq!(sorted_items(confirmed), expected);
    assert!(
        client
            .inventory()
            .source_items_for_skus(&[])
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn prices_for_skus_equal_the_full_read_filtered() {
    let sim = start(small_world()).await;
    let client = builder(&sim, bearer(&sim))
        .page_size(20)
        .concurrency(2)
        .build()
        .unwrap();
    let full = collect(client.products().read_prices(None)).await;
    assert!(full.failures.is_empty());
    let expected = sorted_prices(full.rows.into_iter().filter(|p| wanted(&p.sku)).collect());
    assert_eq!(expected.len(), 70);
    assert!(expected.iter().any(|p| !p.tier_prices.is_empty()));
    assert!(expected.iter().any(|p| p.special_price.is_some()));

    let confirmed = client
        .products()
        .prices_for_skus(&suspects())
        .await
        .unwrap();
    assert_eq!(sorted_prices(confirmed), expected);
    let none = client
        .products()
        .prices_for_skus(&["NOPE".to_owned(), "a,b".to_owned()])
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn targeted_reads_adapt_to_input_limits() {
    let sim = start(SimConfig {
        input_limits: true,
        ..small_world()
    })
    .await;
    let client = builder(&sim, bearer(&sim))
        .page_size(1_000)
        .concurrency(2)
        .build()
        .unwrap();
    let skus: Vec<String> = (1..=120).map(|i| format!("SKU-{i:06}")).collect();
    let items = client
        .inventory()
        .source_items_for_skus(&skus)
        .await
        .unwrap();
    assert_eq!(items.len(), 120 * 3);
    let prices = client.products().prices_for_skus(&skus).await.unwrap();
    assert_eq!(prices.len(), 120);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_429_and_503_storm_is_retried_in_targeted_reads() {
    let sim = start(SimConfig {
        faults: vec![
            Fault::RateLimit {
                every: 3,
                retry_after_secs: 1,
            },
            Fault::Unavailable { every: 5 },
        ],
        ..small_world()
    })
    .await;
    // One request at a time keeps the fault counters deterministic.
    let client = builder(&sim, bearer(&sim))
        .page_size(30)
        .concurrency(1)
        .build()
        .unwrap();
    let skus: Vec<String> = (1..=120).map(|i| format!("SKU-{i:06}")).collect();
    let items = client
        .inventory()
        .source_items_for_skus(&skus)
        .await
        .unwrap();
    assert_eq!(items.len(), 120 * 3);
    let prices = client.products().prices_for_skus(&skus).await.unwrap();
    assert_eq!(prices.len(), 120);
    let stats = sim.stats();
    assert!(stats.rate_limited > 0 && stats.unavailable > 0, "{stats:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_that_keeps_failing_fails_the_targeted_read() {
    let sim = start(SimConfig {
        faults: vec![Fault::Unavailable { every: 1 }],
        ..small_world()
    })
    .await;
    let error = client(&sim)
        .inventory()
        .source_items_for_skus(&["SKU-000001".to_owned()])
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("source items"), "{message}");
    assert!(message.contains("503"), "{message}");
}

#[test]
fn targeted_reads_can_run_on_any_runtime_thread() {
    fn assert_send<T: Send>(_: &T) {}
    let client = magento::Client::builder()
        .base_url("http://127.0.0.1:9")
        .credentials(magento::Credentials::IntegrationToken("t".into()))
        .build()
        .unwrap();
    let skus = Vec::new();
    assert_send(&client.inventory().source_items_for_skus(&skus));
    assert_send(&client.products().prices_for_skus(&skus));
}
