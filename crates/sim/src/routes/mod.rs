//! Request dispatch: which route a path is (under any store code), the proxy-level faults,
//! authentication, then the handler. One fallback handler does it, because Magento's routes
//! carry an optional store segment and every miss must answer Magento's own 404 body.

mod directory;
mod inventory;
mod list;
mod orders;
mod products;
mod store;
mod token;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;

use list::ListKind;

use crate::errors::{ApiError, json_response, unavailable};
use crate::faults::{Fault, hits};
use crate::fields::Fields;
use crate::search::query_pairs;
use crate::state::{SimState, wall_clock};
use crate::stats::Counters;

pub(crate) fn router(state: Arc<SimState>) -> Router {
    Router::new().fallback(dispatch).with_state(state)
}

/// The routes the simulator serves.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Route {
    /// Anonymous token routes.
    Token(TokenRoute),
    /// Routes that need credentials and are subject to the proxy faults.
    Data(DataRoute),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokenRoute {
    Admin,
    Google,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum DataRoute {
    Orders,
    Order(String),
    Sources,
    SourceItems,
    Products,
    Product(String),
    BasePrices,
    Currency,
    Websites,
    StoreConfigs,
    CustomerGroups,
}

impl Route {
    /// Matches `/rest/V1/...` or `/rest/{store}/V1/...`.
    fn parse(method: &Method, path: &str) -> Option<Route> {
        let rest = path.strip_prefix("/rest/")?;
        let rest = match rest.strip_prefix("V1/") {
            Some(rest) => rest,
            None => {
                let (store, rest) = rest.split_once('/')?;
                if store.is_empty() {
                    return None;
                }
                rest.strip_prefix("V1/")?
            }
        };
        let segments: Vec<&str> = rest.split('/').collect();
        let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
        let route = match (method, segments.as_slice()) {
            (&Method::POST, ["integration", "admin", "token"]) => Route::Token(TokenRoute::Admin),
            (&Method::POST, ["tfa", "provider", "google", "authenticate"]) => {
                Route::Token(TokenRoute::Google)
            }
            (&Method::GET, ["orders"]) => Route::Data(DataRoute::Orders),
            (&Method::GET, ["orders", id]) if !id.is_empty() => {
                Route::Data(DataRoute::Order(decode(id)))
            }
            (&Method::GET, ["inventory", "sources"]) => Route::Data(DataRoute::Sources),
            (&Method::GET, ["inventory", "source-items"]) => Route::Data(DataRoute::SourceItems),
            (&Method::GET, ["products"]) => Route::Data(DataRoute::Products),
            (&Method::POST, ["products", "base-prices"]) => Route::Data(DataRoute::BasePrices),
            (&Method::GET, ["directory", "currency"]) => Route::Data(DataRoute::Currency),
            (&Method::GET, ["store", "websites"]) => Route::Data(DataRoute::Websites),
            (&Method::GET, ["store", "storeConfigs"]) => Route::Data(DataRoute::StoreConfigs),
            (&Method::GET, ["customerGroups", "search"]) => Route::Data(DataRoute::CustomerGroups),
            (&Method::GET, ["products", sku]) if !sku.is_empty() => {
                Route::Data(DataRoute::Product(decode(sku)))
            }
            _ => return None,
        };
        Some(route)
    }
}

impl DataRoute {
    /// The ACL resource the route needs (named in the 401 body).
    fn resource(&self) -> &'static str {
        match self {
            DataRoute::Orders | DataRoute::Order(_) => "Magento_Sales::actions_view",
            DataRoute::Sources | DataRoute::SourceItems => "Magento_InventoryApi::source",
            DataRoute::Products | DataRoute::Product(_) | DataRoute::BasePrices => {
                "Magento_Catalog::products"
            }
            DataRoute::Currency => "anonymous",
            DataRoute::Websites | DataRoute::StoreConfigs => "Magento_Backend::stores",
            DataRoute::CustomerGroups => "Magento_Customer::group",
        }
    }
}

async fn dispatch(
    State(state): State<Arc<SimState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    Counters::bump(&state.counters.requests);
    tracing::debug!(%method, %uri, "request");
    let response = handle(&state, &method, &uri, &headers, &body).await;
    if response.status() == StatusCode::UNAUTHORIZED {
        Counters::bump(&state.counters.auth_failures);
    }
    response
}

async fn handle(
    state: &Arc<SimState>,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    match Route::parse(method, uri.path()) {
        None => ApiError::no_route().into_response(),
        Some(Route::Token(TokenRoute::Admin)) => token::admin_token(state, body),
        Some(Route::Token(TokenRoute::Google)) if state.cfg.auth.two_factor => {
            token::google(state, body)
        }
        // Without Magento_TwoFactorAuth the provider routes do not exist.
        Some(Route::Token(TokenRoute::Google)) => ApiError::no_route().into_response(),
        Some(Route::Data(route)) => data(state, route, method, uri, headers, body).await,
    }
}

/// A data route: proxy faults first (they happen in front of Magento), then authentication,
/// then the handler.
async fn data(
    state: &Arc<SimState>,
    route: DataRoute,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    if let Some(response) = proxy_fault(state) {
        return response;
    }
    if route != DataRoute::Currency
        && !state
            .auth
            .authorize(&state.cfg, method, uri, headers, wall_clock())
    {
        return ApiError::not_authorized(route.resource()).into_response();
    }
    let query = uri.query().unwrap_or_default().to_string();
    let list = |kind| list::serve(state.clone(), kind, query.clone());
    match route {
        DataRoute::Orders => list(ListKind::Orders).await,
        DataRoute::Sources => list(ListKind::Sources).await,
        DataRoute::SourceItems => list(ListKind::SourceItems).await,
        DataRoute::Products => list(ListKind::Products).await,
        DataRoute::Order(id) => orders::get(state, &id, &query),
        DataRoute::Product(sku) => products::get(state, &sku, &query),
        DataRoute::BasePrices => products::write_base_prices(state, body),
        DataRoute::Currency => directory::currency(),
        DataRoute::Websites => store::websites(),
        DataRoute::StoreConfigs => store::store_configs(state),
        DataRoute::CustomerGroups => store::customer_groups(&query),
    }
}

/// Serializes one record, honouring `fields`.
fn single<T: serde::Serialize>(record: &T, query: &str) -> Response {
    let fields = query_pairs(query)
        .into_iter()
        .find(|(k, _)| k == "fields")
        .and_then(|(_, v)| Fields::parse(&v));
    let body = match fields {
        Some(fields) => serde_json::to_value(record)
            .map(|v| fields.apply(v))
            .and_then(|v| serde_json::to_vec(&v)),
        None => serde_json::to_vec(record),
    };
    match body {
        Ok(body) => json_response(StatusCode::OK, body),
        Err(_) => ApiError::internal().into_response(),
    }
}

/// What a proxy or load balancer in front of the store does to every Nth data request.
fn proxy_fault(state: &SimState) -> Option<Response> {
    let n = Counters::bump(&state.counters.data_requests);
    for fault in &state.cfg.faults {
        match *fault {
            Fault::RateLimit {
                every,
                retry_after_secs,
            } if hits(n, every) => {
                Counters::bump(&state.counters.rate_limited);
                return Some(ApiError::too_many_requests(retry_after_secs).into_response());
            }
            Fault::Unavailable { every } if hits(n, every) => {
                Counters::bump(&state.counters.unavailable);
                return Some(unavailable());
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_under_any_store_code() {
        for path in [
            "/rest/V1/orders",
            "/rest/default/V1/orders",
            "/rest/all/V1/orders",
        ] {
            assert_eq!(
                Route::parse(&Method::GET, path),
                Some(Route::Data(DataRoute::Orders)),
                "{path}"
            );
        }
        assert_eq!(
            Route::parse(&Method::GET, "/rest/de/V1/products/SKU%2D000001"),
            Some(Route::Data(DataRoute::Product("SKU-000001".into())))
        );
        assert_eq!(
            Route::parse(&Method::GET, "/rest/all/V1/directory/currency"),
            Some(Route::Data(DataRoute::Currency))
        );
        assert_eq!(
            Route::parse(&Method::GET, "/rest/all/V1/store/websites"),
            Some(Route::Data(DataRoute::Websites))
        );
        assert_eq!(
            Route::parse(&Method::GET, "/rest/V1/customerGroups/search"),
            Some(Route::Data(DataRoute::CustomerGroups))
        );
        assert_eq!(Route::parse(&Method::POST, "/rest/V1/orders"), None);
        assert_eq!(Route::parse(&Method::GET, "/rest/V1/orders/"), None);
        assert_eq!(Route::parse(&Method::GET, "/rest//V1/orders"), None);
        assert_eq!(Route::parse(&Method::GET, "/V1/orders"), None);
        assert_eq!(Route::parse(&Method::GET, "/rest/V1/customers/1"), None);
    }
}
