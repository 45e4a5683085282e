//! Paging past the end (2.4 vs before 2.4) and input limits.

use serde_json::json;
use sim::{Paging, SimConfig};

use crate::support::{Api, Query, entity_ids, fixture, items, small, start, total};

fn asc() -> Query {
    Query::new().sort("entity_id", Some("ASC"))
}

#[tokio::test]
async fn past_the_last_page_v24_is_empty_with_the_real_total() {
    let sim = start(small()).await;
    let api = Api::new(&sim);
    let (_, last) = api
        .get(&asc().page_size(40).page(8).on("/rest/V1/orders"))
        .await;
    assert_eq!(entity_ids(&last), (281..=300).collect::<Vec<_>>());
    let (status, past) = api
        .get(&asc().page_size(40).page(9).on("/rest/V1/orders"))
        .await;
    assert_eq!(status, 200);
    assert!(items(&past).is_empty());
    assert_eq!(total(&past), 300);
}

#[tokio::test]
async fn past_the_last_page_pre24_repeats_the_last_page() {
    let sim = start(SimConfig {
        paging: Paging::Pre24,
        ..small()
    })
    .await;
    let api = Api::new(&sim);
    let (_, past) = api
        .get(&asc().page_size(40).page(12).on("/rest/V1/orders"))
        .await;
    assert_eq!(entity_ids(&past), (281..=300).collect::<Vec<_>>());
    assert_eq!(total(&past), 300);
    assert_eq!(past["search_criteria"]["current_page"], json!(12));
    // Also when a residual filter forces a scan.
    let q = asc()
        .filter("status", "neq", "no-such-status")
        .page_size(40)
        .page(50);
    let (_, past) = api.get(&q.on("/rest/V1/orders")).await;
    assert_eq!(entity_ids(&past), (281..=300).collect::<Vec<_>>());
}

#[tokio::test]
async fn without_input_limits_no_page_size_returns_everything() {
    let sim = start(small()).await;
    let api = Api::new(&sim);
    let (_, all) = api.get(&Query::new().on("/rest/V1/orders")).await;
    assert_eq!(items(&all).len(), 300);
    assert_eq!(all["search_criteria"], json!({"filter_groups": []}));
    let (_, big) = api.get(&asc().page_size(1000).on("/rest/V1/orders")).await;
    assert_eq!(items(&big).len(), 300);
}

#[tokio::test]
async fn input_limits_default_to_20_and_reject_more_than_300() {
    let sim = start(SimConfig {
        input_limits: true,
        ..small()
    })
    .await;
    let api = Api::new(&sim);
    let (_, page) = api.get(&asc().on("/rest/V1/orders")).await;
    assert_eq!(entity_ids(&page), (1..=20).collect::<Vec<_>>());
    assert_eq!(total(&page), 300);
    let (_, page) = api.get(&asc().page_size(300).on("/rest/V1/orders")).await;
    assert_eq!(items(&page).len(), 300);
    let resp = api.raw(&asc().page_size(301).on("/rest/V1/orders")).await;
    assert_eq!(resp.status().as_u16(), 400);
    let text = resp.text().await.unwrap();
    assert_eq!(
        text,
        r#"{"message":"Maximum SearchCriteria pageSize is %max","parameters":{"max":300}}"#
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        fixture("error_response_400_max_page_size.json")
    );
    let (status, _) = api
        .get(&asc().page_size(301).on("/rest/V1/inventory/source-items"))
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn bad_page_values_are_type_errors() {
    let sim = start(small()).await;
    let api = Api::new(&sim);
    let (status, body) = api
        .get("/rest/V1/orders?searchCriteria[pageSize]=lots")
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["parameters"], json!({"value": "lots", "type": "int"}));
}
