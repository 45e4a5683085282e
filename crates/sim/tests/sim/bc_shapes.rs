//! Payload shapes against the real captures and `$metadata`.

use crate::bc_support::{Bc, bc_fixture, enc, keys, metadata_properties, start_with};

#[tokio::test]
async fn sales_orders_and_lines_have_the_real_keys() {
    let sim = start_with(vec![]).await;
    let bc = Bc::connect(&sim).await;
    let (status, body) = bc
        .get(&format!(
            "{}/salesOrders?$expand=salesOrderLines&$top=5",
            bc.api
        ))
        .await;
    assert_eq!(status, 200);
    let real = bc_fixture("salesOrders_list_expanded.real.response.json");
    assert_eq!(keys(&body, &[]), keys(&real, &[]));
    let context = body["@odata.context"].as_str().unwrap();
    assert_eq!(
        context,
        format!(
            "{}/$metadata#companies({})/salesOrders",
            sim.api_base(),
            sim.company_id()
        )
    );
    let ours = &body["value"][0];
    let theirs = &real["value"][0];
    assert_eq!(
        keys(ours, &["salesOrderLines"]),
        keys(theirs, &["customer", "pdfDocument", "salesOrderLines"])
    );
    assert_eq!(
        keys(&ours["salesOrderLines"][0], &[]),
        keys(&theirs["salesOrderLines"][0], &[])
    );
    let etag = ours["@odata.etag"].as_str().unwrap();
    assert!(etag.starts_with("W/\"Jz") && etag.ends_with('"'), "{etag}");
    let mut props = metadata_properties("salesOrder");
    props.sort();
    assert_eq!(keys(ours, &["salesOrderLines"]), props);
    for k in keys(&bc_fixture("salesOrder_get.response.json"), &[]) {
        assert!(ours.get(&k).is_some(), "{k}");
    }
    assert!(ours["orderDate"].as_str().unwrap().len() == 10);
    assert!(
        ours["lastModifiedDateTime"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    assert_eq!(ours["requestedDeliveryDate"], "0001-01-01");

    // One order by id, and its lines as a collection.
    let id = ours["id"].as_str().unwrap();
    let (_, one) = bc.get(&format!("{}/salesOrders({id})", bc.api)).await;
    assert!(
        one["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("/salesOrders/$entity")
    );
    assert_eq!(keys(&one, &[]), keys(ours, &["salesOrderLines"]));
    let (_, lines) = bc
        .get(&format!("{}/salesOrders({id})/salesOrderLines", bc.api))
        .await;
    assert_eq!(lines["value"], ours["salesOrderLines"]);
    let (status, body) = bc
        .get(&format!(
            "{}/salesOrders(00000000-0000-0000-0000-000000000001)",
            bc.api
        ))
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "Internal_RecordNotFound");
}

#[tokio::test]
async fn invoices_items_locations_companies_match_metadata_and_samples() {
    let sim = start_with(vec![]).await;
    let bc = Bc::connect(&sim).await;
    let (_, body) = bc
        .get(&format!(
            "{}/salesInvoices?$expand=salesInvoiceLines&$top=2",
            bc.api
        ))
        .await;
    let inv = &body["value"][0];
    let mut props = metadata_properties("salesInvoice");
    props.sort();
    assert_eq!(keys(inv, &["salesInvoiceLines"]), props);
    let mut line_props = metadata_properties("salesInvoiceLine");
    line_props.sort();
    assert_eq!(keys(&inv["salesInvoiceLines"][0], &[]), line_props);
    assert_eq!(inv["status"], "Paid");

    let (_, body) = bc.get(&format!("{}/items?$top=2", bc.api)).await;
    let item = &body["value"][0];
    let mut props = metadata_properties("item");
    props.sort();
    assert_eq!(keys(item, &[]), props);
    for k in keys(&bc_fixture("item_get.response.json"), &[]) {
        assert!(item.get(&k).is_some(), "{k}");
    }
    assert_eq!(item["number"], "SKU-000001");

    let (_, body) = bc.get(&format!("{}/locations", bc.api)).await;
    let codes: Vec<&str> = body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap())
        .collect();
    // wh-west is the drift world's Magento-only source: the ERP has no WEST.
    assert_eq!(codes, ["EAST", "MAIN", "OUTLET", "TRANSIT"]);
    let mut props = metadata_properties("location");
    props.sort();
    assert_eq!(keys(&body["value"][0], &[]), props);
    for k in keys(&bc_fixture("location_get.response.json"), &[]) {
        assert!(body["value"][0].get(&k).is_some(), "{k}");
    }

    let (_, body) = bc.get(&format!("{}/companies", sim.api_base())).await;
    let real = bc_fixture("companies.real.response.json");
    assert_eq!(keys(&body["value"][0], &[]), keys(&real["value"][0], &[]));

    let (_, empty) = bc
        .get(&format!(
            "{}/salesOrders?$filter={}",
            bc.api,
            enc("number eq 'none'")
        ))
        .await;
    let sample = bc_fixture("empty_collection.real.response.json");
    assert_eq!(keys(&empty, &[]), keys(&sample, &[]));
    assert_eq!(empty["value"], sample["value"]);

    let (_, stock) = bc
        .get(&format!("{}/itemLocationStocks?$top=1", bc.custom))
        .await;
    assert_eq!(
        keys(&stock["value"][0], &[]),
        [
            "inventory",
            "itemNumber",
            "lastModifiedDateTime",
            "locationCode"
        ]
    );
    let (_, prices) = bc
        .get(&format!("{}/priceListLines?$top=1", bc.custom))
        .await;
    let row = &prices["value"][0];
    assert_eq!(keys(row, &[]).len(), 10);
    assert_eq!(row["startingDate"], "0001-01-01");
    assert_eq!(row["minimumQuantity"], 0);
}
