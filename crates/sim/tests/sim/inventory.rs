//! Sources and source items.

use std::collections::BTreeSet;

use serde_json::Value;
use sim::{SimConfig, dataset};

use crate::support::{Api, Query, fixture, items, small, start, total};

#[tokio::test]
async fn sources_are_listed_like_magento() {
    let cfg = SimConfig {
        sources: 8,
        ..small()
    };
    let sim = start(cfg.clone()).await;
    let api = Api::new(&sim);
    // `searchCriteria` is optional on this route.
    let (status, body) = api.get("/rest/V1/inventory/sources").await;
    assert_eq!(status, 200);
    let codes: Vec<&str> = items(&body)
        .iter()
        .map(|s| s["source_code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "default",
            "wh-east",
            "wh-west",
            "wh-north",
            "wh-south",
            "wh-central",
            "wh-06",
            "wh-07"
        ]
    );
    assert_eq!(total(&body), 8);
    let sample = fixture("sources_search_response.json");
    let known: BTreeSet<&String> = items(&sample)
        .iter()
        .flat_map(|s| s.as_object().unwrap().keys())
        .collect();
    for source in items(&body) {
        for key in source.as_object().unwrap().keys() {
            assert!(known.contains(key), "unexpected source key {key}");
        }
        assert_eq!(source["enabled"], Value::Bool(true));
    }
    assert_eq!(
        items(&body)[0],
        serde_json::to_value(dataset::source(&cfg, 0)).unwrap()
    );
    let (_, one) = api
        .get(
            &Query::new()
                .filter("source_code", "eq", "wh-west")
                .on("/rest/V1/inventory/sources"),
        )
        .await;
    assert_eq!(total(&one), 1);
}

#[tokio::test]
async fn source_items_are_the_full_grid() {
    let cfg = small();
    let sim = start(cfg.clone()).await;
    let api = Api::new(&sim);
    let (_, body) = api
        .get(&Query::new().on("/rest/V1/inventory/source-items"))
        .await;
    assert_eq!(total(&body), dataset::source_item_count(&cfg));
    assert_eq!(items(&body).len() as u64, 40 * 3);
    // Natural order: by SKU, then source.
    let first: Vec<(String, String)> = items(&body)[..4]
        .iter()
        .map(|i| {
            (
                i["sku"].as_str().unwrap().into(),
                i["source_code"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        first,
        [
            ("SKU-000001".to_string(), "default".to_string()),
            ("SKU-000001".into(), "wh-east".into()),
            ("SKU-000001".into(), "wh-west".into()),
            ("SKU-000002".into(), "default".into()),
        ]
    );
    for item in items(&body) {
        let j: u64 = item["sku"].as_str().unwrap()[4..].parse().unwrap();
        let k = (0..3)
            .find(|k| dataset::source_code(*k) == item["source_code"].as_str().unwrap())
            .unwrap();
        let expected = dataset::source_item(&cfg, j, k).unwrap();
        assert_eq!(*item, serde_json::to_value(&expected).unwrap());
        assert_eq!(
            item["quantity"].as_f64().unwrap(),
            dataset::source_item_quantity(&cfg, j, k)
        );
    }
    let sample = fixture("source_items_search_response.json");
    let sample_keys: BTreeSet<_> = items(&sample)[0].as_object().unwrap().keys().collect();
    let our_keys: BTreeSet<_> = items(&body)[0].as_object().unwrap().keys().collect();
    assert_eq!(sample_keys, our_keys);
    // Whole quantities are integers on the wire, the rest keep their fraction.
    let text = api
        .raw(&Query::new().on("/rest/V1/inventory/source-items"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!text.contains(".0,"));
}

#[tokio::test]
async fn source_items_keyset_by_source_and_sku() {
    let cfg = small();
    let sim = start(cfg.clone()).await;
    let api = Api::new(&sim);
    let q = Query::new()
        .filter("source_code", "eq", "wh-east")
        .filter("sku", "gt", "SKU-000010")
        .sort("sku", Some("ASC"))
        .page_size(5);
    let (_, body) = api.get(&q.on("/rest/V1/inventory/source-items")).await;
    let skus: Vec<&str> = items(&body)
        .iter()
        .map(|i| i["sku"].as_str().unwrap())
        .collect();
    assert_eq!(
        skus,
        [
            "SKU-000011",
            "SKU-000012",
            "SKU-000013",
            "SKU-000014",
            "SKU-000015"
        ]
    );
    assert!(items(&body).iter().all(|i| i["source_code"] == "wh-east"));
    assert_eq!(total(&body), 30);
    // A residual filter is still exact.
    let q = Query::new()
        .filter("source_code", "in", "default,wh-west")
        .filter("quantity", "gt", "0");
    let (_, body) = api.get(&q.on("/rest/V1/inventory/source-items")).await;
    let expected = (1..=40u64)
        .flat_map(|j| [(j, 0u32), (j, 2u32)])
        .filter(|(j, k)| dataset::source_item_quantity(&cfg, *j, *k) > 0.0)
        .count() as u64;
    assert_eq!(total(&body), expected);
    // Sorting by source code within a SKU.
    let q = Query::new()
        .filter("sku", "eq", "SKU-000003")
        .sort("sku", Some("ASC"))
        .sort("source_code", Some("DESC"));
    let (_, body) = api.get(&q.on("/rest/V1/inventory/source-items")).await;
    let codes: Vec<&str> = items(&body)
        .iter()
        .map(|i| i["source_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["wh-west", "wh-east", "default"]);
}

#[tokio::test]
async fn source_items_and_products_filter_by_a_list_of_skus() {
    let sim = start(small()).await;
    let api = Api::new(&sim);
    let sources = u64::from(small().sources);
    // `in` splits on commas, matches without regard to case, ignores unknown SKUs; the
    // client's sort (sku, then source) pages without overlap.
    let skus = "SKU-000007,sku-000003,NOPE,SKU-999999";
    let mut seen = Vec::new();
    for page in 1..=3 {
        let (status, body) = api
            .get(
                &Query::new()
                    .filter("sku", "in", skus)
                    .sort("sku", Some("ASC"))
                    .sort("source_code", Some("ASC"))
                    .page_size(sources)
                    .page(page)
                    .on("/rest/V1/inventory/source-items"),
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(total(&body), 2 * sources);
        for item in items(&body) {
            seen.push(format!("{}@{}", item["sku"], item["source_code"]));
        }
    }
    assert_eq!(seen.len() as u64, 2 * sources);
    assert!(seen[0].starts_with("\"SKU-000003\"@"), "{seen:?}");
    assert!(
        seen.last().unwrap().starts_with("\"SKU-000007\"@"),
        "{seen:?}"
    );
    let (_, body) = api
        .get(
            &Query::new()
                .filter("sku", "in", skus)
                .sort("entity_id", Some("ASC"))
                .on("/rest/V1/products"),
        )
        .await;
    let found: Vec<&str> = items(&body)
        .iter()
        .map(|p| p["sku"].as_str().unwrap())
        .collect();
    assert_eq!(found, ["SKU-000003", "SKU-000007"]);
    // A SKU with a comma can only be asked for with `eq`.
    let (_, body) = api
        .get(
            &Query::new()
                .filter("sku", "eq", "SKU-000003,SKU-000007")
                .on("/rest/V1/products"),
        )
        .await;
    assert_eq!(total(&body), 0);
}
