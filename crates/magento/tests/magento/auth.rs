//! Integration token, admin token (expiry, wrong password, 2FA) and OAuth 1.0a.

use crate::harness::*;
use magento::{Credentials, Error, OAuth1Credentials};
use sim::{Fault, SimAuth, SimConfig};

#[tokio::test(flavor = "multi_thread")]
async fn an_expiring_admin_token_is_renewed_and_the_read_completes() {
    let sim = start(SimConfig {
        faults: vec![Fault::AdminTokenExpiry { after_requests: 7 }],
        ..small_world()
    })
    .await;
    let client = builder(&sim, admin(&sim))
        .page_size(50)
        .concurrency(2)
        .build()
        .unwrap();
    let read = collect(client.orders().read(None)).await;
    assert!(read.failures.is_empty(), "{}", read.failures[0].error);
    assert_each_once(read.rows.iter().map(|o| o.entity_id).collect(), 1_000);
    let issued = sim.stats().admin_tokens_issued;
    assert!(
        issued >= 3,
        "the token was renewed as it expired: {issued} issued"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_admin_password_fails_once_with_a_clear_message() {
    let sim = start(small_world()).await;
    let wrong = Credentials::Admin {
        username: "admin".into(),
        password: "not-the-password".into(),
    };
    let client = builder(&sim, wrong).build().unwrap();
    let read = collect(client.orders().read(None)).await;
    assert!(read.rows.is_empty());
    assert!(matches!(
        read.failures[0].error,
        Error::AdminLoginRejected { .. }
    ));
    let message = read.failures[0].error.to_string();
    assert!(message.contains("locks an admin account"), "{message}");
    assert_eq!(
        sim.stats().auth_failures,
        1,
        "no retry storm towards a lockout"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn two_factor_admins_are_told_to_use_an_integration() {
    let sim = start(SimConfig {
        auth: SimAuth {
            two_factor: true,
            ..SimAuth::default()
        },
        ..small_world()
    })
    .await;
    let client = builder(&sim, admin(&sim)).build().unwrap();
    let read = collect(client.orders().read(None)).await;
    let message = read.failures[0].error.to_string();
    assert!(message.contains("two-factor"), "{message}");
    assert!(message.contains("Integrations"), "{message}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_token_names_the_likely_causes() {
    let sim = start(small_world()).await;
    let client = builder(&sim, Credentials::IntegrationToken("wrong".into()))
        .build()
        .unwrap();
    let read = collect(client.orders().read(None)).await;
    let message = read.failures[0].error.to_string();
    assert!(message.contains("expired or was revoked"), "{message}");
    assert!(message.contains("Bearer"), "{message}");
}

#[tokio::test(flavor = "multi_thread")]
async fn bearer_disabled_shops_accept_oauth1_signatures() {
    let sim = start(SimConfig {
        auth: SimAuth {
            bearer_enabled: false,
            ..SimAuth::default()
        },
        ..small_world()
    })
    .await;
    let refused = collect(client(&sim).orders().read(None)).await;
    assert!(matches!(
        refused.failures[0].error,
        Error::Unauthorized { .. }
    ));

    let oauth = &sim.config().auth.oauth;
    let signed = Credentials::OAuth1(OAuth1Credentials {
        consumer_key: oauth.consumer_key.as_str().into(),
        consumer_secret: oauth.consumer_secret.as_str().into(),
        access_token: oauth.access_token.as_str().into(),
        token_secret: oauth.token_secret.as_str().into(),
    });
    let client = builder(&sim, signed)
        .page_size(60)
        .concurrency(4)
        .build()
        .unwrap();
    let read = collect(client.orders().read(None)).await;
    assert!(read.failures.is_empty(), "{}", read.failures[0].error);
    assert_each_once(read.rows.iter().map(|o| o.entity_id).collect(), 1_000);
}
