//! Sales orders and posted invoices: paging, the drift world's truth,
//! lookups by external reference, idempotent creation, auth and faults.

use crate::harness::*;
use erp::{CreateOutcome, Erp, ErpDocument, NewSalesOrder, NewSalesOrderLine};
use sim::bc::{BcConfig, BcFault, HostileLink};
use sim::world::World;
use std::collections::HashMap;

/// A replayed order of customer 10000 in USD, placed on a day of November 2026, one line
/// (item, quantity, unit price).
fn usd_order(reference: &str, day: u32, (item, qty, price): (&str, i64, &str)) -> NewSalesOrder {
    NewSalesOrder {
        external_reference: reference.to_owned(),
        customer_number: "10000".to_owned(),
        order_date: chrono::NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
        currency: "USD".to_owned(),
        lines: vec![NewSalesOrderLine {
            item_number: item.to_owned(),
            quantity: qty.into(),
            unit_price: price.parse().unwrap(),
        }],
    }
}

fn by_reference(rows: &[erp::ErpOrder]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for order in rows {
        *counts.entry(order.external_reference.clone()).or_insert(0) += 1;
    }
    counts
}

#[tokio::test(flavor = "multi_thread")]
async fn every_order_and_posted_invoice_is_read_once() {
    let world = World::build(&small_scenario("clean"));
    let bc = start(world.clone(), BcConfig::default()).await;
    let read = collect(connector(&bc).sales_orders(None)).await;
    assert!(read.failures.is_empty(), "{}", read.failures[0].error);
    let ids: std::collections::HashSet<_> = read.rows.iter().map(|o| o.id.clone()).collect();
    assert_eq!(ids.len(), read.rows.len(), "no order read twice");
    let counts = by_reference(&read.rows);
    assert!(
        counts.values().all(|&n| n == 1),
        "the clean world has no duplicates"
    );
    let manifest = world.manifest();
    for invoiced in &manifest.invoiced_orders {
        let order = read
            .rows
            .iter()
            .find(|o| &o.external_reference == invoiced)
            .unwrap();
        assert!(
            matches!(
                order.document,
                ErpDocument::PostedInvoice {
                    order_number: Some(_)
                }
            ),
            "{invoiced} was posted: {:?}",
            order.document
        );
    }
    for young in &manifest.in_flight_orders {
        assert!(!counts.contains_key(young), "{young} is still in flight");
    }
    assert!(read.stats.pages > 2, "paged: {}", read.stats.pages);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_drift_world_shows_its_duplicates_and_missing_orders() {
    let world = World::build(&small_scenario("drift"));
    let bc = start(world.clone(), BcConfig::default()).await;
    let read = collect(connector(&bc).sales_orders(None)).await;
    assert!(read.failures.is_empty());
    let counts = by_reference(&read.rows);
    for injected in &world.manifest().drift {
        match (injected.entity.as_str(), injected.kind.as_str()) {
            ("order", "duplicate_in_erp") => assert_eq!(counts.get(&injected.key), Some(&2)),
            ("order", "missing_in_erp") => assert!(!counts.contains_key(&injected.key)),
            ("order", "missing_in_magento") => assert!(counts.contains_key(&injected.key)),
            _ => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn lookups_find_orders_and_invoices_and_creation_is_idempotent() {
    let world = World::build(&small_scenario("clean"));
    let bc = start(world.clone(), BcConfig::default()).await;
    let erp = connector(&bc);
    let invoiced = &world.manifest().invoiced_orders[0];
    let found = erp.find_orders_by_reference(invoiced).await.unwrap();
    assert_eq!(found.len(), 1);
    assert!(matches!(
        found[0].document,
        ErpDocument::PostedInvoice { .. }
    ));

    let order = usd_order("REPLAY-0001", 20, ("SKU-000001", 2, "19.99"));
    let first = erp.create_sales_order(&order).await.unwrap();
    assert!(matches!(first, CreateOutcome::Created { .. }), "{first:?}");
    let again = erp.create_sales_order(&order).await.unwrap();
    assert!(
        matches!(again, CreateOutcome::AlreadyExists { .. }),
        "{again:?}"
    );
    assert_eq!(
        erp.find_orders_by_reference("REPLAY-0001")
            .await
            .unwrap()
            .len(),
        1
    );
}

/// A reference with the characters a URL query gives meaning to (`&`, `#`, `+`, `%`) and a
/// quote: looked up exactly, so a second replay finds the first one's order.
#[tokio::test(flavor = "multi_thread")]
async fn references_with_query_characters_are_found_exactly() {
    let world = World::build(&small_scenario("clean"));
    let bc = start(world, BcConfig::default()).await;
    let erp = connector(&bc);
    let reference = "WEB-7&store=2 #3+4 100% O'Brien";
    let order = usd_order(reference, 20, ("SKU-000001", 1, "5"));
    let first = erp.create_sales_order(&order).await.unwrap();
    assert!(matches!(first, CreateOutcome::Created { .. }), "{first:?}");
    let found = erp.find_orders_by_reference(reference).await.unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].external_reference, reference);
    let again = erp.create_sales_order(&order).await.unwrap();
    assert!(
        matches!(again, CreateOutcome::AlreadyExists { .. }),
        "{again:?}"
    );
    assert!(
        erp.find_orders_by_reference("WEB-7")
            .await
            .unwrap()
            .is_empty(),
        "a prefix of the reference is another reference"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn incremental_reads_return_changed_orders_only() {
    let world = World::build(&small_scenario("clean"));
    let bc = start(world, BcConfig::default()).await;
    let erp = connector(&bc);
    let all = collect(erp.sales_orders(None)).await.rows;
    let mut times: Vec<_> = all.iter().map(|o| o.last_modified).collect();
    times.sort();
    let since = times[times.len() - 20];
    let expected = all.iter().filter(|o| o.last_modified > since).count();
    let changed = collect(erp.sales_orders(Some(since))).await;
    assert!(changed.failures.is_empty());
    assert_eq!(changed.rows.len(), expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn throttling_gateway_errors_and_token_expiry_are_survived() {
    let world = World::build(&small_scenario("clean"));
    let faults = vec![
        BcFault::Throttle { every: 4 },
        BcFault::Unavailable {
            every: 7,
            retry_after_secs: 1,
        },
        BcFault::GatewayTimeout { every: 11 },
        BcFault::RequestTimeout { every: 13 },
        BcFault::TokenExpiry { after_requests: 6 },
    ];
    let bc = start_with_faults(world.clone(), faults).await;
    let baseline = {
        let clean = start(world, BcConfig::default()).await;
        collect(connector(&clean).sales_orders(None))
            .await
            .rows
            .len()
    };
    // Small pages for many requests; generous attempts because the two
    // collections share the fault counters and interleave.
    let mut small_pages = settings(&bc);
    small_pages.page_size = 10;
    small_pages.retry.max_attempts = 12;
    let erp = erp_business_central::BusinessCentral::new(small_pages).unwrap();
    let read = collect(erp.sales_orders(None)).await;
    assert!(read.failures.is_empty(), "{}", read.failures[0].error);
    assert_eq!(read.rows.len(), baseline);
    let stats = bc.stats();
    assert!(
        stats.throttled > 0 && stats.unavailable > 0 && stats.timeouts > 0,
        "{stats:?}"
    );
    assert!(
        stats.tokens_issued >= 2,
        "the token was renewed: {}",
        stats.tokens_issued
    );
    assert!(read.stats.retries > 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn no_more_than_five_requests_are_in_flight() {
    let world = World::build(&small_scenario("clean"));
    let slow = vec![BcFault::SlowPages {
        latency: std::time::Duration::from_millis(30),
    }];
    let bc = start_with_faults(world, slow).await;
    let erp = connector(&bc);
    // Three reads at once, each reading two collections: six would be in flight.
    let (a, b, c) = tokio::join!(
        collect(erp.sales_orders(None)),
        collect(erp.sales_orders(None)),
        collect(erp.stock()),
    );
    assert!(a.failures.is_empty() && b.failures.is_empty() && c.failures.is_empty());
    assert!(
        bc.stats().max_in_flight <= 5,
        "{}",
        bc.stats().max_in_flight
    );
    assert_eq!(bc.stats().throttled, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_page_is_named_and_a_wrong_secret_is_explained() {
    let world = World::build(&small_scenario("clean"));
    let malformed = vec![BcFault::MalformedPage {
        collection: "salesOrders".into(),
        page: 2,
    }];
    let bc = start_with_faults(world.clone(), malformed).await;
    let read = collect(connector(&bc).sales_orders(None)).await;
    assert_eq!(read.failures.len(), 1);
    let failure = &read.failures[0];
    assert!(failure.page.contains("page 2"), "{}", failure.page);
    assert!(
        failure.error.to_string().contains("not valid JSON"),
        "{}",
        failure.error
    );
    assert!(!read.rows.is_empty(), "page 1 and the invoices were read");

    let bc = start(world, BcConfig::default()).await;
    let mut wrong = settings(&bc);
    wrong.client_secret = "not-the-secret".into();
    let read = collect(
        erp_business_central::BusinessCentral::new(wrong)
            .unwrap()
            .sales_orders(None),
    )
    .await;
    let message = read.failures[0].error.to_string();
    assert!(message.contains("invalid_client"), "{message}");
    assert!(message.contains("Certificates & secrets"), "{message}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_next_link_elsewhere_back_or_unreadable_fails_the_read_instead_of_following() {
    let world = World::build(&small_scenario("clean"));
    for (link, words) in [
        (HostileLink::Foreign, "another site"),
        (HostileLink::SamePage, "already read"),
        (HostileLink::Garbage, "not a valid address"),
    ] {
        let faults = vec![BcFault::HostileNextLink {
            collection: "salesOrders".into(),
            link,
        }];
        let bc = start_with_faults(world.clone(), faults).await;
        // One chain, so the first page's link is the one refused.
        let one_chain =
            erp_business_central::BusinessCentral::new(erp_business_central::Settings {
                concurrency: 1,
                ..settings(&bc)
            })
            .unwrap();
        let read = tokio::time::timeout(
            std::time::Duration::from_secs(30),
            collect(one_chain.sales_orders(None)),
        )
        .await
        .unwrap_or_else(|_| panic!("{link:?}: the read never ended"));
        assert_eq!(read.failures.len(), 1, "{link:?}");
        let message = read.failures[0].error.to_string();
        assert!(message.contains(words), "{link:?}: {message}");
        assert!(
            read.failures[0].page.contains("after page 1"),
            "{}",
            read.failures[0].page
        );
        assert_eq!(read.report.failed_pages, 1, "{link:?}");
        // The first page and the invoices arrived; nothing counts the read as complete.
        assert!(!read.rows.is_empty(), "{link:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_that_meets_gateway_errors_still_makes_exactly_one_order() {
    let world = World::build(&small_scenario("clean"));
    // The first POST is the 3rd request and meets a 503; the throttle shifts
    // the rhythm so a later POST gets through (a lookup runs in between).
    let faults = vec![
        BcFault::Unavailable {
            every: 3,
            retry_after_secs: 0,
        },
        BcFault::Throttle { every: 7 },
    ];
    let bc = start_with_faults(world, faults).await;
    let erp = connector(&bc);
    let order = usd_order("REPLAY-0002", 21, ("SKU-000002", 1, "5.00"));
    for _ in 0..3 {
        erp.create_sales_order(&order).await.unwrap();
    }
    assert!(bc.stats().unavailable > 0, "{:?}", bc.stats());
    assert_eq!(
        erp.find_orders_by_reference("REPLAY-0002")
            .await
            .unwrap()
            .len(),
        1
    );
}

fn ids(rows: &[erp::ErpOrder]) -> std::collections::BTreeSet<String> {
    rows.iter().map(|o| o.id.clone()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn windows_read_side_by_side_find_exactly_what_one_chain_finds() {
    let world = World::build(&small_scenario("drift"));
    let bc = start(world, BcConfig::default()).await;
    let mut one_chain = settings(&bc);
    one_chain.concurrency = 1;
    let sequential = collect(
        erp_business_central::BusinessCentral::new(one_chain)
            .unwrap()
            .sales_orders(None),
    )
    .await;
    let windowed = collect(connector(&bc).sales_orders(None)).await;
    assert!(sequential.failures.is_empty() && windowed.failures.is_empty());
    assert_eq!(
        windowed.rows.len(),
        sequential.rows.len(),
        "nothing doubled"
    );
    assert_eq!(ids(&windowed.rows), ids(&sequential.rows), "nothing lost");
    assert!(
        windowed.stats.requests > sequential.stats.requests,
        "the light first pass and the windows: {} vs {}",
        windowed.stats.requests,
        sequential.stats.requests
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn orders_changed_during_a_windowed_read_are_not_lost() {
    let world = World::build(&small_scenario("clean"));
    let baseline = {
        let bc = start(world.clone(), BcConfig::default()).await;
        ids(&collect(connector(&bc).sales_orders(None)).await.rows)
    };
    let changing = BcConfig {
        faults: vec![BcFault::ChangeDuringRead { orders: 15 }],
        ..BcConfig::default()
    };
    let bc = start(world, changing).await;
    let read = collect(connector(&bc).sales_orders(None)).await;
    assert!(read.failures.is_empty());
    assert_eq!(bc.stats().changed_orders, 15);
    assert_eq!(ids(&read.rows), baseline, "every order read at least once");
}
