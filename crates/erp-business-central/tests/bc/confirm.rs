//! Reads narrowed to a list of items (the confirm pass): the same rows as a
//! full read, through the extension and through the fallbacks, with item
//! numbers that need quoting and encoding, under throttling.

use crate::harness::*;
use erp::{Erp, LocationStock, PriceListLine};
use sim::bc::{BcConfig, BcFault};
use sim::world::World;

/// 50 of the 60 catalogue items (more than one request's worth), the
/// ERP-only ones, unknown numbers, numbers that need OData quoting or URL
/// encoding, and a repeat in another case.
fn suspects() -> Vec<String> {
    let mut items: Vec<String> = (1..=70)
        .filter(|j| j % 6 != 0)
        .map(|j| format!("SKU-{j:06}"))
        .collect();
    items.extend(
        [
            "NOPE-1",
            "O'Brien",
            "'",
            "A&B#C+D%20",
            "x' or itemNumber ne '",
            "sku-000001",
        ]
        .map(String::from),
    );
    items
}

fn wanted(item: &str) -> bool {
    suspects().iter().any(|s| s == item)
}

fn sorted_stock(mut rows: Vec<LocationStock>) -> Vec<LocationStock> {
    rows.sort_by(|a, b| {
        (&a.item_number, &a.location_code).cmp(&(&b.item_number, &b.location_code))
    });
    rows
}

fn sorted_prices(mut rows: Vec<PriceListLine>) -> Vec<PriceListLine> {
    rows.sort_by_cached_key(|r| format!("{r:?}"));
    rows
}

fn without_extension() -> BcConfig {
    BcConfig {
        custom_routes: false,
        ..BcConfig::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn stock_for_items_equals_the_full_read_filtered() {
    let world = World::build(&small_scenario("drift"));
    let bc = start(world, BcConfig::default()).await;
    let erp = connector(&bc);
    let full = collect(erp.stock()).await;
    assert!(full.failures.is_empty());
    let expected = sorted_stock(
        full.rows
            .into_iter()
            .filter(|r| wanted(&r.item_number))
            .collect(),
    );
    assert!(
        expected.iter().any(|r| r.item_number == "SKU-000061"),
        "ERP-only items are in the drift world"
    );
    let confirmed = erp.stock_for_items(&suspects()).await.unwrap();
    assert_eq!(sorted_stock(confirmed), expected);
    assert!(erp.stock_for_items(&[]).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn price_lines_for_items_equal_the_full_read_filtered() {
    let world = World::build(&small_scenario("drift"));
    let bc = start(world, BcConfig::default()).await;
    let erp = connector(&bc);
    let full = collect(erp.price_list_lines()).await;
    assert!(full.failures.is_empty());
    let expected = sorted_prices(
        full.rows
            .into_iter()
            .filter(|r| wanted(&r.item_number))
            .collect(),
    );
    assert!(
        expected.iter().any(|r| r.minimum_quantity > 1.into()),
        "tiers"
    );
    let confirmed = erp.price_lines_for_items(&suspects()).await.unwrap();
    assert_eq!(sorted_prices(confirmed), expected, "active lines only");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_fallbacks_confirm_totals_and_unit_prices() {
    let world = World::build(&small_scenario("drift"));
    let bc = start(world, without_extension()).await;
    let mut settings = settings(&bc);
    settings.custom_api_base = None;
    let erp = erp_business_central::BusinessCentral::new(settings).unwrap();

    let full = collect(erp.stock()).await;
    assert!(full.failures.is_empty());
    let expected = sorted_stock(
        full.rows
            .into_iter()
            .filter(|r| wanted(&r.item_number))
            .collect(),
    );
    assert_eq!(expected.len(), 52, "one total per known suspect");
    let confirmed = erp.stock_for_items(&suspects()).await.unwrap();
    assert!(confirmed.iter().all(|r| r.location_code.is_none()));
    assert_eq!(sorted_stock(confirmed), expected);

    let full = collect(erp.price_list_lines()).await;
    let expected = sorted_prices(
        full.rows
            .into_iter()
            .filter(|r| wanted(&r.item_number))
            .collect(),
    );
    let confirmed = erp.price_lines_for_items(&suspects()).await.unwrap();
    assert_eq!(sorted_prices(confirmed), expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_extension_fails_the_targeted_read() {
    let world = World::build(&small_scenario("clean"));
    let bc = start(world, without_extension()).await;
    let error = connector(&bc)
        .stock_for_items(&["SKU-000001".to_owned()])
        .await
        .unwrap_err();
    assert!(error.to_string().contains("404"), "{error}");
}

#[tokio::test(flavor = "multi_thread")]
async fn throttling_is_retried_in_targeted_reads() {
    let world = World::build(&small_scenario("clean"));
    let bc = start(
        world,
        BcConfig {
            faults: vec![
                BcFault::Throttle { every: 3 },
                BcFault::Unavailable {
                    every: 5,
                    retry_after_secs: 1,
                },
            ],
            ..BcConfig::default()
        },
    )
    .await;
    let erp = connector(&bc);
    let items: Vec<String> = (1..=60).map(|j| format!("SKU-{j:06}")).collect();
    let stock = erp.stock_for_items(&items).await.unwrap();
    assert_eq!(stock.len(), 60 * 3);
    let prices = erp.price_lines_for_items(&items).await.unwrap();
    assert!(prices.len() >= 60);
    let stats = bc.stats();
    assert!(stats.throttled > 0 && stats.unavailable > 0, "{stats:?}");
}

/// The item numbers of the world's stock keys (`"{sku}@{source}"`).
fn items_of(keys: &[String]) -> Vec<String> {
    let mut items: Vec<String> = keys
        .iter()
        .map(|k| k.split('@').next().unwrap().to_owned())
        .collect();
    items.dedup();
    items
}

fn quantities(
    rows: &[LocationStock],
) -> std::collections::HashMap<(String, Option<String>), rust_decimal::Decimal> {
    rows.iter()
        .map(|r| ((r.item_number.clone(), r.location_code.clone()), r.quantity))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_confirm_pass_sees_stock_in_transit_settle() {
    for extension in [true, false] {
        let world = World::build(&small_scenario("drift"));
        let transient = world.transient_stock_keys();
        assert!(!transient.is_empty());
        let bc = start(
            world.clone(),
            BcConfig {
                custom_routes: extension,
                faults: vec![BcFault::StockInTransit],
                ..BcConfig::default()
            },
        )
        .await;
        let mut settings = settings(&bc);
        if !extension {
            settings.custom_api_base = None;
        }
        let erp = erp_business_central::BusinessCentral::new(settings).unwrap();
        let items = items_of(&transient);
        let snapshot = quantities(&collect(erp.stock()).await.rows);
        let confirmed = quantities(&erp.stock_for_items(&items).await.unwrap());
        let later = quantities(&collect(erp.stock()).await.rows);
        let mut moved = 0;
        for (key, quantity) in &confirmed {
            assert_eq!(later[key], *quantity, "{key:?}: confirmed = the truth");
            if snapshot[key] != *quantity {
                moved += 1;
                let lag = *quantity - snapshot[key];
                assert!(lag >= 1.into(), "{key:?} lagged by {lag}");
            }
        }
        let expected = if extension {
            transient.len()
        } else {
            items.len()
        };
        assert_eq!(moved, expected, "extension: {extension}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_confirm_pass_sees_prices_in_transit_settle() {
    let world = World::build(&small_scenario("drift"));
    let transient = world.transient_price_keys();
    let bc = start(
        world,
        BcConfig {
            faults: vec![BcFault::PriceInTransit],
            ..BcConfig::default()
        },
    )
    .await;
    let erp = connector(&bc);
    let retail = |rows: Vec<PriceListLine>| -> Vec<(String, rust_decimal::Decimal)> {
        let mut out: Vec<(String, rust_decimal::Decimal)> = rows
            .into_iter()
            .filter(|r| r.price_list_code == "RETAIL" && transient.contains(&r.item_number))
            .map(|r| (r.item_number, r.unit_price))
            .collect();
        out.sort();
        out
    };
    let snapshot = retail(collect(erp.price_list_lines()).await.rows);
    let confirmed = retail(erp.price_lines_for_items(&transient).await.unwrap());
    assert_eq!(snapshot.len(), transient.len());
    for ((item, before), (_, after)) in snapshot.iter().zip(&confirmed) {
        assert_eq!(*before - *after, rust_decimal::Decimal::ONE, "{item}");
    }
}
