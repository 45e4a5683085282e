//! Throttling, gateway errors, dropped connections and malformed pages.

use crate::harness::*;
use sim::{Fault, SimConfig};

fn faulty(faults: Vec<Fault>) -> SimConfig {
    SimConfig {
        faults,
        ..small_world()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_429_and_503_storm_completes_and_counts_its_retries() {
    let sim = start(faulty(vec![
        Fault::RateLimit {
            every: 3,
            retry_after_secs: 1,
        },
        Fault::Unavailable { every: 5 },
    ]))
    .await;
    // One page at a time keeps the fault counters deterministic: with pages
    // in flight, one unlucky request could meet six failures in a row.
    let client = builder(&sim, bearer(&sim))
        .page_size(50)
        .concurrency(1)
        .build()
        .unwrap();
    let read = collect(client.orders().read(None)).await;
    assert!(read.failures.is_empty(), "{}", read.failures[0].error);
    assert_each_once(read.rows.iter().map(|o| o.entity_id).collect(), 1_000);
    let stats = sim.stats();
    assert!(stats.rate_limited > 0 && stats.unavailable > 0);
    assert_eq!(read.stats.retries, stats.rate_limited + stats.unavailable);
}

#[tokio::test(flavor = "multi_thread")]
async fn dropped_connections_are_retried() {
    let sim = start(faulty(vec![Fault::DropConnection { every: 4 }])).await;
    // One page at a time: with pages in flight, the drops (every 4th request overall) can
    // fall on one page's six attempts in a row, which is the give-up case, not this one.
    let client = builder(&sim, bearer(&sim)).concurrency(1).build().unwrap();
    let read = collect(client.orders().read(None)).await;
    assert!(read.failures.is_empty(), "{}", read.failures[0].error);
    assert_each_once(read.rows.iter().map(|o| o.entity_id).collect(), 1_000);
    assert!(sim.stats().dropped > 0);
    assert!(read.stats.retries >= sim.stats().dropped);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_page_is_named_and_the_rest_is_read() {
    let sim = start(faulty(vec![Fault::MalformedOrders { entity_id: 500 }])).await;
    let read = collect(client(&sim).orders().read(None)).await;
    assert_eq!(read.failures.len(), 1);
    let failure = &read.failures[0];
    assert!(failure.page.contains("entity_id"), "{}", failure.page);
    let message = failure.error.to_string();
    assert!(message.contains("not valid JSON"), "{message}");
    assert!(!read.rows.iter().any(|o| o.entity_id == 500));
    assert!(
        read.rows.len() > 900,
        "the other ranges were read: {}",
        read.rows.len()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn failing_requests_give_up_after_the_configured_attempts() {
    let sim = start(faulty(vec![Fault::Unavailable { every: 1 }])).await;
    let read = collect(client(&sim).orders().read(None)).await;
    assert!(read.rows.is_empty());
    let message = read.failures[0].error.to_string();
    assert!(message.contains("after 6 attempts"), "{message}");
    assert!(message.contains("503"), "{message}");
}
