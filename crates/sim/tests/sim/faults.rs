//! Each fault does what it says, deterministically.

use std::time::{Duration, Instant};

use serde_json::json;
use sim::{Fault, SimConfig, dataset, updated_order_ids};

use crate::support::{Api, Query, entity_ids, small, start, total};

fn with(faults: Vec<Fault>) -> SimConfig {
    SimConfig { faults, ..small() }
}

fn page(after: u64, size: u64) -> String {
    Query::new()
        .filter("entity_id", "gt", &after.to_string())
        .sort("entity_id", Some("ASC"))
        .page_size(size)
        .on("/rest/V1/orders")
}

#[tokio::test]
async fn rate_limit_every_nth_data_request() {
    let sim = start(with(vec!["429:every=3,retry-after=7".parse().unwrap()])).await;
    let api = Api::new(&sim);
    assert_eq!(api.get(&page(0, 1)).await.0, 200);
    assert_eq!(api.get("/rest/V1/orders/1").await.0, 200);
    let resp = api.raw(&page(0, 1)).await;
    assert_eq!(resp.status().as_u16(), 429);
    assert_eq!(resp.headers()["retry-after"], "7");
    assert_eq!(
        resp.json::<serde_json::Value>().await.unwrap(),
        json!({"message": "Too Many Requests", "trace": null})
    );
    assert_eq!(api.get(&page(0, 1)).await.0, 200);
    assert_eq!(sim.stats().rate_limited, 1);
}

#[tokio::test]
async fn unavailable_every_nth_data_request() {
    let sim = start(with(vec![Fault::Unavailable { every: 2 }])).await;
    let api = Api::new(&sim);
    assert_eq!(api.get(&page(0, 1)).await.0, 200);
    let resp = api.raw(&page(0, 1)).await;
    assert_eq!(resp.status().as_u16(), 503);
    assert_eq!(resp.headers()["retry-after"], "1");
    assert!(resp.text().await.unwrap().contains("503"));
    assert_eq!(sim.stats().unavailable, 1);
}

#[tokio::test]
async fn slow_pages_do_not_block_other_requests() {
    let sim = start(with(vec!["slow:ms=400".parse().unwrap()])).await;
    let api = Api::new(&sim);
    let slow_url = page(0, 5);
    let started = Instant::now();
    let slow = async {
        let (status, _) = api.get(&slow_url).await;
        (status, started.elapsed())
    };
    let fast = async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let t = Instant::now();
        let (status, _) = api.get("/rest/V1/orders/3").await;
        (status, t.elapsed())
    };
    let ((s1, slow_took), (s2, fast_took)) = tokio::join!(slow, fast);
    assert_eq!((s1, s2), (200, 200));
    assert!(slow_took >= Duration::from_millis(400), "{slow_took:?}");
    assert!(fast_took < Duration::from_millis(300), "{fast_took:?}");
}

#[tokio::test]
async fn dropped_connections_break_the_body() {
    let sim = start(with(vec!["drop:every=2".parse().unwrap()])).await;
    let api = Api::new(&sim);
    assert_eq!(api.get(&page(0, 50)).await.0, 200);
    let resp = api.raw(&page(0, 50)).await;
    assert_eq!(resp.status().as_u16(), 200);
    assert!(
        resp.bytes().await.is_err(),
        "the body should break mid-stream"
    );
    assert_eq!(api.get(&page(0, 50)).await.0, 200);
    assert_eq!(sim.stats().dropped, 1);
}

#[tokio::test]
async fn malformed_orders_page_is_persistent() {
    let sim = start(with(vec!["malformed:orders@42".parse().unwrap()])).await;
    let api = Api::new(&sim);
    for _ in 0..2 {
        let resp = api.raw(&page(30, 20)).await;
        assert_eq!(resp.status().as_u16(), 200);
        let text = resp.text().await.unwrap();
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());
        assert!(text.starts_with("{\"items\":["));
    }
    let (status, body) = api.get(&page(42, 20)).await;
    assert_eq!(status, 200);
    assert_eq!(entity_ids(&body)[0], 43);
    assert_eq!(api.get("/rest/V1/orders/42").await.0, 200);
    assert_eq!(sim.stats().malformed, 2);
}

#[tokio::test]
async fn orders_inserted_during_a_read_appear_above_the_maximum() {
    let cfg = with(vec!["insert:orders=7".parse().unwrap()]);
    let sim = start(cfg.clone()).await;
    let api = Api::new(&sim);
    let (_, first) = api.get(&page(0, 100)).await;
    assert_eq!(total(&first), 300);
    let (_, rest) = api.get(&page(100, 300)).await;
    assert_eq!(total(&rest), 207);
    let ids = entity_ids(&rest);
    assert_eq!(*ids.last().unwrap(), 307);
    let (_, tail) = api.get(&page(300, 300)).await;
    assert_eq!(entity_ids(&tail), (301..=307).collect::<Vec<_>>());
    let newest = &tail["items"][0];
    assert_eq!(newest["state"], "new");
    assert!(newest["created_at"].as_str().unwrap() >= "2026-03-01 12:00:00");
    assert_eq!(newest["created_at"], newest["updated_at"]);
    assert_eq!(newest["increment_id"], "000000301");
    assert_eq!(api.get("/rest/V1/orders/307").await.0, 200);
    assert_eq!(api.get("/rest/V1/orders/308").await.0, 404);
    // Filters on the key range count them arithmetically, other filters by scanning.
    let q = Query::new().filter("created_at", "gteq", "2026-03-01 12:00:00");
    let (_, body) = api.get(&q.on("/rest/V1/orders")).await;
    assert_eq!(entity_ids(&body), (301..=307).collect::<Vec<_>>());
    assert_eq!(sim.stats().inserted_orders, 7);
    assert_eq!(dataset::order_count(&cfg), 300);
}

#[tokio::test]
async fn orders_updated_during_a_read_change_status_and_updated_at() {
    let cfg = with(vec![Fault::UpdateDuringRead { orders: 4 }]);
    let sim = start(cfg.clone()).await;
    let api = Api::new(&sim);
    let changed: Vec<u64> = updated_order_ids(cfg.orders, 4).collect();
    assert_eq!(changed, vec![38, 113, 188, 263]);
    let (_, before) = api.get(&format!("/rest/V1/orders/{}", changed[1])).await;
    assert_eq!(
        before,
        serde_json::to_value(dataset::order(&cfg, changed[1]).unwrap()).unwrap()
    );
    let _ = api.get(&page(0, 10)).await;
    for id in &changed {
        let (_, after) = api.get(&format!("/rest/V1/orders/{id}")).await;
        let original = dataset::order(&cfg, *id).unwrap();
        assert_ne!(after["status"], original.status, "order {id}");
        assert!(after["updated_at"].as_str().unwrap() >= "2026-03-01 12:00:00");
        assert_eq!(after["created_at"], json!(original.created_at.to_string()));
    }
    let q = Query::new().filter("updated_at", "gteq", "2026-03-01 12:00:00");
    let (_, body) = api.get(&q.on("/rest/V1/orders")).await;
    assert_eq!(entity_ids(&body), changed);
    assert_eq!(sim.stats().updated_orders, 4);
}
