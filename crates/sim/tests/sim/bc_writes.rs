//! Creating sales orders with nested lines (the replay of a missing order).

use serde_json::{Value, json};

use crate::bc_support::{Bc, bc_fixture, enc, start_with};

async fn post(bc: &Bc, url: &str, body: &Value) -> (u16, Value, Option<String>) {
    let resp = bc
        .http
        .post(url)
        .bearer_auth(&bc.token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let location = resp
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    (status, resp.json().await.unwrap(), location)
}

#[tokio::test]
async fn deep_insert_creates_an_order_and_allows_duplicates() {
    let sim = start_with(vec![]).await;
    let bc = Bc::connect(&sim).await;
    let url = format!("{}/salesOrders", bc.api);
    let body = json!({
        "customerNumber": "C00042",
        "externalDocumentNumber": "000777777",
        "orderDate": "2026-02-28",
        "currencyCode": "EUR",
        "salesOrderLines": [
            {"lineType": "Item", "lineObjectNumber": "SKU-000003", "quantity": 2, "unitPrice": 10.5, "taxCode": "TAXABLE"},
            {"lineObjectNumber": "SKU-000004", "quantity": 1, "unitPrice": 20},
            {"lineType": "Account", "lineObjectNumber": "6510", "quantity": 1, "unitPrice": 5, "description": "Freight"}
        ]
    });
    let (status, created, location) =
        post(&bc, &format!("{url}?$expand=salesOrderLines"), &body).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap();
    assert_eq!(location.unwrap(), format!("{url}({id})"));
    assert_eq!(created["status"], "Draft");
    assert_eq!(created["externalDocumentNumber"], "000777777");
    assert_eq!(created["currencyCode"], "EUR");
    assert_eq!(created["totalAmountExcludingTax"], 46);
    assert_eq!(created["totalTaxAmount"], 1.73);
    assert_eq!(created["totalAmountIncludingTax"], 47.73);
    assert_eq!(created["salesOrderLines"].as_array().unwrap().len(), 3);
    let real = bc_fixture("salesOrder_create.response.json");
    for k in crate::bc_support::keys(&real, &["documentLines"]) {
        assert!(created.get(&k).is_some(), "{k}");
    }
    let (_, again, _) = post(&bc, &url, &body).await;
    assert_ne!(again["id"], created["id"]);
    let q = format!(
        "{url}?$filter={}",
        enc("externalDocumentNumber eq '000777777'")
    );
    let (_, found) = bc.get(&q).await;
    assert_eq!(found["value"].as_array().unwrap().len(), 2);
    let (_, one) = bc
        .get(&format!("{url}({id})?$expand=salesOrderLines"))
        .await;
    assert_eq!(one["salesOrderLines"][1]["lineObjectNumber"], "SKU-000004");
    let (all, _) = bc.all(&url, Some(100)).await;
    assert_eq!(
        all.last().unwrap()["id"],
        again["id"],
        "created orders come last"
    );
}

#[tokio::test]
async fn invalid_orders_get_bc_errors() {
    let sim = start_with(vec![]).await;
    let bc = Bc::connect(&sim).await;
    let url = format!("{}/salesOrders", bc.api);
    for (body, code) in [
        (
            json!({"externalDocumentNumber": "1"}),
            "Application_DialogException",
        ),
        (json!({"customerNumber": "C1", "bogus": 1}), "BadRequest"),
        (
            json!({"customerNumber": "C1", "externalDocumentNumber": "x".repeat(36)}),
            "Application_StringExceededLength",
        ),
        (
            json!({"customerNumber": "C1", "salesOrderLines": [{"lineObjectNumber": "NOPE", "quantity": 1}]}),
            "Internal_InvalidTableRelation",
        ),
        (
            json!({"customerNumber": "C1", "currencyCode": "XYZ"}),
            "Internal_InvalidTableRelation",
        ),
    ] {
        let (status, err, _) = post(&bc, &url, &body).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(err["error"]["code"], code, "{err}");
    }
    let resp = bc
        .http
        .post(format!("{}/items", bc.api))
        .bearer_auth(&bc.token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 405);
}
