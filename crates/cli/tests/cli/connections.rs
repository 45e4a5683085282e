//! Named connections: each entity's counterpart read under its own name and
//! secrets, listed by `driftwatch connections`, and snapshots of another
//! company never compared as if they were this one's.

use crate::harness::*;
use model::{Entity, PartStatus, System};
use sim::bc::BcConfig;
use sim::world::{Scenario, World as SimWorld};
use std::process::Output;

fn small_world() -> SimWorld {
    SimWorld::build(&Scenario {
        orders: 120,
        skus: 20,
        sources: 2,
        ..Scenario::named("drift").unwrap()
    })
}

/// The harness's file, rewritten to the connection format with the ERP named `bc`.
fn rename_to_connections(world: &World) {
    let text = std::fs::read_to_string(world.config_path()).unwrap();
    assert!(
        text.contains("[magento]") && text.contains("[erp]"),
        "{text}"
    );
    let text = text
        .replace("[magento]", "[connections.shop]\nkind = \"magento\"")
        .replace("[erp]", "[connections.bc]");
    std::fs::write(world.config_path(), text).unwrap();
}

/// The binary, with the ERP's secret under the name connection `bc` asks for.
async fn run_as_bc(world: &World, args: &[&str]) -> Output {
    let secret = world.bc.as_ref().unwrap().config().client_secret.clone();
    let mut command = world.command(args);
    command
        .env_remove("DRIFTWATCH_ERP_CLIENT_SECRET")
        .env_remove("DRIFTWATCH_MAGENTO_TOKEN")
        .env("DRIFTWATCH_BC_CLIENT_SECRET", secret)
        .env(
            "DRIFTWATCH_SHOP_TOKEN",
            &world.sim.config().auth.integration_token,
        );
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

fn json_of(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn connections_are_read_and_listed_under_their_own_names() {
    let world = World::start_with_erp(&small_world(), BcConfig::default()).await;
    rename_to_connections(&world);

    let listed = run_as_bc(&world, &["connections", "--json"]).await;
    assert_eq!(
        listed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let listed = json_of(&listed);
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["shop", "bc"]);
    let bc = &listed[1];
    assert_eq!(bc["kind"], "business-central");
    assert_eq!(bc["name"], "Business Central");
    assert_eq!(
        bc["entities"],
        serde_json::json!(["orders", "stock", "prices"])
    );
    assert_eq!(bc["secrets"][0]["env_var"], "DRIFTWATCH_BC_CLIENT_SECRET");
    assert_eq!(bc["secrets"][0]["state"], "environment");
    let secret = world.bc.as_ref().unwrap().config().client_secret.clone();
    assert!(
        !listed.to_string().contains(&secret),
        "never print a secret"
    );

    let snapshot = run_as_bc(&world, &["snapshot", "--full", "--json"]).await;
    assert_eq!(
        snapshot.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&snapshot.stderr)
    );
    let report = json_of(&snapshot);
    let store = open_store(&world.database());
    let run = store
        .run(store::RunId(report["run_id"].as_i64().unwrap()))
        .unwrap()
        .unwrap();
    let origins: Vec<(System, Option<&str>)> = run
        .parts
        .iter()
        .map(|p| (p.system, p.connection.as_deref()))
        .collect();
    assert_eq!(origins.len(), 6, "{origins:?}");
    for (system, connection) in origins {
        let expected = match system {
            System::Magento => "shop",
            System::Erp => "bc",
        };
        assert_eq!(connection, Some(expected));
    }

    // Without the ERP's secret under its connection's name, the error names that variable.
    let mut command = world.command(&["snapshot", "--entities", "stock"]);
    command.env(
        "DRIFTWATCH_SHOP_TOKEN",
        &world.sim.config().auth.integration_token,
    );
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Missing (2), or the keychain unreachable outside scripts/test.sh's session (1).
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("DRIFTWATCH_BC_CLIENT_SECRET"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn snapshots_of_another_company_are_never_reconciled_as_this_ones() {
    let world = World::start_with_erp(&small_world(), BcConfig::default()).await;
    let (code, _, stderr) = world.snapshot_json(&["--full"]).await;
    assert_eq!(code, 0, "{stderr}");
    let company = world.bc.as_ref().unwrap().company_id();
    let erp_scope = world.scope(Entity::Orders, System::Erp);
    assert!(erp_scope.contains(&company), "{erp_scope}");

    // The same connection re-pointed at another company: its snapshots are not this one's.
    let text = std::fs::read_to_string(world.config_path()).unwrap();
    let other = "00000000-0000-4000-8000-00000000c0de";
    std::fs::write(world.config_path(), text.replace(&company, other)).unwrap();
    let (code, report, stderr) = world.json(&["reconcile", "--no-confirm"]).await;
    assert_eq!(code, 0, "{stderr}");
    for entity in report["entities"].as_array().unwrap() {
        assert!(entity["erp_snapshot"].is_null(), "{entity}");
        assert!(!entity["magento_snapshot"].is_null(), "{entity}");
        assert_eq!(entity["reconciled"], false, "{entity}");
    }
    let labels = report["labels"].to_string();
    assert!(labels.contains("no usable snapshot of ERP"), "{labels}");

    // Back on the first company, its snapshots are used again.
    std::fs::write(world.config_path(), text).unwrap();
    let (code, report, stderr) = world.json(&["reconcile", "--no-confirm"]).await;
    assert_eq!(code, 0, "{stderr}");
    for entity in report["entities"].as_array().unwrap() {
        assert_eq!(entity["reconciled"], true, "{entity}");
        assert_eq!(entity["erp_snapshot"]["status"], "complete", "{entity}");
    }
    let store = open_store(&world.database());
    assert!(
        store
            .latest_run_with(
                Entity::Orders,
                System::Erp,
                &erp_scope,
                &[PartStatus::Complete]
            )
            .unwrap()
            .is_some()
    );
}
