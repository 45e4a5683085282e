//! Shared helpers: starting a simulator, a small HTTP client, a searchCriteria builder and
//! an independent OAuth 1.0a signer.

use std::fmt::Write as _;

use base64::Engine;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;
use sim::{SimConfig, SimHandle};

pub const TOKEN: &str = "sim-integration-token";

/// A fixed "now" so dates are reproducible.
pub fn fixed_now() -> DateTime<Utc> {
    "2026-03-01T12:00:00Z".parse().unwrap()
}

/// A small store: 300 orders, 40 SKUs, 3 sources.
pub fn small() -> SimConfig {
    SimConfig {
        orders: 300,
        skus: 40,
        sources: 3,
        now: fixed_now(),
        ..SimConfig::default()
    }
}

pub async fn start(cfg: SimConfig) -> SimHandle {
    sim::start(cfg, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

/// A client sending one fixed `Authorization` header (or none).
pub struct Api {
    http: reqwest::Client,
    base: String,
    auth: Option<String>,
}

impl Api {
    /// Authenticated with the integration token as Bearer.
    pub fn new(sim: &SimHandle) -> Self {
        Self::with_auth(sim, Some(format!("Bearer {TOKEN}")))
    }

    pub fn with_auth(sim: &SimHandle, auth: Option<String>) -> Self {
        Api {
            http: reqwest::Client::new(),
            base: sim.base_url(),
            auth,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn raw(&self, path: &str) -> reqwest::Response {
        let mut req = self.http.get(self.url(path));
        if let Some(a) = &self.auth {
            req = req.header("Authorization", a);
        }
        req.send().await.unwrap()
    }

    /// GET returning status and parsed JSON body.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        let resp = self.raw(path).await;
        let status = resp.status().as_u16();
        let body = resp.text().await.unwrap();
        let json = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
        (status, json)
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let resp = self
            .http
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap())
    }
}

/// Builds `searchCriteria` query strings (snake_case spelling).
#[derive(Default, Clone)]
pub struct Query {
    params: Vec<(String, String)>,
    groups: usize,
    filters_in_last: usize,
    sorts: usize,
}

impl Query {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts a new filter group (AND) with one filter.
    pub fn filter(mut self, field: &str, cond: &str, value: &str) -> Self {
        self.groups += 1;
        self.filters_in_last = 0;
        self.or_filter(field, cond, value)
    }

    /// Adds a filter to the last group (OR).
    pub fn or_filter(mut self, field: &str, cond: &str, value: &str) -> Self {
        let (g, f) = (self.groups - 1, self.filters_in_last);
        let key = |p: &str| format!("searchCriteria[filter_groups][{g}][filters][{f}][{p}]");
        self.params.push((key("field"), field.into()));
        self.params.push((key("value"), value.into()));
        self.params.push((key("condition_type"), cond.into()));
        self.filters_in_last += 1;
        self
    }

    pub fn sort(mut self, field: &str, direction: Option<&str>) -> Self {
        let k = self.sorts;
        self.params.push((
            format!("searchCriteria[sort_orders][{k}][field]"),
            field.into(),
        ));
        if let Some(d) = direction {
            self.params.push((
                format!("searchCriteria[sort_orders][{k}][direction]"),
                d.into(),
            ));
        }
        self.sorts += 1;
        self
    }

    pub fn page_size(mut self, n: u64) -> Self {
        self.params
            .push(("searchCriteria[pageSize]".into(), n.to_string()));
        self
    }

    pub fn page(mut self, n: u64) -> Self {
        self.params
            .push(("searchCriteria[currentPage]".into(), n.to_string()));
        self
    }

    /// `path?query`, values percent-encoded.
    pub fn on(&self, path: &str) -> String {
        let mut out = format!("{path}?");
        if self.params.is_empty() {
            out.push_str("searchCriteria=");
        }
        for (i, (k, v)) in self.params.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            let _ = write!(out, "{k}={}", utf8_percent_encode(v, NON_ALPHANUMERIC));
        }
        out
    }
}

pub fn items(body: &Value) -> &Vec<Value> {
    body["items"].as_array().unwrap()
}

pub fn entity_ids(body: &Value) -> Vec<u64> {
    items(body)
        .iter()
        .map(|o| o["entity_id"].as_u64().unwrap())
        .collect()
}

pub fn total(body: &Value) -> u64 {
    body["total_count"].as_u64().unwrap()
}

/// An OAuth 1.0a signer written from RFC 5849, independent of the simulator's verifier.
pub struct Signer {
    pub consumer_key: String,
    pub consumer_secret: String,
    pub token: String,
    pub token_secret: String,
    pub method: &'static str,
}

const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn pct(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

impl Signer {
    pub fn new() -> Self {
        Signer {
            consumer_key: "sim-consumer-key".into(),
            consumer_secret: "sim-consumer-secret".into(),
            token: "sim-access-token".into(),
            token_secret: "sim-token-secret".into(),
            method: "HMAC-SHA256",
        }
    }

    /// The `Authorization` header for `GET url` (query parameters given decoded).
    pub fn header(&self, url_no_query: &str, query: &[(&str, &str)], nonce: &str) -> String {
        let timestamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .to_string();
        let oauth = [
            ("oauth_consumer_key", self.consumer_key.as_str()),
            ("oauth_nonce", nonce),
            ("oauth_signature_method", self.method),
            ("oauth_timestamp", timestamp.as_str()),
            ("oauth_token", self.token.as_str()),
            ("oauth_version", "1.0"),
        ];
        let mut params: Vec<(String, String)> = oauth
            .iter()
            .chain(query)
            .map(|(k, v)| (pct(k), pct(v)))
            .collect();
        params.sort();
        let param_str = params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        let base = format!("GET&{}&{}", pct(url_no_query), pct(&param_str));
        let key = format!("{}&{}", pct(&self.consumer_secret), pct(&self.token_secret));
        let sig = if self.method == "HMAC-SHA1" {
            let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).unwrap();
            mac.update(base.as_bytes());
            mac.finalize().into_bytes().to_vec()
        } else {
            let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
            mac.update(base.as_bytes());
            mac.finalize().into_bytes().to_vec()
        };
        let sig = base64::engine::general_purpose::STANDARD.encode(sig);
        let mut header = String::from("OAuth ");
        for (k, v) in oauth.iter().chain([&("oauth_signature", sig.as_str())]) {
            let _ = write!(header, "{k}=\"{}\",", pct(v));
        }
        header.pop();
        header
    }
}

/// Reads a fixture copied from shared/fixtures/magento.
pub fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}
