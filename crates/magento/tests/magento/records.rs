//! What the records say: configurable products counted once, prices with
//! their special windows and tiers, against the simulator's known dataset.

use crate::harness::*;
use model::config::ConfigurableLines;

#[tokio::test(flavor = "multi_thread")]
async fn configurable_products_are_counted_once() {
    let sim = start(small_world()).await;
    for mode in [ConfigurableLines::Parent, ConfigurableLines::Child] {
        let client = builder(&sim, bearer(&sim))
            .page_size(100)
            .configurable_lines(mode)
            .build()
            .unwrap();
        let orders = collect(client.orders().read(None)).await.rows;
        let mut configurable = 0;
        for order in &orders {
            let lines_total: model::Decimal = order.lines.iter().map(|l| l.row_total).sum();
            assert_eq!(
                lines_total, order.subtotal,
                "order {} ({mode:?})",
                order.increment_id
            );
            let truth = sim::dataset::order(sim.config(), order.entity_id).unwrap();
            let products = truth
                .items
                .iter()
                .filter(|i| i.parent_item_id.is_none())
                .count();
            assert_eq!(order.lines.len(), products, "order {}", order.increment_id);
            if sim::dataset::is_configurable(sim.config(), order.entity_id) {
                configurable += 1;
            }
        }
        assert!(
            configurable > 50,
            "the data set has configurable orders: {configurable}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn prices_carry_special_windows_and_tiers() {
    let sim = start(small_world()).await;
    let prices = collect(client(&sim).products().read_prices(None))
        .await
        .rows;
    assert_eq!(prices.len(), 120);
    assert!(prices.iter().all(|p| p.price.is_some()));
    assert!(
        prices
            .iter()
            .any(|p| p.special_price.is_some() && p.special_from.is_some())
    );
    assert!(prices.iter().any(|p| !p.tier_prices.is_empty()));
}

#[tokio::test(flavor = "multi_thread")]
async fn prices_are_in_the_store_base_currency_it_names() {
    let sim = start(small_world()).await;
    let currency = client(&sim).products().base_currency().await.unwrap();
    assert_eq!(currency, "USD");
    let orders = collect(client(&sim).orders().read(None)).await.rows;
    assert!(
        orders.iter().any(|o| o.currency == "EUR"),
        "the world also sells in another currency, so USD is not merely the only one"
    );
}
