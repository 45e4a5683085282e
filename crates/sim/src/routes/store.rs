//! `GET /V1/store/websites` (every website, the admin website 0 included, as a plain array),
//! `GET /V1/store/storeConfigs` (each store view's configuration, a plain array) and `GET /V1/customerGroups/search` (a search result: `items`, `search_criteria`,
//! `total_count`), as Magento 2.4's webapi serves them (openapi_admin_schema_2.4.9.yaml:
//! store-data-website-interface, customer-data-group-search-results-interface).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::errors::json_response;
use crate::search::{SearchCriteria, query_pairs};

/// Magento's default websites: the admin website and the main one.
pub(super) fn websites() -> Response {
    let body = json!([
        { "id": 0, "code": "admin", "name": "Admin", "default_group_id": 0 },
        { "id": 1, "code": "base", "name": "Main Website", "default_group_id": 1 },
    ]);
    json_response(StatusCode::OK, body.to_string().into_bytes())
}

/// `GET /V1/store/storeConfigs`: the one store view's configuration
/// (store-data-store-config-interface), its time zone from the simulator's config.
pub(super) fn store_configs(state: &crate::state::SimState) -> Response {
    let base = "http://magento.test/";
    let secure = "https://magento.test/";
    let body = json!([{
        "id": 1,
        "code": "default",
        "website_id": 1,
        "locale": "en_US",
        "base_currency_code": crate::dataset::BASE_CURRENCY,
        "default_display_currency_code": crate::dataset::BASE_CURRENCY,
        "timezone": state.cfg.time_zone,
        "weight_unit": "lbs",
        "base_url": base,
        "base_link_url": base,
        "base_static_url": format!("{base}static/version1700000000/"),
        "base_media_url": format!("{base}media/"),
        "secure_base_url": secure,
        "secure_base_link_url": secure,
        "secure_base_static_url": format!("{secure}static/version1700000000/"),
        "secure_base_media_url": format!("{secure}media/"),
    }]);
    json_response(StatusCode::OK, body.to_string().into_bytes())
}

/// Magento's default customer groups (a fresh install has these four).
const GROUPS: [(u32, &str); 4] = [
    (0, "NOT LOGGED IN"),
    (1, "General"),
    (2, "Wholesale"),
    (3, "Retailer"),
];

pub(super) fn customer_groups(query: &str) -> Response {
    let criteria = match SearchCriteria::parse(&query_pairs(query)) {
        Ok(criteria) => criteria,
        Err(e) => return e.into_response(),
    };
    let size = criteria
        .effective_page_size(false)
        .ok()
        .flatten()
        .unwrap_or(GROUPS.len() as u64)
        .max(1);
    let start = ((criteria.page() - 1) * size) as usize;
    let items: Vec<_> = GROUPS
        .iter()
        .skip(start)
        .take(size as usize)
        .map(|(id, code)| {
            json!({
                "id": id,
                "code": code,
                "tax_class_id": 3,
                "tax_class_name": "Retail Customer",
            })
        })
        .collect();
    let body = json!({
        "items": items,
        "search_criteria": criteria.echo(),
        "total_count": GROUPS.len(),
    });
    json_response(StatusCode::OK, body.to_string().into_bytes())
}
