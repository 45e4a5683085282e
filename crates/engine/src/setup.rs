//! Connecting one's own systems from a form (the desktop's Connect screen): what
//! the form offers (sign-in methods, counterpart connectors and their fields),
//! and saving what was typed: the settings to a new configuration file, the
//! secrets to the OS keychain. Nothing is written unless everything is valid.

use std::collections::BTreeMap;
use std::path::Path;

use model::connection::{MAGENTO_KIND, SecretSpec, SettingKind, SettingSpec};
use model::{Config, ConnectionId, MagentoAuthKind, SecretString};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::{connectors, credentials, paths};

/// The Magento connection's id in files written here.
pub const MAGENTO_ID: &str = "magento";
/// The counterpart's id in files written here.
pub const COUNTERPART_ID: &str = "erp";

/// One way of signing in to Magento, as the form offers it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignInMethod {
    pub auth: MagentoAuthKind,
    pub label: &'static str,
    /// One sentence on when to choose it.
    pub sentence: &'static str,
    pub secrets: Vec<SecretSpec>,
}

/// A counterpart connector, as the form offers it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConnectorForm {
    pub kind: &'static str,
    pub name: &'static str,
    pub settings: Vec<SettingSpec>,
    pub secrets: Vec<SecretSpec>,
}

/// Everything the Connect screen needs to draw its forms.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConnectForms {
    pub sign_in_methods: Vec<SignInMethod>,
    pub counterparts: Vec<ConnectorForm>,
}

pub fn forms() -> ConnectForms {
    let method = |auth, label, sentence| SignInMethod {
        auth,
        label,
        sentence,
        secrets: magento::connection::secret_specs(auth).to_vec(),
    };
    ConnectForms {
        sign_in_methods: vec![
            method(
                MagentoAuthKind::Oauth1,
                "Integration keys (OAuth 1.0a)",
                "Recommended: the four keys of an integration (System > Extensions > \
                 Integrations); works with Magento's default settings.",
            ),
            method(
                MagentoAuthKind::IntegrationToken,
                "Integration access token",
                "Only the integration's access token; since Magento 2.4.4 this needs \"Allow \
                 OAuth Access Tokens to be used as standalone Bearer tokens\" switched on.",
            ),
            method(
                MagentoAuthKind::Admin,
                "Admin user",
                "An admin user's name and password; not possible when the user has two-factor \
                 authentication (the default since 2.4).",
            ),
        ],
        counterparts: connectors::all()
            .iter()
            .map(|c| ConnectorForm {
                kind: c.kind(),
                name: c.display_name(),
                settings: c.settings().to_vec(),
                secrets: c.secrets().to_vec(),
            })
            .collect(),
    }
}

/// What the person typed. Secrets left blank keep the ones already stored for the same host.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConnectRequest {
    pub magento: MagentoForm,
    pub counterpart: CounterpartForm,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MagentoForm {
    pub base_url: String,
    pub store_code: String,
    pub auth: MagentoAuthKind,
    pub admin_username: String,
    /// By secret name (`token`, `consumer-key`, ...).
    #[cfg_attr(feature = "ts", ts(as = "BTreeMap<String, String>"))]
    pub secrets: BTreeMap<String, SecretString>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CounterpartForm {
    pub kind: String,
    /// By setting key, as typed ("true"/"false" for yes/no fields); blank means the default.
    pub settings: BTreeMap<String, String>,
    #[cfg_attr(feature = "ts", ts(as = "BTreeMap<String, String>"))]
    pub secrets: BTreeMap<String, SecretString>,
}

/// The configuration file the form describes (no secrets in it).
pub fn config_text(request: &ConnectRequest) -> Result<String> {
    let m = &request.magento;
    let mut magento = toml::Table::new();
    magento.insert("kind".into(), MAGENTO_KIND.into());
    magento.insert("base_url".into(), m.base_url.trim().into());
    let store_code = m.store_code.trim();
    magento.insert(
        "store_code".into(),
        if store_code.is_empty() {
            "all"
        } else {
            store_code
        }
        .into(),
    );
    let auth = toml::Value::try_from(m.auth).map_err(|e| Error::Config(e.to_string()))?;
    magento.insert("auth".into(), auth);
    if m.auth == MagentoAuthKind::Admin {
        magento.insert("admin_username".into(), m.admin_username.trim().into());
    }

    let c = &request.counterpart;
    let connector = connectors::all()
        .iter()
        .find(|k| k.kind() == c.kind)
        .ok_or_else(|| {
            Error::Config(format!(
                "\"{}\" is not a system Driftwatch can connect to",
                c.kind
            ))
        })?;
    let mut counterpart = toml::Table::new();
    counterpart.insert("kind".into(), c.kind.clone().into());
    for spec in connector.settings() {
        let typed = c.settings.get(spec.key).map(|v| v.trim()).unwrap_or("");
        if typed.is_empty() {
            continue;
        }
        counterpart.insert(spec.key.into(), setting_value(spec, typed)?);
    }

    let mut connections = toml::Table::new();
    connections.insert(MAGENTO_ID.into(), magento.into());
    connections.insert(COUNTERPART_ID.into(), counterpart.into());
    let mut file = toml::Table::new();
    file.insert("connections".into(), connections.into());
    let body = toml::to_string_pretty(&file).map_err(|e| Error::Config(e.to_string()))?;
    Ok(format!(
        "{HEADER} Secrets are in the OS keychain, not here.\n\
         # Every key is explained in docs/config.md.\n{body}"
    ))
}

fn setting_value(spec: &SettingSpec, typed: &str) -> Result<toml::Value> {
    let refuse = |what: &str| Error::Config(format!("`{}` ({}) {what}", spec.key, spec.label));
    Ok(match spec.kind {
        SettingKind::Text | SettingKind::Url => typed.into(),
        SettingKind::Bool => match typed {
            "true" => true.into(),
            "false" => false.into(),
            _ => return Err(refuse("must be yes or no")),
        },
        SettingKind::Integer { min, max } => match typed.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => n.into(),
            _ => {
                return Err(refuse(&format!(
                    "must be a whole number from {min} to {max}"
                )));
            }
        },
    })
}

/// `existing` with its `[connections]` replaced by those of `fresh`, comments elsewhere kept.
fn with_connections_of(existing: &str, fresh: &str) -> Result<String> {
    let parse = |text: &str| {
        text.parse::<toml_edit::DocumentMut>()
            .map_err(|e| Error::Config(format!("the configuration cannot be read: {e}")))
    };
    let mut doc = parse(existing)?;
    let fresh = parse(fresh)?;
    let connections = fresh
        .get("connections")
        .cloned()
        .ok_or_else(|| Error::Config("the form names no connection".into()))?;
    doc.insert("connections", connections);
    Ok(doc.to_string())
}

/// The first line of files this module writes: only those are ever replaced by it.
const HEADER: &str = "# Written by Driftwatch's Connect screen.";

/// Checks the form, stores its secrets in the keychain and writes the configuration to
/// `path`. A file there is replaced only if this screen wrote it (a person's own file, with
/// its comments and mappings, is never overwritten). Blocking (keychain): call off the
/// async workers.
pub fn save(path: &Path, request: &ConnectRequest) -> Result<Config> {
    let existing = std::fs::read_to_string(path).ok();
    if let Some(existing) = &existing
        && !existing.starts_with(HEADER)
    {
        return Err(Error::Config(format!(
            "{} exists already and was not written here; Driftwatch does not overwrite it. \
             Change that file instead (docs/config.md)",
            path.display()
        )));
    }
    let text = match &existing {
        // Connecting again replaces the connections only: the mapping and rules saved since
        // (the Mapping screen writes into this file) stay.
        Some(existing) => with_connections_of(existing, &config_text(request)?)?,
        None => config_text(request)?,
    };
    let config = Config::from_toml(&text).map_err(|e| Error::Config(e.to_string()))?;
    connectors::validate(&config)?;

    // Every secret is resolved before any is stored: a form with one missing stores nothing.
    let mut to_store = Vec::new();
    for (id, typed) in [
        (MAGENTO_ID, &request.magento.secrets),
        (COUNTERPART_ID, &request.counterpart.secrets),
    ] {
        let id = ConnectionId::parse(id).map_err(Error::Config)?;
        for secret in credentials::secrets_of(&config, &id)? {
            let value = typed
                .get(secret.spec.name)
                .map(|v| v.expose().trim())
                .unwrap_or("");
            if !value.is_empty() {
                to_store.push((secret, SecretString::new(value)));
            } else if credentials::lookup(&secret).is_err() {
                return Err(Error::Config(format!("enter the {}", secret.describe())));
            }
        }
    }
    for (secret, value) in &to_store {
        credentials::store(secret, value)?;
    }
    paths::write_new_file(path, &text)?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connecting_again_keeps_the_mapping_and_rules_saved_since() {
        let existing = format!(
            "{HEADER}\n[connections.magento]\nkind = \"magento\"\nbase_url = \"https://old.example\"\n\
             auth = \"oauth1\"\n\n# Our warehouses\n[mapping.sources]\nwh-east = \"EAST\"\n\n\
             [recon.orders]\ngrace_minutes = 45\n"
        );
        let fresh = format!(
            "{HEADER}\n[connections.magento]\nkind = \"magento\"\nbase_url = \"https://new.example\"\n\
             auth = \"integration-token\"\n"
        );
        let merged = with_connections_of(&existing, &fresh).unwrap();
        assert!(merged.starts_with(HEADER), "{merged}");
        assert!(
            merged.contains("https://new.example") && !merged.contains("old.example"),
            "{merged}"
        );
        assert!(
            merged.contains("# Our warehouses\n[mapping.sources]\nwh-east = \"EAST\""),
            "{merged}"
        );
        let config = Config::from_toml(&merged).unwrap();
        assert_eq!(config.recon.orders.grace_minutes, 45);
        assert_eq!(config.magento.auth, MagentoAuthKind::IntegrationToken);
    }
}
