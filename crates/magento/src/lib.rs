//! An async client for the Magento 2 / Adobe Commerce REST API, shaped like
//! octocrab: `Client::builder().base_url(..).credentials(..).build()`, one
//! handler per API area (`orders()`, `inventory()`, `products()`), paging in
//! one place (`page`), and an injectable base URL so tests point it at the
//! simulator. Reads only: writes come with replay.
//!
//! Wire facts followed here are summed up in the project's CONTRACTS.md.

mod api;
mod auth;
pub mod check;
pub mod connection;
mod error;
mod http;
mod lenient;
mod page;
mod search;
mod wire;

#[cfg(test)]
mod fixtures_tests;

pub use api::inventory::InventoryApi;
pub use api::orders::OrdersApi;
pub use api::products::ProductsApi;
pub use api::store::{Scope as StoreScope, StoreApi};
pub use auth::Credentials;
pub use connector::RetryPolicy;
pub use connector::oauth1::OAuth1Credentials;
pub use connector::{ReadReport, ReadStats};
pub use error::{Error, Result};
pub use page::{PageEvent, PageFailure, Read};

use model::config::ConfigurableLines;
use std::sync::Arc;
use std::sync::atomic::AtomicU32;
use std::time::Duration;

use http::Http;
use page::PageOptions;

#[derive(Debug, Clone)]
pub struct Client {
    http: Arc<Http>,
    /// Shared by every read so a page-size limit learnt once applies to all.
    page_size: Arc<AtomicU32>,
    concurrency: usize,
    configurable_lines: ConfigurableLines,
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub fn orders(&self) -> OrdersApi<'_> {
        OrdersApi { client: self }
    }

    pub fn inventory(&self) -> InventoryApi<'_> {
        InventoryApi { client: self }
    }

    pub fn products(&self) -> ProductsApi<'_> {
        ProductsApi { client: self }
    }

    pub fn store(&self) -> StoreApi<'_> {
        StoreApi { client: self }
    }

    fn page_options(&self) -> PageOptions {
        PageOptions {
            page_size: self.page_size.clone(),
            concurrency: self.concurrency,
        }
    }
}

#[derive(Debug)]
pub struct ClientBuilder {
    base_url: Option<String>,
    store_code: String,
    credentials: Option<Credentials>,
    page_size: u32,
    concurrency: usize,
    timeout: Duration,
    retry: RetryPolicy,
    configurable_lines: ConfigurableLines,
    ca_pem: Option<Vec<u8>>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: None,
            store_code: "all".to_owned(),
            credentials: None,
            page_size: 300,
            concurrency: 4,
            timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            configurable_lines: ConfigurableLines::Parent,
            ca_pem: None,
        }
    }
}

impl ClientBuilder {
    /// The shop root, e.g. `https://shop.example.com`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    pub fn store_code(mut self, code: impl Into<String>) -> Self {
        self.store_code = code.into();
        self
    }

    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = size.max(1);
        self
    }

    pub fn concurrency(mut self, pages_in_flight: usize) -> Self {
        self.concurrency = pages_in_flight.max(1);
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn configurable_lines(mut self, mode: ConfigurableLines) -> Self {
        self.configurable_lines = mode;
        self
    }

    /// An extra trusted certificate authority (PEM), for shops behind a private CA.
    /// Certificate verification itself is never turned off.
    pub fn ca_pem(mut self, pem: Vec<u8>) -> Self {
        self.ca_pem = Some(pem);
        self
    }

    pub fn build(self) -> Result<Client> {
        let base = self
            .base_url
            .ok_or_else(|| Error::Config("no base URL given".to_owned()))?;
        let base = url::Url::parse(&base)
            .map_err(|e| Error::Config(format!("`{base}` is not a URL ({e})")))?;
        connector::http::require_secure(&base).map_err(Error::Config)?;
        let credentials = self
            .credentials
            .ok_or_else(|| Error::Config("no credentials given".to_owned()))?;
        let mut http = connector::http::client_builder(self.timeout)
            .pool_max_idle_per_host(self.concurrency.max(8));
        if let Some(pem) = &self.ca_pem {
            let cert = reqwest::Certificate::from_pem(pem).map_err(|e| {
                Error::Config(format!("the CA file is not a PEM certificate ({e})"))
            })?;
            http = http.add_root_certificate(cert);
        }
        let http = http
            .build()
            .map_err(|e| Error::Config(format!("cannot set up HTTPS ({e})")))?;
        Ok(Client {
            http: Arc::new(Http::new(
                http,
                base,
                self.store_code,
                credentials,
                self.retry,
            )),
            page_size: Arc::new(AtomicU32::new(self.page_size)),
            concurrency: self.concurrency,
            configurable_lines: self.configurable_lines,
        })
    }
}
