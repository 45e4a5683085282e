//! Magento's error bodies: `{"message": "... %name ...", "parameters": ...}` with the HTTP
//! status Magento uses for each, word for word where clients may match on them.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value as Json, json};

/// An error answer of the simulated store.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    status: StatusCode,
    body: Json,
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, body: Json) -> Self {
        ApiError {
            status,
            body,
            retry_after: None,
        }
    }

    pub fn no_route() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            json!({"message": "Request does not match any route."}),
        )
    }

    pub fn no_such_entity() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            json!({"message": "The entity that was requested doesn't exist. Verify the entity and try again."}),
        )
    }

    pub fn no_such_product() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            json!({"message": "The product that was requested doesn't exist. Verify the product and try again."}),
        )
    }

    /// Every authentication failure on a data route looks like this (no token, bad token,
    /// expired token, bad signature): Magento falls back to the anonymous user and the ACL
    /// check fails.
    pub fn not_authorized(resource: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            json!({
                "message": "The consumer isn't authorized to access %resources.",
                "parameters": {"resources": resource}
            }),
        )
    }

    pub fn sign_in_incorrect() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            json!({"message": "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."}),
        )
    }

    pub fn two_factor_required() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            json!({
                "message": "Please use the 2fa provider-specific endpoints to obtain a token.",
                "parameters": {"active_providers": ["google"]}
            }),
        )
    }

    pub fn invalid_otp() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            json!({"message": "Invalid code."}),
        )
    }

    pub fn max_page_size(max: u64) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            json!({"message": "Maximum SearchCriteria pageSize is %max", "parameters": {"max": max}}),
        )
    }

    pub fn invalid_type(value: &str, expected: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            json!({
                "message": "The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.",
                "parameters": {"value": value, "type": expected}
            }),
        )
    }

    pub fn bad_sort_direction() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            json!({
                "message": "The sort order has to be specified as %1 for ascending order or %2 for descending order.",
                "parameters": ["ASC", "DESC"]
            }),
        )
    }

    pub fn required(field: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            json!({
                "message": "\"%fieldName\" is required. Enter and try again.",
                "parameters": {"fieldName": field}
            }),
        )
    }

    pub fn bad_request_body() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            json!({"message": "Decoding error: Syntax error"}),
        )
    }

    /// What a proxy in front of the store answers under load (the body is Magento's own
    /// backpressure body).
    pub fn too_many_requests(retry_after_secs: u64) -> Self {
        ApiError {
            retry_after: Some(retry_after_secs),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                json!({"message": "Too Many Requests", "trace": null}),
            )
        }
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"message": "Internal Error. Details are available in Magento log file. Report ID: webapi-sim"}),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = json_response(self.status, self.body.to_string().into_bytes());
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}

/// A JSON response from already serialized bytes.
pub(crate) fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    let mut resp = (status, body).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    resp
}

/// A 503 as a load balancer sends it: HTML, not JSON, so clients must not assume a body shape.
pub(crate) fn unavailable() -> Response {
    let body = "<html><head><title>503 Service Temporarily Unavailable</title></head>\
                <body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>";
    let mut resp = (StatusCode::SERVICE_UNAVAILABLE, body).into_response();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::RETRY_AFTER, HeaderValue::from(1u64));
    resp
}
