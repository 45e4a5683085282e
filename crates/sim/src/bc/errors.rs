//! Business Central's error bodies: `{"error":{"code":"...","message":"...  CorrelationId:
//! <guid>."}}` (two spaces before and after `CorrelationId:`, as the service writes them),
//! with the status each failure has. Codes follow Microsoft's error-code table
//! (`dynamics-error-codes.md`); the three outage codes (503, 504, 408) are not documented there
//! and are this simulator's choice.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::ids::correlation_id;

/// An error answer of the simulated API.
#[derive(Debug, Clone)]
pub(crate) struct BcError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    retry_after: Option<u64>,
    www_authenticate: Option<String>,
}

impl BcError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        BcError {
            status,
            code,
            message: message.into(),
            retry_after: None,
            www_authenticate: None,
        }
    }

    /// Missing, malformed, expired or foreign token.
    pub fn unauthorized(authorization_uri: &str, detail: &str) -> Self {
        BcError {
            www_authenticate: Some(format!(
                "Bearer authorization_uri=\"{authorization_uri}\", error=\"invalid_token\", \
                 error_description=\"{detail}\""
            )),
            ..Self::new(
                StatusCode::UNAUTHORIZED,
                "Authentication_InvalidCredentials",
                "The server has rejected the client credentials.",
            )
        }
    }

    /// More requests in flight than the service processes at once.
    pub fn too_many_requests(actual: u64, maximum: u64) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "Application_TooManyRequests",
            format!("Too many requests reached. Actual ({actual}). Maximum ({maximum})."),
        )
    }

    pub fn unavailable(retry_after_secs: u64) -> Self {
        BcError {
            retry_after: Some(retry_after_secs),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailable",
                "The service is temporarily unavailable. Please try again later.",
            )
        }
    }

    pub fn gateway_timeout() -> Self {
        Self::new(
            StatusCode::GATEWAY_TIMEOUT,
            "GatewayTimeout",
            "The request did not complete within the 10 minute limit and was aborted.",
        )
    }

    pub fn request_timeout() -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "RequestTimeout",
            "The operation did not complete within the 8 minute limit and was canceled.",
        )
    }

    /// A URL outside any published API (e.g. a custom API whose extension is not installed).
    pub fn no_route(url: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "BadRequest_NotFound",
            format!("No HTTP resource was found that matches the request URI '{url}'."),
        )
    }

    /// An unknown segment inside a published API.
    pub fn no_segment(segment: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "BadRequest_ResourceNotFound",
            format!("Resource not found for the segment '{segment}'."),
        )
    }

    pub fn record_not_found(table: &str, id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "Internal_RecordNotFound",
            format!("The {table} does not exist. Identification fields and values: Id='{id}'"),
        )
    }

    pub fn method_not_allowed(method: &str, set: &str) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "BadRequest_MethodNotAllowed",
            format!(
                "'{method}' requests for '{set}' of EdmType 'Entity' are not allowed within \
                 Microsoft Dynamics 365 Business Central OData web services."
            ),
        )
    }

    pub fn no_property(name: &str, entity_type: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "BadRequest_NotFound",
            format!(
                "Could not find a property named '{name}' on type 'Microsoft.NAV.{entity_type}'."
            ),
        )
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BadRequest", message)
    }

    pub fn invalid_relation(field: &str, table: &str, value: &str, related: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "Internal_InvalidTableRelation",
            format!(
                "The field {field} of table {table} contains a value ({value}) that cannot be \
                 found in the related table ({related})."
            ),
        )
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal_ServerError",
            "An unexpected error occurred in the simulator.",
        )
    }
}

impl IntoResponse for BcError {
    fn into_response(self) -> Response {
        let message = format!("{}  CorrelationId:  {}.", self.message, correlation_id());
        let body = json!({"error": {"code": self.code, "message": message}}).to_string();
        let mut resp = (self.status, body).into_response();
        let headers = resp.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; odata.metadata=minimal"),
        );
        headers.insert("odata-version", HeaderValue::from_static("4.0"));
        if let Some(secs) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if let Some(value) = self
            .www_authenticate
            .and_then(|v| HeaderValue::from_str(&v).ok())
        {
            headers.insert(header::WWW_AUTHENTICATE, value);
        }
        resp
    }
}
