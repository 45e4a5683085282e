//! OData paging, query options and enum encodings.

use std::collections::HashSet;

use serde_json::Value;
use sim::bc::BcFault;

use crate::bc_support::{Bc, enc, metadata_enum, start_with};

fn ids(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn maxpagesize_pages_visit_every_order_once() {
    let sim = start_with(vec![]).await;
    let bc = Bc::connect(&sim).await;
    let url = format!("{}/salesOrders", bc.api);
    let (everything, pages) = bc.all(&url, None).await;
    assert_eq!(pages, 1, "the default page holds 20,000 rows");
    let resp = bc.raw(&url, Some(50)).await;
    assert_eq!(resp.headers()["preference-applied"], "odata.maxpagesize=50");
    let first: Value = resp.json().await.unwrap();
    assert_eq!(first["value"].as_array().unwrap().len(), 50);
    let next = first["@odata.nextLink"].as_str().unwrap();
    assert!(
        next.starts_with(&url) && next.contains("$skiptoken="),
        "{next}"
    );
    assert!(
        next.ends_with(&format!("'{}'", first["value"][49]["id"].as_str().unwrap()))
            || next.contains(first["value"][49]["id"].as_str().unwrap())
    );
    let (paged, pages) = bc.all(&url, Some(50)).await;
    assert_eq!(pages, everything.len().div_ceil(50));
    assert_eq!(ids(&paged), ids(&everything));
    let unique: HashSet<String> = ids(&paged).into_iter().collect();
    assert_eq!(unique.len(), paged.len());
    let numbers: Vec<&str> = paged
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    let mut sorted = numbers.clone();
    sorted.sort();
    assert_eq!(numbers, sorted, "ordered by number");
    // Pages larger than the service maximum are capped.
    let resp = bc.raw(&url, Some(50_000)).await;
    assert_eq!(
        resp.headers()["preference-applied"],
        "odata.maxpagesize=20000"
    );
}

#[tokio::test]
async fn orders_changed_during_a_read_are_neither_skipped_nor_doubled() {
    let sim = start_with(vec![BcFault::ChangeDuringRead { orders: 5 }]).await;
    let bc = Bc::connect(&sim).await;
    let url = format!("{}/salesOrders", bc.api);
    let (rows, pages) = bc.all(&url, Some(40)).await;
    assert!(pages > 3);
    let unique: HashSet<String> = ids(&rows).into_iter().collect();
    assert_eq!(unique.len(), rows.len());
    assert_eq!(sim.stats().changed_orders, 5);
    let (all_again, _) = bc.all(&url, None).await;
    assert_eq!(ids(&all_again), ids(&rows));
    // The changed orders are newer than everything generated.
    let since = "2026-03-01T12:00:00Z";
    let filtered = format!(
        "{url}?$filter={}",
        enc(&format!("lastModifiedDateTime gt {since}"))
    );
    let (changed, _) = bc.all(&filtered, None).await;
    assert_eq!(changed.len(), 5);
}

#[tokio::test]
async fn top_suppresses_the_next_link() {
    let sim = start_with(vec![]).await;
    let bc = Bc::connect(&sim).await;
    let resp = bc
        .raw(&format!("{}/salesOrders?$top=7", bc.api), Some(5))
        .await;
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["value"].as_array().unwrap().len(), 5);
    assert!(body.get("@odata.nextLink").is_none());
    let (_, body) = bc.get(&format!("{}/items?$top=3&$skip=2", bc.api)).await;
    let numbers: Vec<&str> = body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["SKU-000003", "SKU-000004", "SKU-000005"]);
}

#[tokio::test]
async fn filters_on_last_modified_external_number_and_number() {
    let sim = start_with(vec![]).await;
    let bc = Bc::connect(&sim).await;
    let url = format!("{}/salesOrders", bc.api);
    let (all, _) = bc.all(&url, None).await;
    let mut stamps: Vec<&str> = all
        .iter()
        .map(|r| r["lastModifiedDateTime"].as_str().unwrap())
        .collect();
    stamps.sort();
    let cut = stamps[stamps.len() / 2];
    let parse = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    let expected: Vec<String> = all
        .iter()
        .filter(|r| parse(r["lastModifiedDateTime"].as_str().unwrap()) > parse(cut))
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let q = format!(
        "{url}?$filter={}",
        enc(&format!("lastModifiedDateTime gt {cut}"))
    );
    let (got, _) = bc.all(&q, Some(30)).await;
    assert_eq!(ids(&got), expected);
    assert!(!expected.is_empty() && expected.len() < all.len());

    let sample = &all[10];
    let ext = sample["externalDocumentNumber"].as_str().unwrap();
    let q = format!(
        "{url}?$filter={}",
        enc(&format!(
            "externalDocumentNumber eq '{ext}' and status ne 'Draft'"
        ))
    );
    let (_, body) = bc.get(&q).await;
    assert_eq!(body["value"].as_array().unwrap().len(), 1);
    assert_eq!(body["value"][0]["id"], sample["id"]);
    let q = format!(
        "{url}?$filter={}",
        enc(&format!(
            "number eq '{}'",
            sample["number"].as_str().unwrap()
        ))
    );
    assert_eq!(bc.get(&q).await.1["value"][0]["id"], sample["id"]);
    let q = format!("{url}?$filter={}", enc("externalDocumentNumber eq 'nope'"));
    assert_eq!(bc.get(&q).await.1["value"], serde_json::json!([]));
    let q = format!("{url}?$filter={}", enc("nope eq 1"));
    let (status, body) = bc.get(&q).await;
    assert_eq!(status, 400);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Could not find a property named 'nope' on type 'Microsoft.NAV.salesOrder'")
    );
    let q = format!(
        "{url}?$filter={}",
        enc("lastModifiedDateTime gt 'yesterday'")
    );
    assert_eq!(bc.get(&q).await.0, 400);
}

#[tokio::test]
async fn select_expand_and_enum_encoding() {
    let sim = start_with(vec![]).await;
    let bc = Bc::connect(&sim).await;
    let url = format!("{}/salesOrders?$select=number,status&$top=3", bc.api);
    let (_, body) = bc.get(&url).await;
    assert!(
        body["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("/salesOrders(number,status)")
    );
    for row in body["value"].as_array().unwrap() {
        let mut k: Vec<&String> = row.as_object().unwrap().keys().collect();
        k.sort();
        assert_eq!(k, ["@odata.etag", "number", "status"]);
    }
    let url = format!(
        "{}/salesOrders?$expand=salesOrderLines($select=lineType,lineObjectNumber,quantity,amountIncludingTax)",
        bc.api
    );
    let (all, _) = bc.all(&url, None).await;
    for o in &all {
        let lines = o["salesOrderLines"].as_array().unwrap();
        assert!(!lines.is_empty());
        assert_eq!(lines[0].as_object().unwrap().len(), 5, "etag + 4 selected");
        let sum: f64 = lines
            .iter()
            .map(|l| l["amountIncludingTax"].as_f64().unwrap())
            .sum();
        assert!((sum - o["totalAmountIncludingTax"].as_f64().unwrap()).abs() < 0.005);
    }
    let members = metadata_enum("salesOrderEntityBufferStatus");
    let statuses: HashSet<&str> = all.iter().map(|o| o["status"].as_str().unwrap()).collect();
    assert!(
        statuses.contains("In_x0020_Review") && statuses.contains("Open"),
        "{statuses:?}"
    );
    assert!(statuses.iter().all(|s| members.iter().any(|m| m == s)));
    let line_types = metadata_enum("invoiceLineAggLineType");
    for o in &all {
        for l in o["salesOrderLines"].as_array().unwrap() {
            assert!(
                line_types
                    .iter()
                    .any(|m| m == l["lineType"].as_str().unwrap())
            );
        }
    }
    let q = format!(
        "{}/salesOrders?$filter={}",
        bc.api,
        enc("status eq 'In Review'")
    );
    let (in_review, _) = bc.all(&q, None).await;
    assert_eq!(
        in_review.len(),
        all.iter()
            .filter(|o| o["status"] == "In_x0020_Review")
            .count()
    );

    let (invoices, _) = bc.all(&format!("{}/salesInvoices", bc.api), None).await;
    let invoice_members = metadata_enum("invoiceEntityAggregateStatus");
    for inv in &invoices {
        assert!(
            invoice_members
                .iter()
                .any(|m| m == inv["status"].as_str().unwrap())
        );
        assert!(inv["orderNumber"].as_str().unwrap().starts_with("S-ORD"));
        assert_eq!(inv["externalDocumentNumber"].as_str().unwrap().len(), 9);
    }
    let price_lines = format!("{}/priceListLines?$top=2", bc.custom);
    let (_, body) = bc.get(&price_lines).await;
    assert_eq!(body["value"][0]["sourceType"], "All_x0020_Customers");
}

#[tokio::test]
async fn custom_pages_page_by_natural_key() {
    let sim = start_with(vec![]).await;
    let bc = Bc::connect(&sim).await;
    for set in ["itemLocationStocks", "priceListLines"] {
        let url = format!("{}/{set}", bc.custom);
        let (all, _) = bc.all(&url, None).await;
        let (paged, pages) = bc.all(&url, Some(97)).await;
        assert_eq!(pages, all.len().div_ceil(97));
        assert_eq!(paged, all, "{set}");
    }
    let q = format!(
        "{}/itemLocationStocks?$filter={}",
        bc.custom,
        enc("itemNumber eq 'SKU-000007'")
    );
    let (_, body) = bc.get(&q).await;
    let codes: Vec<&str> = body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locationCode"].as_str().unwrap())
        .collect();
    // Location columns in grid order; every 7th item also has stock in transit.
    assert_eq!(codes, ["MAIN", "EAST", "TRANSIT"]);
}
