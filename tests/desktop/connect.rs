//! A merchant connects their own systems from an unconfigured app: the Connect screen's
//! forms (no file written by hand), a failed test with its message, a passing one, then a
//! snapshot and its findings. The secrets typed appear in no file the app wrote.

use std::path::Path;
use std::time::Duration;

use sim::bc::BcConfig;
use sim::world::{Scenario, World};

use crate::harness::{App, within};

const MAGENTO_TOKEN: &str = "e2e-magento-token-7Qx2";
const ERP_SECRET: &str = "e2e-erp-secret-Zk93";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_from_the_forms_test_and_snapshot() {
    within(
        Duration::from_secs(600),
        "connecting from the forms",
        connect(),
    )
    .await;
}

async fn type_into(app: &App, test_id: &str, text: &str) {
    let field = app.el(test_id).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn connect() {
    let world = World::build(&Scenario {
        orders: 300,
        skus: 60,
        sources: 3,
        ..Scenario::named("drift").unwrap()
    });
    let mut magento_config = world.magento_config();
    magento_config.auth.integration_token = MAGENTO_TOKEN.to_owned();
    let loopback = "127.0.0.1:0".parse().unwrap();
    let magento = sim::start(magento_config, loopback).await.unwrap();
    let bc_config = BcConfig {
        client_secret: ERP_SECRET.to_owned(),
        ..BcConfig::default()
    };
    let bc = sim::bc::start(world.clone(), bc_config, loopback)
        .await
        .unwrap();

    let data = tempfile::tempdir().unwrap();
    let app = App::launch(&["--data-dir", data.path().to_str().unwrap()]).await;
    app.el("connect-button").await.click().await.unwrap();

    type_into(&app, "magento-base-url", &magento.base_url()).await;
    app.el("magento-auth-integration-token")
        .await
        .click()
        .await
        .unwrap();
    type_into(&app, "magento-secret-token", MAGENTO_TOKEN).await;
    type_into(&app, "erp-setting-tenant", &bc.config().tenant).await;
    type_into(&app, "erp-setting-company_id", &bc.company_id()).await;
    type_into(&app, "erp-setting-client_id", &bc.config().client_id).await;
    type_into(&app, "erp-secret-client-secret", "a-mistyped-secret").await;
    // The simulator's addresses (a real tenant's are derived from tenant and environment).
    app.js("document.querySelector('.connect-more').open = true;")
        .await;
    type_into(&app, "erp-setting-token_url", &bc.token_url()).await;
    type_into(&app, "erp-setting-api_base", &bc.api_base()).await;
    type_into(&app, "erp-setting-custom_api_base", &bc.custom_api_base()).await;
    app.js("window.scrollTo(0, 0);").await;
    app.shot("10-connect-form").await;

    // A mistyped secret: the test says so in words, and Magento still passes.
    app.el("connect-save").await.click().await.unwrap();
    let problem = app
        .wait_for("test-erp-problem", 60)
        .await
        .text()
        .await
        .unwrap();
    assert!(problem.contains("client secret"), "{problem}");
    let magento_result = app.el("test-magento").await.text().await.unwrap();
    assert!(magento_result.contains("Orders"), "{magento_result}");
    app.shot("11-connect-failed-test").await;

    // Entered again, both pass; Magento's token was kept in the keychain (left blank).
    type_into(&app, "erp-secret-client-secret", ERP_SECRET).await;
    app.el("connect-save").await.click().await.unwrap();
    app.until(
        "both connections pass",
        "document.querySelectorAll('.test-passed').length === 2",
        60,
    )
    .await;
    let erp_result = app.el("test-erp").await.text().await.unwrap();
    assert!(erp_result.contains("installed"), "{erp_result}");
    app.shot("12-connect-passed").await;

    app.el("connect-continue").await.click().await.unwrap();
    app.el("snapshot-now").await.click().await.unwrap();
    app.until(
        "the snapshot found the missing orders",
        "(() => { const c = document.querySelector(\"[data-testid='card-orders-missing']\"); \
           return c && /[1-9]/.test(c.textContent); })()",
        180,
    )
    .await;
    let systems = app
        .js("return document.querySelector('.systems').textContent")
        .await;
    assert_eq!(systems, "Magento ↔ Business Central");
    app.shot("13-connected-overview").await;

    let written = std::fs::read_to_string(app.config_file()).unwrap();
    assert!(written.contains("[connections.erp]"), "{written}");
    assert!(written.contains("kind = \"business-central\""), "{written}");
    // The data directory and the app's home (config and its other files) hold no secret.
    for folder in [data.path(), app.home()] {
        for secret in [MAGENTO_TOKEN, ERP_SECRET] {
            assert_nowhere_in(folder, secret);
        }
    }
    app.quit().await;
}

fn assert_nowhere_in(folder: &Path, secret: &str) {
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            assert_nowhere_in(&path, secret);
        } else if let Ok(bytes) = std::fs::read(&path) {
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "{} contains a secret", path.display());
        }
    }
}
