//! Every Magento response sample in `tests/fixtures` (copied from Adobe's
//! documentation, see the project's fixtures/SOURCES.md) decodes: into our
//! wire types where we read that shape, as JSON otherwise.

use std::path::PathBuf;

use crate::api::orders::to_order;
use crate::api::products::to_price;
use crate::wire::{ErrorBody, SearchResult, WireOrder, WireProduct, WireSource, WireSourceItem};
use model::config::ConfigurableLines;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
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
    assert!(count >= 20, "only {count} fixtures found");
}

#[test]
fn the_documented_order_decodes() {
    let wire: WireOrder = serde_json::from_slice(&fixture("order_get_response.json")).unwrap();
    let order = to_order(wire, ConfigurableLines::Parent);
    assert_eq!(order.increment_id, "000000003");
    assert_eq!(order.grand_total.to_string(), "165");
    assert_eq!(order.currency, "USD");
    assert_eq!(order.created_at.to_rfc3339(), "2017-08-21T22:22:19+00:00");
    assert_eq!(order.lines.len(), 1);
    assert_eq!(order.lines[0].sku, "WS12-M-Orange");
    assert!(order.customer_email_hash.is_some());
}

#[test]
fn the_documented_lists_decode() {
    let items: SearchResult<WireSourceItem> =
        serde_json::from_slice(&fixture("source_items_search_response.json")).unwrap();
    assert_eq!(items.total_count, Some(2));
    assert_eq!(items.items[1].source_code, "east");
    let sources: SearchResult<WireSource> =
        serde_json::from_slice(&fixture("sources_search_response.json")).unwrap();
    assert_eq!(sources.items.len(), 3);
    assert!(sources.items.iter().all(|s| s.enabled));
    let fields_only: SearchResult<serde_json::Value> =
        serde_json::from_slice(&fixture("orders_search_fields_filtered_response.json")).unwrap();
    assert_eq!(fields_only.total_count, None, "`fields` drops total_count");
}

#[test]
fn the_documented_product_decodes() {
    let wire: WireProduct = serde_json::from_slice(&fixture("product_response.json")).unwrap();
    let price = to_price(wire);
    assert_eq!(price.sku, "MS-Champ-S");
    assert_eq!(price.price.map(|p| p.to_string()), Some("25".to_owned()));
    assert_eq!(price.special_price, None);
    assert!(price.tier_prices.is_empty());
}

#[test]
fn the_documented_errors_render() {
    let render = |name| {
        serde_json::from_slice::<ErrorBody>(&fixture(name))
            .unwrap()
            .render()
    };
    assert_eq!(
        render("error_response_400_max_page_size.json"),
        "Maximum SearchCriteria pageSize is 300"
    );
    assert_eq!(
        render("error_response_401_acl.json"),
        "The consumer isn't authorized to access Magento_Catalog::products."
    );
    assert_eq!(
        render("error_response_invalid_product_data.json"),
        "Invalid product data: Invalid attribute set entity type"
    );
    assert!(
        render("error_response_400_validation_errors.json").contains("\"sku\" can not be empty.")
    );
    assert!(render("error_response_401_2fa_admin_token.json").contains("2fa"));
    let token: String = serde_json::from_slice(&fixture("admin_token_response.json")).unwrap();
    assert_eq!(token.len(), 32);
}
