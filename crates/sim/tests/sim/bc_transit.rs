//! Figures in transit (`bc-stock-in-transit`, `bc-price-in-transit`): lagging in unfiltered
//! reads until the first complete one, true in every read after it and in every filtered read;
//! and `or` chains of item numbers, which the confirm pass sends.

use std::collections::HashMap;

use serde_json::Value;
use sim::bc::{BcConfig, BcFault};
use sim::dataset::source_item_quantity;
use sim::world::World;

use crate::bc_support::{Bc, enc, start_bc, world};

async fn start_faulty(world: World, faults: Vec<BcFault>) -> sim::bc::BcHandle {
    start_bc(
        world,
        BcConfig {
            faults,
            ..BcConfig::default()
        },
    )
    .await
}

/// `"{sku}@{source_code}"` -> inventory, for the rows at mapped locations.
fn stock_by_key(world: &World, rows: &[Value]) -> HashMap<String, f64> {
    let source_of: HashMap<&str, &str> = world
        .manifest()
        .mappings
        .locations
        .iter()
        .map(|m| (m.location_code.as_str(), m.source_code.as_str()))
        .collect();
    rows.iter()
        .filter_map(|r| {
            let source = source_of.get(r["locationCode"].as_str().unwrap())?;
            let key = format!("{}@{source}", r["itemNumber"].as_str().unwrap());
            Some((key, r["inventory"].as_f64().unwrap()))
        })
        .collect()
}

/// The Magento quantity of a stock key.
fn magento_qty(world: &World, key: &str) -> f64 {
    let (sku, source) = key.split_once('@').unwrap();
    let j: u64 = sku.trim_start_matches("SKU-").parse().unwrap();
    let k = world
        .manifest()
        .mappings
        .locations
        .iter()
        .position(|m| m.source_code == source)
        .unwrap() as u32;
    source_item_quantity(&world.magento_config(), j, k)
}

fn item_filter(field: &str, items: &[&str]) -> String {
    let terms: Vec<String> = items
        .iter()
        .map(|i| format!("{field} eq '{}'", i.replace('\'', "''")))
        .collect();
    enc(&terms.join(" or "))
}

fn differing(a: &HashMap<String, f64>, b: &HashMap<String, f64>) -> Vec<String> {
    let mut keys: Vec<String> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    keys.sort();
    keys
}

#[tokio::test]
async fn stock_in_transit_lags_until_the_first_full_read_completes() {
    let world = world("drift");
    let transient = world.transient_stock_keys();
    assert_eq!(transient.len(), 300 * 3 / 200);
    let drift: Vec<&str> = world
        .manifest()
        .drift
        .iter()
        .map(|i| i.key.as_str())
        .collect();
    assert!(transient.iter().all(|k| !drift.contains(&k.as_str())));
    let sim = start_faulty(world.clone(), vec![BcFault::StockInTransit]).await;
    let bc = Bc::connect(&sim).await;
    let url = format!("{}/itemLocationStocks", bc.custom);
    let items: Vec<&str> = transient
        .iter()
        .map(|k| k.split('@').next().unwrap())
        .collect();
    let filtered = format!("{url}?$filter={}", item_filter("itemNumber", &items));

    // A filtered read never lags, even before any full read.
    let (rows, _) = bc.all(&filtered, None).await;
    let early = stock_by_key(&world, &rows);
    for key in &transient {
        assert_eq!(early[key], magento_qty(&world, key), "{key}");
    }

    // The first page of a full read lags, and so does a second full read started before the
    // first one ends.
    let first_page = bc.raw(&url, Some(100)).await;
    assert_eq!(first_page.status(), 200);
    let (first, pages) = bc.all(&url, Some(100)).await;
    assert!(pages > 1);
    let (second, _) = bc.all(&url, Some(100)).await;
    let (first, second) = (stock_by_key(&world, &first), stock_by_key(&world, &second));
    assert_eq!(differing(&first, &second), transient);
    for key in &transient {
        let lag = magento_qty(&world, key) - first[key];
        assert!((1.0..=3.0).contains(&lag), "{key} lags by {lag}");
        assert!(first[key] > 0.0, "{key}");
        assert_eq!(second[key], magento_qty(&world, key), "{key}");
    }

    // After the first full read: filtered reads show the truth.
    let (rows, _) = bc.all(&filtered, None).await;
    let confirmed = stock_by_key(&world, &rows);
    for key in &transient {
        assert_eq!(confirmed[key], magento_qty(&world, key), "{key}");
    }
}

#[tokio::test]
async fn item_inventory_totals_lag_on_their_own_collection() {
    let world = world("clean");
    let transient = world.transient_stock_keys();
    let sim = start_faulty(world.clone(), vec![BcFault::StockInTransit]).await;
    let bc = Bc::connect(&sim).await;
    let totals = |rows: Vec<Value>| -> HashMap<String, f64> {
        rows.iter()
            .map(|r| {
                (
                    r["number"].as_str().unwrap().to_string(),
                    r["inventory"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    // A full read of unit prices alone does not settle the inventory totals.
    let prices_only = format!("{}/items?$select=number,unitPrice", bc.api);
    bc.all(&prices_only, Some(50)).await;
    let url = format!("{}/items?$select=number,inventory", bc.api);
    let first = totals(bc.all(&url, Some(50)).await.0);
    let second = totals(bc.all(&url, Some(50)).await.0);
    let mut lagging: Vec<&String> = first
        .iter()
        .filter(|(k, v)| second[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    lagging.sort();
    let mut expected: Vec<String> = transient
        .iter()
        .map(|k| k.split('@').next().unwrap().to_string())
        .collect();
    expected.dedup();
    assert_eq!(lagging, expected.iter().collect::<Vec<_>>());
    for item in &expected {
        let rows = transient
            .iter()
            .filter(|k| k.starts_with(&format!("{item}@")))
            .count() as f64;
        let lag = second[item] - first[item];
        assert!(rows <= lag && lag <= 3.0 * rows, "{item} lags by {lag}");
    }
    // The per-location collection has its own first read still to come.
    let (rows, _) = bc
        .all(&format!("{}/itemLocationStocks", bc.custom), None)
        .await;
    let stock = stock_by_key(&world, &rows);
    assert!(transient.iter().all(|k| stock[k] < magento_qty(&world, k)));
}

#[tokio::test]
async fn without_the_fault_rows_in_transit_agree() {
    let world = world("clean");
    let transient = world.transient_stock_keys();
    let sim = start_bc(world.clone(), BcConfig::default()).await;
    let bc = Bc::connect(&sim).await;
    let (rows, _) = bc
        .all(&format!("{}/itemLocationStocks", bc.custom), Some(200))
        .await;
    let stock = stock_by_key(&world, &rows);
    for key in &transient {
        assert_eq!(stock[key], magento_qty(&world, key), "{key}");
    }
}

#[tokio::test]
async fn price_in_transit_lags_until_the_first_full_read_completes() {
    let world = world("drift");
    let transient = world.transient_price_keys();
    assert_eq!(transient.len(), 1);
    let sim = start_faulty(world.clone(), vec![BcFault::PriceInTransit]).await;
    let bc = Bc::connect(&sim).await;
    let retail = |rows: &[Value]| -> HashMap<String, f64> {
        rows.iter()
            .filter(|r| r["priceListCode"] == "RETAIL" && r["status"] == "Active")
            .map(|r| {
                (
                    r["itemNumber"].as_str().unwrap().to_string(),
                    r["unitPrice"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    let url = format!("{}/priceListLines", bc.custom);
    let first = retail(&bc.all(&url, Some(150)).await.0);
    let second = retail(&bc.all(&url, Some(150)).await.0);
    let item = &transient[0];
    assert_eq!(
        ((first[item] - second[item]) * 100.0).round(),
        100.0,
        "1.00 above until the first full read"
    );
    assert_eq!(
        first.iter().filter(|(k, v)| second[*k] != **v).count(),
        1,
        "only the item in transit"
    );
    let filtered = format!(
        "{url}?$filter={}",
        item_filter("itemNumber", &[item.as_str()])
    );
    assert_eq!(retail(&bc.all(&filtered, None).await.0)[item], second[item]);

    // items.unitPrice lags on its own collection until its first full read.
    let items = format!("{}/items?$select=number,unitPrice", bc.api);
    let price_of = |rows: Vec<Value>| {
        rows.iter().find(|r| r["number"] == item.as_str()).unwrap()["unitPrice"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(price_of(bc.all(&items, None).await.0), first[item]);
    assert_eq!(price_of(bc.all(&items, None).await.0), second[item]);
}

#[tokio::test]
async fn or_chains_of_item_numbers_select_exactly_those_items() {
    let world = world("drift");
    let sim = start_bc(world, BcConfig::default()).await;
    let bc = Bc::connect(&sim).await;
    let wanted = ["SKU-000300", "sku-000002", "SKU-000301", "NOPE", "O'Brien"];
    let numbers = |rows: &[Value], field: &str| {
        let mut n: Vec<String> = rows
            .iter()
            .map(|r| r[field].as_str().unwrap().to_string())
            .collect();
        n.sort();
        n.dedup();
        n
    };
    for (url, field) in [
        (format!("{}/itemLocationStocks", bc.custom), "itemNumber"),
        (format!("{}/priceListLines", bc.custom), "itemNumber"),
        // (Without the fields that move with the service clock.)
        (
            format!("{}/items?$select=number,inventory,unitPrice", bc.api),
            "number",
        ),
    ] {
        let (all, _) = bc.all(&url, None).await;
        let expected: Vec<&Value> = all
            .iter()
            .filter(|r| {
                let number = r[field].as_str().unwrap();
                wanted.iter().any(|w| w.eq_ignore_ascii_case(number))
            })
            .collect();
        assert!(expected.len() >= 2, "{url}");
        let separator = if url.contains('?') { '&' } else { '?' };
        let filtered = format!("{url}{separator}$filter={}", item_filter(field, &wanted));
        let (rows, pages) = bc.all(&filtered, Some(1)).await;
        assert!(pages > 1, "{url}: paged through the filter");
        // Etags move with the service clock for ERP-only items: compare the properties.
        let properties = |rows: Vec<&Value>| {
            let mut out: Vec<String> = rows
                .into_iter()
                .map(|r| {
                    let mut r = r.clone();
                    r.as_object_mut().unwrap().remove("@odata.etag");
                    r.to_string()
                })
                .collect();
            out.sort();
            out
        };
        assert_eq!(
            properties(rows.iter().collect()),
            properties(expected),
            "{url}: the same rows as the full read"
        );
    }
    // An `or` that is not a list of item numbers still filters row by row.
    let mixed = format!(
        "{}/itemLocationStocks?$filter={}",
        bc.custom,
        enc("itemNumber eq 'SKU-000001' or inventory gt 1000000")
    );
    let (rows, _) = bc.all(&mixed, None).await;
    assert_eq!(numbers(&rows, "itemNumber"), ["SKU-000001"]);
}
