//! Helpers for the Business Central simulator: a small drift world, an OAuth client, paging
//! that follows `@odata.nextLink`, and readers of the real `$metadata`.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;
use sim::bc::{self, BcConfig, BcHandle};
use sim::world::{Scenario, World};

use crate::support::fixed_now;

/// A small world: 600 orders, 300 SKUs, 3 sources.
pub fn scenario(name: &str) -> Scenario {
    Scenario {
        orders: 600,
        skus: 300,
        sources: 3,
        now: fixed_now(),
        ..Scenario::named(name).unwrap()
    }
}

pub fn world(name: &str) -> World {
    World::build(&scenario(name))
}

pub async fn start_bc(world: World, config: BcConfig) -> BcHandle {
    bc::start(world, config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

pub async fn start_with(faults: Vec<sim::bc::BcFault>) -> BcHandle {
    start_bc(
        world("drift"),
        BcConfig {
            faults,
            ..BcConfig::default()
        },
    )
    .await
}

pub fn enc(s: &str) -> String {
    utf8_percent_encode(s, NON_ALPHANUMERIC).to_string()
}

/// Requests a token; returns status and body.
pub async fn token_request(sim: &BcHandle, secret: &str, scope: &str) -> (u16, Value) {
    let cfg = sim.config();
    let resp = reqwest::Client::new()
        .post(sim.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", cfg.client_id.as_str()),
            ("client_secret", secret),
            ("scope", scope),
        ])
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

/// A client holding one access token.
pub struct Bc {
    pub http: reqwest::Client,
    pub token: String,
    pub api: String,
    pub custom: String,
}

impl Bc {
    pub async fn connect(sim: &BcHandle) -> Bc {
        let secret = sim.config().client_secret.clone();
        let (status, body) = token_request(sim, &secret, sim::bc::SCOPE).await;
        assert_eq!(status, 200, "{body}");
        Bc {
            http: reqwest::Client::new(),
            token: body["access_token"].as_str().unwrap().to_string(),
            api: format!("{}/companies({})", sim.api_base(), sim.company_id()),
            custom: format!("{}/companies({})", sim.custom_api_base(), sim.company_id()),
        }
    }

    pub async fn raw(&self, url: &str, max_page: Option<u64>) -> reqwest::Response {
        let mut req = self.http.get(url).bearer_auth(&self.token);
        if let Some(n) = max_page {
            req = req.header("Prefer", format!("odata.maxpagesize={n}"));
        }
        req.send().await.unwrap()
    }

    pub async fn get(&self, url: &str) -> (u16, Value) {
        let resp = self.raw(url, None).await;
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        (status, json)
    }

    /// Every row of a collection, following next links; also returns the number of pages.
    pub async fn all(&self, url: &str, max_page: Option<u64>) -> (Vec<Value>, usize) {
        let mut rows = Vec::new();
        let mut next = Some(url.to_string());
        let mut pages = 0;
        while let Some(u) = next {
            let resp = self.raw(&u, max_page).await;
            assert_eq!(resp.status().as_u16(), 200, "{u}");
            let body: Value = resp.json().await.unwrap();
            rows.extend(body["value"].as_array().unwrap().iter().cloned());
            next = body["@odata.nextLink"].as_str().map(str::to_string);
            pages += 1;
            assert!(pages < 10_000, "paging does not end");
        }
        (rows, pages)
    }
}

/// Reads a fixture copied from shared/fixtures/erp/business-central.
pub fn bc_fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/bc/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn metadata() -> String {
    let path = format!(
        "{}/tests/fixtures/bc/api_v2.0_metadata.real.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).unwrap()
}

/// The `Name` attributes of the `tag` elements inside `<{kind} Name="{name}">`.
fn names_inside(kind: &str, name: &str, tag: &str) -> Vec<String> {
    let xml = metadata();
    let start = xml
        .find(&format!("<{kind} Name=\"{name}\""))
        .unwrap_or_else(|| panic!("{kind} {name} not in $metadata"));
    let end = start + xml[start..].find(&format!("</{kind}>")).unwrap();
    xml[start..end]
        .split(&format!("<{tag} Name=\""))
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

/// The properties of an entity type in the real `$metadata`.
pub fn metadata_properties(entity_type: &str) -> Vec<String> {
    names_inside("EntityType", entity_type, "Property")
}

/// The members of an enum type in the real `$metadata`.
pub fn metadata_enum(enum_type: &str) -> Vec<String> {
    names_inside("EnumType", enum_type, "Member")
}

/// The keys of a JSON object, without OData annotations and the listed names.
pub fn keys(v: &Value, except: &[&str]) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !k.starts_with('@') && !except.contains(&k.as_str()))
        .cloned()
        .collect();
    k.sort();
    k
}

/// Cents of a JSON number.
pub fn cents(v: &Value) -> i64 {
    (v.as_f64().unwrap() * 100.0).round() as i64
}
