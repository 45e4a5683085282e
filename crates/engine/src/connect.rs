//! Building the configured systems' clients from the configuration and the
//! secrets (keychain or environment). Blocking: call off the async workers.

use erp::Erp;
use erp_business_central::{BusinessCentral, Settings};
use model::{Config, ErpConfig};
use std::sync::Arc;
use std::time::Duration;

use crate::credentials::{self, Secret};
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
        let pem = std::fs::read(ca)
            .map_err(|e| Error::Config(format!("`magento.ca_file` {ca} cannot be read: {e}")))?;
        builder = builder.ca_pem(pem);
    }
    Ok(builder.build()?)
}

/// The configured ERP, or `None` when the configuration names none.
pub fn erp(config: &Config) -> Result<Option<Arc<dyn Erp>>> {
    let Some(erp_config) = &config.erp else {
        return Ok(None);
    };
    match erp_config {
        ErpConfig::BusinessCentral(bc) => {
            let (client_secret, _) = credentials::lookup(Secret::ErpClientSecret, config)?;
            let connector = BusinessCentral::new(Settings {
                token_url: bc.token_url(),
                scope: Settings::DEFAULT_SCOPE.to_owned(),
                api_base: bc.api_base(),
                custom_api_base: bc.custom_api_base(),
                company_id: bc.company_id.clone(),
                client_id: bc.client_id.clone(),
                client_secret,
                page_size: bc.page_size,
                concurrency: bc.concurrency,
                timeout: Duration::from_secs(bc.timeout_secs),
                retry: erp_business_central::RetryPolicy {
                    max_attempts: bc.max_attempts,
                    ..Default::default()
                },
            })
            .map_err(|e| Error::Config(e.to_string()))?;
            Ok(Some(Arc::new(connector)))
        }
    }
}
