//! The configuration file (TOML). It names the systems and how to read them;
//! it never holds a secret: those come from the OS keychain or from the
//! environment variables listed in docs/config.md.
//!
//! Parsing is strict (unknown keys are errors) so a typo is reported with the
//! key's name instead of being silently ignored.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Duration;

use crate::connection::{Connection, ConnectionId, Counterparts, MAGENTO_KIND};
use crate::rules::ReconConfig;
use crate::snapshot::Entity;

/// The whole configuration, with connections resolved: the one Magento connection
/// (typed), the counterparts (their connector checks their settings) and which
/// counterpart each entity is reconciled against.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The Magento connection's id (`magento` in the older format).
    pub magento_id: ConnectionId,
    pub magento: MagentoConfig,
    /// Where the Magento settings sit in the file (`connections.shop`, or `magento`).
    pub magento_section: String,
    /// Every other connection, in id order.
    pub connections: Vec<Connection>,
    /// Filled for every entity whenever any counterpart exists.
    pub counterparts: Counterparts,
    pub mapping: Mapping,
    pub snapshot: SnapshotConfig,
    pub recon: ReconConfig,
}

impl Config {
    pub fn connection(&self, id: &ConnectionId) -> Option<&Connection> {
        self.connections.iter().find(|c| &c.id == id)
    }

    /// The connection `entity` is reconciled against, if any.
    pub fn counterpart(&self, entity: Entity) -> Option<&Connection> {
        self.counterparts
            .get(entity)
            .and_then(|id| self.connection(id))
    }

    /// Whether any entity has a counterpart to be compared with.
    pub fn has_counterpart(&self) -> bool {
        !self.connections.is_empty()
    }
}

/// The file as written: `[connections.<id>]` tables, or the older `[magento]`
/// and `[erp]` sections, which are read as connections `magento` and `erp`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    connections: BTreeMap<String, toml::Table>,
    #[serde(default)]
    counterparts: CounterpartsFile,
    magento: Option<toml::Table>,
    erp: Option<toml::Table>,
    #[serde(default)]
    mapping: Mapping,
    #[serde(default)]
    snapshot: SnapshotConfig,
    #[serde(default)]
    recon: ReconConfig,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct CounterpartsFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    orders: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stock: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prices: Option<String>,
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
    /// Magento sources left out of stock reconciliation on purpose (drop-ship, store pickup).
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub exclude_sources: std::collections::BTreeSet<String>,
    /// ERP locations left out of stock reconciliation on purpose (transit, quarantine).
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub exclude_locations: std::collections::BTreeSet<String>,
}

impl Mapping {
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
            && self.skus.is_empty()
            && self.price_lists.is_empty()
            && self.exclude_sources.is_empty()
            && self.exclude_locations.is_empty()
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// An incremental snapshot reads Magento's prices in full when the last full read is
    /// older than this: prices written through Magento's price endpoints do not move a
    /// product's `updated_at`, so only a full read is sure to see them. 0: every time.
    #[serde(default = "defaults::full_price_read_hours")]
    pub full_price_read_hours: u32,
}

impl Default for SnapshotConfig {
    fn default() -> Self {
        Self {
            entities: defaults::entities(),
            full_price_read_hours: defaults::full_price_read_hours(),
        }
    }
}

mod defaults {
    use crate::snapshot::Entity;

    pub fn full_price_read_hours() -> u32 {
        24
    }

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
    Invalid { key: String, problem: String },
}

/// `http://` to this computer (a simulator, a tunnel): the only plain http a secret may use.
fn is_local_http(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    host.eq_ignore_ascii_case("localhost")
        || host == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn invalid(key: impl Into<String>, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key: key.into(),
        problem: problem.into(),
    }
}

impl Config {
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let file: ConfigFile =
            toml::from_str(text).map_err(|e| ConfigError::Syntax(e.to_string()))?;
        let config = Config::resolve(file)?;
        config.validate()?;
        Ok(config)
    }

    /// Turns the file's tables into connections; the older two-section format
    /// becomes connections `magento` and `erp`.
    fn resolve(file: ConfigFile) -> Result<Config, ConfigError> {
        let mut tables: Vec<(String, String, toml::Table)> = Vec::new();
        let legacy = file.magento.is_some() || file.erp.is_some();
        if legacy && !file.connections.is_empty() {
            return Err(invalid(
                "connections",
                "cannot be combined with the older [magento] and [erp] sections: move them \
                 into [connections.magento] (with kind = \"magento\") and [connections.erp]",
            ));
        }
        if let Some(mut table) = file.magento {
            table.insert("kind".into(), MAGENTO_KIND.into());
            tables.push(("magento".into(), "magento".into(), table));
        }
        if let Some(table) = file.erp {
            tables.push(("erp".into(), "erp".into(), table));
        }
        for (id, table) in file.connections {
            tables.push((id.clone(), format!("connections.{id}"), table));
        }

        let mut magento = None;
        let mut connections = Vec::new();
        for (id, section, mut table) in tables {
            let id = ConnectionId::parse(&id).map_err(|problem| invalid(&section, problem))?;
            let kind = match table.remove("kind") {
                Some(toml::Value::String(kind)) => kind,
                _ => {
                    return Err(invalid(
                        format!("{section}.kind"),
                        "must say which system this is, for example \"magento\" or \
                         \"business-central\"",
                    ));
                }
            };
            if kind == MAGENTO_KIND {
                if magento.is_some() {
                    return Err(invalid(
                        section,
                        "is a second Magento connection: Driftwatch reconciles one shop per \
                         configuration",
                    ));
                }
                let settings: MagentoConfig = toml::Value::Table(table)
                    .try_into()
                    .map_err(|e| ConfigError::Syntax(format!("[{section}]: {e}")))?;
                magento = Some((id, settings, section));
            } else {
                connections.push(Connection {
                    id,
                    kind,
                    settings: table,
                    section,
                });
            }
        }
        let Some((magento_id, magento, magento_section)) = magento else {
            return Err(invalid(
                "connections",
                "must include the shop: a [connections.shop] table with kind = \"magento\" \
                 and its base_url (docs/config.md)",
            ));
        };
        let counterparts = Self::counterparts(&file.counterparts, &connections)?;
        Ok(Config {
            magento_id,
            magento,
            magento_section,
            connections,
            counterparts,
            mapping: file.mapping,
            snapshot: file.snapshot,
            recon: file.recon,
        })
    }

    /// Each entity's counterpart: as named, or the only counterpart there is.
    fn counterparts(
        named: &CounterpartsFile,
        connections: &[Connection],
    ) -> Result<Counterparts, ConfigError> {
        let mut counterparts = Counterparts::default();
        let ids = || {
            connections
                .iter()
                .map(|c| format!("`{}`", c.id))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for entity in Entity::ALL {
            let name = match entity {
                Entity::Orders => &named.orders,
                Entity::Stock => &named.stock,
                Entity::Prices => &named.prices,
            };
            let key = format!("counterparts.{entity}");
            let chosen = match (name, connections) {
                (Some(name), _) => match connections.iter().find(|c| c.id.as_str() == name) {
                    Some(c) => Some(c.id.clone()),
                    None if connections.is_empty() => {
                        return Err(invalid(
                            key,
                            format!(
                                "names `{name}`, but no connection besides Magento is configured"
                            ),
                        ));
                    }
                    None => {
                        return Err(invalid(
                            key,
                            format!(
                                "names `{name}`, which is not a connection: use one of {}",
                                ids()
                            ),
                        ));
                    }
                },
                (None, []) => None,
                (None, [only]) => Some(only.id.clone()),
                (None, _) => {
                    return Err(invalid(
                        key,
                        format!(
                            "must say which connection {entity} are reconciled against: one of {}",
                            ids()
                        ),
                    ));
                }
            };
            *counterparts.slot(entity) = chosen;
        }
        Ok(counterparts)
    }

    /// The configuration in the current format (`[connections.<id>]`), as
    /// `driftwatch sim` and the connection screens write it.
    pub fn to_toml(&self) -> String {
        let mut connections = toml::Table::new();
        let mut magento = table(&self.magento);
        magento.insert("kind".into(), MAGENTO_KIND.into());
        connections.insert(self.magento_id.to_string(), magento.into());
        for c in &self.connections {
            let mut settings = toml::Table::new();
            settings.insert("kind".into(), c.kind.clone().into());
            settings.extend(c.settings.clone());
            connections.insert(c.id.to_string(), settings.into());
        }
        let mut file = toml::Table::new();
        file.insert("connections".into(), connections.into());
        if self.connections.len() > 1 {
            let named = CounterpartsFile {
                orders: self.counterparts.orders.as_ref().map(|c| c.to_string()),
                stock: self.counterparts.stock.as_ref().map(|c| c.to_string()),
                prices: self.counterparts.prices.as_ref().map(|c| c.to_string()),
            };
            file.insert("counterparts".into(), table(&named).into());
        }
        if !self.mapping.is_empty() {
            file.insert("mapping".into(), table(&self.mapping).into());
        }
        file.insert("snapshot".into(), table(&self.snapshot).into());
        file.insert("recon".into(), table(&self.recon).into());
        toml::to_string_pretty(&file).expect("a config always serializes")
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let m = &self.magento;
        let key = |field: &str| format!("{}.{field}", self.magento_section);
        if !(m.base_url.starts_with("https://") || is_local_http(&m.base_url)) {
            return Err(invalid(
                key("base_url"),
                "must start with https:// (for example https://shop.example.com); plain \
                 http:// only reaches this computer (localhost, 127.0.0.1)",
            ));
        }
        if m.store_code.is_empty() || m.store_code.contains('/') {
            return Err(invalid(
                key("store_code"),
                "must be a store view code such as `all` or `default`",
            ));
        }
        if m.auth == MagentoAuthKind::Admin && m.admin_username.is_none() {
            return Err(invalid(
                key("admin_username"),
                format!("is required when {} = \"admin\"", key("auth")),
            ));
        }
        if !(1..=10_000).contains(&m.page_size) {
            return Err(invalid(
                key("page_size"),
                "must be between 1 and 10000 (300 is the most Magento accepts when input limits are on)",
            ));
        }
        if !(1..=64).contains(&m.concurrency) {
            return Err(invalid(key("concurrency"), "must be between 1 and 64"));
        }
        if m.timeout_secs == 0 {
            return Err(invalid(key("timeout_secs"), "must be at least 1"));
        }
        if m.max_attempts == 0 {
            return Err(invalid(key("max_attempts"), "must be at least 1"));
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

/// A section as a TOML table (every section serializes to one).
fn table<T: Serialize>(section: &T) -> toml::Table {
    toml::Table::try_from(section).expect("a config section serializes to a table")
}

impl MagentoConfig {
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_only_for_this_computer() {
        for local in [
            "http://127.0.0.1:8080",
            "http://localhost/rest",
            "http://[::1]:9000/",
            "http://user@127.0.0.2",
        ] {
            assert!(is_local_http(local), "{local}");
        }
        for remote in [
            "http://shop.example.com",
            "http://127.0.0.1.example.com",
            "http://10.0.0.1",
            "https://127.0.0.1",
        ] {
            assert!(!is_local_http(remote), "{remote}");
        }
    }

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
        let again = Config::from_toml(&config.to_toml()).unwrap();
        assert_eq!(again.to_toml(), config.to_toml());
        assert_eq!(again.magento, config.magento);
    }

    const ERP: &str = "[erp]\nkind = \"business-central\"\ntenant = \"t1\"\n";

    #[test]
    fn the_older_format_becomes_connections_magento_and_erp() {
        let text = format!(
            "{MINIMAL}\n{ERP}\n[mapping.sources]\ndefault = \"MAIN\"\n\n\
             [[mapping.price_lists]]\nwebsite_id = 1\ncustomer_group_id = 32000\nprice_list = \"RETAIL\"\n"
        );
        let config = Config::from_toml(&text).unwrap();
        assert_eq!(config.magento_id.as_str(), "magento");
        let erp = config.counterpart(Entity::Stock).unwrap();
        assert_eq!(
            (erp.id.as_str(), erp.kind.as_str()),
            ("erp", "business-central")
        );
        assert_eq!(erp.settings["tenant"].as_str(), Some("t1"));
        assert!(!erp.settings.contains_key("kind"));
        assert_eq!(erp.key("tenant"), "erp.tenant");
        assert_eq!(config.mapping.sources["default"], "MAIN");
        assert_eq!(config.mapping.price_lists[0].price, PriceKind::Base);
        // Written back in the current format, it reads the same.
        let written = config.to_toml();
        assert!(written.contains("[connections.erp]"), "{written}");
        let again = Config::from_toml(&written).unwrap();
        assert_eq!(again.connections[0].settings, erp.settings);
        assert_eq!(again.counterparts, config.counterparts);
        assert_eq!(again.magento, config.magento);
        assert_eq!(again.connections[0].key("tenant"), "connections.erp.tenant");
    }

    #[test]
    fn each_entity_names_its_counterpart_when_there_are_several() {
        let base = "[connections.shop]\nkind = \"magento\"\nbase_url = \"https://s.example\"\n\
                    auth = \"oauth1\"\n[connections.bc]\nkind = \"business-central\"\n\
                    [connections.wms]\nkind = \"files\"\n";
        let err = Config::from_toml(base).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("`counterparts.orders` must say"),
            "{err}"
        );
        let text =
            format!("{base}[counterparts]\norders = \"bc\"\nstock = \"wms\"\nprices = \"bc\"\n");
        let config = Config::from_toml(&text).unwrap();
        assert_eq!(config.magento_id.as_str(), "shop");
        assert_eq!(
            config.counterpart(Entity::Orders).unwrap().kind,
            "business-central"
        );
        assert_eq!(config.counterpart(Entity::Stock).unwrap().kind, "files");
        assert_eq!(config.magento_section, "connections.shop");
        let again = Config::from_toml(&config.to_toml()).unwrap();
        assert_eq!(again, config);
        let err =
            Config::from_toml(&text.replace("stock = \"wms\"", "stock = \"sap\"")).unwrap_err();
        assert!(err.to_string().contains("use one of `bc`, `wms`"), "{err}");
    }

    #[test]
    fn connections_are_refused_with_what_to_change() {
        let err = Config::from_toml("[connections.bc]\nkind = \"business-central\"\n").unwrap_err();
        assert!(err.to_string().contains("kind = \"magento\""), "{err}");
        let err =
            Config::from_toml(&format!("{MINIMAL}[connections.bc]\nkind = \"x\"\n")).unwrap_err();
        assert!(err.to_string().contains("cannot be combined"), "{err}");
        let err = Config::from_toml("[connections.Shop]\nkind = \"magento\"\n").unwrap_err();
        assert!(
            err.to_string().contains("not a usable connection id"),
            "{err}"
        );
        let err = Config::from_toml(&format!("{MINIMAL}[erp]\ntenant = \"t\"\n")).unwrap_err();
        assert!(err.to_string().starts_with("`erp.kind`"), "{err}");
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
        assert_eq!(
            Config::from_toml(&config.to_toml()).unwrap().recon,
            config.recon
        );
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
