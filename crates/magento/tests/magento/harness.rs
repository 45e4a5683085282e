//! Starting a simulator and a client pointed at it.

use magento::{Client, ClientBuilder, Credentials, PageFailure, Read, ReadReport, ReadStats};
use sim::{SimConfig, SimHandle};
use std::time::Duration;

pub async fn start(config: SimConfig) -> SimHandle {
    sim::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .expect("the simulator starts")
}

pub fn small_world() -> SimConfig {
    SimConfig {
        orders: 1_000,
        skus: 120,
        sources: 3,
        ..SimConfig::default()
    }
}

/// Retries in tests wait milliseconds, not the seconds Magento asks for.
pub fn fast_retries() -> magento::RetryPolicy {
    magento::RetryPolicy {
        max_attempts: 6,
        base_delay: Duration::from_millis(2),
        max_delay: Duration::from_millis(20),
        max_retry_after: Duration::from_millis(10),
    }
}

pub fn bearer(sim: &SimHandle) -> Credentials {
    Credentials::IntegrationToken(sim.config().auth.integration_token.as_str().into())
}

pub fn admin(sim: &SimHandle) -> Credentials {
    Credentials::Admin {
        username: sim.config().auth.admin_username.clone(),
        password: sim.config().auth.admin_password.as_str().into(),
    }
}

pub fn builder(sim: &SimHandle, credentials: Credentials) -> ClientBuilder {
    Client::builder()
        .base_url(sim.base_url())
        .credentials(credentials)
        .retry(fast_retries())
        .timeout(Duration::from_secs(10))
}

pub fn client(sim: &SimHandle) -> Client {
    builder(sim, bearer(sim))
        .page_size(50)
        .concurrency(4)
        .build()
        .unwrap()
}

pub struct Collected<T> {
    pub rows: Vec<T>,
    pub failures: Vec<PageFailure>,
    pub stats: ReadStats,
    pub report: ReadReport,
}

pub async fn collect<T>(mut read: Read<T>) -> Collected<T> {
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    while let Some(event) = read.next().await {
        match event {
            magento::PageEvent::Rows(page) => rows.extend(page),
            magento::PageEvent::Failed(failure) => failures.push(failure),
        }
    }
    let stats = read.stats();
    let report = read.finish().await;
    Collected {
        rows,
        failures,
        stats,
        report,
    }
}

/// Asserts the ids are exactly 1..=n, each once.
pub fn assert_each_once(mut ids: Vec<u64>, n: u64) {
    ids.sort_unstable();
    let len = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), len, "some rows were read twice");
    assert_eq!(ids, (1..=n).collect::<Vec<_>>(), "rows missing or extra");
}
