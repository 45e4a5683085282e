//! Saving the Connect screen's form: the file it writes, and what it refuses.

use std::collections::BTreeMap;

use engine::setup::{self, ConnectRequest, CounterpartForm, MagentoForm};
use model::{MagentoAuthKind, SecretString};

fn request(secrets: &[(&str, &str)]) -> ConnectRequest {
    let settings: BTreeMap<String, String> = [
        ("tenant", "contoso"),
        ("company_id", "c0ffee00-0000-4000-8000-000000000001"),
        ("client_id", "app-1"),
        ("extension", "false"),
        ("page_size", ""),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    ConnectRequest {
        magento: MagentoForm {
            base_url: " https://shop.example.com ".into(),
            store_code: String::new(),
            auth: MagentoAuthKind::IntegrationToken,
            admin_username: String::new(),
            secrets: secrets
                .iter()
                .map(|(k, v)| (k.to_string(), SecretString::new(*v)))
                .collect(),
        },
        counterpart: CounterpartForm {
            kind: "business-central".into(),
            settings,
            secrets: BTreeMap::new(),
        },
    }
}

#[test]
fn the_form_becomes_a_configuration_with_named_connections_and_no_secrets() {
    let text = setup::config_text(&request(&[("token", "tok-secret")])).unwrap();
    let config = model::Config::from_toml(&text).unwrap();
    assert_eq!(config.magento.base_url, "https://shop.example.com");
    assert_eq!(
        config.magento.store_code, "all",
        "blank means every store view"
    );
    let erp = config.counterpart(model::Entity::Stock).unwrap();
    assert_eq!(erp.id.as_str(), "erp");
    assert_eq!(erp.settings["extension"].as_bool(), Some(false));
    assert!(
        !erp.settings.contains_key("page_size"),
        "blank keeps the default"
    );
    assert!(!text.contains("tok-secret"));
    engine::connectors::validate(&config).unwrap();
}

#[test]
fn a_missing_secret_or_a_persons_own_file_stops_the_save_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    // No client secret typed and none stored: nothing is written.
    let err = setup::save(&path, &request(&[("token", "tok")]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("Client secret"), "{err}");
    assert!(!path.exists());

    std::fs::write(
        &path,
        "# my own file\n[magento]\nbase_url = \"https://x.example\"\n",
    )
    .unwrap();
    let err = setup::save(&path, &request(&[("token", "tok")]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not overwrite"), "{err}");
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("# my own file")
    );
}

#[test]
fn a_setting_out_of_range_names_the_field() {
    let mut request = request(&[]);
    request
        .counterpart
        .settings
        .insert("page_size".into(), "99999999".into());
    let err = setup::config_text(&request).unwrap_err().to_string();
    assert!(err.contains("page_size"), "{err}");
    assert!(err.contains("from 1 to"), "{err}");
}
