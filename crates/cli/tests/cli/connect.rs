//! `driftwatch connect` without a terminal: the answers come from stdin in the order
//! asked, the settings land in the configuration file and the secrets in the real
//! keychain (never in the file), and both connections are tested.

use crate::harness::*;
use sim::bc::BcConfig;
use sim::world::{Scenario, World as SimWorld};

#[tokio::test(flavor = "multi_thread")]
async fn connect_asks_saves_and_tests_both_connections() {
    if std::env::var_os("DRIFTWATCH_TEST_KEYCHAIN").is_none() {
        eprintln!("skipped: run through scripts/test.sh to test against a real Secret Service");
        return;
    }
    let sim_world = SimWorld::build(&Scenario {
        orders: 40,
        skus: 10,
        sources: 2,
        ..Scenario::named("drift").unwrap()
    });
    let world = World::start_with_erp(&sim_world, BcConfig::default()).await;
    std::fs::remove_file(world.config_path()).unwrap();
    let bc = world.bc.as_ref().unwrap();
    let token = world.sim.config().auth.integration_token.clone();
    // In the order asked: shop, store code, sign-in method (2 = integration token), its
    // token; then Business Central's settings (blank keeps a default) and its secret.
    let answers = [
        world.sim.base_url(),
        String::new(),
        "2".into(),
        token.clone(),
        bc.config().tenant.clone(),
        String::new(),
        bc.company_id(),
        bc.config().client_id.clone(),
        "yes".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        bc.token_url(),
        bc.api_base(),
        bc.custom_api_base(),
        world.erp_secret.clone(),
    ];
    let mut command = world.command(&["connect"]);
    command
        .env_remove("DRIFTWATCH_MAGENTO_TOKEN")
        .env_remove("DRIFTWATCH_ERP_CLIENT_SECRET");
    let input: String = answers.iter().map(|a| format!("{a}\n")).collect();
    let output = world.run_with_input(command, input).await;
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("magento:\n") && stdout.matches("  passed").count() == 2,
        "{stdout}"
    );

    let written = std::fs::read_to_string(world.config_path()).unwrap();
    assert!(written.contains("[connections.erp]"), "{written}");
    assert!(
        written.contains("auth = \"integration-token\""),
        "{written}"
    );
    assert!(!written.contains(&token) && !written.contains(&world.erp_secret));
    // The secrets came from the keychain: a snapshot signs in with no variable set.
    let mut snapshot = world.command(&["snapshot", "--json"]);
    snapshot
        .env_remove("DRIFTWATCH_MAGENTO_TOKEN")
        .env_remove("DRIFTWATCH_ERP_CLIENT_SECRET");
    let snapshot = tokio::task::spawn_blocking(move || snapshot.output().unwrap())
        .await
        .unwrap();
    assert_eq!(
        snapshot.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&snapshot.stderr)
    );

    // Asked again with one answer wrong: the usage error names the question.
    let again = world
        .run_with_input(
            world.command(&["connect"]),
            "https://shop.example\n\n7\n".into(),
        )
        .await;
    assert_eq!(again.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("answer with a number from 1 to 3"),
        "{stderr}"
    );
}
