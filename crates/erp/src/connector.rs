//! The one door an ERP (or any counterpart) comes through: a [`Connector`]
//! describes itself (kind, name, settings, secrets), checks a connection's
//! settings and connects. The engine keeps the registry of connectors and never
//! names a product; the UI builds its forms from these descriptions.

use std::collections::BTreeMap;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use model::SecretString;
use model::connection::{SecretSpec, SettingError, SettingSpec, TestReport};

use crate::{Capabilities, Erp, Error, Result};

/// What a connection's settings say before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// Where the connection's secrets (and the tokens they buy) are sent: the
    /// origins and identifiers that, changed, make a stored secret unusable
    /// until it is entered again for them.
    pub audience: String,
    /// Which company, environment or account the reads come from: snapshots
    /// from another scope are never compared as if they were this one's.
    pub scope: String,
    /// The API's base URL, shown beside the connection ("reads go here").
    pub endpoint: String,
    pub capabilities: Capabilities,
}

pub trait Connector: Send + Sync + std::fmt::Debug {
    /// `business-central`: the `kind` of a connection in the configuration.
    fn kind(&self) -> &'static str;

    /// "Business Central": how people know the product.
    fn display_name(&self) -> &'static str;

    /// The settings of its connections (everything but `kind`).
    fn settings(&self) -> &'static [SettingSpec];

    /// The secrets it signs in with, in the order they are asked for.
    fn secrets(&self) -> &'static [SecretSpec];

    /// Validates a connection's settings; errors name the setting and the fix.
    fn check(&self, settings: &toml::Table) -> Result<Checked, SettingError>;

    /// A client for the connection; secrets were looked up for [`Checked::audience`].
    fn connect(&self, settings: &toml::Table, secrets: &Secrets) -> Result<Arc<dyn Erp>>;

    /// Test connection: signs in and reads a little of everything snapshots read,
    /// reporting what it found or, in words a person can act on, what stopped it.
    /// Reads only; never writes.
    fn test<'a>(
        &'a self,
        settings: &'a toml::Table,
        secrets: &'a Secrets,
    ) -> BoxFuture<'a, TestReport>;
}

/// The secrets found for one connection, by [`SecretSpec::name`].
#[derive(Debug, Default, Clone)]
pub struct Secrets(BTreeMap<&'static str, SecretString>);

impl Secrets {
    pub fn insert(&mut self, name: &'static str, value: SecretString) {
        self.0.insert(name, value);
    }

    pub fn get(&self, name: &str) -> Result<&SecretString> {
        self.0.get(name).ok_or_else(|| Error::MissingSecret {
            name: name.to_owned(),
        })
    }
}
