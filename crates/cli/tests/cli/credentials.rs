//! `driftwatch credentials` against the real OS keychain (the private Secret
//! Service scripts/test.sh starts), then a snapshot signed in from it.

use crate::harness::*;
use sim::SimConfig;

#[tokio::test(flavor = "multi_thread")]
async fn a_token_stored_in_the_keychain_signs_the_snapshot_in() {
    if std::env::var_os("DRIFTWATCH_TEST_KEYCHAIN").is_none() {
        eprintln!("skipped: run through scripts/test.sh to test against a real Secret Service");
        return;
    }
    let world = World::start(SimConfig {
        orders: 50,
        skus: 10,
        sources: 2,
        ..SimConfig::default()
    })
    .await;
    let token = world.sim.config().auth.integration_token.clone();
    let without_env = |args: &[&str]| {
        let mut command = world.command(args);
        command.env_remove("DRIFTWATCH_MAGENTO_TOKEN");
        command
    };

    let output = world
        .run_with_input(
            without_env(&["credentials", "set", "magento"]),
            format!("{token}\n"),
        )
        .await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let mut check = without_env(&["credentials", "check", "magento"]);
    let output = tokio::task::spawn_blocking(move || check.output().unwrap())
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("from the OS keychain"), "{stdout}");
    assert!(
        !stdout.contains("sim-integration-token"),
        "never print a secret"
    );

    let mut listed = without_env(&["connections", "--json"]);
    let output = tokio::task::spawn_blocking(move || listed.output().unwrap())
        .await
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(listed[0]["id"], "magento");
    assert_eq!(listed[0]["secrets"][0]["state"], "keychain", "{listed}");
    assert_eq!(output.status.code(), Some(0), "every secret found");

    let mut snapshot = without_env(&["snapshot", "--entities", "stock"]);
    let output = tokio::task::spawn_blocking(move || snapshot.output().unwrap())
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let mut delete = without_env(&["credentials", "delete", "magento"]);
    let output = tokio::task::spawn_blocking(move || delete.output().unwrap())
        .await
        .unwrap();
    assert!(output.status.success());
    let mut check = without_env(&["credentials", "check", "magento"]);
    let output = tokio::task::spawn_blocking(move || check.output().unwrap())
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "missing again after delete");
}
