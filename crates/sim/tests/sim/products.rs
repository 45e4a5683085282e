//! Products: prices, special prices as string custom attributes, tier prices, incremental
//! reads and single-product reads.

use serde_json::{Value, json};
use sim::{SimConfig, dataset};

use crate::support::{Api, Query, fixture, items, small, start, total};

fn attribute<'a>(p: &'a Value, code: &str) -> Option<&'a Value> {
    p["custom_attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["attribute_code"] == code)
        .map(|a| &a["value"])
}

#[tokio::test]
async fn catalogue_prices_special_prices_and_tiers() {
    let cfg = SimConfig {
        skus: 400,
        ..small()
    };
    let sim = start(cfg.clone()).await;
    let api = Api::new(&sim);
    let (_, body) = api.get(&Query::new().on("/rest/V1/products")).await;
    assert_eq!(total(&body), 400);
    let products = items(&body);
    let sample = fixture("product_response.json");
    for key in sample.as_object().unwrap().keys() {
        assert!(products[0].get(key).is_some(), "missing product key {key}");
    }
    assert_eq!(
        products[0]["extension_attributes"]["website_ids"],
        json!([1])
    );
    assert!(products.iter().any(|p| p["price"].is_u64()));
    assert!(products.iter().any(|p| p["price"].is_f64()));

    let specials: Vec<&Value> = products
        .iter()
        .filter(|p| attribute(p, "special_price").is_some())
        .collect();
    assert!((20..=60).contains(&specials.len()), "{}", specials.len());
    let mut open_ended = 0;
    let mut expired = 0;
    for p in &specials {
        let price = attribute(p, "special_price").unwrap().as_str().unwrap();
        assert!(price.ends_with("0000") && price.contains('.'), "{price}");
        let from = attribute(p, "special_from_date").unwrap().as_str().unwrap();
        assert!(from.ends_with(" 00:00:00"), "{from}");
        match attribute(p, "special_to_date") {
            None => open_ended += 1,
            Some(to) if to.as_str().unwrap() < "2026-03-01 00:00:00" => expired += 1,
            Some(_) => {}
        }
    }
    assert!(open_ended > 0 && expired > 0);

    let tiered: Vec<&Value> = products
        .iter()
        .filter(|p| !p["tier_prices"].as_array().unwrap().is_empty())
        .collect();
    assert!(!tiered.is_empty());
    let tiers: Vec<&Value> = tiered
        .iter()
        .flat_map(|p| p["tier_prices"].as_array().unwrap())
        .collect();
    assert!(
        tiers
            .iter()
            .all(|t| t["extension_attributes"]["website_id"].is_u64()
                && t["customer_group_id"].is_u64()
                && t["qty"].is_u64()
                && t["value"].is_number())
    );
    assert!(
        tiers
            .iter()
            .any(|t| t["extension_attributes"]["percentage_value"].is_number())
    );
}

#[tokio::test]
async fn incremental_reads_by_updated_at() {
    let cfg = small();
    let sim = start(cfg.clone()).await;
    let api = Api::new(&sim);
    let since = "2026-01-01 00:00:00";
    let q = Query::new()
        .filter("updated_at", "gt", since)
        .sort("entity_id", Some("ASC"));
    let (_, body) = api.get(&q.on("/rest/V1/products")).await;
    let expected: Vec<u64> = (1..=cfg.skus)
        .filter(|j| {
            dataset::product(&cfg, *j)
                .unwrap()
                .updated_at
                .to_string()
                .as_str()
                > since
        })
        .collect();
    let got: Vec<u64> = items(&body)
        .iter()
        .map(|p| p["id"].as_u64().unwrap())
        .collect();
    assert_eq!(got, expected);
    let q = Query::new().filter("sku", "like", "SKU-00001%");
    let (_, body) = api.get(&q.on("/rest/V1/products")).await;
    assert_eq!(total(&body), 10);
}

#[tokio::test]
async fn single_product_by_sku() {
    let cfg = small();
    let sim = start(cfg.clone()).await;
    let api = Api::new(&sim);
    let (status, p) = api.get("/rest/V1/products/SKU-000007").await;
    assert_eq!(status, 200);
    assert_eq!(p["sku"], "SKU-000007");
    assert_eq!(p["id"], 7);
    assert_eq!(
        p["extension_attributes"]["stock_item"]["qty"]
            .as_f64()
            .unwrap(),
        dataset::source_item_quantity(&cfg, 7, 0)
    );
    let (status, body) = api.get("/rest/V1/products/NOPE-1").await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"message": "The product that was requested doesn't exist. Verify the product and try again."})
    );
    let (_, partial) = api
        .get("/rest/V1/products/SKU-000007?fields=sku,price")
        .await;
    assert_eq!(partial.as_object().unwrap().len(), 2);
}
