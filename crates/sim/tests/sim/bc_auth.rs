//! The identity platform's token endpoint and the Bearer check of the API.

use std::time::Duration;

use base64::Engine;
use sim::bc::{BcConfig, BcFault, SCOPE};

use crate::bc_support::{Bc, bc_fixture, keys, start_bc, start_with, token_request, world};

#[tokio::test]
async fn client_credentials_token_opens_the_api() {
    let sim = start_with(vec![]).await;
    let (status, body) = token_request(&sim, "sim-client-secret", SCOPE).await;
    assert_eq!(status, 200);
    assert_eq!(
        keys(&body, &[]),
        keys(&bc_fixture("token_response.entra.json"), &[])
    );
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3599);
    let token = body["access_token"].as_str().unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let claims: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[1])
            .unwrap(),
    )
    .unwrap();
    assert!(claims["exp"].as_i64().unwrap() > claims["iat"].as_i64().unwrap());
    assert_eq!(claims["aud"], "https://api.businesscentral.dynamics.com");
    let bc = Bc::connect(&sim).await;
    let (status, companies) = bc.get(&format!("{}/companies", sim.api_base())).await;
    assert_eq!(status, 200);
    assert_eq!(companies["value"][0]["id"], sim.company_id());
    // The tenant-less base works with the same token.
    let url = format!("{}/v2.0/production/api/v2.0/companies", sim.base_url());
    assert_eq!(bc.get(&url).await.0, 200);
    assert_eq!(sim.stats().tokens_issued, 2);
}

#[tokio::test]
async fn wrong_scope_and_wrong_secret_answer_like_entra() {
    let sim = start_with(vec![]).await;
    let (status, body) = token_request(
        &sim,
        "sim-client-secret",
        "https://foo.microsoft.com/.default",
    )
    .await;
    assert_eq!(status, 400);
    let sample = bc_fixture("token_error_invalid_scope.entra.json");
    assert_eq!(keys(&body, &[]), keys(&sample, &[]));
    assert_eq!(body["error"], "invalid_scope");
    assert_eq!(body["error_codes"], serde_json::json!([70011]));
    let text = body["error_description"].as_str().unwrap();
    assert!(text.starts_with("AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope https://foo.microsoft.com/.default is not valid.\r\nTrace ID: "), "{text}");
    assert!(text.contains("\r\nCorrelation ID: "));

    let (status, body) = token_request(&sim, "wrong", SCOPE).await;
    assert_eq!(status, 401);
    assert_eq!(keys(&body, &[]), keys(&sample, &[]));
    assert_eq!(body["error"], "invalid_client");
    assert_eq!(body["error_codes"], serde_json::json!([7000215]));
    assert_eq!(sim.stats().auth_failures, 1);
    assert_eq!(sim.stats().tokens_issued, 0);

    let resp = reqwest::Client::new()
        .post(format!("{}/other-tenant/oauth2/v2.0/token", sim.base_url()))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS90002")
    );
}

#[tokio::test]
async fn missing_bad_and_expired_tokens_get_bc_401() {
    let sim = start_bc(
        world("clean"),
        BcConfig {
            // `exp` is in whole seconds: a token lives between ttl - 1 and ttl seconds. One
            // second was flaky under load (a fresh token could expire before its first use).
            token_ttl: Duration::from_secs(3),
            ..BcConfig::default()
        },
    )
    .await;
    let url = format!("{}/companies", sim.api_base());
    let resp = reqwest::get(&url).await.unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    assert!(
        resp.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer ")
    );
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(
        keys(&body, &[]),
        keys(&bc_fixture("error_400_inner_from_batch_doc.json"), &[])
    );
    assert_eq!(body["error"]["code"], "Authentication_InvalidCredentials");
    let msg = body["error"]["message"].as_str().unwrap();
    assert!(
        msg.starts_with("The server has rejected the client credentials.  CorrelationId:  "),
        "{msg}"
    );
    assert!(msg.ends_with('.'));

    let mut bc = Bc::connect(&sim).await;
    assert_eq!(bc.get(&url).await.0, 200);
    let good = bc.token.clone();
    bc.token = format!("{}x", &good[..good.len() - 1]);
    assert_eq!(bc.get(&url).await.0, 401);
    bc.token = good;
    tokio::time::sleep(Duration::from_millis(3100)).await;
    let (status, body) = bc.get(&url).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(sim.stats().auth_failures, 3);
}

#[tokio::test]
async fn token_expiry_fault_after_n_requests() {
    let sim = start_with(vec![BcFault::TokenExpiry { after_requests: 2 }]).await;
    let bc = Bc::connect(&sim).await;
    let url = format!("{}/companies", sim.api_base());
    assert_eq!(bc.get(&url).await.0, 200);
    assert_eq!(bc.get(&url).await.0, 200);
    assert_eq!(bc.get(&url).await.0, 401);
    let fresh = Bc::connect(&sim).await;
    assert_eq!(fresh.get(&url).await.0, 200);
}
