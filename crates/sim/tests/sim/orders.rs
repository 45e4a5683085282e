//! Orders: payload shape against Magento's sample, money rendering, configurable rows,
//! filtering, sorting and keyset paging.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use sim::dataset;

use crate::support::{Api, Query, entity_ids, fixture, items, small, start, total};

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

/// Paths of every null in a document.
fn nulls(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Null => out.push(path.to_string()),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| nulls(x, &format!("{path}[{i}]"), out)),
        Value::Object(o) => o
            .iter()
            .for_each(|(k, x)| nulls(x, &format!("{path}.{k}"), out)),
        _ => {}
    }
}

#[tokio::test]
async fn order_has_the_fixture_shape_and_omits_nulls() {
    let cfg = small();
    let sim = start(cfg.clone()).await;
    let api = Api::new(&sim);
    let sample = fixture("order_get_response.json");
    // A plain, undiscounted, new order is the closest to Magento's sample.
    let id = (1..=cfg.orders)
        .find(|id| {
            let o = dataset::order(&cfg, *id).unwrap();
            o.state == "new"
                && o.customer_id.is_some()
                && o.order_currency_code == "USD"
                && o.applied_rule_ids.is_none()
                && !dataset::is_configurable(&cfg, *id)
        })
        .unwrap();
    let (status, order) = api.get(&format!("/rest/V1/orders/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(
        order,
        serde_json::to_value(dataset::order(&cfg, id).unwrap()).unwrap()
    );

    // Every key of Magento's sample is there, except `applied_rule_ids` (no rule applied).
    let missing: Vec<_> = keys(&sample)
        .difference(&keys(&order))
        .filter(|k| *k != "applied_rule_ids")
        .cloned()
        .collect();
    assert!(missing.is_empty(), "missing order keys {missing:?}");
    let item_missing: Vec<_> = keys(&sample["items"][0])
        .difference(&keys(&order["items"][0]))
        .filter(|k| *k != "applied_rule_ids")
        .cloned()
        .collect();
    assert!(
        item_missing.is_empty(),
        "missing item keys {item_missing:?}"
    );
    for part in ["billing_address", "payment"] {
        assert_eq!(keys(&sample[part]), keys(&order[part]), "{part}");
    }
    let shipping = &order["extension_attributes"]["shipping_assignments"][0];
    assert_eq!(shipping["items"], order["items"]);
    assert_eq!(
        keys(&shipping["shipping"]["total"]),
        keys(&sample["extension_attributes"]["shipping_assignments"][0]["shipping"]["total"])
    );

    // Nulls are omitted, except the two payment fields Magento's own sample shows as null.
    let mut found = Vec::new();
    nulls(&order, "", &mut found);
    assert_eq!(found, vec![".payment.account_status", ".payment.cc_last4"]);
    assert_eq!(order["increment_id"], json!(format!("{id:09}")));
    assert_eq!(order["state"], "new");
    assert_eq!(order["status"], "pending");
}

#[tokio::test]
async fn money_renders_whole_amounts_as_integers() {
    let cfg = small();
    let sim = start(cfg.clone()).await;
    let api = Api::new(&sim);
    let whole = (1..=cfg.orders)
        .find(|id| dataset::order(&cfg, *id).unwrap().grand_total.cents() % 100 == 0)
        .unwrap();
    let fraction = (1..=cfg.orders)
        .find(|id| dataset::order(&cfg, *id).unwrap().grand_total.cents() % 100 != 0)
        .unwrap();
    let text = api
        .raw(&format!("/rest/V1/orders/{whole}"))
        .await
        .text()
        .await
        .unwrap();
    let cents = dataset::order(&cfg, whole).unwrap().grand_total.cents();
    assert!(
        text.contains(&format!("\"grand_total\":{},", cents / 100)),
        "{text}"
    );
    assert!(!text.contains(".0,") && !text.contains(".0}"));
    let (_, o) = api.get(&format!("/rest/V1/orders/{fraction}")).await;
    let cents = dataset::order(&cfg, fraction).unwrap().grand_total.cents();
    assert_eq!(o["grand_total"].as_f64().unwrap(), cents as f64 / 100.0);
    assert!(o["grand_total"].is_f64());
    let sum = o["subtotal"].as_f64().unwrap()
        + o["tax_amount"].as_f64().unwrap()
        + o["shipping_amount"].as_f64().unwrap()
        + o["discount_amount"].as_f64().unwrap();
    assert!((sum - o["grand_total"].as_f64().unwrap()).abs() < 1e-9);
}

#[tokio::test]
async fn configurable_orders_have_a_parent_and_a_child_row() {
    let cfg = small();
    let sim = start(cfg.clone()).await;
    let api = Api::new(&sim);
    let ids: Vec<u64> = dataset::configurable_order_ids(&cfg).collect();
    let share = ids.len() as f64 / cfg.orders as f64;
    assert!((0.08..0.25).contains(&share), "{share}");
    for id in ids.iter().take(5) {
        let (_, o) = api.get(&format!("/rest/default/V1/orders/{id}")).await;
        let rows = items(&o);
        let (parent, child) = (&rows[0], &rows[1]);
        assert_eq!(parent["product_type"], "configurable");
        assert!(parent["price"].as_f64().unwrap() > 0.0);
        assert_eq!(child["product_type"], "simple");
        assert_eq!(child["price"], json!(0));
        assert_eq!(parent["sku"], child["sku"]);
        assert_eq!(child["parent_item_id"], parent["item_id"]);
        assert_eq!(child["parent_item"], *parent);
        assert!(parent.get("parent_item_id").is_none());
        // Revenue and quantity count once: on the rows without a parent.
        let top: Vec<&Value> = rows
            .iter()
            .filter(|r| r.get("parent_item_id").is_none())
            .collect();
        let subtotal: f64 = top.iter().map(|r| r["row_total"].as_f64().unwrap()).sum();
        assert!((subtotal - o["subtotal"].as_f64().unwrap()).abs() < 1e-9);
        let qty: f64 = top.iter().map(|r| r["qty_ordered"].as_f64().unwrap()).sum();
        assert_eq!(qty, o["total_qty_ordered"].as_f64().unwrap());
    }
    let plain = (1..=cfg.orders).find(|id| !ids.contains(id)).unwrap();
    let (_, o) = api.get(&format!("/rest/V1/orders/{plain}")).await;
    assert!(items(&o).iter().all(|r| r["product_type"] == "simple"));
}

#[tokio::test]
async fn sort_without_direction_is_descending() {
    let sim = start(small()).await;
    let api = Api::new(&sim);
    let q = Query::new().sort("entity_id", None).page_size(5);
    let (status, body) = api.get(&q.on("/rest/V1/orders")).await;
    assert_eq!(status, 200);
    assert_eq!(entity_ids(&body), vec![300, 299, 298, 297, 296]);
    assert_eq!(
        body["search_criteria"],
        json!({"filter_groups": [], "sort_orders": [{"field": "entity_id"}], "page_size": 5})
    );
    let q = Query::new().sort("entity_id", Some("asc")).page_size(3);
    let (_, body) = api.get(&q.on("/rest/V1/orders")).await;
    assert_eq!(entity_ids(&body), vec![1, 2, 3]);
}

#[tokio::test]
async fn filters_in_a_group_are_or_and_groups_are_and() {
    let cfg = small();
    let sim = start(cfg.clone()).await;
    let api = Api::new(&sim);
    let q = Query::new()
        .filter("status", "eq", "complete")
        .or_filter("status", "eq", "closed")
        .filter("entity_id", "lteq", "150")
        .filter("grand_total", "gt", "50");
    let (_, body) = api.get(&q.on("/rest/V1/orders")).await;
    let expected: Vec<u64> = (1..=150)
        .filter(|id| {
            let o = dataset::order(&cfg, *id).unwrap();
            (o.status == "complete" || o.status == "closed") && o.grand_total.cents() > 5000
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(entity_ids(&body), expected);
    assert_eq!(total(&body), expected.len() as u64);
    assert_eq!(
        body["search_criteria"]["filter_groups"][0]["filters"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn keyset_page_by_entity_id() {
    let sim = start(small()).await;
    let api = Api::new(&sim);
    let q = Query::new()
        .filter("entity_id", "gt", "250")
        .sort("entity_id", Some("ASC"))
        .page_size(20);
    let (_, body) = api.get(&q.on("/rest/V1/orders")).await;
    assert_eq!(entity_ids(&body), (251..=270).collect::<Vec<_>>());
    assert_eq!(total(&body), 50);
    // The same query in the camelCase spelling of the OpenAPI schema.
    let camel = "/rest/all/V1/orders?searchCriteria[filterGroups][0][filters][0][field]=entity_id\
                 &searchCriteria[filterGroups][0][filters][0][value]=290\
                 &searchCriteria[filterGroups][0][filters][0][conditionType]=gt\
                 &searchCriteria[sortOrders][0][field]=entity_id\
                 &searchCriteria[sortOrders][0][direction]=ASC&searchCriteria[pageSize]=300";
    let (_, body) = api.get(camel).await;
    assert_eq!(entity_ids(&body), (291..=300).collect::<Vec<_>>());
    assert_eq!(total(&body), 10);
    assert_eq!(
        body["search_criteria"]["filter_groups"][0]["filters"][0],
        json!({"field": "entity_id", "value": "290", "condition_type": "gt"})
    );
}

#[tokio::test]
async fn incremental_filters_on_dates_and_increment_ids() {
    let cfg = small();
    let sim = start(cfg.clone()).await;
    let api = Api::new(&sim);
    let since = "2026-02-25 00:00:00";
    let q = Query::new()
        .filter("updated_at", "gteq", since)
        .sort("entity_id", Some("ASC"));
    let (_, body) = api.get(&q.on("/rest/V1/orders")).await;
    let expected: Vec<u64> = (1..=cfg.orders)
        .filter(|id| {
            dataset::order(&cfg, *id)
                .unwrap()
                .updated_at
                .to_string()
                .as_str()
                >= since
        })
        .collect();
    assert_eq!(entity_ids(&body), expected);
    let q = Query::new().filter("increment_id", "eq", "000000042");
    let (_, body) = api.get(&q.on("/rest/V1/orders")).await;
    assert_eq!(entity_ids(&body), vec![42]);
    let q = Query::new().filter("created_at", "gteq", "2026-03-01 11:30:00");
    let (_, body) = api.get(&q.on("/rest/V1/orders")).await;
    let recent = entity_ids(&body);
    assert!(!recent.is_empty() && recent.iter().all(|id| *id > 290));
}

#[tokio::test]
async fn not_found_answers() {
    let sim = start(small()).await;
    let api = Api::new(&sim);
    let (status, body) = api.get("/rest/V1/orders/999999").await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"message": "The entity that was requested doesn't exist. Verify the entity and try again."})
    );
    for path in [
        "/rest/V1/customers/1",
        "/rest/V1/orders/1/comments",
        "/V1/orders",
    ] {
        let (status, body) = api.get(path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(
            body,
            json!({"message": "Request does not match any route."})
        );
    }
    // getList's searchCriteria is mandatory.
    let (status, body) = api.get("/rest/V1/orders").await;
    assert_eq!(status, 400);
    assert_eq!(body["parameters"]["fieldName"], "searchCriteria");
}
