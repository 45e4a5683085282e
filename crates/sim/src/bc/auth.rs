//! The identity platform's token endpoint (`POST /{tenant}/oauth2/v2.0/token`, OAuth 2.0
//! client credentials) and the check of the Bearer token on every API request.
//!
//! Tokens are JWT-shaped (`header.payload.signature`, base64url) with `aud`, `tid`, `appid`,
//! `iat`, `nbf`, `exp` and a `jti`; the signature is an HMAC of the simulator's (the header
//! claims RS256, as Entra's do; clients must treat tokens as opaque anyway). Errors use the
//! identity platform's body: `{error, error_description, error_codes, timestamp, trace_id,
//! correlation_id}`.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use hmac::{Hmac, Mac};
use serde_json::{Value as Json, json};
use sha2::Sha256;

use super::errors::BcError;
use super::faults::BcFault;
use super::ids::{IdKind, correlation_id, guid};
use super::state::BcState;
use super::stats::Counters;
use crate::search::query_pairs;
use crate::state::wall_clock;

/// The only scope Business Central's API accepts for client credentials.
pub const SCOPE: &str = "https://api.businesscentral.dynamics.com/.default";
/// The token audience.
pub(crate) const AUDIENCE: &str = "https://api.businesscentral.dynamics.com";

/// An identity platform error: status, `error`, AADSTS code and text.
fn entra_error(status: StatusCode, error: &str, code: u32, text: &str) -> Response {
    let trace = correlation_id();
    let correlation = correlation_id();
    let stamp = chrono::DateTime::from_timestamp(wall_clock(), 0)
        .map(|t| t.format("%Y-%m-%d %H:%M:%SZ").to_string())
        .unwrap_or_default();
    let description = format!(
        "AADSTS{code}: {text}\r\nTrace ID: {trace}\r\nCorrelation ID: {correlation}\r\nTimestamp: {stamp}"
    );
    // Field order as the identity platform writes it.
    let body = format!(
        "{{\"error\":{},\"error_description\":{},\"error_codes\":[{code}],\"timestamp\":{},\"trace_id\":{},\"correlation_id\":{}}}",
        Json::from(error),
        Json::from(description),
        Json::from(stamp),
        Json::from(trace),
        Json::from(correlation),
    );
    json_response(status, body)
}

fn json_response(status: StatusCode, body: String) -> Response {
    let mut resp = (status, body).into_response();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, no-cache"),
    );
    resp
}

/// `POST /{tenant}/oauth2/v2.0/token`.
pub(crate) fn token(state: &BcState, tenant: &str, body: &[u8]) -> Response {
    let cfg = &state.cfg;
    if !tenant.eq_ignore_ascii_case(&cfg.tenant) {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            90002,
            &format!(
                "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID \
                 and are signing into the correct cloud."
            ),
        );
    }
    let form = query_pairs(&String::from_utf8_lossy(body));
    let get = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    for name in ["grant_type", "client_id", "scope"] {
        if get(name).is_none_or(str::is_empty) {
            return entra_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                900144,
                &format!("The request body must contain the following parameter: '{name}'."),
            );
        }
    }
    let grant = get("grant_type").unwrap_or_default();
    if grant != "client_credentials" {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            70003,
            &format!("The app requested an unsupported grant type '{grant}'."),
        );
    }
    let client_id = get("client_id").unwrap_or_default();
    if client_id != cfg.client_id {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            700016,
            &format!(
                "Application with identifier '{client_id}' was not found in the directory \
                 '{tenant}'. This can happen if the application has not been installed by the \
                 administrator of the tenant or consented to by any user in the tenant. You may \
                 have sent your authentication request to the wrong tenant."
            ),
        );
    }
    let scope = get("scope").unwrap_or_default();
    if !scope.eq_ignore_ascii_case(SCOPE) {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            70011,
            &format!(
                "The provided value for the input parameter 'scope' is not valid. The scope \
                 {scope} is not valid."
            ),
        );
    }
    if get("client_secret") != Some(cfg.client_secret.as_str()) {
        return entra_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            7000215,
            &format!(
                "Invalid client secret provided. Ensure the secret being sent in the request is \
                 the client secret value, not the client secret ID, for a secret added to app \
                 '{client_id}'."
            ),
        );
    }
    let ttl = cfg.token_ttl.as_secs();
    let access_token = issue(state, ttl);
    Counters::bump(&state.counters.tokens_issued);
    let body = format!(
        "{{\"token_type\":\"Bearer\",\"expires_in\":{ttl},\"access_token\":{}}}",
        Json::from(access_token)
    );
    json_response(StatusCode::OK, body)
}

fn sign(secret: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn issue(state: &BcState, ttl: u64) -> String {
    let now = wall_clock();
    let n = state
        .next_token
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let cfg = &state.cfg;
    let header = json!({"typ": "JWT", "alg": "RS256", "x5t": "sim", "kid": "sim"});
    let claims = json!({
        "aud": AUDIENCE,
        "iss": format!("https://sts.windows.net/{}/", cfg.tenant),
        "iat": now,
        "nbf": now,
        "exp": now + ttl as i64,
        "appid": cfg.client_id,
        "idtyp": "app",
        "oid": guid(state.seed(), IdKind::User, 2),
        "roles": ["API.ReadWrite.All"],
        "tid": cfg.tenant,
        "ver": "1.0",
        "jti": format!("sim-{n}"),
    });
    let signing_input = format!(
        "{}.{}",
        B64URL.encode(header.to_string()),
        B64URL.encode(claims.to_string())
    );
    let signature = B64URL.encode(sign(&state.secret, &signing_input));
    format!("{signing_input}.{signature}")
}

/// Checks the Bearer token of an API request (`tenant` is the URL's, when it has one).
pub(crate) fn authorize(
    state: &BcState,
    headers: &HeaderMap,
    tenant: Option<&str>,
) -> Result<(), BcError> {
    let authorization_uri = format!("{}/{}/oauth2/authorize", state.base_url, state.cfg.tenant);
    let refuse = |detail: &str| BcError::unauthorized(&authorization_uri, detail);
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .ok_or_else(|| refuse("The access token is missing"))?;
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(refuse("The access token is malformed"));
    };
    let valid = B64URL.decode(s).is_ok_and(|sig| {
        let mut mac = Hmac::<Sha256>::new_from_slice(&state.secret).expect("any key length");
        mac.update(format!("{h}.{p}").as_bytes());
        mac.verify_slice(&sig).is_ok()
    });
    if !valid {
        return Err(refuse("The access token signature is invalid"));
    }
    let claims: Json = B64URL
        .decode(p)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| refuse("The access token is malformed"))?;
    let tid = claims["tid"].as_str().unwrap_or_default();
    if claims["aud"] != AUDIENCE
        || !tid.eq_ignore_ascii_case(&state.cfg.tenant)
        || tenant.is_some_and(|t| !t.eq_ignore_ascii_case(tid))
    {
        return Err(refuse("The access token is for another audience or tenant"));
    }
    if claims["exp"].as_i64().unwrap_or(0) <= wall_clock() {
        return Err(refuse("The access token has expired"));
    }
    let limit = state.cfg.faults.iter().find_map(|f| match f {
        BcFault::TokenExpiry { after_requests } => Some(*after_requests),
        _ => None,
    });
    if let Some(limit) = limit {
        let jti = claims["jti"].as_str().unwrap_or_default().to_string();
        let mut uses = state.token_uses.lock().unwrap_or_else(|e| e.into_inner());
        let n = uses.entry(jti).or_insert(0);
        if *n >= limit {
            return Err(refuse("The access token has expired"));
        }
        *n += 1;
    }
    Ok(())
}
