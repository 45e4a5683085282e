//! Building the configured systems' clients from the configuration and the
//! secrets (keychain or environment). Blocking: call off the async workers.

use erp::Erp;
use model::{Config, ConnectionId, Entity};
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::connectors;
use crate::credentials;
use crate::error::{Error, Result};

pub fn magento(config: &Config) -> Result<magento::Client> {
    let credentials = credentials::magento_credentials(config)?;
    let m = &config.magento;
    let mut builder = magento::Client::builder()
        .base_url(&m.base_url)
        .store_code(&m.store_code)
        .credentials(credentials)
        .page_size(m.page_size)
        .concurrency(m.concurrency as usize)
        .timeout(m.timeout())
        .configurable_lines(m.configurable_lines)
        .retry(magento::RetryPolicy {
            max_attempts: m.max_attempts,
            ..magento::RetryPolicy::default()
        });
    if let Some(ca) = &m.ca_file {
        let pem = std::fs::read(ca).map_err(|e| {
            Error::Config(format!(
                "`{}.ca_file` {ca} cannot be read: {e}",
                config.magento_section
            ))
        })?;
        builder = builder.ca_pem(pem);
    }
    Ok(builder.build()?)
}

/// A client for counterpart connection `id`.
pub fn counterpart(config: &Config, id: &ConnectionId) -> Result<Arc<dyn Erp>> {
    let connection = config
        .connection(id)
        .ok_or_else(|| Error::Config(format!("there is no connection `{id}`")))?;
    let connector = connectors::of(connection)?;
    connectors::check(connection)?;
    let secrets = credentials::erp_secrets(config, id)?;
    connector
        .connect(&connection.settings, &secrets)
        .map_err(|e| Error::Config(e.to_string()))
}

/// A client for each counterpart the given entities are reconciled against.
pub fn counterparts(
    config: &Config,
    entities: &[Entity],
) -> Result<BTreeMap<ConnectionId, Arc<dyn Erp>>> {
    let mut clients = BTreeMap::new();
    for entity in entities {
        if let Some(connection) = config.counterpart(*entity)
            && !clients.contains_key(&connection.id)
        {
            clients.insert(connection.id.clone(), counterpart(config, &connection.id)?);
        }
    }
    Ok(clients)
}
