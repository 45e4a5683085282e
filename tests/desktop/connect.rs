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
    record_ipc_answers(&app).await;
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

    map_sources_and_prices(&app, &world, data.path()).await;
    see_the_connections(&app).await;

    let written = std::fs::read_to_string(app.config_file()).unwrap();
    assert!(written.contains("[connections.erp]"), "{written}");
    assert!(written.contains("kind = \"business-central\""), "{written}");
    // The data directory, the app's home (config, its log) and every answer the app gave the
    // page hold no secret.
    let log = std::fs::read_to_string(app.home().join("app.log")).unwrap();
    assert!(
        log.contains("DEBUG"),
        "the app logged nothing to check:\n{log}"
    );
    let answers = app.js("return window.__ipcAnswers.join('\\n')").await;
    let answers = answers.as_str().unwrap_or_default();
    assert!(
        answers.contains("Business Central"),
        "no answers recorded: {answers}"
    );
    for secret in [MAGENTO_TOKEN, ERP_SECRET] {
        assert!(!answers.contains(secret), "an IPC answer holds a secret");
        for folder in [data.path(), app.home()] {
            assert_nowhere_in(folder, secret);
        }
    }
    app.quit().await;
}

/// The Mapping screen: the suggested locations taken with one click, the base price list
/// chosen from the ERP's, saved into the file the Connect screen wrote (its comments kept);
/// the next snapshot's stock findings are then exactly the drift the world injected.
async fn map_sources_and_prices(app: &App, world: &World, data_dir: &Path) {
    app.el("nav-mapping").await.click().await.unwrap();
    app.wait_for("apply-suggestions", 60).await;
    let unmapped = app.el("unmapped-locations").await.text().await.unwrap();
    assert!(
        unmapped.contains("EAST") && unmapped.contains("OUTLET"),
        "{unmapped}"
    );
    app.shot("14-mapping-suggestions").await;

    app.el("apply-suggestions").await.click().await.unwrap();
    // Stock in transit is left out on purpose, as the world's merchant would.
    for excluded in &world.manifest().mappings.excluded_locations {
        let tick = format!("leave-out-{excluded}");
        app.js(&format!(
            "document.querySelector(\"[data-testid='{tick}']\").scrollIntoView({{ block: 'center' }});"
        ))
        .await;
        app.el(&tick).await.click().await.unwrap();
    }
    for mapped in &world.manifest().mappings.locations {
        let chosen = app
            .js(&format!(
                "return document.querySelector(\"[data-testid='source-{}']\").value",
                mapped.source_code
            ))
            .await;
        assert_eq!(chosen, mapped.location_code, "{}", mapped.source_code);
    }
    // Clear of the save bar, which stays at the bottom of the window.
    app.js("document.querySelector(\"[data-testid='add-price-list']\").scrollIntoView({ block: 'center' });")
        .await;
    app.el("add-price-list").await.click().await.unwrap();
    app.js(
        "const s = document.querySelector(\"[data-testid='price-list-0']\"); \
         Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(s, 'RETAIL'); \
         s.dispatchEvent(new Event('change', { bubbles: true }));",
    )
    .await;
    app.el("save-rules").await.click().await.unwrap();
    app.wait_for("save-done", 30).await;
    app.js("window.scrollTo(0, 0);").await;
    app.shot("15-mapping-saved").await;

    let written = std::fs::read_to_string(app.config_file()).unwrap();
    assert!(
        written.starts_with("# Written by Driftwatch's Connect screen."),
        "{written}"
    );
    assert!(written.contains("[mapping.sources]"), "{written}");
    assert!(written.contains("wh-east = \"EAST\""), "{written}");
    assert!(written.contains("price_list = \"RETAIL\""), "{written}");
    assert!(
        written.contains("exclude_locations = [\"TRANSIT\"]"),
        "{written}"
    );

    let database = data_dir.join("driftwatch.sqlite");
    let reconciled = || {
        store::Store::open_beside(&database)
            .unwrap()
            .recon_runs(100)
            .unwrap()
            .len()
    };
    let before = reconciled();
    app.el("nav-overview").await.click().await.unwrap();
    app.el("snapshot-now").await.click().await.unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(180);
    while reconciled() == before {
        assert!(
            std::time::Instant::now() < deadline,
            "no reconciliation after mapping"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    app.until(
        "the snapshot after mapping finished",
        "!document.querySelector(\"[data-testid='snapshot-now']\").disabled",
        60,
    )
    .await;
    app.shot("16-mapped-overview").await;

    let store = store::Store::open_beside(&database).unwrap();
    let open = store
        .mismatches(&store::MismatchFilter {
            entity: Some(model::MismatchEntity::Stock),
            kind: None,
            state: Some(model::MismatchState::Open),
            limit: None,
        })
        .unwrap();
    let found: std::collections::BTreeSet<(String, String)> = open
        .iter()
        .map(|m| {
            let kind = serde_json::to_value(m.finding.kind).unwrap();
            (kind.as_str().unwrap().to_owned(), m.finding.key.to_string())
        })
        .collect();
    let injected: std::collections::BTreeSet<(String, String)> = world
        .manifest()
        .drift
        .iter()
        .filter(|d| d.entity == "stock")
        .map(|d| (d.kind.clone(), d.key.clone()))
        .collect();
    assert_eq!(found, injected, "stock findings after mapping");
}

/// Every answer and error the shell sends the page, kept in `window.__ipcAnswers`.
async fn record_ipc_answers(app: &App) {
    // Tauri's IPC answers arrive as replies to `fetch` on its `ipc:` protocol; its own
    // `invoke` cannot be replaced.
    app.js(
        "window.__ipcAnswers = []; const fetch = window.fetch.bind(window); \
         window.fetch = async (...request) => { const reply = await fetch(...request); \
           reply.clone().text().then((text) => window.__ipcAnswers.push(text), () => {}); \
           return reply; };",
    )
    .await;
}

/// The Connections screen: both connections' secrets found in the keychain, never shown.
async fn see_the_connections(app: &App) {
    app.el("nav-connections").await.click().await.unwrap();
    let magento = app
        .wait_for("secret-magento-token-state", 30)
        .await
        .text()
        .await
        .unwrap();
    assert!(magento.contains("keychain"), "{magento}");
    let erp = app
        .el("secret-erp-client-secret-state")
        .await
        .text()
        .await
        .unwrap();
    assert!(erp.contains("keychain"), "{erp}");
    app.el("test-connections").await.click().await.unwrap();
    app.until(
        "both connections pass on the Connections screen",
        "document.querySelectorAll('.test-passed').length === 2",
        60,
    )
    .await;
    app.shot("17-connections").await;
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
