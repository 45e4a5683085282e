//! The configuration file (TOML). It names the systems and how to read them;
//! it never holds a secret: those come from the OS keychain or from the
//! environment variables listed in docs/config.md.
//!
//! Parsing is strict (unknown keys are errors) so a typo is reported with the
//! key's name instead of being silently ignored.

use serde::{Deserialize, Serialize};
use std::time::Duration;

use crate::snapshot::Entity;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub magento: MagentoConfig,
    #[serde(default)]
    pub snapshot: SnapshotConfig,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MagentoConfig {
    /// Shop root, e.g. `https://shop.example.com` (the client adds `/rest/...`).
    pub base_url: String,
    /// Store code in the URL: `all` (every store view), `default`, or a store view code.
    #[serde(default = "defaults::store_code")]
    pub store_code: String,
    /// How Driftwatch signs in.
    pub auth: MagentoAuthKind,
    /// Admin user name for `auth = "admin"` (the password is a secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_username: Option<String>,
    /// Rows per page; Magento refuses more than 300 when input limits are on.
    #[serde(default = "defaults::page_size")]
    pub page_size: u32,
    /// Pages fetched at once.
    #[serde(default = "defaults::concurrency")]
    pub concurrency: u32,
    /// Seconds before one request is abandoned (and retried).
    #[serde(default = "defaults::timeout_secs")]
    pub timeout_secs: u64,
    /// Attempts per request on throttling, 5xx, timeouts and dropped connections.
    #[serde(default = "defaults::max_attempts")]
    pub max_attempts: u32,
    /// Which of a configurable product's two order rows is kept.
    #[serde(default)]
    pub configurable_lines: ConfigurableLines,
    /// PEM file of an extra certificate authority (a shop behind a private CA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MagentoAuthKind {
    /// Integration access token sent as Bearer (needs "Allow OAuth Access Tokens
    /// to be used as standalone Bearer tokens" since 2.4.4).
    IntegrationToken,
    /// Admin user name + password exchanged for a token, renewed on expiry.
    Admin,
    /// Integration credentials signed with OAuth 1.0a (HMAC-SHA256).
    Oauth1,
}

/// Magento writes a configurable product as a priced parent row plus a
/// zero-priced child row; exactly one of them is counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConfigurableLines {
    /// Keep the parent row (it carries price and totals; its SKU is the child's).
    #[default]
    Parent,
    /// Keep the child row, with price and totals taken from its parent.
    Child,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotConfig {
    /// Entities a plain `driftwatch snapshot` reads.
    #[serde(default = "defaults::entities")]
    pub entities: Vec<Entity>,
}

impl Default for SnapshotConfig {
    fn default() -> Self {
        Self {
            entities: defaults::entities(),
        }
    }
}

mod defaults {
    use crate::snapshot::Entity;

    pub fn store_code() -> String {
        "all".into()
    }
    pub fn page_size() -> u32 {
        300
    }
    pub fn concurrency() -> u32 {
        4
    }
    pub fn timeout_secs() -> u64 {
        60
    }
    pub fn max_attempts() -> u32 {
        6
    }
    pub fn entities() -> Vec<Entity> {
        Entity::ALL.to_vec()
    }
}

/// What is wrong with a configuration, naming the key and the fix.
#[derive(Debug, thiserror::Error, PartialEq)]
#[non_exhaustive]
pub enum ConfigError {
    #[error("the configuration is not valid TOML or has an unknown key: {0}")]
    Syntax(String),
    #[error("`{key}` {problem}")]
    Invalid { key: &'static str, problem: String },
}

impl Config {
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let config: Config =
            toml::from_str(text).map_err(|e| ConfigError::Syntax(e.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("a config always serializes")
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let m = &self.magento;
        let invalid = |key, problem: &str| ConfigError::Invalid {
            key,
            problem: problem.to_owned(),
        };
        if !(m.base_url.starts_with("https://") || m.base_url.starts_with("http://")) {
            return Err(invalid(
                "magento.base_url",
                "must start with https:// (for example https://shop.example.com)",
            ));
        }
        if m.store_code.is_empty() || m.store_code.contains('/') {
            return Err(invalid(
                "magento.store_code",
                "must be a store view code such as `all` or `default`",
            ));
        }
        if m.auth == MagentoAuthKind::Admin && m.admin_username.is_none() {
            return Err(invalid(
                "magento.admin_username",
                "is required when magento.auth = \"admin\"",
            ));
        }
        if !(1..=10_000).contains(&m.page_size) {
            return Err(invalid(
                "magento.page_size",
                "must be between 1 and 10000 (300 is the most Magento accepts when input limits are on)",
            ));
        }
        if !(1..=64).contains(&m.concurrency) {
            return Err(invalid("magento.concurrency", "must be between 1 and 64"));
        }
        if m.timeout_secs == 0 {
            return Err(invalid("magento.timeout_secs", "must be at least 1"));
        }
        if m.max_attempts == 0 {
            return Err(invalid("magento.max_attempts", "must be at least 1"));
        }
        if self.snapshot.entities.is_empty() {
            return Err(invalid(
                "snapshot.entities",
                "must name at least one of orders, stock, prices",
            ));
        }
        Ok(())
    }
}

impl MagentoConfig {
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
        [magento]
        base_url = "https://shop.example.com"
        auth = "integration-token"
    "#;

    #[test]
    fn defaults_fill_what_is_not_said() {
        let config = Config::from_toml(MINIMAL).unwrap();
        assert_eq!(config.magento.store_code, "all");
        assert_eq!(config.magento.page_size, 300);
        assert_eq!(config.magento.concurrency, 4);
        assert_eq!(config.snapshot.entities, Entity::ALL.to_vec());
    }

    #[test]
    fn round_trips_through_toml() {
        let config = Config::from_toml(MINIMAL).unwrap();
        assert_eq!(Config::from_toml(&config.to_toml()).unwrap(), config);
    }

    #[test]
    fn errors_name_the_key() {
        let err = Config::from_toml(&MINIMAL.replace("https://", "ftp://")).unwrap_err();
        assert!(err.to_string().starts_with("`magento.base_url`"), "{err}");
        let err = Config::from_toml(&MINIMAL.replace("integration-token", "admin")).unwrap_err();
        assert!(err.to_string().contains("magento.admin_username"), "{err}");
        let err = Config::from_toml(&format!("{MINIMAL}\npage_sise = 10")).unwrap_err();
        assert!(err.to_string().contains("page_sise"), "{err}");
    }
}
