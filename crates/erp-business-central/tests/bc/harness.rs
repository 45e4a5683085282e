//! A drift world served by the Business Central simulator, and a connector
//! pointed at it.

use erp::{PageEvent, PageFailure, Read, ReadReport, ReadStats};
use erp_business_central::{BusinessCentral, RetryPolicy, Settings};
use sim::bc::{BcConfig, BcHandle};
use sim::world::{Scenario, World};
use std::time::Duration;

pub fn small_scenario(name: &str) -> Scenario {
    Scenario {
        orders: 400,
        skus: 60,
        sources: 3,
        ..Scenario::named(name).unwrap()
    }
}

pub async fn start(world: World, config: BcConfig) -> BcHandle {
    sim::bc::start(world, config, "127.0.0.1:0".parse().unwrap())
        .await
        .expect("the Business Central simulator starts")
}

/// A simulator injecting `faults`.
pub async fn start_with_faults(world: World, faults: Vec<sim::bc::BcFault>) -> BcHandle {
    start(
        world,
        BcConfig {
            faults,
            ..BcConfig::default()
        },
    )
    .await
}

pub fn settings(bc: &BcHandle) -> Settings {
    let config = bc.config();
    Settings {
        token_url: bc.token_url(),
        scope: Settings::DEFAULT_SCOPE.to_owned(),
        api_base: bc.api_base(),
        custom_api_base: Some(bc.custom_api_base()),
        company_id: bc.company_id(),
        client_id: config.client_id.clone(),
        client_secret: config.client_secret.as_str().into(),
        page_size: 50,
        concurrency: 4,
        timeout: Duration::from_secs(10),
        retry: RetryPolicy {
            max_attempts: 8,
            base_delay: Duration::from_millis(2),
            max_delay: Duration::from_millis(20),
            max_retry_after: Duration::from_millis(10),
        },
    }
}

pub fn connector(bc: &BcHandle) -> BusinessCentral {
    BusinessCentral::new(settings(bc)).unwrap()
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
            PageEvent::Rows(page) => rows.extend(page),
            PageEvent::Failed(failure) => failures.push(failure),
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
