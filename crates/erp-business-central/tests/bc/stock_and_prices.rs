//! Stock per location and price-list lines through the extension, and the
//! loud fallbacks when it is not installed.

use crate::harness::*;
use erp::{Erp, StockFigure};
use sim::bc::BcConfig;
use sim::world::World;

#[tokio::test(flavor = "multi_thread")]
async fn the_extension_gives_stock_per_location_and_active_price_lines() {
    let world = World::build(&small_scenario("clean"));
    let bc = start(world.clone(), BcConfig::default()).await;
    let erp = connector(&bc);
    assert_eq!(erp.capabilities().stock, StockFigure::OnHandPerLocation);
    let stock = collect(erp.stock()).await;
    assert!(stock.failures.is_empty());
    assert!(stock.report.warnings.is_empty());
    assert!(stock.rows.iter().all(|s| s.location_code.is_some()));
    let main = world.location_for_source("default").unwrap();
    assert!(
        stock
            .rows
            .iter()
            .any(|s| s.location_code.as_deref() == Some(main.as_str()))
    );

    let prices = collect(erp.price_list_lines()).await;
    assert!(prices.failures.is_empty());
    assert!(
        prices.report.warnings.is_empty(),
        "{:?}",
        prices.report.warnings
    );
    // Lines leave the local currency blank; the company's information names it.
    let local = &world.manifest().mappings.local_currency;
    assert!(prices.rows.iter().all(|p| &p.currency == local), "{local}");
    let retail = world.price_list_for(1, 32000).unwrap();
    assert!(prices.rows.iter().any(|p| p.price_list_code == retail));
    assert!(
        prices.rows.iter().any(|p| p.minimum_quantity > 1.into()),
        "tier lines"
    );
    let lists = erp.price_lists().await.unwrap();
    assert!(lists.contains(&retail));
    let locations = erp.locations().await.unwrap();
    assert!(locations.iter().any(|l| l.code == main));
}

#[tokio::test(flavor = "multi_thread")]
async fn without_the_extension_totals_and_unit_prices_come_with_a_warning() {
    let world = World::build(&small_scenario("clean"));
    let bc = start(
        world,
        BcConfig {
            custom_routes: false,
            ..BcConfig::default()
        },
    )
    .await;
    let mut settings = settings(&bc);
    settings.custom_api_base = None;
    let erp = erp_business_central::BusinessCentral::new(settings).unwrap();
    assert_eq!(erp.capabilities().stock, StockFigure::OnHandTotalOnly);
    let stock = collect(erp.stock()).await;
    assert!(stock.failures.is_empty());
    assert!(stock.rows.iter().all(|s| s.location_code.is_none()));
    assert!(
        stock.report.warnings[0].contains("per source"),
        "{:?}",
        stock.report.warnings
    );
    let prices = collect(erp.price_list_lines()).await;
    assert!(
        prices.report.warnings[0].contains("unit price"),
        "{:?}",
        prices.report.warnings
    );
    assert!(prices.rows.iter().all(|p| p.currency == "USD"));
    assert!(erp.price_lists().await.is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_extension_is_reported_not_faked() {
    let world = World::build(&small_scenario("clean"));
    let bc = start(
        world,
        BcConfig {
            custom_routes: false,
            ..BcConfig::default()
        },
    )
    .await;
    // Configured as installed, but it is not: the read fails and says so.
    let stock = collect(connector(&bc).stock()).await;
    assert!(stock.rows.is_empty());
    assert_eq!(stock.failures.len(), 1);
    assert!(
        stock.failures[0].error.to_string().contains("404"),
        "{}",
        stock.failures[0].error
    );
}
