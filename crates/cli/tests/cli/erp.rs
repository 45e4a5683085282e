//! `driftwatch snapshot` with an ERP: both systems per entity, posted
//! invoices kept, the extension's fallbacks said loudly, ERP faults survived
//! or reported, a refused ERP secret explained.

use crate::harness::*;
use erp::ErpDocument;
use model::System;
use sim::bc::{BcConfig, BcFault};
use sim::world::{Scenario, World as SimWorld};

fn drift_world() -> SimWorld {
    SimWorld::build(&Scenario {
        orders: 500,
        skus: 60,
        sources: 3,
        ..Scenario::named("drift").unwrap()
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn both_systems_are_snapshotted_and_invoices_count_as_present() {
    let sim_world = drift_world();
    let world = World::start_with_erp(&sim_world, BcConfig::default()).await;
    let (code, report, stderr) = world.snapshot_json(&["--full"]).await;
    assert_eq!(code, 0, "{stderr}");
    let parts = report["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 6, "three entities x two systems");
    for part in parts {
        assert_eq!(part["status"], "complete", "{part}");
        assert!(part["rows_read"].as_u64().unwrap() > 0, "{part}");
    }

    let store = open_store(&world.database());
    let run = store::RunId(report["run_id"].as_i64().unwrap());
    let erp_orders = store.erp_orders_at(run, System::Erp).unwrap();
    for invoiced in &sim_world.manifest().invoiced_orders {
        let found: Vec<_> = erp_orders
            .iter()
            .filter(|o| &o.external_reference == invoiced)
            .collect();
        assert_eq!(found.len(), 1, "{invoiced}");
        assert!(matches!(
            found[0].document,
            ErpDocument::PostedInvoice { .. }
        ));
    }
    let stock = store.erp_stock_at(run, System::Erp).unwrap();
    assert!(stock.iter().all(|s| s.location_code.is_some()));

    let (code, second, stderr) = world.snapshot_json(&[]).await;
    assert_eq!(code, 0, "{stderr}");
    for part in second["parts"].as_array().unwrap() {
        assert_eq!(part["rows_stored"], 0, "nothing changed: {part}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn without_the_extension_stock_and_prices_warn_loudly() {
    let sim_world = drift_world();
    let bc = BcConfig {
        custom_routes: false,
        ..BcConfig::default()
    };
    let world = World::start_with_erp(&sim_world, bc).await;
    let (code, report, stderr) = world.snapshot_json(&["--entities", "stock,prices"]).await;
    assert_eq!(code, 0, "{stderr}");
    let erp_parts: Vec<_> = report["parts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["system"] == "erp")
        .collect();
    assert_eq!(erp_parts.len(), 2);
    assert!(
        erp_parts[0]["warnings"][0]
            .as_str()
            .unwrap()
            .contains("per source")
    );
    assert!(
        erp_parts[1]["warnings"][0]
            .as_str()
            .unwrap()
            .contains("unit price")
    );
    let output = world.run(&["snapshot", "--entities", "stock"]).await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("warning (ERP stock)"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn erp_throttling_is_retried_and_a_malformed_page_makes_the_part_partial() {
    let sim_world = drift_world();
    let faults = vec![
        BcFault::Throttle { every: 7 },
        BcFault::MalformedPage {
            collection: "salesOrders".into(),
            page: 2,
        },
    ];
    let world = World::start_with_erp(
        &sim_world,
        BcConfig {
            faults,
            ..BcConfig::default()
        },
    )
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
    let erp_orders = report["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["system"] == "erp" && p["entity"] == "orders")
        .unwrap();
    assert_eq!(erp_orders["status"], "partial");
    let error = erp_orders["errors"][0].as_str().unwrap();
    assert!(
        error.contains("page 2") && error.contains("not valid JSON"),
        "{error}"
    );
    let bc = world.bc.as_ref().unwrap().stats();
    assert!(bc.throttled > 0, "{bc:?}");
    let retries: u64 = report["parts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["system"] == "erp")
        .map(|p| p["retries"].as_u64().unwrap())
        .sum();
    assert!(retries >= bc.throttled, "{retries} {bc:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_erp_secret_fails_the_erp_parts_with_a_hint_and_magento_still_runs() {
    let sim_world = drift_world();
    let world = World::start_with_erp(&sim_world, BcConfig::default()).await;
    let mut command = world.command(&["snapshot", "--json"]);
    command.env("DRIFTWATCH_ERP_CLIENT_SECRET", "expired-secret");
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["status"], "partial");
    for part in report["parts"].as_array().unwrap() {
        if part["system"] == "magento" {
            assert_eq!(part["status"], "complete");
        } else {
            assert_eq!(part["status"], "failed");
        }
    }
    let first = report["parts"][1]["errors"][0].as_str().unwrap();
    assert!(
        first.contains("invalid_client") && first.contains("Certificates & secrets"),
        "{first}"
    );
    let later = report["parts"][3]["errors"][0].as_str().unwrap();
    assert!(
        later.contains("not read because signing in to the ERP failed"),
        "{later}"
    );
    assert_eq!(world.bc.as_ref().unwrap().stats().auth_failures, 1);
}
