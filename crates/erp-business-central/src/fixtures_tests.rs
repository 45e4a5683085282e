//! Every Business Central response sample in `tests/fixtures` (real captures
//! and Microsoft's documentation, see the project's fixtures/SOURCES.md)
//! decodes: into our wire types where we read that shape, as JSON otherwise.

use std::path::PathBuf;

use crate::wire::{
    ErrorEnvelope, Page, TokenError, TokenResponse, WireItem, WireLine, WireLocation,
    WireSalesOrder,
};
use erp::{CanonicalStatus, ErpDocument, ErpOrder};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_response_fixture_is_json() {
    let mut count = 0;
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        serde_json::from_slice::<serde_json::Value>(&bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        count += 1;
    }
    assert!(count >= 15, "only {count} fixtures");
}

#[test]
fn the_real_expanded_order_list_decodes() {
    let page: Page<WireSalesOrder> =
        serde_json::from_slice(&fixture("salesOrders_list_expanded.real.response.json")).unwrap();
    assert!(page.next_link.is_none());
    let order: ErpOrder = page.value.into_iter().next().unwrap().into();
    assert_eq!(order.number, "SZA/25/000042");
    assert_eq!(order.external_reference, "TERG03232-3203232");
    assert_eq!(order.currency, "PLN");
    assert_eq!(order.total_including_tax.to_string(), "413.28");
    assert_eq!(order.status, "Open");
    assert_eq!(order.canonical_status, CanonicalStatus::Open);
    assert_eq!(order.document, ErpDocument::SalesOrder);
    assert!(!order.lines.is_empty(), "salesOrderLines expanded");
}

#[test]
fn single_records_decode() {
    let order: WireSalesOrder =
        serde_json::from_slice(&fixture("salesOrder_get.response.json")).unwrap();
    assert_eq!(order.number, "101005");
    let _: WireSalesOrder =
        serde_json::from_slice(&fixture("salesOrder_create.response.json")).unwrap();
    let line: WireLine =
        serde_json::from_slice(&fixture("salesOrderLine_get.response.json")).unwrap();
    assert_eq!(line.line_type, "Item");
    let item: WireItem = serde_json::from_slice(&fixture("item_get.response.json")).unwrap();
    assert_eq!(item.number, "1896-S");
    let location: WireLocation =
        serde_json::from_slice(&fixture("location_get.response.json")).unwrap();
    assert_eq!(location.code, "MAIN");
    let empty: Page<serde_json::Value> =
        serde_json::from_slice(&fixture("empty_collection.real.response.json")).unwrap();
    assert!(empty.value.is_empty());
}

#[test]
fn tokens_and_errors_decode() {
    let token: TokenResponse =
        serde_json::from_slice(&fixture("token_response.entra.json")).unwrap();
    assert_eq!(token.expires_in, Some(3599));
    let refused: TokenError =
        serde_json::from_slice(&fixture("token_error_invalid_scope.entra.json")).unwrap();
    assert_eq!(refused.error, "invalid_scope");
    let error: ErrorEnvelope =
        serde_json::from_slice(&fixture("error_400_inner_from_batch_doc.json")).unwrap();
    assert!(error.error.message.contains("CorrelationId"));
}
