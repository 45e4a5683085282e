//! The configuration file (TOML). It names the systems and how to read them;
//! it never holds a secret: those come from the OS keychain or from the
//! environment variables listed in docs/config.md.
//!
//! Parsing is strict (unknown keys are errors) so a typo is reported with the
//! key's name instead of being silently ignored.

use serde::{Deserialize, Serialize};
use std::time::Duration;

use crate::rules::ReconConfig;
use crate::snapshot::Entity;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub magento: MagentoConfig,
    /// The ERP; without it only Magento is snapshotted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erp: Option<ErpConfig>,
    #[serde(default, skip_serializing_if = "Mapping::is_empty")]
    pub mapping: Mapping,
    #[serde(default)]
    pub snapshot: SnapshotConfig,
    #[serde(default)]
    pub recon: ReconConfig,
}

/// Which ERP and how to reach it (secrets excepted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ErpConfig {
    BusinessCentral(BusinessCentralConfig),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessCentralConfig {
    /// Microsoft Entra tenant id (a GUID) or domain.
    pub tenant: String,
    /// Business Central environment name, e.g. `production`.
    #[serde(default = "defaults::bc_environment")]
    pub environment: String,
    /// The company's id (GUID, from `GET .../companies`).
    pub company_id: String,
    /// The app registration's application (client) id; its secret is a secret.
    pub client_id: String,
    /// Whether Driftwatch's read-only AL extension is installed
    /// (docs/erp/business-central.md): stock per location and price lists.
    #[serde(default = "defaults::yes")]
    pub extension: bool,
    /// Rows per page (`Prefer: odata.maxpagesize`, at most 20000).
    #[serde(default = "defaults::bc_page_size")]
    pub page_size: u32,
    /// Parts of one collection read side by side (1 to 5; BC allows 5
    /// requests in flight per user). 1 reads each collection as one nextLink
    /// chain (orders and invoices still side by side); more adds a light
    /// first pass to cut balanced windows, which only pays where pages are
    /// latency-bound (see docs/benchmarks.md).
    #[serde(default = "defaults::bc_concurrency")]
    pub concurrency: u32,
    #[serde(default = "defaults::timeout_secs")]
    pub timeout_secs: u64,
    #[serde(default = "defaults::max_attempts")]
    pub max_attempts: u32,
    /// Overrides for sovereign clouds or a test server; derived from
    /// `tenant` and `environment` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_base: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_api_base: Option<String>,
}

impl BusinessCentralConfig {
    pub fn token_url(&self) -> String {
        self.token_url.clone().unwrap_or_else(|| {
            format!(
                "https://login.microsoftonline.com/{}/oauth2/v2.0/token",
                self.tenant
            )
        })
    }

    pub fn api_base(&self) -> String {
        self.api_base.clone().unwrap_or_else(|| {
            format!(
                "https://api.businesscentral.dynamics.com/v2.0/{}/{}/api/v2.0",
                self.tenant, self.environment
            )
        })
    }

    /// The extension's base, when it is installed.
    pub fn custom_api_base(&self) -> Option<String> {
        self.extension.then(|| {
            self.custom_api_base.clone().unwrap_or_else(|| {
                format!(
                    "https://api.businesscentral.dynamics.com/v2.0/{}/{}/api/driftwatch/recon/v1.0",
                    self.tenant, self.environment
                )
            })
        })
    }
}

/// How Magento's names map to the ERP's: identity unless listed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Magento source code -> ERP location code.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub sources: std::collections::BTreeMap<String, String>,
    /// Magento SKU -> ERP item number, where they differ.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub skus: std::collections::BTreeMap<String, String>,
    /// (website, customer group) -> ERP price list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub price_lists: Vec<PriceListMapping>,
}

impl Mapping {
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty() && self.skus.is_empty() && self.price_lists.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceListMapping {
    /// Magento website id (0 = all websites).
    pub website_id: u32,
    /// Magento customer group id (32000 = ALL GROUPS).
    pub customer_group_id: u32,
    /// What Magento stores there: base price, special price or tier prices.
    #[serde(default)]
    pub price: PriceKind,
    pub price_list: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PriceKind {
    #[default]
    Base,
    Special,
    Tier,
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
    pub fn bc_environment() -> String {
        "production".into()
    }
    pub fn bc_page_size() -> u32 {
        1000
    }
    pub fn bc_concurrency() -> u32 {
        1
    }
    pub fn yes() -> bool {
        true
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
        if let Some(ErpConfig::BusinessCentral(bc)) = &self.erp {
            if bc.tenant.trim().is_empty() {
                return Err(invalid(
                    "erp.tenant",
                    "must be the Microsoft Entra tenant id",
                ));
            }
            if bc.company_id.trim().is_empty() {
                return Err(invalid(
                    "erp.company_id",
                    "must be the company's id (GET .../api/v2.0/companies lists them)",
                ));
            }
            if bc.client_id.trim().is_empty() {
                return Err(invalid(
                    "erp.client_id",
                    "must be the app registration's application (client) id",
                ));
            }
            if !(1..=20_000).contains(&bc.page_size) {
                return Err(invalid("erp.page_size", "must be between 1 and 20000"));
            }
            if !(1..=5).contains(&bc.concurrency) {
                return Err(invalid(
                    "erp.concurrency",
                    "must be between 1 and 5 (Business Central refuses more than 5 requests at once)",
                ));
            }
        }
        let orders = &self.recon.orders;
        if orders.eligible_states.is_empty() {
            return Err(invalid(
                "recon.orders.eligible_states",
                "must name at least one Magento order state (processing, complete, closed by default)",
            ));
        }
        for tolerance in [
            ("recon.orders.total_tolerance", orders.total_tolerance),
            ("recon.stock.qty_tolerance", self.recon.stock.qty_tolerance),
            (
                "recon.prices.price_tolerance",
                self.recon.prices.price_tolerance,
            ),
        ] {
            if tolerance.1.absolute.is_sign_negative() || tolerance.1.percent.is_sign_negative() {
                return Err(invalid(tolerance.0, "must not be negative"));
            }
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
    fn business_central_and_mappings_parse() {
        let text = format!(
            "{MINIMAL}\n[erp]\nkind = \"business-central\"\ntenant = \"t1\"\n\
             company_id = \"c1\"\nclient_id = \"app\"\n\n[mapping.sources]\ndefault = \"MAIN\"\n\n\
             [[mapping.price_lists]]\nwebsite_id = 1\ncustomer_group_id = 32000\nprice_list = \"RETAIL\"\n"
        );
        let config = Config::from_toml(&text).unwrap();
        let Some(ErpConfig::BusinessCentral(bc)) = &config.erp else {
            panic!("no erp");
        };
        assert_eq!(bc.environment, "production");
        assert_eq!(
            bc.api_base(),
            "https://api.businesscentral.dynamics.com/v2.0/t1/production/api/v2.0"
        );
        assert!(
            bc.custom_api_base()
                .unwrap()
                .ends_with("/api/driftwatch/recon/v1.0")
        );
        assert_eq!(config.mapping.sources["default"], "MAIN");
        assert_eq!(config.mapping.price_lists[0].price, PriceKind::Base);
        assert_eq!(Config::from_toml(&config.to_toml()).unwrap(), config);
        let err = Config::from_toml(&text.replace("company_id = \"c1\"", "company_id = \"\""))
            .unwrap_err();
        assert!(err.to_string().contains("erp.company_id"), "{err}");
    }

    #[test]
    fn recon_rules_have_defaults_and_accept_numbers_or_strings() {
        let config = Config::from_toml(MINIMAL).unwrap();
        assert_eq!(config.recon.orders.grace_minutes, 30);
        assert_eq!(
            config.recon.orders.total_tolerance.absolute.to_string(),
            "0.01"
        );
        let text = format!(
            "{MINIMAL}\n[recon.orders]\ngrace_minutes = 5\ntotal_tolerance = {{ absolute = \"0.05\", percent = 1 }}\n\
             [recon.orders.statuses]\nprocessing = [\"open\"]\n[recon.stock]\nerp_quantity = \"available\"\n"
        );
        let config = Config::from_toml(&text).unwrap();
        assert_eq!(config.recon.orders.grace_minutes, 5);
        assert_eq!(
            config.recon.orders.total_tolerance.absolute.to_string(),
            "0.05"
        );
        assert_eq!(config.recon.orders.total_tolerance.percent.to_string(), "1");
        assert_eq!(config.recon.orders.statuses.len(), 1);
        assert_eq!(
            config.recon.stock.erp_quantity,
            crate::rules::ErpQuantity::Available
        );
        assert_eq!(Config::from_toml(&config.to_toml()).unwrap(), config);
        let err = Config::from_toml(&text.replace("\"0.05\"", "\"-1\"")).unwrap_err();
        assert!(
            err.to_string().contains("recon.orders.total_tolerance"),
            "{err}"
        );
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
