//! Secrets: looked up in the environment (automation) and then in the OS
//! keychain, never in files or logs. Keychain entries are named
//! `service = "driftwatch"`, `user = "magento:<base_url>:<secret>"` (or
//! `"erp:<api_base>:<secret>"`) so several shops can be configured side by side.
//!
//! Keychain calls block (D-Bus on Linux): call them from a blocking context.

use std::collections::BTreeMap;

use magento::{Credentials, OAuth1Credentials};
use model::config::MagentoConfig;
use model::{Config, ErpConfig, MagentoAuthKind, SecretString};

use crate::error::{Error, Result};

const SERVICE: &str = "driftwatch";

/// One secret Driftwatch may need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secret {
    MagentoToken,
    MagentoPassword,
    MagentoConsumerKey,
    MagentoConsumerSecret,
    MagentoAccessToken,
    MagentoAccessTokenSecret,
    /// The ERP app registration's client secret (Business Central).
    ErpClientSecret,
}

impl Secret {
    /// The environment variable that overrides the keychain (docs/config.md).
    pub fn env_var(self) -> &'static str {
        match self {
            Secret::MagentoToken => "DRIFTWATCH_MAGENTO_TOKEN",
            Secret::MagentoPassword => "DRIFTWATCH_MAGENTO_PASSWORD",
            Secret::MagentoConsumerKey => "DRIFTWATCH_MAGENTO_CONSUMER_KEY",
            Secret::MagentoConsumerSecret => "DRIFTWATCH_MAGENTO_CONSUMER_SECRET",
            Secret::MagentoAccessToken => "DRIFTWATCH_MAGENTO_ACCESS_TOKEN",
            Secret::MagentoAccessTokenSecret => "DRIFTWATCH_MAGENTO_ACCESS_TOKEN_SECRET",
            Secret::ErpClientSecret => "DRIFTWATCH_ERP_CLIENT_SECRET",
        }
    }

    /// Words for prompts and messages.
    pub fn describe(self) -> &'static str {
        match self {
            Secret::MagentoToken => "Magento integration access token",
            Secret::MagentoPassword => "Magento admin password",
            Secret::MagentoConsumerKey => "Magento integration consumer key",
            Secret::MagentoConsumerSecret => "Magento integration consumer secret",
            Secret::MagentoAccessToken => "Magento integration access token",
            Secret::MagentoAccessTokenSecret => "Magento integration access token secret",
            Secret::ErpClientSecret => "ERP client secret",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Secret::MagentoToken => "integration-token",
            Secret::MagentoPassword => "admin-password",
            Secret::MagentoConsumerKey => "consumer-key",
            Secret::MagentoConsumerSecret => "consumer-secret",
            Secret::MagentoAccessToken => "access-token",
            Secret::MagentoAccessTokenSecret => "access-token-secret",
            Secret::ErpClientSecret => "client-secret",
        }
    }

    fn keychain_user(self, config: &Config) -> String {
        if self == Secret::ErpClientSecret {
            let base = match &config.erp {
                Some(ErpConfig::BusinessCentral(bc)) => bc.api_base(),
                None => String::new(),
            };
            return format!("erp:{}:{}", base.trim_end_matches('/'), self.slug());
        }
        let base = config.magento.base_url.trim_end_matches('/');
        format!("magento:{base}:{}", self.slug())
    }
}

/// The secrets the configured sign-in method needs, in prompt order.
pub fn magento_secrets(magento: &MagentoConfig) -> &'static [Secret] {
    match magento.auth {
        MagentoAuthKind::IntegrationToken => &[Secret::MagentoToken],
        MagentoAuthKind::Admin => &[Secret::MagentoPassword],
        MagentoAuthKind::Oauth1 => &[
            Secret::MagentoConsumerKey,
            Secret::MagentoConsumerSecret,
            Secret::MagentoAccessToken,
            Secret::MagentoAccessTokenSecret,
        ],
    }
}

/// The secrets the configured ERP needs (none without an ERP).
pub fn erp_secrets(config: &Config) -> &'static [Secret] {
    match config.erp {
        Some(ErpConfig::BusinessCentral(_)) => &[Secret::ErpClientSecret],
        None => &[],
    }
}

/// Where a secret was found (for `credentials check`; never the value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Environment,
    Keychain,
    /// Held in this process's memory only: the demo's simulators.
    Memory,
}

/// Secrets held in memory for this process only, by keychain user (so they answer for the
/// systems they were given for and no other): the demo's simulators, whose secrets are not
/// real and must not land in the keychain.
static IN_MEMORY: std::sync::Mutex<BTreeMap<String, SecretString>> =
    std::sync::Mutex::new(BTreeMap::new());

/// Holds `value` as `secret` for the systems `config` names, in memory, until the process ends.
pub fn hold_in_memory(secret: Secret, config: &Config, value: SecretString) {
    let mut held = IN_MEMORY.lock().unwrap_or_else(|e| e.into_inner());
    held.insert(secret.keychain_user(config), value);
}

fn held_in_memory(secret: Secret, config: &Config) -> Option<SecretString> {
    let held = IN_MEMORY.lock().unwrap_or_else(|e| e.into_inner());
    held.get(&secret.keychain_user(config)).cloned()
}

pub fn lookup(secret: Secret, config: &Config) -> Result<(SecretString, Origin)> {
    if let Ok(value) = std::env::var(secret.env_var())
        && !value.is_empty()
    {
        return Ok((SecretString::new(value), Origin::Environment));
    }
    if let Some(value) = held_in_memory(secret, config) {
        return Ok((value, Origin::Memory));
    }
    match keychain::get(&secret.keychain_user(config)) {
        Ok(Some(value)) => Ok((value, Origin::Keychain)),
        Ok(None) => Err(missing(secret)),
        Err(detail) => {
            tracing::debug!(%detail, "keychain unavailable");
            Err(missing(secret))
        }
    }
}

fn missing(secret: Secret) -> Error {
    Error::MissingSecret {
        what: secret.describe().to_owned(),
        env_var: secret.env_var().to_owned(),
    }
}

pub fn store(secret: Secret, config: &Config, value: &SecretString) -> Result<()> {
    keychain::set(&secret.keychain_user(config), value).map_err(Error::Keychain)
}

/// Removes a secret; `false` when there was none.
pub fn delete(secret: Secret, config: &Config) -> Result<bool> {
    keychain::delete(&secret.keychain_user(config)).map_err(Error::Keychain)
}

/// Everything the Magento client needs to sign in, from the configured method.
pub fn magento_credentials(config: &Config) -> Result<Credentials> {
    let magento = &config.magento;
    let get = |secret| lookup(secret, config).map(|(value, _)| value);
    Ok(match magento.auth {
        MagentoAuthKind::IntegrationToken => {
            Credentials::IntegrationToken(get(Secret::MagentoToken)?)
        }
        MagentoAuthKind::Admin => Credentials::Admin {
            username: magento.admin_username.clone().unwrap_or_default(),
            password: get(Secret::MagentoPassword)?,
        },
        MagentoAuthKind::Oauth1 => Credentials::OAuth1(OAuth1Credentials {
            consumer_key: get(Secret::MagentoConsumerKey)?,
            consumer_secret: get(Secret::MagentoConsumerSecret)?,
            access_token: get(Secret::MagentoAccessToken)?,
            token_secret: get(Secret::MagentoAccessTokenSecret)?,
        }),
    })
}

#[cfg(target_os = "linux")]
mod keychain {
    //! The Secret Service (GNOME Keyring, KWallet) over D-Bus.
    use keyring_core::{Entry, Error as KeyringError};
    use model::SecretString;
    use std::sync::OnceLock;

    fn ready() -> Result<(), String> {
        static STORE: OnceLock<Result<(), String>> = OnceLock::new();
        STORE
            .get_or_init(|| {
                let store = zbus_secret_service_keyring_store::Store::new().map_err(|e| {
                    format!(
                        "no Secret Service is running ({e}); log in to a desktop session or \
                         use the environment variables from docs/config.md"
                    )
                })?;
                keyring_core::set_default_store(store);
                Ok(())
            })
            .clone()
    }

    fn entry(user: &str) -> Result<Entry, String> {
        ready()?;
        Entry::new(super::SERVICE, user).map_err(|e| e.to_string())
    }

    pub fn get(user: &str) -> Result<Option<SecretString>, String> {
        match entry(user)?.get_password() {
            Ok(value) => Ok(Some(SecretString::new(value))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    pub fn set(user: &str, value: &SecretString) -> Result<(), String> {
        entry(user)?
            .set_password(value.expose())
            .map_err(|e| e.to_string())
    }

    pub fn delete(user: &str) -> Result<bool, String> {
        match entry(user)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(KeyringError::NoEntry) => Ok(false),
            Err(e) => Err(e.to_string()),
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod keychain {
    //! macOS Keychain and Windows Credential Manager stores are not wired yet.
    use model::SecretString;

    const UNSUPPORTED: &str = "the keychain of this OS is not supported yet; use the \
                               environment variables from docs/config.md";

    pub fn get(_user: &str) -> Result<Option<SecretString>, String> {
        Err(UNSUPPORTED.to_owned())
    }
    pub fn set(_user: &str, _value: &SecretString) -> Result<(), String> {
        Err(UNSUPPORTED.to_owned())
    }
    pub fn delete(_user: &str) -> Result<bool, String> {
        Err(UNSUPPORTED.to_owned())
    }
}
