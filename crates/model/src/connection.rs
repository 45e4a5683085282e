//! Named connections: each system Driftwatch reads is a connection with an id
//! (chosen by the user, used in keychain entries and the store) and a kind
//! (the connector that talks to it). The Magento connection's settings are
//! typed here ([`crate::MagentoConfig`]); every other connection's settings
//! belong to its connector, which checks them (the engine's registry): this
//! crate keeps them as the TOML table the user wrote.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::snapshot::Entity;

/// The kind of the one store connection.
pub const MAGENTO_KIND: &str = "magento";

/// A connection's id: 1 to 40 lower-case letters, digits, `-` or `_`, starting
/// with a letter (it names keychain entries and environment variables).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ConnectionId(String);

impl ConnectionId {
    pub fn parse(id: &str) -> Result<Self, String> {
        let valid = (1..=40).contains(&id.len())
            && id.starts_with(|c: char| c.is_ascii_lowercase())
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if valid {
            Ok(Self(id.to_owned()))
        } else {
            Err(format!(
                "`{id}` is not a usable connection id: use 1 to 40 lower-case letters, digits, \
                 `-` or `_`, starting with a letter (for example `shop` or `erp`)"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The environment-variable spelling (`my-erp` -> `MY_ERP`).
    pub fn env_name(&self) -> String {
        self.0.to_ascii_uppercase().replace('-', "_")
    }
}

impl fmt::Display for ConnectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A counterpart connection (an ERP, a WMS export, ...), as configured.
#[derive(Debug, Clone, PartialEq)]
pub struct Connection {
    pub id: ConnectionId,
    /// The connector's kind (`business-central`, ...).
    pub kind: String,
    /// Everything in the connection's table but `kind`: the connector's own settings.
    pub settings: toml::Table,
    /// Where the table sits in the file (`connections.erp`, or `erp` in the older
    /// format), so errors name the key the user must change.
    pub section: String,
}

impl Connection {
    /// The key a message about `setting` names (`connections.erp.tenant`).
    pub fn key(&self, setting: &str) -> String {
        format!("{}.{setting}", self.section)
    }
}

/// Which counterpart connection each entity is reconciled against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counterparts {
    pub orders: Option<ConnectionId>,
    pub stock: Option<ConnectionId>,
    pub prices: Option<ConnectionId>,
}

impl Counterparts {
    pub fn get(&self, entity: Entity) -> Option<&ConnectionId> {
        match entity {
            Entity::Orders => self.orders.as_ref(),
            Entity::Stock => self.stock.as_ref(),
            Entity::Prices => self.prices.as_ref(),
        }
    }

    pub(crate) fn slot(&mut self, entity: Entity) -> &mut Option<ConnectionId> {
        match entity {
            Entity::Orders => &mut self.orders,
            Entity::Stock => &mut self.stock,
            Entity::Prices => &mut self.prices,
        }
    }
}

/// A secret a connector needs, by name (the keychain entry's and the
/// environment variable's last part) and the words shown when asking for it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SecretSpec {
    /// `client-secret`, `token`, ...: lower-case words joined by `-`.
    pub name: &'static str,
    /// "Client secret of the app registration"
    pub label: &'static str,
    /// Where the person finds it.
    pub help: &'static str,
}

/// One setting a connector reads from its connection's table, for forms and docs.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SettingSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub kind: SettingKind,
    pub required: bool,
    /// The value used when the key is absent, as TOML would spell it.
    pub default: Option<&'static str>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum SettingKind {
    Text,
    Url,
    Bool,
    Integer { min: i64, max: i64 },
}

/// A setting a connector refused, naming it and the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{key}` {problem}")]
pub struct SettingError {
    /// The setting's own key (`tenant`); [`Connection::key`] gives the file's path.
    pub key: String,
    pub problem: String,
}

impl SettingError {
    pub fn new(key: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            problem: problem.into(),
        }
    }
}

/// What Test connection found, or the first thing that stopped it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestReport {
    /// What the connection sees, in the order it was checked ("Company": "CRONUS UK Ltd.").
    pub found: Vec<Found>,
    /// Why the test stopped; `None` when everything answered.
    pub problem: Option<TestProblem>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub label: String,
    pub value: String,
}

/// A failed test: a code a front end branches on, and words that say what to do.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestProblem {
    pub code: TestCode,
    pub message: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestCode {
    /// No secret stored (or one entered for another host).
    SecretMissing,
    /// The host did not answer (DNS, refused, timed out).
    Unreachable,
    /// HTTPS failed: an untrusted or invalid certificate.
    TlsFailure,
    /// The system refused the secret (or the sign-in method is switched off).
    CredentialsRejected,
    /// An admin account that must use two-factor authentication.
    TwoFactorRequired,
    /// Signed in, but the configured company (tenant, environment) is not there.
    WrongCompany,
    /// Signed in, but a resource Driftwatch reads is not granted.
    PermissionMissing,
    /// The connection says an extension is installed that does not answer.
    ExtensionMissing,
    /// Anything else (the message says what).
    Failed,
}

impl TestReport {
    pub fn found(&mut self, label: impl Into<String>, value: impl Into<String>) {
        self.found.push(Found {
            label: label.into(),
            value: value.into(),
        });
    }

    /// Stops the test with a problem, keeping what was found before it.
    pub fn failed(mut self, code: TestCode, message: impl Into<String>) -> Self {
        self.problem = Some(TestProblem {
            code,
            message: message.into(),
        });
        self
    }

    pub fn passed(&self) -> bool {
        self.problem.is_none()
    }
}

/// "A, B, C and 4 more": a few names of a list, for a found line.
pub fn some_of(names: &[String], shown: usize) -> String {
    if names.is_empty() {
        return "none".to_owned();
    }
    let mut text = names
        .iter()
        .take(shown)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > shown {
        text.push_str(&format!(" and {} more", names.len() - shown));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_short_lower_case_words() {
        assert_eq!(
            ConnectionId::parse("my-erp_2").unwrap().env_name(),
            "MY_ERP_2"
        );
        for bad in ["", "Shop", "2shop", "shop.example", "a b", &"x".repeat(41)] {
            assert!(ConnectionId::parse(bad).is_err(), "{bad:?} accepted");
        }
    }
}
