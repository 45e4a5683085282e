//! `driftwatch snapshot`: summaries, exit codes, change-only storage, partial
//! and failed runs, and a run killed halfway.

use crate::harness::*;
use model::{Entity, System};
use sim::{Fault, SimConfig};
use std::time::Duration;

fn world() -> SimConfig {
    SimConfig {
        orders: 600,
        skus: 80,
        sources: 3,
        ..SimConfig::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_snapshot_then_an_incremental_one_stores_only_changes() {
    let world = World::start(world()).await;
    let (code, first, stderr) = world.snapshot_json(&["--full"]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(first["status"], "complete");
    for (entity, rows) in [("orders", 600), ("stock", 240), ("prices", 80)] {
        let part = part(&first, entity);
        assert_eq!(part["status"], "complete");
        assert_eq!(part["system"], "magento");
        assert_eq!(part["rows_read"], rows, "{entity}");
        assert_eq!(part["rows_stored"], rows, "{entity}");
        assert!(part["pages"].as_u64().unwrap() >= rows / 50, "{entity}");
        assert_eq!(part["retries"], 0);
    }

    let (code, second, stderr) = world.snapshot_json(&[]).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(part(&second, "orders")["incremental_since"].is_string());
    for entity in ["orders", "stock", "prices"] {
        assert_eq!(
            part(&second, entity)["rows_stored"],
            0,
            "{entity} unchanged"
        );
    }
    let store = open_store(&world.database());
    let magento = |entity| store.stored_versions_of(entity, System::Magento).unwrap();
    assert_eq!(magento(Entity::Stock), 240);
    assert_eq!(magento(Entity::Orders), 600);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_price_written_without_moving_updated_at_is_read_when_a_full_price_read_is_due() {
    let world = World::start(world()).await;
    let (code, _, stderr) = world.snapshot_json(&["--full"]).await;
    assert_eq!(code, 0, "{stderr}");

    // Magento's price endpoint writes a base price; the product's updated_at stays.
    let reply: serde_json::Value = reqwest::Client::new()
        .post(format!(
            "{}/rest/V1/products/base-prices",
            world.sim.base_url()
        ))
        .bearer_auth(&world.sim.config().auth.integration_token)
        .json(&serde_json::json!({"prices": [
            {"price": 123.45, "store_id": 0, "sku": "SKU-000003"},
            {"price": 1, "store_id": 0, "sku": "NO-SUCH-SKU"},
        ]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        reply,
        serde_json::json!([{
            "message": "Requested product doesn't exist: %sku",
            "parameters": ["NO-SUCH-SKU"],
        }])
    );
    let price_of = |run: &serde_json::Value| {
        let store = open_store(&world.database());
        let run = store::RunId(run["run_id"].as_i64().unwrap());
        let prices = store.prices_at(run, System::Magento, "all").unwrap();
        prices
            .into_iter()
            .find(|p| p.sku == "SKU-000003")
            .and_then(|p| p.price)
            .map(|p| p.to_string())
    };

    // Within a day of the full read, an incremental read filters on updated_at: it cannot
    // see the write (the contract this guards against).
    let (code, within, stderr) = world.snapshot_json(&["--entities", "prices"]).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(part(&within, "prices")["incremental_since"].is_string());
    assert_eq!(part(&within, "prices")["rows_stored"], 0);
    assert_ne!(price_of(&within).as_deref(), Some("123.45"));

    // Once a full read is due, the incremental snapshot reads prices in full and stores it.
    let mut config = std::fs::read_to_string(world.config_path()).unwrap();
    config.push_str("\n[snapshot]\nfull_price_read_hours = 0\n");
    std::fs::write(world.config_path(), config).unwrap();
    let (code, due, stderr) = world.snapshot_json(&["--entities", "prices"]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        part(&due, "prices")["incremental_since"],
        serde_json::Value::Null
    );
    assert_eq!(part(&due, "prices")["rows_stored"], 1);
    assert_eq!(price_of(&due).as_deref(), Some("123.45"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_table_summary_is_readable() {
    let world = World::start(world()).await;
    let output = world.run(&["snapshot", "--entities", "stock"]).await;
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("complete"), "{stdout}");
    assert!(stdout.contains("stock"), "{stdout}");
    assert!(stdout.contains("240"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn throttling_and_gateway_errors_are_retried_and_counted() {
    let world = World::start(SimConfig {
        faults: vec![
            Fault::RateLimit {
                every: 10,
                retry_after_secs: 0,
            },
            Fault::Unavailable { every: 13 },
        ],
        ..world()
    })
    .await;
    let (code, report, stderr) = world.snapshot_json(&["--entities", "orders,stock"]).await;
    assert_eq!(code, 0, "{stderr}");
    let retries: u64 = ["orders", "stock"]
        .iter()
        .map(|e| part(&report, e)["retries"].as_u64().unwrap())
        .sum();
    let stats = world.sim.stats();
    assert_eq!(retries, stats.rate_limited + stats.unavailable);
    assert!(retries > 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_credentials_fail_clearly_and_nothing_is_complete() {
    let world = World::start(world()).await;
    let mut command = world.command(&["snapshot", "--json"]);
    command.env("DRIFTWATCH_MAGENTO_TOKEN", "revoked-token");
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["status"], "failed");
    let orders = part(&report, "orders");
    let error = orders["errors"][0].as_str().unwrap();
    assert!(error.contains("expired or was revoked"), "{error}");
    for entity in ["stock", "prices"] {
        let error = part(&report, entity)["errors"][0].as_str().unwrap();
        assert!(
            error.contains("refused the credentials"),
            "{entity}: {error}"
        );
    }
    let store = open_store(&world.database());
    for entity in Entity::ALL {
        assert_eq!(
            store
                .latest_run_with(
                    entity,
                    System::Magento,
                    &world.scope(entity, System::Magento),
                    &[model::PartStatus::Complete]
                )
                .unwrap(),
            None
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_secret_is_a_usage_error_naming_the_variable() {
    let world = World::start(world()).await;
    let mut command = world.command(&["snapshot"]);
    command.env_remove("DRIFTWATCH_MAGENTO_TOKEN");
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("DRIFTWATCH_MAGENTO_TOKEN"), "{stderr}");
    assert!(stderr.contains("credentials set magento"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_config_names_the_key() {
    let world = World::start(world()).await;
    let text = std::fs::read_to_string(world.config_path()).unwrap();
    std::fs::write(
        world.config_path(),
        text.replace("concurrency = 4", "concurrency = 0"),
    )
    .unwrap();
    let output = world.run(&["snapshot"]).await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("magento.concurrency"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_page_makes_the_run_partial_and_names_the_page() {
    let world = World::start(SimConfig {
        faults: vec![Fault::MalformedOrders { entity_id: 300 }],
        ..world()
    })
    .await;
    // The malformed page fails every time: give up after 3 attempts, not 8.
    let config = std::fs::read_to_string(world.config_path()).unwrap();
    std::fs::write(
        world.config_path(),
        config.replace("max_attempts = 8", "max_attempts = 3"),
    )
    .unwrap();
    let (code, report, _) = world.snapshot_json(&["--entities", "orders,stock"]).await;
    assert_eq!(code, 1);
    assert_eq!(report["status"], "partial");
    let orders = part(&report, "orders");
    assert_eq!(orders["status"], "partial");
    let error = orders["errors"][0].as_str().unwrap();
    assert!(
        error.contains("entity_id") && error.contains("not valid JSON"),
        "{error}"
    );
    assert_eq!(part(&report, "stock")["status"], "complete");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_run_leaves_earlier_snapshots_intact_and_is_marked_failed() {
    let world = World::start(SimConfig {
        orders: 20_000,
        faults: vec![Fault::SlowPages {
            latency: Duration::from_millis(40),
        }],
        ..world()
    })
    .await;
    let (code, first, stderr) = world.snapshot_json(&["--entities", "stock"]).await;
    assert_eq!(code, 0, "{stderr}");
    let first_run = first["run_id"].as_i64().unwrap();

    // Orders take ~5 s at this latency; kill the process after 1.5 s.
    let mut child = world
        .command(&["snapshot", "--entities", "orders,stock", "--full"])
        .spawn()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    child.kill().unwrap();
    child.wait().unwrap();

    let (code, third, stderr) = world.snapshot_json(&["--entities", "stock"]).await;
    assert_eq!(code, 0, "{stderr}");
    let killed_run = first_run + 1;
    assert_eq!(third["recovered_runs"], serde_json::json!([killed_run]));

    let store = open_store(&world.database());
    let killed = store.run(store::RunId(killed_run)).unwrap().unwrap();
    assert_eq!(killed.status, model::RunStatus::Failed);
    assert!(killed.error.unwrap_or_default().contains("interrupted"));
    assert_eq!(
        store.stored_versions(Entity::Orders).unwrap(),
        0,
        "its rows were rolled back"
    );
    let stock = store
        .source_items_at(store::RunId(first_run), System::Magento)
        .unwrap();
    assert_eq!(stock.len(), 240);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_admin_password_stops_the_run_after_one_attempt() {
    let world = World::start(world()).await;
    let text = std::fs::read_to_string(world.config_path()).unwrap();
    let admin = text.replace(
        "auth = \"integration-token\"",
        "auth = \"admin\"\nadmin_username = \"admin\"",
    );
    std::fs::write(world.config_path(), admin).unwrap();
    let mut command = world.command(&["snapshot", "--json"]);
    command.env("DRIFTWATCH_MAGENTO_PASSWORD", "wrong-password");
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let orders_error = part(&report, "orders")["errors"][0].as_str().unwrap();
    assert!(
        orders_error.contains("locks an admin account"),
        "{orders_error}"
    );
    let stock_error = part(&report, "stock")["errors"][0].as_str().unwrap();
    assert!(stock_error.contains("not read because"), "{stock_error}");
    assert_eq!(
        world.sim.stats().auth_failures,
        1,
        "one failed sign-in, not three"
    );
}
