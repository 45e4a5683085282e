//! The shared drift world: a clean world has identical sides, and an independent
//! reconciliation of a drift world over HTTP finds exactly what its manifest lists.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;
use sim::bc::BcConfig;
use sim::dataset;
use sim::world::{GRACE_SECS, Injected, Manifest, World};

use crate::bc_support::{Bc, cents, enc, start_bc, world};

type Finding = (String, String, String);

/// Reconciles the world's Magento side (from the dataset) with the ERP side (over HTTP),
/// following the rules documented in `sim::world`.
async fn reconcile(world: &World, bc: &Bc) -> BTreeSet<Finding> {
    let cfg = world.magento_config();
    let now = cfg.now.timestamp();
    let mut found = BTreeSet::new();
    let mut add = |entity: &str, kind: &str, key: String| {
        found.insert((entity.to_string(), kind.to_string(), key));
    };

    // Orders.
    let (orders, _) = bc
        .all(
            &format!("{}/salesOrders?$expand=salesOrderLines", bc.api),
            Some(500),
        )
        .await;
    let (invoices, _) = bc
        .all(
            &format!("{}/salesInvoices?$expand=salesInvoiceLines", bc.api),
            Some(500),
        )
        .await;
    let mut erp: HashMap<String, Vec<(&Value, bool)>> = HashMap::new();
    for o in &orders {
        erp.entry(o["externalDocumentNumber"].as_str().unwrap().to_string())
            .or_default()
            .push((o, false));
    }
    for i in &invoices {
        erp.entry(i["externalDocumentNumber"].as_str().unwrap().to_string())
            .or_default()
            .push((i, true));
    }
    for id in 1..=cfg.orders {
        let o = dataset::order(&cfg, id).unwrap();
        let key = o.increment_id.clone();
        let docs = erp.remove(&key).unwrap_or_default();
        let created = o.created_at.secs();
        let wanted = matches!(o.state, "processing" | "complete" | "closed");
        if !wanted {
            if !docs.is_empty() {
                add("order", "status_mismatch", key);
            }
            continue;
        }
        if now - created < GRACE_SECS {
            assert!(docs.is_empty(), "in-flight order {key} is in the ERP");
            continue;
        }
        let Some((doc, invoice)) = docs.first().copied() else {
            add("order", "missing_in_erp", key);
            continue;
        };
        if docs.iter().filter(|(_, inv)| !inv).count() > 1 {
            add("order", "duplicate_in_erp", key.clone());
        }
        if (o.state == "processing") == invoice {
            add("order", "status_mismatch", key.clone());
        }
        if doc["currencyCode"] != o.order_currency_code {
            add("order", "currency_mismatch", key.clone());
        } else if (cents(&doc["totalAmountIncludingTax"]) - o.grand_total.cents()).abs() > 1 {
            add("order", "total_mismatch", key.clone());
        }
        let lines_key = if invoice {
            "salesInvoiceLines"
        } else {
            "salesOrderLines"
        };
        let mut erp_lines: Vec<(String, f64)> = doc[lines_key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["lineType"] == "Item")
            .map(|l| {
                (
                    l["lineObjectNumber"].as_str().unwrap().to_string(),
                    l["quantity"].as_f64().unwrap(),
                )
            })
            .collect();
        let mut magento_lines: Vec<(String, f64)> = o
            .items
            .iter()
            .filter(|i| i.parent_item_id.is_none())
            .map(|i| (i.sku.clone(), i.qty_ordered.0))
            .collect();
        erp_lines.sort_by(|a, b| a.partial_cmp(b).unwrap());
        magento_lines.sort_by(|a, b| a.partial_cmp(b).unwrap());
        if erp_lines != magento_lines {
            add("order", "line_mismatch", key.clone());
        }
    }
    for key in erp.keys() {
        add("order", "missing_in_magento", key.clone());
    }

    // Stock.
    let (rows, _) = bc
        .all(&format!("{}/itemLocationStocks", bc.custom), Some(1000))
        .await;
    // Places without counterpart are one finding each (when they hold stock); excluded
    // places none.
    let source_of: HashMap<String, String> = (0..cfg.sources)
        .map(dataset::source_code)
        .filter_map(|s| Some((world.location_for_source(&s)?, s)))
        .collect();
    let excluded = &world.manifest().mappings.excluded_locations;
    let mut stock: HashMap<(String, String), f64> = HashMap::new();
    for r in &rows {
        let sku = r["itemNumber"].as_str().unwrap().to_string();
        let loc = r["locationCode"].as_str().unwrap();
        let qty = r["inventory"].as_f64().unwrap();
        match source_of.get(loc) {
            None if excluded.iter().any(|e| e == loc) => {}
            None if qty != 0.0 => add("stock", "unmapped_location", format!("location:{loc}")),
            None => {}
            Some(src) => {
                stock.insert((sku, src.clone()), qty);
            }
        }
    }
    for j in 1..=cfg.skus {
        for k in 0..cfg.sources {
            let item = dataset::source_item(&cfg, j, k).unwrap();
            let key = format!("{}@{}", item.sku, item.source_code);
            if world.location_for_source(&item.source_code).is_none() {
                if item.quantity.0 != 0.0 {
                    add(
                        "stock",
                        "unmapped_location",
                        format!("source:{}", item.source_code),
                    );
                }
                continue;
            }
            if (item.status == 1) != (item.quantity.0 > 0.0) {
                add("stock", "status_mismatch", key.clone());
            }
            match stock.remove(&(item.sku.clone(), item.source_code.clone())) {
                None => add("stock", "missing_in_erp", key),
                Some(q) if q != item.quantity.0 => add("stock", "qty_mismatch", key),
                Some(_) => {}
            }
        }
    }
    for (sku, src) in stock.keys() {
        add("stock", "missing_in_magento", format!("{sku}@{src}"));
    }

    // Prices: active lines only, in force today.
    let (lines, _) = bc
        .all(&format!("{}/priceListLines", bc.custom), Some(1000))
        .await;
    let today = cfg.now.format("%Y-%m-%d").to_string();
    let in_force = |l: &Value| {
        let from = l["startingDate"].as_str().unwrap();
        let to = l["endingDate"].as_str().unwrap();
        (from == "0001-01-01" || from <= today.as_str())
            && (to == "0001-01-01" || today.as_str() <= to)
    };
    let mut by: HashMap<(String, String, String), i64> = HashMap::new();
    for l in lines
        .iter()
        .filter(|l| l["status"] == "Active" && in_force(l))
    {
        let qty = sim::world::qty_text(l["minimumQuantity"].as_f64().unwrap());
        // A dated line of the base list is a campaign: the ERP's side of a special price.
        let dated = l["startingDate"] != "0001-01-01" || l["endingDate"] != "0001-01-01";
        let list = match l["priceListCode"].as_str().unwrap() {
            "RETAIL" if dated => "RETAIL campaign",
            list => list,
        };
        by.insert(
            (
                list.to_string(),
                l["itemNumber"].as_str().unwrap().to_string(),
                qty,
            ),
            cents(&l["unitPrice"]),
        );
    }
    for j in 1..=cfg.skus {
        let p = dataset::product(&cfg, j).unwrap();
        let list = world.price_list_for(1, 32000).unwrap();
        match by.remove(&(list, p.sku.clone(), "0".into())) {
            None => add("price", "missing_in_erp", p.sku.clone()),
            Some(c) if c != p.price.cents() => add("price", "price_mismatch", p.sku.clone()),
            Some(_) => {}
        }
        let erp_special = by
            .remove(&(
                world.special_price_list().to_string(),
                p.sku.clone(),
                "0".into(),
            ))
            .or_else(|| by.remove(&("RETAIL campaign".into(), p.sku.clone(), "0".into())));
        if let Some(sp) = dataset::special_price(&cfg, j) {
            let from = sp.from.unwrap().to_string()[..10].to_string();
            let to = sp.to.map(|t| t.to_string()[..10].to_string());
            let effective = from <= today && to.as_ref().is_none_or(|t| today <= *t);
            if effective && erp_special != Some(sp.price.cents()) {
                add(
                    "price",
                    "special_price_mismatch",
                    format!("{}@SPECIAL/32000/0", p.sku),
                );
            }
        }
        for t in &p.tier_prices {
            let list = world.tier_price_list_for(0, t.customer_group_id).unwrap();
            let qty = sim::world::qty_text(t.qty.0);
            if by.remove(&(list.clone(), p.sku.clone(), qty.clone())) != Some(t.value.cents()) {
                add(
                    "price",
                    "tier_price_mismatch",
                    format!("{}@{list}/{}/{qty}", p.sku, t.customer_group_id),
                );
            }
        }
    }
    for (list, sku, _) in by.keys() {
        if list == "RETAIL" {
            add("price", "missing_in_magento", sku.clone());
        }
    }
    found
}

fn listed(m: &Manifest) -> BTreeSet<Finding> {
    m.drift
        .iter()
        .map(|i| (i.entity.clone(), i.kind.clone(), i.key.clone()))
        .collect()
}

#[tokio::test]
async fn clean_world_has_identical_sides() {
    let w = world("clean");
    assert!(w.manifest().drift.is_empty());
    let sim = start_bc(w.clone(), BcConfig::default()).await;
    let bc = Bc::connect(&sim).await;
    assert_eq!(reconcile(&w, &bc).await, BTreeSet::new());
    let (invoices, _) = bc
        .all(
            &format!("{}/salesInvoices?$select=externalDocumentNumber", bc.api),
            None,
        )
        .await;
    let mut ext: Vec<String> = invoices
        .iter()
        .map(|i| i["externalDocumentNumber"].as_str().unwrap().to_string())
        .collect();
    ext.sort();
    assert_eq!(ext, w.manifest().invoiced_orders);
}

#[tokio::test]
async fn drift_world_shows_exactly_its_manifest() {
    let w = world("drift");
    let m = w.manifest();
    let kinds: BTreeSet<(&str, &str)> = m
        .drift
        .iter()
        .map(|i| (i.entity.as_str(), i.kind.as_str()))
        .collect();
    assert_eq!(kinds.len(), 17, "{kinds:?}");
    let sim = start_bc(w.clone(), BcConfig::default()).await;
    let bc = Bc::connect(&sim).await;
    assert_eq!(reconcile(&w, &bc).await, listed(m));
    assert!(!m.in_flight_orders.is_empty());
    assert_eq!(m.mappings.unmapped_locations, ["OUTLET"]);
    assert_eq!(m.mappings.excluded_locations, ["TRANSIT"]);
    assert_eq!(m.mappings.unmapped_sources.len(), 1);
    // One finding per place without counterpart, saying what it holds.
    let places: Vec<&str> = m
        .drift
        .iter()
        .filter(|i| i.kind == "unmapped_location")
        .map(|i| i.key.as_str())
        .collect();
    assert_eq!(places.len(), 2, "{places:?}");
    assert!(places.contains(&"location:OUTLET"), "{places:?}");
    // Special prices: one campaign kept in RETAIL differs, others agree; some are nowhere.
    let specials: Vec<&Injected> = m
        .drift
        .iter()
        .filter(|i| i.kind == "special_price_mismatch")
        .collect();
    let in_retail = specials
        .iter()
        .filter(|i| i.erp.as_deref().is_some_and(|e| e.ends_with(" in RETAIL")))
        .count();
    assert_eq!(in_retail, 1, "{specials:?}");
    assert!(specials.iter().any(|i| i.erp.is_none()), "{specials:?}");
    let (lines, _) = bc
        .all(&format!("{}/priceListLines", bc.custom), Some(1000))
        .await;
    let campaigns = lines
        .iter()
        .filter(|l| {
            l["priceListCode"] == "RETAIL"
                && l["status"] == "Active"
                && l["startingDate"] != "0001-01-01"
        })
        .count();
    assert!(campaigns > in_retail, "campaigns that agree: {campaigns}");

    // Spot checks by key.
    let count = |set: &str, ext: &str| {
        let url = format!(
            "{}/{set}?$filter={}",
            bc.api,
            enc(&format!("externalDocumentNumber eq '{ext}'"))
        );
        let bc = &bc;
        async move { bc.get(&url).await.1["value"].as_array().unwrap().len() }
    };
    for i in m.entries("order", "duplicate_in_erp") {
        assert_eq!(count("salesOrders", &i.key).await, 2);
    }
    for i in m.entries("order", "missing_in_erp") {
        assert_eq!(
            count("salesOrders", &i.key).await + count("salesInvoices", &i.key).await,
            0
        );
    }
    for i in m.entries("order", "missing_in_magento") {
        assert_eq!(count("salesOrders", &i.key).await, 1);
    }
    for i in m.entries("stock", "qty_mismatch") {
        let (sku, _) = i.key.split_once('@').unwrap();
        let url = format!(
            "{}/itemLocationStocks?$filter={}",
            bc.custom,
            enc(&format!("itemNumber eq '{sku}'"))
        );
        let (_, body) = bc.get(&url).await;
        let quantities: Vec<String> = body["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["inventory"].to_string())
            .collect();
        assert!(
            quantities.contains(i.erp.as_ref().unwrap()),
            "{quantities:?} {i:?}"
        );
    }
    for i in m.entries("price", "price_mismatch") {
        let url = format!(
            "{}/priceListLines?$filter={}",
            bc.custom,
            enc(&format!(
                "itemNumber eq '{}' and priceListCode eq 'RETAIL' and status eq 'Active'",
                i.key
            ))
        );
        let (_, body) = bc.get(&url).await;
        assert_eq!(
            format!("{:.2}", body["value"][0]["unitPrice"].as_f64().unwrap()),
            *i.erp.as_ref().unwrap()
        );
    }
    let path =
        std::env::temp_dir().join(format!("driftwatch-manifest-{}.json", std::process::id()));
    m.write_json(&path).unwrap();
    let back: Manifest = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(&back, m);
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn a_hundred_thousand_orders_page_fast() {
    let scenario = sim::world::Scenario {
        orders: 100_000,
        ..crate::bc_support::scenario("drift")
    };
    let started = std::time::Instant::now();
    let w = World::build(&scenario);
    let built = started.elapsed();
    let sim = start_bc(w, BcConfig::default()).await;
    let bc = Bc::connect(&sim).await;
    // Time the service, not the test's JSON parsing: read pages as bytes.
    let started = std::time::Instant::now();
    let mut next = Some(format!("{}/salesOrders?$expand=salesOrderLines", bc.api));
    let (mut pages, mut bytes) = (0, 0);
    while let Some(url) = next.take() {
        let body = bc.raw(&url, None).await.bytes().await.unwrap();
        bytes += body.len();
        pages += 1;
        let text = std::str::from_utf8(&body).unwrap();
        next = text.rfind("\"@odata.nextLink\":\"").map(|at| {
            let rest = &text[at + 19..];
            rest[..rest.find('"').unwrap()].to_string()
        });
    }
    let took = started.elapsed();
    assert!(pages >= 2, "{pages} pages");
    eprintln!(
        "world built in {built:?}; {pages} pages of orders with lines ({bytes} bytes) in {took:?}"
    );
    assert!(took.as_secs() < 120, "{took:?}");
}
