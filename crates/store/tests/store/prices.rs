//! Prices per store scope with tier prices.

use model::{Entity, ProductPrice};
use store::FinishMode;

use crate::util::{Fixture, Magento, dec, price};

fn snapshot(
    f: &mut Fixture,
    minute: i64,
    store_code: &str,
    prices: &[ProductPrice],
    mode: FinishMode,
) -> (store::RunId, u64, u64) {
    let run = f.begin(minute);
    let mut w = f.store.prices_writer(run, Magento, store_code).unwrap();
    let stored = w.write(prices).unwrap().stored;
    let closed = w.finish(mode).unwrap();
    f.finish(run, minute + 1);
    (run, stored, closed)
}

#[test]
fn round_trip_keeps_options_tiers_and_scale() {
    let mut f = Fixture::new();
    let mut bare = price("CONF-1", "0");
    bare.price = None;
    bare.special_price = None;
    bare.special_from = None;
    bare.tier_prices.clear();
    let prices = vec![price("24-MB01", "34.0000"), bare];
    let (run, _, _) = snapshot(&mut f, 0, "default", &prices, FinishMode::FullReadComplete);
    let back = f.store.prices_at(run, Magento, "default").unwrap();
    assert_eq!(back, prices);
    assert_eq!(back[0].special_price.unwrap().to_string(), "29.9500");
    assert_eq!(
        back[0].tier_prices[1].percentage_value.unwrap().to_string(),
        "7.35"
    );
    assert_eq!(f.store.count_prices_at(run, Magento, "default").unwrap(), 2);
    assert!(f.store.prices_at(run, Magento, "de").unwrap().is_empty());
}

#[test]
fn store_scopes_are_separate_keys_and_separate_deletions() {
    let mut f = Fixture::new();
    let run = f.begin(0);
    for scope in ["default", "de"] {
        let mut w = f.store.prices_writer(run, Magento, scope).unwrap();
        w.write(&[price("A", "1.00"), price("B", "2.00")]).unwrap();
        w.finish(FinishMode::FullReadComplete).unwrap();
    }
    f.finish(run, 1);
    let (r2, stored, closed) = snapshot(
        &mut f,
        10,
        "de",
        &[price("A", "1.50")],
        FinishMode::FullReadComplete,
    );
    assert_eq!((stored, closed), (1, 1));
    assert_eq!(f.store.count_prices_at(r2, Magento, "default").unwrap(), 2);
    assert_eq!(
        f.store.prices_at(r2, Magento, "de").unwrap(),
        vec![price("A", "1.50")]
    );
    assert_eq!(
        f.store.prices_at(run, Magento, "de").unwrap()[0].price,
        Some(dec("1.00"))
    );
    assert_eq!(f.store.stored_versions(Entity::Prices).unwrap(), 5);
}

#[test]
fn unchanged_prices_are_not_stored_again_but_a_tier_change_is() {
    let mut f = Fixture::new();
    let prices = vec![price("A", "1.00"), price("B", "2.00")];
    for r in 0..3 {
        let (_, stored, _) = snapshot(&mut f, r * 10, "default", &prices, FinishMode::Incremental);
        assert_eq!(stored, if r == 0 { 2 } else { 0 });
    }
    let mut changed = prices.clone();
    changed[1].tier_prices[0].qty = dec("20");
    let (r4, stored, _) = snapshot(&mut f, 40, "default", &changed, FinishMode::Incremental);
    assert_eq!(stored, 1);
    assert_eq!(f.store.prices_at(r4, Magento, "default").unwrap(), changed);
    assert_eq!(f.store.stored_versions(Entity::Prices).unwrap(), 3);
    assert_eq!(f.duplicate_current("prices", "system, store_code, sku"), 0);
}

#[test]
fn the_same_sku_twice_in_one_run_keeps_the_last_and_its_tiers() {
    let mut f = Fixture::new();
    let run = f.begin(0);
    let mut w = f.store.prices_writer(run, Magento, "default").unwrap();
    let mut last = price("A", "2.00");
    last.tier_prices.truncate(1);
    w.write(&[price("A", "1.00")]).unwrap();
    w.write(std::slice::from_ref(&last)).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    f.finish(run, 1);
    assert_eq!(
        f.store.prices_at(run, Magento, "default").unwrap(),
        vec![last]
    );
    assert_eq!(f.store.stored_versions(Entity::Prices).unwrap(), 1);
}

#[test]
fn the_current_record_of_a_sku_carries_its_tier_prices() {
    let mut f = Fixture::new();
    let prices = vec![price("24-MB01", "34.0000"), price("24-MB02", "12")];
    snapshot(&mut f, 0, "default", &prices, FinishMode::FullReadComplete);
    let records = f
        .store
        .current_records(store::RecordTable::Prices, Magento, &[("sku", "24-MB01")])
        .unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["price"], "34.0000");
    assert_eq!(records[0]["store_code"], "default");
    let tiers = records[0]["tier_prices"].as_array().unwrap();
    assert_eq!(tiers.len(), 2);
    assert_eq!(tiers[1]["value"], "31.50");
    assert!(records[0].get("price_version").is_none() && tiers[0].get("price_version").is_none());
    // Only lookup keys are accepted.
    let refused = f
        .store
        .current_records(store::RecordTable::Prices, Magento, &[("price", "34.0000")])
        .unwrap();
    assert!(refused.is_empty());
}
