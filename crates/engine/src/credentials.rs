//! Secrets: looked up in the environment (automation), then in this process's
//! memory (the demo), then in the OS keychain; never in files or logs.
//!
//! Keychain entries are keyed by connection id and secret name (`service =
//! "driftwatch"`, `user = "<connection>:<secret>"`), and each remembers who it
//! was entered for (its connector's audience: the host it is sent to). A
//! secret entered for one host is never sent to another: when a connection's
//! host changes, the stored secret is refused until it is entered again.
//! Entries of the older scheme (`magento:<base_url>:<slug>`) are moved over on
//! first use, their host being part of their name.
//!
//! Keychain calls block (D-Bus on Linux): call them from a blocking context.

use std::collections::BTreeMap;

use model::connection::SecretSpec;
use model::{Config, ConnectionId, SecretString};

use crate::connectors;
use crate::error::{Error, Result};

const SERVICE: &str = "driftwatch";

/// One secret of one connection, and who it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretRef {
    pub connection: ConnectionId,
    pub spec: SecretSpec,
    /// Where it is sent (the connector's audience for this connection's settings).
    pub audience: String,
    /// The entry of the older keychain scheme this secret replaces, if any.
    legacy_user: Option<String>,
}

impl SecretRef {
    /// `DRIFTWATCH_<CONNECTION>_<SECRET>`, which overrides the keychain (docs/config.md).
    pub fn env_var(&self) -> String {
        format!(
            "DRIFTWATCH_{}_{}",
            self.connection.env_name(),
            self.spec.name.to_ascii_uppercase().replace('-', "_")
        )
    }

    /// Words for prompts and messages: "Client secret of connection `erp`".
    pub fn describe(&self) -> String {
        format!("{} of connection `{}`", self.spec.label, self.connection)
    }

    fn keychain_user(&self) -> String {
        format!("{}:{}", self.connection, self.spec.name)
    }
}

/// The secrets connection `id` needs with its current settings, in prompt order.
pub fn secrets_of(config: &Config, id: &ConnectionId) -> Result<Vec<SecretRef>> {
    if id == &config.magento_id {
        let m = &config.magento;
        let audience = magento::connection::audience(m);
        return Ok(magento::connection::secret_specs(m.auth)
            .iter()
            .map(|spec| SecretRef {
                connection: id.clone(),
                spec: *spec,
                audience: audience.clone(),
                legacy_user: (id.as_str() == "magento")
                    .then(|| format!("magento:{audience}:{}", legacy_slug(spec.name))),
            })
            .collect());
    }
    let connection = config
        .connection(id)
        .ok_or_else(|| unknown_connection(config, id))?;
    let checked = connectors::check(connection)?;
    Ok(connectors::of(connection)?
        .secrets()
        .iter()
        .map(|spec| SecretRef {
            connection: id.clone(),
            spec: *spec,
            audience: checked.audience.clone(),
            legacy_user: (id.as_str() == "erp")
                .then(|| format!("erp:{}:{}", checked.endpoint, spec.name)),
        })
        .collect())
}

/// Every connection's id, the Magento one first.
pub fn connection_ids(config: &Config) -> Vec<ConnectionId> {
    std::iter::once(config.magento_id.clone())
        .chain(config.connections.iter().map(|c| c.id.clone()))
        .collect()
}

fn unknown_connection(config: &Config, id: &ConnectionId) -> Error {
    let ids: Vec<String> = connection_ids(config)
        .iter()
        .map(|c| format!("`{c}`"))
        .collect();
    Error::Config(format!(
        "there is no connection `{id}` in the configuration: use one of {}",
        ids.join(", ")
    ))
}

/// The older scheme's names of the Magento secrets.
fn legacy_slug(name: &str) -> &str {
    match name {
        "token" => "integration-token",
        "password" => "admin-password",
        other => other,
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

/// Secrets held in memory for this process only, by keychain user and audience: the demo's
/// simulators, whose secrets are not real and must not land in the keychain.
static IN_MEMORY: std::sync::Mutex<BTreeMap<(String, String), SecretString>> =
    std::sync::Mutex::new(BTreeMap::new());

/// Holds `value` for `secret` in memory, until the process ends.
pub fn hold_in_memory(secret: &SecretRef, value: SecretString) {
    let mut held = IN_MEMORY.lock().unwrap_or_else(|e| e.into_inner());
    held.insert((secret.keychain_user(), secret.audience.clone()), value);
}

fn held_in_memory(secret: &SecretRef) -> Option<SecretString> {
    let held = IN_MEMORY.lock().unwrap_or_else(|e| e.into_inner());
    held.get(&(secret.keychain_user(), secret.audience.clone()))
        .cloned()
}

pub fn lookup(secret: &SecretRef) -> Result<(SecretString, Origin)> {
    if let Ok(value) = std::env::var(secret.env_var())
        && !value.is_empty()
    {
        return Ok((SecretString::new(value), Origin::Environment));
    }
    if let Some(value) = held_in_memory(secret) {
        return Ok((value, Origin::Memory));
    }
    let stored = match keychain::get(&secret.keychain_user()) {
        Ok(Some(stored)) => Some(stored),
        Ok(None) => migrate_legacy(secret),
        Err(detail) => {
            tracing::debug!(%detail, "keychain unavailable");
            return Err(Error::KeychainUnavailable {
                what: secret.describe(),
                env_var: secret.env_var(),
                detail,
            });
        }
    };
    let Some(stored) = stored else {
        return Err(missing(secret));
    };
    match Envelope::open(&stored) {
        Some(envelope) if envelope.audience == secret.audience => {
            Ok((SecretString::new(envelope.value), Origin::Keychain))
        }
        Some(envelope) => Err(Error::SecretForAnotherHost {
            what: secret.describe(),
            entered_for: envelope.audience.to_owned(),
            now_for: secret.audience.clone(),
        }),
        None => Err(missing(secret)),
    }
}

/// An entry of the older scheme, moved to the new name (its name carried its host).
fn migrate_legacy(secret: &SecretRef) -> Option<SecretString> {
    let legacy = secret.legacy_user.as_deref()?;
    let value = keychain::get(legacy).ok().flatten()?;
    let sealed = Envelope::seal(&secret.audience, &value);
    if keychain::set(&secret.keychain_user(), &sealed).is_ok() {
        let _ = keychain::delete(legacy);
        tracing::info!(connection = %secret.connection, "moved a keychain entry to the new naming");
    }
    Some(sealed)
}

fn missing(secret: &SecretRef) -> Error {
    Error::MissingSecret {
        connection: secret.connection.to_string(),
        what: secret.describe(),
        env_var: secret.env_var(),
    }
}

pub fn store(secret: &SecretRef, value: &SecretString) -> Result<()> {
    let sealed = Envelope::seal(&secret.audience, value);
    keychain::set(&secret.keychain_user(), &sealed).map_err(Error::Keychain)
}

/// Removes a secret; `false` when there was none.
pub fn delete(secret: &SecretRef) -> Result<bool> {
    if let Some(legacy) = &secret.legacy_user {
        let _ = keychain::delete(legacy);
    }
    keychain::delete(&secret.keychain_user()).map_err(Error::Keychain)
}

/// A keychain entry's value: who the secret was entered for, then the secret.
struct Envelope<'a> {
    audience: &'a str,
    value: &'a str,
}

impl<'a> Envelope<'a> {
    const HEADER: &'static str = "driftwatch-secret-v1";

    fn seal(audience: &str, value: &SecretString) -> SecretString {
        SecretString::new(format!("{}\n{audience}\n{}", Self::HEADER, value.expose()))
    }

    fn open(stored: &'a SecretString) -> Option<Self> {
        let mut parts = stored.expose().splitn(3, '\n');
        (parts.next()? == Self::HEADER).then_some(())?;
        Some(Envelope {
            audience: parts.next()?,
            value: parts.next()?,
        })
    }
}

/// Everything the Magento client needs to sign in, from the configured method.
pub fn magento_credentials(config: &Config) -> Result<magento::Credentials> {
    let secrets = secrets_of(config, &config.magento_id)?;
    magento::connection::credentials(&config.magento, |spec| {
        let secret = secrets
            .iter()
            .find(|s| s.spec.name == spec.name)
            .expect("the sign-in method's own secrets");
        lookup(secret).map(|(value, _)| value)
    })
}

/// The secrets of a counterpart connection, looked up for its connector.
pub fn erp_secrets(config: &Config, id: &ConnectionId) -> Result<erp::Secrets> {
    let mut found = erp::Secrets::default();
    for secret in secrets_of(config, id)? {
        found.insert(secret.spec.name, lookup(&secret)?.0);
    }
    Ok(found)
}

#[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
mod keychain {
    //! The OS keychain: the Secret Service (GNOME Keyring, KWallet) over D-Bus on
    //! Linux, the login keychain on macOS, Credential Manager on Windows. Only the
    //! Linux store is exercised by CI (docs/config.md).
    use keyring_core::{Entry, Error as KeyringError};
    use model::SecretString;
    use std::sync::OnceLock;

    #[cfg(target_os = "linux")]
    const UNAVAILABLE: &str = "no Secret Service is running";
    #[cfg(target_os = "macos")]
    const UNAVAILABLE: &str = "the macOS login keychain cannot be opened";
    #[cfg(target_os = "windows")]
    const UNAVAILABLE: &str = "the Windows Credential Manager cannot be opened";

    fn ready() -> Result<(), String> {
        static STORE: OnceLock<Result<(), String>> = OnceLock::new();
        STORE
            .get_or_init(|| {
                #[cfg(target_os = "linux")]
                let store = zbus_secret_service_keyring_store::Store::new();
                #[cfg(target_os = "macos")]
                let store = apple_native_keyring_store::keychain::Store::new();
                #[cfg(target_os = "windows")]
                let store = windows_native_keyring_store::Store::new();
                let store = store.map_err(|e| {
                    format!(
                        "{UNAVAILABLE} ({e}); log in to a desktop session or use the \
                         environment variables from docs/config.md"
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

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
mod keychain {
    //! No keychain store for this OS: secrets come from the environment only.
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
