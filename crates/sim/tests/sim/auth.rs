//! Authentication: Bearer integration token, admin tokens (2FA, lockout, lifetime) and OAuth
//! 1.0a signatures.

use std::time::Duration;

use serde_json::json;
use sim::{Fault, SimAuth, SimConfig};

use crate::support::{Api, Query, Signer, fixture, small, start};

const ORDERS: &str = "/rest/V1/orders?searchCriteria[pageSize]=1";

fn acl(resource: &str) -> serde_json::Value {
    json!({
        "message": "The consumer isn't authorized to access %resources.",
        "parameters": {"resources": resource}
    })
}

#[tokio::test]
async fn data_routes_need_credentials() {
    let sim = start(small()).await;
    let anonymous = Api::with_auth(&sim, None);
    for (path, resource) in [
        (ORDERS, "Magento_Sales::actions_view"),
        ("/rest/V1/orders/1", "Magento_Sales::actions_view"),
        (
            "/rest/V1/inventory/source-items?searchCriteria=",
            "Magento_InventoryApi::source",
        ),
        ("/rest/V1/inventory/sources", "Magento_InventoryApi::source"),
        (
            "/rest/V1/products?searchCriteria=",
            "Magento_Catalog::products",
        ),
    ] {
        let (status, body) = anonymous.get(path).await;
        assert_eq!(status, 401, "{path}");
        assert_eq!(body, acl(resource));
    }
    assert_eq!(
        anonymous.get("/rest/V1/products/SKU-000001").await.1,
        fixture("error_response_401_acl.json")
    );
    let wrong = Api::with_auth(&sim, Some("Bearer nope".into()));
    assert_eq!(wrong.get(ORDERS).await.0, 401);
    assert_eq!(Api::new(&sim).get(ORDERS).await.0, 200);
    assert_eq!(sim.stats().auth_failures, 7);
}

#[tokio::test]
async fn integration_token_as_bearer_can_be_disabled() {
    let sim = start(SimConfig {
        auth: SimAuth {
            bearer_enabled: false,
            ..SimAuth::default()
        },
        ..small()
    })
    .await;
    let (status, body) = Api::new(&sim).get(ORDERS).await;
    assert_eq!(status, 401);
    assert_eq!(body, acl("Magento_Sales::actions_view"));
}

async fn admin_token(api: &Api, password: &str) -> (u16, serde_json::Value) {
    api.post(
        "/rest/V1/integration/admin/token",
        json!({"username": "admin", "password": password}),
    )
    .await
}

#[tokio::test]
async fn admin_tokens_are_jwts_and_expire() {
    let sim = start(SimConfig {
        auth: SimAuth {
            admin_token_ttl: Duration::from_secs(1),
            ..SimAuth::default()
        },
        ..small()
    })
    .await;
    let api = Api::with_auth(&sim, None);
    let (status, body) = admin_token(&api, "wrong").await;
    assert_eq!(status, 401);
    assert_eq!(
        body["message"],
        "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."
    );
    let (status, first) = admin_token(&api, "admin-password-123").await;
    assert_eq!(status, 200);
    let (_, second) = admin_token(&api, "admin-password-123").await;
    let token = first.as_str().unwrap();
    assert!(
        token.starts_with("eyJ") && token.split('.').count() == 3,
        "{token}"
    );
    assert_ne!(first, second);
    let authed = Api::with_auth(&sim, Some(format!("Bearer {token}")));
    assert_eq!(authed.get(ORDERS).await.0, 200);
    assert_eq!(
        Api::with_auth(&sim, Some(format!("Bearer {token}")))
            .get("/rest/default/V1/products/SKU-000001")
            .await
            .0,
        200
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(authed.get(ORDERS).await.0, 401);
    assert_eq!(sim.stats().admin_tokens_issued, 2);
}

#[tokio::test]
async fn six_failures_lock_the_account() {
    let sim = start(small()).await;
    let api = Api::with_auth(&sim, None);
    for _ in 0..5 {
        assert_eq!(admin_token(&api, "wrong").await.0, 401);
    }
    // Five failures then a success resets the count.
    assert_eq!(admin_token(&api, "admin-password-123").await.0, 200);
    for _ in 0..6 {
        assert_eq!(admin_token(&api, "wrong").await.0, 401);
    }
    let (status, body) = admin_token(&api, "admin-password-123").await;
    assert_eq!(status, 401);
    assert_eq!(
        body["message"],
        "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."
    );
}

#[tokio::test]
async fn two_factor_needs_the_provider_endpoint() {
    let sim = start(SimConfig {
        auth: SimAuth {
            two_factor: true,
            ..SimAuth::default()
        },
        ..small()
    })
    .await;
    let api = Api::with_auth(&sim, None);
    let (status, body) = admin_token(&api, "admin-password-123").await;
    assert_eq!(status, 401);
    assert_eq!(body, fixture("error_response_401_2fa_admin_token.json"));
    let google = "/rest/V1/tfa/provider/google/authenticate";
    let (status, body) = api
        .post(
            google,
            json!({"username": "admin", "password": "admin-password-123", "otp": "000000"}),
        )
        .await;
    assert_eq!((status, body), (401, json!({"message": "Invalid code."})));
    let (status, token) = api
        .post(
            google,
            json!({"username": "admin", "password": "admin-password-123", "otp": "123456"}),
        )
        .await;
    assert_eq!(status, 200);
    let authed = Api::with_auth(&sim, Some(format!("Bearer {}", token.as_str().unwrap())));
    assert_eq!(authed.get(ORDERS).await.0, 200);
    // Without 2FA the provider route does not exist.
    let plain = start(small()).await;
    let (status, _) = Api::with_auth(&plain, None)
        .post(
            google,
            json!({"username": "admin", "password": "admin-password-123", "otp": "123456"}),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn oauth_signatures_are_verified() {
    let sim = start(small()).await;
    let signer = Signer::new();
    let q = Query::new()
        .filter("entity_id", "gt", "10")
        .filter("created_at", "gteq", "2026-01-01 00:00:00")
        .sort("entity_id", Some("ASC"))
        .page_size(5);
    let path = q.on("/rest/default/V1/orders");
    let decoded: Vec<(String, String)> = path
        .split_once('?')
        .unwrap()
        .1
        .split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (
                k.to_string(),
                percent_encoding::percent_decode_str(v)
                    .decode_utf8()
                    .unwrap()
                    .into_owned(),
            )
        })
        .collect();
    let query: Vec<(&str, &str)> = decoded
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let url = format!("{}/rest/default/V1/orders", sim.base_url());

    let header = signer.header(&url, &query, "nonce-1");
    let api = Api::with_auth(&sim, Some(header.clone()));
    let (status, body) = api.get(&path).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(crate::support::entity_ids(&body), vec![11, 12, 13, 14, 15]);
    // The same nonce again is refused.
    assert_eq!(api.get(&path).await.0, 401);

    // A wrong secret signs differently.
    let bad = Signer {
        consumer_secret: "not-the-secret".into(),
        ..Signer::new()
    };
    let api = Api::with_auth(&sim, Some(bad.header(&url, &query, "nonce-2")));
    assert_eq!(api.get(&path).await.0, 401);
    // A signature over other parameters does not cover this request.
    let api = Api::with_auth(&sim, Some(signer.header(&url, &[], "nonce-3")));
    assert_eq!(api.get(&path).await.0, 401);

    // HMAC-SHA1 is accepted too.
    let sha1 = Signer {
        method: "HMAC-SHA1",
        ..Signer::new()
    };
    let single = format!("{}/rest/V1/orders/7", sim.base_url());
    let api = Api::with_auth(&sim, Some(sha1.header(&single, &[], "nonce-4")));
    assert_eq!(api.get("/rest/V1/orders/7").await.0, 200);
}

#[tokio::test]
async fn admin_token_expiry_fault_counts_requests() {
    let sim = start(SimConfig {
        faults: vec![Fault::AdminTokenExpiry { after_requests: 2 }],
        ..small()
    })
    .await;
    let (_, token) = admin_token(&Api::with_auth(&sim, None), "admin-password-123").await;
    let api = Api::with_auth(&sim, Some(format!("Bearer {}", token.as_str().unwrap())));
    assert_eq!(api.get(ORDERS).await.0, 200);
    assert_eq!(api.get(ORDERS).await.0, 200);
    let (status, body) = api.get(ORDERS).await;
    assert_eq!((status, body), (401, acl("Magento_Sales::actions_view")));
    // The integration token is not affected.
    assert_eq!(Api::new(&sim).get(ORDERS).await.0, 200);
}
