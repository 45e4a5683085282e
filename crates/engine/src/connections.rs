//! The configured connections as people manage them, for both front ends: each
//! connection, where its reads go, what it is used for, and where each of its
//! secrets is found (never the value); entering a secret again or removing it.
//! Keychain calls block (D-Bus): call these off the async workers.

use std::path::Path;

use model::{Config, ConnectionId, Entity, SecretString};
use serde::Serialize;

use crate::connection_test::LastTest;
use crate::connectors;
use crate::credentials::{self, Origin, SecretRef};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConnectionState {
    pub id: String,
    /// `magento`, `business-central`.
    pub kind: String,
    /// "Magento", "Business Central".
    pub name: String,
    /// Where reads go.
    pub endpoint: String,
    /// The entities it is read for.
    pub entities: Vec<Entity>,
    pub secrets: Vec<SecretState>,
    /// The last Test connection, `None` if never tested.
    pub last_test: Option<LastTest>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SecretState {
    pub name: String,
    pub label: String,
    /// Where the person finds it.
    pub help: String,
    /// The environment variable that overrides the keychain.
    pub env_var: String,
    pub state: SecretStatus,
    /// Where it was found, or what is wrong, in words.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SecretStatus {
    Environment,
    Keychain,
    /// Held by this process only (the demo's simulators).
    Memory,
    Missing,
    /// Stored for another host than the connection names now: enter it again.
    ForAnotherHost,
    KeychainUnavailable,
}

impl SecretStatus {
    pub fn is_found(self) -> bool {
        matches!(
            self,
            SecretStatus::Environment | SecretStatus::Keychain | SecretStatus::Memory
        )
    }
}

/// Every connection, Magento first, with its last test from `data_dir`.
pub fn list(config: &Config, data_dir: &Path) -> Result<Vec<ConnectionState>> {
    connectors::summaries(config)?
        .into_iter()
        .map(|summary| {
            let secrets = credentials::secrets_of(config, &summary.id)?
                .iter()
                .map(secret_state)
                .collect();
            Ok(ConnectionState {
                last_test: crate::connection_test::last(data_dir, summary.id.as_str())?,
                id: summary.id.to_string(),
                kind: summary.kind,
                name: summary.name.to_owned(),
                endpoint: summary.endpoint,
                entities: summary.entities,
                secrets,
            })
        })
        .collect()
}

/// Stores `value` as secret `name` of `connection`, for the host it names now.
pub fn save_secret(
    config: &Config,
    connection: &str,
    name: &str,
    value: &SecretString,
) -> Result<()> {
    credentials::store(&secret(config, connection, name)?, value)
}

/// Removes secret `name` of `connection` from the keychain; `false` when none was stored.
pub fn delete_secret(config: &Config, connection: &str, name: &str) -> Result<bool> {
    credentials::delete(&secret(config, connection, name)?)
}

/// Where one secret is found, in words ("from the OS keychain"); never its value.
pub fn found_in(origin: Origin, env_var: &str) -> String {
    match origin {
        Origin::Environment => format!("from {env_var}"),
        Origin::Keychain => "from the OS keychain".to_owned(),
        Origin::Memory => "held by this process".to_owned(),
    }
}

fn secret_state(secret: &SecretRef) -> SecretState {
    let env_var = secret.env_var();
    let (state, detail) = match credentials::lookup(secret) {
        Ok((_, origin)) => (
            match origin {
                Origin::Environment => SecretStatus::Environment,
                Origin::Keychain => SecretStatus::Keychain,
                Origin::Memory => SecretStatus::Memory,
            },
            found_in(origin, &env_var),
        ),
        Err(e @ Error::SecretForAnotherHost { .. }) => {
            (SecretStatus::ForAnotherHost, e.to_string())
        }
        Err(e @ Error::KeychainUnavailable { .. }) => {
            (SecretStatus::KeychainUnavailable, e.to_string())
        }
        Err(e) => (SecretStatus::Missing, e.to_string()),
    };
    SecretState {
        name: secret.spec.name.to_owned(),
        label: secret.spec.label.to_owned(),
        help: secret.spec.help.to_owned(),
        env_var,
        state,
        detail,
    }
}

fn secret(config: &Config, connection: &str, name: &str) -> Result<SecretRef> {
    let id = ConnectionId::parse(connection).map_err(Error::Config)?;
    credentials::secrets_of(config, &id)?
        .into_iter()
        .find(|s| s.spec.name == name)
        .ok_or_else(|| {
            Error::Config(format!(
                "connection `{connection}` has no secret `{name}` with its current settings"
            ))
        })
}
