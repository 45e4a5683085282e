//! Secrets round-trip through the real OS keychain (a Secret Service inside
//! the private D-Bus session scripts/test.sh starts) and the environment.

use engine::Error;
use engine::credentials::{self, Origin, SecretRef};
use model::{Config, ConnectionId, SecretString};

/// A shop connection named `id`: tests run at once, so each uses its own id (keychain entry).
fn config(id: &str, base_url: &str) -> Config {
    Config::from_toml(&format!(
        "[connections.{id}]\nkind = \"magento\"\nbase_url = \"{base_url}\"\nauth = \"integration-token\"\n"
    ))
    .unwrap()
}

fn id(text: &str) -> ConnectionId {
    ConnectionId::parse(text).unwrap()
}

fn only_secret(config: &Config, connection: &str) -> SecretRef {
    let mut secrets = credentials::secrets_of(config, &id(connection)).unwrap();
    assert_eq!(secrets.len(), 1, "{secrets:?}");
    secrets.remove(0)
}

/// A host no other test run uses, so runs never see each other's entries.
fn unique_host(what: &str) -> String {
    format!("https://{what}-{}.example", std::process::id())
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
fn a_secret_round_trips_through_the_os_keychain_under_its_connection() {
    if !keychain_available() {
        return;
    }
    let shop = config("shop", &unique_host("round-trip"));
    let secret = only_secret(&shop, "shop");
    let value = SecretString::new("token-from-the-keychain");
    let _ = credentials::delete(&secret);
    credentials::store(&secret, &value).unwrap();
    let (found, origin) = credentials::lookup(&secret).unwrap();
    assert_eq!(found, value);
    assert_eq!(origin, Origin::Keychain);
    assert!(credentials::delete(&secret).unwrap());
    assert!(!credentials::delete(&secret).unwrap(), "already gone");
    let missing = credentials::lookup(&secret).unwrap_err();
    assert!(matches!(missing, Error::MissingSecret { .. }), "{missing}");
    let message = missing.to_string();
    assert!(message.contains("DRIFTWATCH_SHOP_TOKEN"), "{message}");
    assert!(message.contains("`shop`"), "{message}");
}

#[test]
fn a_secret_entered_for_one_host_is_never_sent_to_another() {
    if !keychain_available() {
        return;
    }
    let first = unique_host("first-host");
    let secret = only_secret(&config("moving-shop", &first), "moving-shop");
    credentials::store(&secret, &SecretString::new("for-the-first-host")).unwrap();

    // The same connection, pointed at another shop: the entry is there but refused.
    let moved = only_secret(
        &config("moving-shop", &unique_host("second-host")),
        "moving-shop",
    );
    let refused = credentials::lookup(&moved).unwrap_err();
    assert!(
        matches!(refused, Error::SecretForAnotherHost { .. }),
        "{refused}"
    );
    let message = refused.to_string();
    assert!(message.contains(&first), "says who it was for: {message}");
    assert!(
        !message.contains("for-the-first-host"),
        "never shows the value: {message}"
    );

    // Entered again for the new host, it is used there.
    credentials::store(&moved, &SecretString::new("for-the-second-host")).unwrap();
    assert_eq!(
        credentials::lookup(&moved).unwrap().0,
        SecretString::new("for-the-second-host")
    );
    credentials::delete(&moved).unwrap();
}

#[test]
fn an_entry_of_the_older_keychain_naming_is_moved_over_on_first_use() {
    if !keychain_available() {
        return;
    }
    let base = unique_host("legacy");
    let config = Config::from_toml(&format!(
        "[magento]\nbase_url = \"{base}/\"\nauth = \"integration-token\"\n"
    ))
    .unwrap();
    let secret = only_secret(&config, "magento");
    let _ = credentials::delete(&secret);
    // Opens the default store, as the older version did before writing.
    let _ = credentials::lookup(&secret);
    let legacy_user = format!("magento:{base}:integration-token");
    keyring_core::Entry::new("driftwatch", &legacy_user)
        .unwrap()
        .set_password("from-the-older-version")
        .unwrap();

    let (found, origin) = credentials::lookup(&secret).unwrap();
    assert_eq!(found, SecretString::new("from-the-older-version"));
    assert_eq!(origin, Origin::Keychain);
    let old = keyring_core::Entry::new("driftwatch", &legacy_user).unwrap();
    assert!(
        matches!(old.get_password(), Err(keyring_core::Error::NoEntry)),
        "the old entry is gone once moved"
    );
    assert!(
        credentials::delete(&secret).unwrap(),
        "it lives under the new name"
    );
}

#[test]
fn every_sign_in_method_names_its_secrets() {
    let names = |auth: &str| -> Vec<String> {
        let config = Config::from_toml(&format!(
            "[connections.magento]\nkind = \"magento\"\nbase_url = \"https://shop.example.com\"\n\
             auth = \"{auth}\"\nadmin_username = \"ops\"\n"
        ))
        .unwrap();
        credentials::secrets_of(&config, &id("magento"))
            .unwrap()
            .iter()
            .map(SecretRef::env_var)
            .collect()
    };
    assert_eq!(names("integration-token"), ["DRIFTWATCH_MAGENTO_TOKEN"]);
    assert_eq!(names("admin"), ["DRIFTWATCH_MAGENTO_PASSWORD"]);
    assert_eq!(
        names("oauth1"),
        [
            "DRIFTWATCH_MAGENTO_CONSUMER_KEY",
            "DRIFTWATCH_MAGENTO_CONSUMER_SECRET",
            "DRIFTWATCH_MAGENTO_ACCESS_TOKEN",
            "DRIFTWATCH_MAGENTO_ACCESS_TOKEN_SECRET"
        ]
    );
}

#[test]
fn each_connection_asks_for_its_connectors_secrets_under_its_own_name() {
    let config = Config::from_toml(
        "[connections.shop]\nkind = \"magento\"\nbase_url = \"https://shop.example.com\"\nauth = \"integration-token\"\n\
         [connections.bc-live]\nkind = \"business-central\"\ntenant = \"t\"\ncompany_id = \"c\"\nclient_id = \"a\"\n",
    )
    .unwrap();
    assert_eq!(
        credentials::connection_ids(&config),
        [id("shop"), id("bc-live")]
    );
    let secret = only_secret(&config, "bc-live");
    assert_eq!(secret.spec.name, "client-secret");
    assert_eq!(secret.env_var(), "DRIFTWATCH_BC_LIVE_CLIENT_SECRET");
    assert!(
        secret.audience.contains("login.microsoftonline.com"),
        "{}",
        secret.audience
    );
    let unknown = credentials::secrets_of(&config, &id("netsuite"))
        .unwrap_err()
        .to_string();
    assert!(unknown.contains("`shop`, `bc-live`"), "{unknown}");
}
