//! `driftwatch connections --test` against the simulators: what each connection
//! sees when all is well, and for each thing that goes wrong a code and words a
//! person can act on.

use crate::harness::*;
use sim::SimConfig;
use sim::bc::BcConfig;
use sim::world::{Scenario, World as SimWorld};

fn small_world() -> SimWorld {
    SimWorld::build(&Scenario {
        orders: 40,
        skus: 10,
        sources: 2,
        ..Scenario::named("drift").unwrap()
    })
}

/// Runs the tests; returns the exit code and each connection's report by id.
async fn tested(world: &World, env: &[(&str, &str)]) -> (i32, serde_json::Value) {
    let mut command = world.command(&["connections", "--test", "--json"]);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("no JSON ({e}): {}", String::from_utf8_lossy(&output.stderr)));
    let by_id = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap().to_owned(), c["test"].clone()))
        .collect::<serde_json::Map<_, _>>();
    (output.status.code().unwrap_or(-1), by_id.into())
}

fn found(test: &serde_json::Value, label_starts: &str) -> String {
    test["found"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["label"].as_str().unwrap().starts_with(label_starts))
        .unwrap_or_else(|| panic!("no `{label_starts}` in {test}"))["value"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn problem(test: &serde_json::Value) -> (String, String) {
    let p = &test["problem"];
    assert!(!p.is_null(), "expected a problem: {test}");
    (
        p["code"].as_str().unwrap().to_owned(),
        p["message"].as_str().unwrap().to_owned(),
    )
}

fn edit_config(world: &World, edit: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(world.config_path()).unwrap();
    std::fs::write(world.config_path(), edit(text)).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_good_connection_says_what_it_sees() {
    let sim_world = small_world();
    let world = World::start_with_erp(&sim_world, BcConfig::default()).await;
    let (code, tests) = tested(&world, &[]).await;
    assert_eq!(code, 0, "{tests}");
    let magento = &tests["magento"];
    assert!(magento["problem"].is_null(), "{magento}");
    let sources: Vec<String> = sim_world
        .manifest()
        .mappings
        .locations
        .iter()
        .map(|l| l.source_code.clone())
        .collect();
    for source in &sources {
        assert!(
            found(magento, "Sources").contains(source.as_str()),
            "{magento}"
        );
    }
    assert_eq!(found(magento, "Base currency").len(), 3, "{magento}");
    assert!(
        found(magento, "Orders").parse::<u64>().unwrap() > 0,
        "{magento}"
    );
    let erp = &tests["erp"];
    assert!(erp["problem"].is_null(), "{erp}");
    assert!(!found(erp, "Company").is_empty());
    assert!(found(erp, "Locations").contains(','), "{erp}");
    assert_eq!(found(erp, "Driftwatch extension"), "installed");
    assert!(!found(erp, "Price lists").is_empty());

    // Listed again without --test: each connection's last test, as it was found.
    let (code, listed, stderr) = world.json(&["connections"]).await;
    assert_eq!(code, 0, "{stderr}");
    for connection in listed.as_array().unwrap() {
        let id = connection["id"].as_str().unwrap();
        let last = &connection["last_test"];
        assert_eq!(last["report"], tests[id], "{connection}");
        assert!(
            last["tested_at"].as_str().unwrap().starts_with("20"),
            "{last}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_company_lists_the_companies_the_app_can_see() {
    let world = World::start_with_erp(&small_world(), BcConfig::default()).await;
    let company = world.bc.as_ref().unwrap().company_id();
    edit_config(&world, |t| {
        t.replace(&company, "11111111-2222-4333-8444-555555555555")
    });
    let (code, tests) = tested(&world, &[]).await;
    assert_eq!(code, 1);
    let (kind, message) = problem(&tests["erp"]);
    assert_eq!(kind, "wrong_company");
    assert!(
        message.contains(&company),
        "names the companies it sees: {message}"
    );
    assert!(tests["magento"]["problem"].is_null(), "Magento is fine");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_extension_is_named() {
    let bc = BcConfig {
        custom_routes: false,
        ..BcConfig::default()
    };
    let world = World::start_with_erp(&small_world(), bc).await;
    edit_config(&world, |t| {
        t.replace("extension = false", "extension = true")
    });
    let (_, tests) = tested(&world, &[]).await;
    let (kind, message) = problem(&tests["erp"]);
    assert_eq!(kind, "extension_missing", "{message}");
    assert!(message.contains("extension = false"), "{message}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_client_secret_says_to_store_a_new_one() {
    let world = World::start_with_erp(&small_world(), BcConfig::default()).await;
    let (_, tests) = tested(
        &world,
        &[("DRIFTWATCH_ERP_CLIENT_SECRET", "not-the-secret")],
    )
    .await;
    let (kind, message) = problem(&tests["erp"]);
    assert_eq!(kind, "credentials_rejected");
    assert!(message.contains("client secret"), "{message}");
    assert!(!message.contains("not-the-secret"), "never repeat a secret");
}

#[tokio::test(flavor = "multi_thread")]
async fn bearer_tokens_switched_off_are_explained() {
    let mut config = SimConfig {
        orders: 5,
        ..SimConfig::default()
    };
    config.auth.bearer_enabled = false;
    let world = World::start(config).await;
    let (code, tests) = tested(&world, &[]).await;
    assert_eq!(code, 1);
    let (kind, message) = problem(&tests["magento"]);
    assert_eq!(kind, "credentials_rejected");
    assert!(message.contains("2.4.4"), "{message}");
    assert!(message.contains("oauth1"), "{message}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_with_two_factor_authentication_is_told_to_use_an_integration() {
    let mut config = SimConfig {
        orders: 5,
        ..SimConfig::default()
    };
    config.auth.two_factor = true;
    let password = config.auth.admin_password.clone();
    let world = World::start(config).await;
    edit_config(&world, |t| {
        t.replace(
            "auth = \"integration-token\"",
            "auth = \"admin\"\nadmin_username = \"admin\"",
        )
    });
    let (_, tests) = tested(&world, &[("DRIFTWATCH_MAGENTO_PASSWORD", &password)]).await;
    let (kind, message) = problem(&tests["magento"]);
    assert_eq!(kind, "two_factor_required", "{message}");
    assert!(message.contains("integration"), "{message}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_shop_and_a_missing_secret_are_told_apart() {
    let world = World::start(SimConfig {
        orders: 5,
        ..SimConfig::default()
    })
    .await;
    let base = world.sim.base_url();
    edit_config(&world, |t| t.replace(&base, "http://127.0.0.1:9"));
    let (_, tests) = tested(&world, &[]).await;
    let (kind, message) = problem(&tests["magento"]);
    assert_eq!(kind, "unreachable", "{message}");
    assert!(message.contains("127.0.0.1"), "{message}");

    let (code, tests) = tested(&world, &[("DRIFTWATCH_MAGENTO_TOKEN", "")]).await;
    let (kind, message) = problem(&tests["magento"]);
    assert_eq!(kind, "secret_missing", "{message}");
    // Not stored, or (another test's entry) stored for another shop.
    assert!(message.contains("of connection `magento`"), "{message}");
    assert_eq!(code, 2, "a missing secret is the configuration's to fix");
}
