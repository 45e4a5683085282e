//! Each Business Central fault and the concurrency limit.

use std::time::Duration;

use serde_json::Value;
use sim::bc::{BcConfig, BcFault};

use crate::bc_support::{Bc, start_bc, start_with, world};

async fn status_and_body(resp: reqwest::Response) -> (u16, Value) {
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

#[tokio::test]
async fn throttle_every_nth_request_without_retry_after() {
    let sim = start_with(vec!["bc-429:every=3".parse().unwrap()]).await;
    let bc = Bc::connect(&sim).await;
    let url = format!("{}/items?$top=1", bc.api);
    assert_eq!(bc.get(&url).await.0, 200);
    assert_eq!(bc.get(&url).await.0, 200);
    let resp = bc.raw(&url, None).await;
    assert!(resp.headers().get("retry-after").is_none());
    let (status, body) = status_and_body(resp).await;
    assert_eq!(status, 429);
    assert_eq!(body["error"]["code"], "Application_TooManyRequests");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("CorrelationId:")
    );
    assert_eq!(bc.get(&url).await.0, 200);
    assert_eq!(sim.stats().throttled, 1);
}

#[tokio::test]
async fn unavailable_and_timeouts() {
    let sim = start_with(vec!["bc-503:every=2,retry-after=7".parse().unwrap()]).await;
    let bc = Bc::connect(&sim).await;
    let url = format!("{}/locations", bc.api);
    assert_eq!(bc.get(&url).await.0, 200);
    let resp = bc.raw(&url, None).await;
    assert_eq!(resp.headers()["retry-after"], "7");
    let (status, body) = status_and_body(resp).await;
    assert_eq!(status, 503);
    assert!(body["error"]["code"].is_string());
    assert_eq!(sim.stats().unavailable, 1);

    for (fault, code) in [("bc-504:every=2", 504), ("bc-408:every=2", 408)] {
        let sim = start_with(vec![fault.parse().unwrap()]).await;
        let bc = Bc::connect(&sim).await;
        assert_eq!(bc.get(&format!("{}/locations", bc.api)).await.0, 200);
        let (status, body) = bc.get(&format!("{}/locations", bc.api)).await;
        assert_eq!(status, code);
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("CorrelationId:")
        );
        assert_eq!(sim.stats().timeouts, 1);
    }
}

#[tokio::test]
async fn more_than_five_requests_in_flight_are_refused() {
    let sim = start_with(vec![BcFault::SlowPages {
        latency: Duration::from_millis(600),
    }])
    .await;
    let bc = Bc::connect(&sim).await;
    let url = format!("{}/companies", sim.api_base());
    let calls = (0..8).map(|_| bc.get(&url));
    let results = futures_util::future::join_all(calls).await;
    let ok = results.iter().filter(|(s, _)| *s == 200).count();
    let refused: Vec<&Value> = results
        .iter()
        .filter(|(s, _)| *s == 429)
        .map(|(_, b)| b)
        .collect();
    assert_eq!((ok, refused.len()), (5, 3));
    assert_eq!(refused[0]["error"]["code"], "Application_TooManyRequests");
    assert!(
        refused[0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Maximum (5)")
    );
    let stats = sim.stats();
    assert_eq!(stats.throttled, 3);
    assert!(stats.max_in_flight >= 6);
    // Five at a time is fine.
    let calls = (0..5).map(|_| bc.get(&url));
    let results = futures_util::future::join_all(calls).await;
    assert!(results.iter().all(|(s, _)| *s == 200));
}

#[tokio::test]
async fn malformed_page_is_persistent() {
    let sim = start_with(vec!["bc-malformed:salesOrders@2".parse().unwrap()]).await;
    let bc = Bc::connect(&sim).await;
    let url = format!("{}/salesOrders", bc.api);
    let first: Value = bc.raw(&url, Some(20)).await.json().await.unwrap();
    let next = first["@odata.nextLink"].as_str().unwrap().to_string();
    for _ in 0..2 {
        let resp = bc.raw(&next, Some(20)).await;
        assert_eq!(resp.status().as_u16(), 200);
        let text = resp.text().await.unwrap();
        assert!(serde_json::from_str::<Value>(&text).is_err());
        assert!(text.starts_with("{\"@odata.context\":"));
    }
    assert_eq!(sim.stats().malformed, 2);
    // Other collections and page sizes are untouched.
    let (status, _) = bc.get(&format!("{}/salesInvoices", bc.api)).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn custom_routes_exist_only_with_the_extension() {
    let sim = start_with(vec![]).await;
    let bc = Bc::connect(&sim).await;
    assert_eq!(
        bc.get(&format!("{}/itemLocationStocks?$top=1", bc.custom))
            .await
            .0,
        200
    );
    assert_eq!(
        bc.get(&format!("{}/priceListLines?$top=1", bc.custom))
            .await
            .0,
        200
    );

    let sim = start_bc(
        world("drift"),
        BcConfig {
            custom_routes: false,
            ..BcConfig::default()
        },
    )
    .await;
    let bc = Bc::connect(&sim).await;
    for set in ["itemLocationStocks", "priceListLines"] {
        let (status, body) = bc.get(&format!("{}/{set}", bc.custom)).await;
        assert_eq!(status, 404);
        assert_eq!(body["error"]["code"], "BadRequest_NotFound");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with("No HTTP resource was found")
        );
    }
    let (status, body) = bc.get(&format!("{}/nope", bc.api)).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "BadRequest_ResourceNotFound");
}
