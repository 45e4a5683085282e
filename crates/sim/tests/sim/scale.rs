//! A large store stays cheap: a million orders and two million source items are generated on
//! demand, and keyset pages are served from arithmetic, not scans.

use std::time::{Duration, Instant};

use sim::SimConfig;

use crate::support::{Api, Query, entity_ids, fixed_now, items, start, total};

#[tokio::test]
async fn keyset_pages_of_a_million_orders_are_fast() {
    let cfg = SimConfig {
        orders: 1_000_000,
        skus: 500_000,
        sources: 4,
        now: fixed_now(),
        ..SimConfig::default()
    };
    let sim = start(cfg).await;
    let api = Api::new(&sim);
    let q = Query::new()
        .filter("entity_id", "gt", "900000")
        .sort("entity_id", Some("ASC"))
        .page_size(300);
    let _ = api.get(&q.on("/rest/V1/orders")).await;
    let t = Instant::now();
    let (status, body) = api.get(&q.on("/rest/V1/orders")).await;
    let orders_took = t.elapsed();
    assert_eq!(status, 200);
    assert_eq!(entity_ids(&body), (900_001..=900_300).collect::<Vec<_>>());
    assert_eq!(total(&body), 100_000);

    let q = Query::new()
        .filter("source_code", "eq", "wh-west")
        .filter("sku", "gt", "SKU-400000")
        .sort("sku", Some("ASC"))
        .page_size(300);
    let t = Instant::now();
    let (status, body) = api.get(&q.on("/rest/V1/inventory/source-items")).await;
    let items_took = t.elapsed();
    assert_eq!(status, 200);
    assert_eq!(items(&body)[0]["sku"], "SKU-400001");
    assert_eq!(items(&body).len(), 300);
    assert_eq!(total(&body), 100_000);

    let (_, all) = api
        .get(
            &Query::new()
                .page_size(1)
                .on("/rest/V1/inventory/source-items"),
        )
        .await;
    assert_eq!(total(&all), 2_000_000);
    eprintln!("1M orders: 300-order page {orders_took:?}, 300 source items {items_took:?}");
    // Generous bounds: tests run unoptimised on a shared 2-core machine.
    assert!(orders_took < Duration::from_secs(3), "{orders_took:?}");
    assert!(items_took < Duration::from_secs(1), "{items_took:?}");
}
