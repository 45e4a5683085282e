//! Request dispatch: the token endpoint, then for API URLs authentication, the concurrency
//! limit, the injected faults, and the entity set handlers.
//!
//! API URLs are `/v2.0/{tenant}/{environment}/api/v2.0/...` (or without the tenant, which then
//! comes from the token) and, when the extension is installed,
//! `/v2.0/{tenant}/{environment}/api/driftwatch/recon/v1.0/...`. Under them: `companies`,
//! `companies({id})`, `companies({id})/{set}`, `companies({id})/{set}({id})` and
//! `companies({id})/{set}({id})/{lines}`.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;

use super::auth;
use super::errors::BcError;
use super::faults::{BcFault, HostileLink};
use super::odata::{self, MAX_PAGE_SIZE, Query, Table, encode_token};
use super::record::Record;
use super::sets::Ctx;
use super::sets::catalog::{Companies, CompanyInformation, Items, Locations};
use super::sets::custom::{ItemLocationStocks, PriceListLines};
use super::sets::sales::{SALES_INVOICE_LINE, SALES_ORDER_LINE, SalesInvoices, SalesOrders};
use super::state::{BcState, MAX_CONCURRENT, Transit};
use super::stats::Counters;
use super::writes;
use crate::faults::hits;

pub(crate) fn router(state: Arc<BcState>) -> Router {
    Router::new().fallback(dispatch).with_state(state)
}

/// Which published API a URL is under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Api {
    Standard,
    Custom,
}

/// A parsed API URL.
#[derive(Debug, Clone)]
pub(crate) struct ApiPath {
    tenant: Option<String>,
    api: Api,
    /// The path up to the API version (`/v2.0/t/e/api/v2.0`).
    root: String,
    /// Decoded segments after the root.
    segments: Vec<String>,
}

impl ApiPath {
    fn parse(path: &str, environment: &str, custom: bool) -> Option<ApiPath> {
        let rest = path.strip_prefix("/v2.0/")?;
        let parts: Vec<&str> = rest.split('/').collect();
        let api_at = parts.iter().take(3).position(|p| *p == "api")?;
        let (tenant, env) = match api_at {
            1 => (None, parts[0]),
            2 => (Some(parts[0].to_string()), parts[1]),
            _ => return None,
        };
        if !env.eq_ignore_ascii_case(environment) {
            return None;
        }
        let after = &parts[api_at + 1..];
        let (api, skip) = match after {
            ["v2.0", ..] => (Api::Standard, 1),
            ["driftwatch", "recon", "v1.0", ..] if custom => (Api::Custom, 3),
            _ => return None,
        };
        let root_parts = &parts[..api_at + 1 + skip];
        Some(ApiPath {
            tenant,
            api,
            root: format!("/v2.0/{}", root_parts.join("/")),
            segments: after[skip..]
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
                .collect(),
        })
    }
}

/// `name(key)` -> `("name", Some("key"))`.
fn segment(s: &str) -> (&str, Option<&str>) {
    match s.split_once('(') {
        Some((name, rest)) if rest.ends_with(')') => {
            (name, Some(rest[..rest.len() - 1].trim_matches('\'')))
        }
        _ => (s, None),
    }
}

async fn dispatch(
    State(state): State<Arc<BcState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    Counters::bump(&state.counters.requests);
    tracing::debug!(%method, %uri, "business central request");
    let response = handle(&state, method, uri, headers, body).await;
    if response.status() == StatusCode::UNAUTHORIZED {
        Counters::bump(&state.counters.auth_failures);
    }
    response
}

async fn handle(
    state: &Arc<BcState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    if let Some(tenant) = path
        .strip_prefix('/')
        .and_then(|p| p.strip_suffix("/oauth2/v2.0/token"))
        .filter(|t| !t.is_empty() && !t.contains('/'))
    {
        if method != Method::POST {
            return BcError::method_not_allowed(method.as_str(), "token").into_response();
        }
        return auth::token(state, tenant, &body);
    }
    let url = format!("{}{}", state.base_url, uri);
    let Some(api) = ApiPath::parse(&path, &state.cfg.environment, state.cfg.custom_routes) else {
        return BcError::no_route(&url).into_response();
    };
    if let Err(e) = auth::authorize(state, &headers, api.tenant.as_deref()) {
        return e.into_response();
    }
    let guard = state.enter();
    if guard.count > MAX_CONCURRENT {
        Counters::bump(&state.counters.throttled);
        return BcError::too_many_requests(guard.count, MAX_CONCURRENT).into_response();
    }
    if let Some(e) = fault(state) {
        return e.into_response();
    }
    for fault in &state.cfg.faults {
        if let BcFault::SlowPages { latency } = fault {
            tokio::time::sleep(*latency).await;
        }
    }
    let worker = state.clone();
    // Pages of generated data can be large: build them off the async threads.
    let response = tokio::task::spawn_blocking(move || {
        let query = uri.query().unwrap_or_default().to_string();
        let request = Request {
            state: &worker,
            api: &api,
            method: &method,
            path: &path,
            query: &query,
            headers: &headers,
            body: &body,
        };
        request.serve().unwrap_or_else(IntoResponse::into_response)
    })
    .await
    .unwrap_or_else(|_| BcError::internal().into_response());
    drop(guard);
    response
}

/// What the service or its front door does to every Nth admitted API request.
fn fault(state: &BcState) -> Option<BcError> {
    let n = Counters::bump(&state.counters.api_requests);
    let c = &state.counters;
    for fault in &state.cfg.faults {
        match *fault {
            BcFault::Throttle { every } if hits(n, every) => {
                Counters::bump(&c.throttled);
                return Some(BcError::too_many_requests(6_001, 6_000));
            }
            BcFault::Unavailable {
                every,
                retry_after_secs,
            } if hits(n, every) => {
                Counters::bump(&c.unavailable);
                return Some(BcError::unavailable(retry_after_secs));
            }
            BcFault::GatewayTimeout { every } if hits(n, every) => {
                Counters::bump(&c.timeouts);
                return Some(BcError::gateway_timeout());
            }
            BcFault::RequestTimeout { every } if hits(n, every) => {
                Counters::bump(&c.timeouts);
                return Some(BcError::request_timeout());
            }
            _ => {}
        }
    }
    None
}

/// One admitted API request.
pub(crate) struct Request<'a> {
    pub state: &'a BcState,
    api: &'a ApiPath,
    pub method: &'a Method,
    path: &'a str,
    pub query: &'a str,
    headers: &'a HeaderMap,
    pub body: &'a [u8],
}

impl Request<'_> {
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            world: &self.state.world,
            seed: self.state.seed(),
            now_ms: self.state.now_ms(),
        }
    }

    /// `http://host/v2.0/t/e/api/v2.0`.
    pub fn api_root(&self) -> String {
        format!("{}{}", self.state.base_url, self.api.root)
    }

    fn serve(&self) -> Result<Response, BcError> {
        let segs: Vec<&str> = self.api.segments.iter().map(String::as_str).collect();
        let companies = Companies { ctx: self.ctx() };
        let company_id = companies.id();
        let Some((first, rest)) = segs.split_first() else {
            return Err(BcError::no_segment(""));
        };
        let (name, key) = segment(first);
        if name != "companies" {
            return Err(BcError::no_segment(name));
        }
        let only_get = |set: &str| {
            if self.method == Method::GET {
                Ok(())
            } else {
                Err(BcError::method_not_allowed(self.method.as_str(), set))
            }
        };
        let Some(key) = key else {
            if !rest.is_empty() {
                return Err(BcError::no_segment(rest[0]));
            }
            only_get("companies")?;
            return self.collection(&companies, "companies", "companies");
        };
        if !key.eq_ignore_ascii_case(&company_id) {
            return Err(BcError::new(
                StatusCode::NOT_FOUND,
                "Internal_CompanyNotFound",
                format!("The company '{key}' does not exist or you do not have access to it."),
            ));
        }
        let company = format!("companies({company_id})");
        let Some((set_seg, rest)) = rest.split_first() else {
            only_get("companies")?;
            return self.entity(&companies, 0, "companies");
        };
        let (set, key) = segment(set_seg);
        let ctx = self.ctx();
        let context = format!("{company}/{set}");
        match (self.api.api, set) {
            (Api::Standard, "salesOrders") => {
                let t = SalesOrders {
                    ctx,
                    created: self.state.created(),
                    changed: self.state.changed(),
                };
                match (key, rest) {
                    (None, []) if self.method == Method::POST => {
                        writes::create_order(self, &context)
                    }
                    (None, []) => {
                        only_get(set)?;
                        let r = self.collection(&t, set, &context);
                        self.state.after_orders_page();
                        r
                    }
                    (Some(id), tail) => {
                        only_get(set)?;
                        let pos = t.find(id).ok_or_else(|| {
                            BcError::record_not_found("Sales Order Entity Buffer", id)
                        })?;
                        match tail {
                            [] => self.entity(&t, pos, &context),
                            ["salesOrderLines"] => {
                                let q = Query::parse(self.query, &SALES_ORDER_LINE, &["sequence"])?;
                                let rec = t.record(pos, &expanding("salesOrderLines"));
                                self.lines(
                                    rec,
                                    &format!("{company}/salesOrders({id})/salesOrderLines"),
                                    &q,
                                )
                            }
                            [other, ..] => Err(BcError::no_segment(other)),
                        }
                    }
                    (None, [other, ..]) => Err(BcError::no_segment(other)),
                }
            }
            (Api::Standard, "salesInvoices") => {
                only_get(set)?;
                let t = SalesInvoices { ctx };
                match (key, rest) {
                    (None, []) => self.collection(&t, set, &context),
                    (Some(id), tail) => {
                        let pos = t.find(id).ok_or_else(|| {
                            BcError::record_not_found("Sales Invoice Entity Aggregate", id)
                        })?;
                        match tail {
                            [] => self.entity(&t, pos, &context),
                            ["salesInvoiceLines"] => {
                                let q =
                                    Query::parse(self.query, &SALES_INVOICE_LINE, &["sequence"])?;
                                let rec = t.record(pos, &expanding("salesInvoiceLines"));
                                self.lines(
                                    rec,
                                    &format!("{company}/salesInvoices({id})/salesInvoiceLines"),
                                    &q,
                                )
                            }
                            [other, ..] => Err(BcError::no_segment(other)),
                        }
                    }
                    (None, [other, ..]) => Err(BcError::no_segment(other)),
                }
            }
            (Api::Standard, "items") => {
                only_get(set)?;
                let mut t = Items {
                    ctx,
                    stock_in_transit: false,
                    price_in_transit: false,
                };
                if key.is_none() && rest.is_empty() {
                    let q = Query::parse(self.query, t.schema(), t.order_keys())?;
                    let figures = [Transit::ItemInventory, Transit::ItemUnitPrice];
                    t.stock_in_transit = self.state.in_transit(figures[0], &q);
                    t.price_in_transit = self.state.in_transit(figures[1], &q);
                    return self.settling(&t, set, &context, &q, &figures);
                }
                self.set_or_entity(&t, set, key, rest, &context, "Item", |id| t.find(id))
            }
            (Api::Standard, "companyInformation") => {
                only_get(set)?;
                let t = CompanyInformation { ctx };
                self.set_or_entity(&t, set, key, rest, &context, "Company Information", |_| {
                    Some(0)
                })
            }
            (Api::Standard, "locations") => {
                only_get(set)?;
                let t = Locations::new(ctx);
                self.set_or_entity(&t, set, key, rest, &context, "Location", |id| t.find(id))
            }
            (Api::Custom, "itemLocationStocks") => {
                only_get(set)?;
                let mut t = ItemLocationStocks {
                    ctx,
                    in_transit: false,
                };
                if key.is_none() && rest.is_empty() {
                    let q = Query::parse(self.query, t.schema(), t.order_keys())?;
                    let figure = Transit::LocationStock;
                    t.in_transit = self.state.in_transit(figure, &q);
                    return self.settling(&t, set, &context, &q, &[figure]);
                }
                self.set_or_entity(&t, set, key, rest, &context, "Item Location Stock", |_| {
                    None
                })
            }
            (Api::Custom, "priceListLines") => {
                only_get(set)?;
                let mut t = PriceListLines {
                    ctx,
                    in_transit: false,
                };
                if key.is_none() && rest.is_empty() {
                    let q = Query::parse(self.query, t.schema(), t.order_keys())?;
                    let figure = Transit::PriceLines;
                    t.in_transit = self.state.in_transit(figure, &q);
                    return self.settling(&t, set, &context, &q, &[figure]);
                }
                self.set_or_entity(&t, set, key, rest, &context, "Price List Line", |_| None)
            }
            _ => Err(BcError::no_segment(set)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn set_or_entity<T: Table>(
        &self,
        t: &T,
        set: &str,
        key: Option<&str>,
        rest: &[&str],
        context: &str,
        table: &str,
        find: impl Fn(&str) -> Option<u64>,
    ) -> Result<Response, BcError> {
        if let Some(other) = rest.first() {
            return Err(BcError::no_segment(other));
        }
        match key {
            None => self.collection(t, set, context),
            Some(id) => {
                let pos = find(id).ok_or_else(|| BcError::record_not_found(table, id))?;
                self.entity(t, pos, context)
            }
        }
    }

    /// A page of a collection whose figures in transit settle once an unfiltered read of it
    /// has been served to its last page (see [`BcState::served`]).
    fn settling<T: Table>(
        &self,
        t: &T,
        set: &str,
        context: &str,
        q: &Query,
        figures: &[Transit],
    ) -> Result<Response, BcError> {
        let (response, last_page) = self.collection_page(t, set, context, q)?;
        for figure in figures {
            self.state.served(*figure, q, last_page);
        }
        Ok(response)
    }

    /// A page of a collection.
    fn collection<T: Table>(&self, t: &T, set: &str, context: &str) -> Result<Response, BcError> {
        let q = Query::parse(self.query, t.schema(), t.order_keys())?;
        self.collection_page(t, set, context, &q)
            .map(|(response, _)| response)
    }

    /// A page of a collection, and whether it is the last one.
    fn collection_page<T: Table>(
        &self,
        t: &T,
        set: &str,
        context: &str,
        q: &Query,
    ) -> Result<(Response, bool), BcError> {
        let requested = odata::max_page_size(self.headers);
        let size = requested.unwrap_or(MAX_PAGE_SIZE);
        let poisoned = self.state.cfg.faults.iter().find_map(|f| match f {
            BcFault::MalformedPage { collection, page } if collection == set => Some(*page),
            _ => None,
        });
        let page = odata::page(t, q, size, poisoned.is_some())?;
        let mut out = Vec::with_capacity(256 + page.rows.len() * 512);
        out.extend_from_slice(b"{\"@odata.context\":");
        let select = q
            .select
            .as_ref()
            .map_or(String::new(), |s| format!("({})", s.join(",")));
        let ctx_url = format!("{}/$metadata#{context}{select}", self.api_root());
        serde_json::to_writer(&mut out, &ctx_url).map_err(|_| BcError::internal())?;
        if let Some(n) = page.count {
            out.extend_from_slice(format!(",\"@odata.count\":{n}").as_bytes());
        }
        out.extend_from_slice(b",\"value\":[");
        for (i, pos) in page.rows.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            t.record(*pos, q)
                .write(q.select.as_deref(), &q.expand, &mut out)
                .map_err(|_| BcError::internal())?;
        }
        out.push(b']');
        // A truncated last page did not complete anyone's read.
        let last_page = page.next_after.is_none() && poisoned != Some(page.number);
        if let Some(last) = page.next_after {
            let sep = if q.carry.is_empty() { "" } else { "&" };
            let mut next = format!(
                "{}{}?{}{sep}$skiptoken={}",
                self.state.base_url,
                self.path,
                q.carry,
                encode_token(&t.skiptoken(last))
            );
            let hostile = self.state.cfg.faults.iter().find_map(|f| match f {
                BcFault::HostileNextLink { collection, link } if collection == set => Some(*link),
                _ => None,
            });
            match hostile {
                Some(HostileLink::Foreign) => {
                    next = next.replacen(&self.state.base_url, "https://collector.invalid", 1);
                }
                Some(HostileLink::SamePage) => {
                    next = format!("{}{}?{}", self.state.base_url, self.path, self.query);
                }
                Some(HostileLink::Garbage) => next = "http://[::1".to_string(),
                None => {}
            }
            out.extend_from_slice(b",\"@odata.nextLink\":");
            serde_json::to_writer(&mut out, &next).map_err(|_| BcError::internal())?;
        }
        out.push(b'}');
        if poisoned == Some(page.number) {
            Counters::bump(&self.state.counters.malformed);
            out.truncate(out.len() / 2);
        }
        let mut resp = ok_json(StatusCode::OK, out);
        if let Some(v) =
            requested.and_then(|n| HeaderValue::from_str(&format!("odata.maxpagesize={n}")).ok())
        {
            resp.headers_mut().insert("preference-applied", v);
        }
        Ok((resp, last_page))
    }

    /// One entity.
    fn entity<T: Table>(&self, t: &T, pos: u64, context: &str) -> Result<Response, BcError> {
        let q = Query::parse(self.query, t.schema(), t.order_keys())?;
        let rec = t.record(pos, &q);
        let body = self.entity_body(&rec, &format!("{context}/$entity"), &q)?;
        Ok(ok_json(StatusCode::OK, body))
    }

    /// `{"@odata.context": ..., <properties>}`.
    pub fn entity_body(&self, rec: &Record, context: &str, q: &Query) -> Result<Vec<u8>, BcError> {
        let mut inner = Vec::new();
        rec.write(q.select.as_deref(), &q.expand, &mut inner)
            .map_err(|_| BcError::internal())?;
        let mut out = b"{\"@odata.context\":".to_vec();
        serde_json::to_writer(
            &mut out,
            &format!("{}/$metadata#{context}", self.api_root()),
        )
        .map_err(|_| BcError::internal())?;
        if inner.len() > 2 {
            out.push(b',');
        }
        out.extend_from_slice(&inner[1..]);
        Ok(out)
    }

    /// The lines of one document as a collection (never paged: a document has few lines).
    fn lines(&self, rec: Record, context: &str, q: &Query) -> Result<Response, BcError> {
        let mut out = b"{\"@odata.context\":".to_vec();
        serde_json::to_writer(
            &mut out,
            &format!("{}/$metadata#{context}", self.api_root()),
        )
        .map_err(|_| BcError::internal())?;
        out.extend_from_slice(b",\"value\":[");
        let lines = rec
            .navs
            .into_iter()
            .next()
            .map(|(_, l)| l)
            .unwrap_or_default();
        let mut first = true;
        for line in &lines {
            let keep = q.filter.as_ref().is_none_or(|f| {
                f.matches(&mut |name| {
                    line.get(name)
                        .map_or(super::filter::FValue::Null, |v| v.value())
                })
            });
            if !keep {
                continue;
            }
            if !first {
                out.push(b',');
            }
            first = false;
            line.write(q.select.as_deref(), &[], &mut out)
                .map_err(|_| BcError::internal())?;
        }
        out.extend_from_slice(b"]}");
        Ok(ok_json(StatusCode::OK, out))
    }
}

fn expanding(name: &str) -> Query {
    Query {
        expand: vec![odata::Expand {
            name: name.to_string(),
            select: None,
        }],
        ..Query::default()
    }
}

/// An OData JSON response.
pub(crate) fn ok_json(status: StatusCode, body: Vec<u8>) -> Response {
    let mut resp = (status, body).into_response();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; odata.metadata=minimal; odata.streaming=true"),
    );
    headers.insert("odata-version", HeaderValue::from_static("4.0"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths() {
        let p = ApiPath::parse(
            "/v2.0/sim-tenant/Production/api/v2.0/companies(x)/salesOrders",
            "production",
            true,
        )
        .unwrap();
        assert_eq!(p.tenant.as_deref(), Some("sim-tenant"));
        assert_eq!(p.api, Api::Standard);
        assert_eq!(p.root, "/v2.0/sim-tenant/Production/api/v2.0");
        assert_eq!(p.segments, ["companies(x)", "salesOrders"]);
        let p = ApiPath::parse("/v2.0/production/api/v2.0/companies", "production", true).unwrap();
        assert_eq!(p.tenant, None);
        let custom = "/v2.0/t/production/api/driftwatch/recon/v1.0/companies(x)/priceListLines";
        assert_eq!(
            ApiPath::parse(custom, "production", true).unwrap().api,
            Api::Custom
        );
        assert!(ApiPath::parse(custom, "production", false).is_none());
        assert!(ApiPath::parse("/v2.0/t/sandbox/api/v2.0/companies", "production", true).is_none());
        assert!(
            ApiPath::parse("/v1.0/t/production/api/v2.0/companies", "production", true).is_none()
        );
        assert_eq!(segment("salesOrders(abc)"), ("salesOrders", Some("abc")));
        assert_eq!(segment("items"), ("items", None));
    }
}
