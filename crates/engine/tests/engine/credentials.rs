//! Secrets round-trip through the real OS keychain (a Secret Service inside
//! the private D-Bus session scripts/test.sh starts) and the environment.

use engine::credentials::{self, Origin, Secret};
use model::{Config, SecretString};

fn config(base_url: &str) -> Config {
    Config::from_toml(&format!(
        "[magento]\nbase_url = \"{base_url}\"\nauth = \"integration-token\"\n"
    ))
    .unwrap()
}

/// scripts/test.sh sets DRIFTWATCH_TEST_KEYCHAIN=1 inside a D-Bus session
/// with an unlocked keyring; elsewhere this test says why it did not run.
fn keychain_available() -> bool {
    if std::env::var_os("DRIFTWATCH_TEST_KEYCHAIN").is_some() {
        return true;
    }
    eprintln!("skipped: run through scripts/test.sh to test against a real Secret Service");
    false
}

#[test]
fn a_secret_round_trips_through_the_os_keychain() {
    if !keychain_available() {
        return;
    }
    let magento = config(&format!(
        "https://keychain-test-{}.example",
        std::process::id()
    ));
    let secret = Secret::MagentoToken;
    let value = SecretString::new("token-from-the-keychain");
    assert!(
        !credentials::delete(secret, &magento).unwrap(),
        "starts empty"
    );
    credentials::store(secret, &magento, &value).unwrap();
    let (found, origin) = credentials::lookup(secret, &magento).unwrap();
    assert_eq!(found, value);
    assert_eq!(origin, Origin::Keychain);
    assert!(credentials::delete(secret, &magento).unwrap());
    let missing = credentials::lookup(secret, &magento)
        .unwrap_err()
        .to_string();
    assert!(missing.contains("DRIFTWATCH_MAGENTO_TOKEN"), "{missing}");
}

#[test]
fn every_sign_in_method_names_its_secrets() {
    let mut magento = config("https://shop.example.com").magento;
    assert_eq!(
        credentials::magento_secrets(&magento),
        &[Secret::MagentoToken]
    );
    magento.auth = model::MagentoAuthKind::Oauth1;
    let names: Vec<_> = credentials::magento_secrets(&magento)
        .iter()
        .map(|s| s.env_var())
        .collect();
    assert_eq!(
        names,
        [
            "DRIFTWATCH_MAGENTO_CONSUMER_KEY",
            "DRIFTWATCH_MAGENTO_CONSUMER_SECRET",
            "DRIFTWATCH_MAGENTO_ACCESS_TOKEN",
            "DRIFTWATCH_MAGENTO_ACCESS_TOKEN_SECRET"
        ]
    );
}

#[test]
fn the_erp_client_secret_is_needed_only_with_an_erp() {
    let without = config("https://shop.example.com");
    assert!(credentials::erp_secrets(&without).is_empty());
    let with = Config::from_toml(
        "[magento]\nbase_url = \"https://shop.example.com\"\nauth = \"integration-token\"\n\
         [erp]\nkind = \"business-central\"\ntenant = \"t\"\ncompany_id = \"c\"\nclient_id = \"a\"\n",
    )
    .unwrap();
    assert_eq!(credentials::erp_secrets(&with), &[Secret::ErpClientSecret]);
    assert_eq!(
        Secret::ErpClientSecret.env_var(),
        "DRIFTWATCH_ERP_CLIENT_SECRET"
    );
}
