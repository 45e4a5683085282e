//! `POST /V1/integration/admin/token` and `POST /V1/tfa/provider/google/authenticate`: admin
//! tokens as a bare JSON string.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value as Json;

use crate::auth::TokenRefusal;
use crate::errors::{ApiError, json_response};
use crate::state::{SimState, wall_clock};
use crate::stats::Counters;

/// Reads a required string field of the JSON body.
fn field<'a>(body: &'a Json, name: &str) -> Result<&'a str, ApiError> {
    body.get(name)
        .and_then(Json::as_str)
        .ok_or_else(|| ApiError::required(name))
}

fn issue(state: &SimState, body: &[u8], with_otp: bool) -> Result<String, ApiError> {
    let body: Json = serde_json::from_slice(body).map_err(|_| ApiError::bad_request_body())?;
    let username = field(&body, "username")?;
    let password = field(&body, "password")?;
    let otp = if with_otp {
        Some(field(&body, "otp")?)
    } else {
        None
    };
    state
        .auth
        .admin_token(&state.cfg, username, password, otp, wall_clock())
        .map_err(|refusal| match refusal {
            TokenRefusal::SignInIncorrect => ApiError::sign_in_incorrect(),
            TokenRefusal::TwoFactorRequired => ApiError::two_factor_required(),
            TokenRefusal::InvalidOtp => ApiError::invalid_otp(),
        })
}

fn respond(state: &SimState, result: Result<String, ApiError>) -> Response {
    match result {
        Ok(token) => {
            Counters::bump(&state.counters.admin_tokens_issued);
            json_response(StatusCode::OK, Json::String(token).to_string().into_bytes())
        }
        Err(e) => e.into_response(),
    }
}

pub(super) fn admin_token(state: &SimState, body: &[u8]) -> Response {
    respond(state, issue(state, body, false))
}

pub(super) fn google(state: &SimState, body: &[u8]) -> Response {
    respond(state, issue(state, body, true))
}
