//! `GET /V1/directory/currency`: the store's base and display currencies and its rates. An
//! anonymous resource in Magento (Magento_Directory's webapi.xml): it answers without a token.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::dataset::{BASE_CURRENCY, EUR_RATE_PERCENT};
use crate::errors::json_response;

pub(super) fn currency() -> Response {
    let eur_rate = EUR_RATE_PERCENT as f64 / 100.0;
    let body = json!({
        "base_currency_code": BASE_CURRENCY,
        "base_currency_symbol": "$",
        "default_display_currency_code": BASE_CURRENCY,
        "default_display_currency_symbol": "$",
        "available_currency_codes": [BASE_CURRENCY, "EUR"],
        "exchange_rates": [
            { "currency_to": BASE_CURRENCY, "rate": 1 },
            { "currency_to": "EUR", "rate": eur_rate },
        ],
    });
    json_response(StatusCode::OK, body.to_string().into_bytes())
}
